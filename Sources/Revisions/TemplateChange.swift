import QAModel

/// One difference between two versions of a template: what it is about (the template's rules, a category, a
/// band, a section or a criterion), what kind of change it is, and the old and new values as readable text.
public struct TemplateChange: Sendable, Hashable {
    /// What a change is about.
    public enum Subject: Sendable, Hashable {
        /// The template's own details and rules (title, scoring mode, pass mark, deduction start).
        case template
        case category(String)
        case band(String)
        case section(String)
        /// A criterion, with the section it is in (in the new version; in the old one when it was removed).
        case criterion(String, section: String)

        /// `template`, `category`, `band`, `section` or `criterion`.
        public var kindName: String {
            switch self {
            case .template: return "template"
            case .category: return "category"
            case .band: return "band"
            case .section: return "section"
            case .criterion: return "criterion"
            }
        }

        /// The id of the category, band, section or criterion (`nil` for the template).
        public var id: String? {
            switch self {
            case .template: return nil
            case .category(let id), .band(let id), .section(let id), .criterion(let id, _): return id
            }
        }
    }

    /// The kinds of change, named as the JSON output names them.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case added
        case removed
        /// Text an assessor reads changed: a question, guidance, anchor or option label, a title.
        case reworded
        /// A weight or the points an answer is worth changed (and with it the effective weight).
        case reweighted
        /// The criterion's own weight did not change, but its share of the total did (other changes moved it).
        case shareChanged = "share-changed"
        /// The criterion is in another section.
        case moved
        /// The kind of answer, the scale, the options or the numeric ranges changed.
        case answerChanged = "answer-changed"
        /// The criterion counts towards another category.
        case categoryChanged = "category-changed"
        /// The criterion became informational (unscored), scored, a bonus, or no longer a bonus.
        case scoringRoleChanged = "scoring-role-changed"
        /// A critical (auto-fail) rule was added, removed or changed.
        case criticalChanged = "critical-changed"
        /// Whether N/A may be answered (criterion or whole section) changed.
        case notApplicableChanged = "na-changed"
        /// When the criterion or section applies changed.
        case conditionChanged = "condition-changed"
        /// Which answers need a comment changed.
        case commentRuleChanged = "comment-rule-changed"
        /// The named thresholds on a score changed.
        case thresholdsChanged = "thresholds-changed"
        /// Unanswered criteria of a section now take (or no longer take) their top answer.
        case defaultAnswerChanged = "default-answer-changed"
        /// A rule of the whole template: scoring mode, pass mark, deduction start, a band's limits, a category's kind.
        case ruleChanged = "rule-changed"
        /// A detail that does not score: owner, description, effective date.
        case detailsChanged = "details-changed"
    }

    public var subject: TemplateChange.Subject
    public var kind: TemplateChange.Kind
    /// What changed, in words: `question`, `weight`, `pass mark`, `band limits`, `anchor 3`.
    public var aspect: String
    /// The old value as readable text (`nil` for an addition, or when there is no single value to show).
    public var old: String?
    /// The new value as readable text (`nil` for a removal).
    public var new: String?

    public init(_ subject: TemplateChange.Subject, _ kind: TemplateChange.Kind, aspect: String, old: String?, new: String?) {
        self.subject = subject
        self.kind = kind
        self.aspect = aspect
        self.old = old
        self.new = new
    }
}

/// Which template and version a comparison or re-scoring is about.
public struct TemplateVersion: Sendable, Hashable {
    public var id: String
    public var version: String
    public var title: String

    public init(_ scorecard: Scorecard) {
        id = scorecard.id
        version = scorecard.version
        title = scorecard.title
    }
}
