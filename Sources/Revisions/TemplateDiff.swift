import QAModel
import ScorecardFormat
import Scoring

/// The differences between two versions of a template, in the order of the new version: the template's rules
/// first, then categories and bands, then each section followed by its criteria (a removed criterion after the
/// criteria of the section it was in; removed sections last). Criteria, sections, categories and bands are
/// matched by id. The version number itself is not a change: two templates that differ only in it have none.
public struct TemplateDiff: Sendable, Hashable {
    public let old: TemplateVersion
    public let new: TemplateVersion
    public let changes: [TemplateChange]

    /// Whether anything but the version differs.
    public var hasChanges: Bool { !changes.isEmpty }

    /// Compares two compiled templates; the plans give each criterion's effective weight (its share of the
    /// total, as `qa scorecard show` computes it).
    public init(old: ScoringPlan, new: ScoringPlan) {
        self.old = TemplateVersion(old.scorecard)
        self.new = TemplateVersion(new.scorecard)
        var builder = DiffBuilder(old: old, new: new)
        builder.compareTemplates()
        changes = builder.changes
    }

    /// How many distinct subjects of each kind (`criterion`, `section`, …) have a change of this kind.
    public func count(_ kind: TemplateChange.Kind, of subjectKind: String) -> Int {
        Set(changes.filter { $0.kind == kind && $0.subject.kindName == subjectKind }.map(\.subject)).count
    }
}

/// Walks two templates and collects their differences.
private struct DiffBuilder {
    let old: ScoringPlan
    let new: ScoringPlan
    let oldShares: [String: Double]
    let newShares: [String: Double]
    var changes: [TemplateChange] = []

    init(old: ScoringPlan, new: ScoringPlan) {
        self.old = old
        self.new = new
        oldShares = old.effectiveWeightPercentages
        newShares = new.effectiveWeightPercentages
    }

    mutating func note(_ subject: TemplateChange.Subject, _ kind: TemplateChange.Kind, _ aspect: String,
                       _ oldValue: String?, _ newValue: String?) {
        changes.append(TemplateChange(subject, kind, aspect: aspect, old: oldValue, new: newValue))
    }

    /// Notes a change when the two values' texts differ.
    mutating func compare(_ subject: TemplateChange.Subject, _ kind: TemplateChange.Kind, _ aspect: String,
                          _ oldValue: String, _ newValue: String) {
        if oldValue != newValue { note(subject, kind, aspect, oldValue, newValue) }
    }

    mutating func compareTemplates() {
        let a = old.scorecard, b = new.scorecard
        compare(.template, .reworded, "title", a.title, b.title)
        compare(.template, .detailsChanged, "description", a.description, b.description)
        compare(.template, .detailsChanged, "owner", a.owner, b.owner)
        compare(.template, .detailsChanged, "effective date", a.effectiveDate?.description ?? "none",
                b.effectiveDate?.description ?? "none")
        compare(.template, .ruleChanged, "scoring mode", a.scoring.rawValue, b.scoring.rawValue)
        compare(.template, .ruleChanged, "pass mark", formatNumber(a.passMark), formatNumber(b.passMark))
        if a.scoring == .deduction || b.scoring == .deduction {
            compare(.template, .ruleChanged, "deduction start",
                    a.scoring == .deduction ? formatNumber(a.deductionStart) : "none (not a deduction form)",
                    b.scoring == .deduction ? formatNumber(b.deductionStart) : "none (not a deduction form)")
        }
        compareCategories()
        compareBands()
        compareSections()
    }

    mutating func compareCategories() {
        let before = Dictionary(old.scorecard.categories.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Set(new.scorecard.categories.map(\.id))
        func kind(_ category: Category) -> String { category.kind?.rawValue ?? "other (not declared)" }
        for category in new.scorecard.categories {
            let subject = TemplateChange.Subject.category(category.id)
            guard let earlier = before[category.id] else {
                note(subject, .added, "category", nil, "\(category.title) (kind \(kind(category)))")
                continue
            }
            compare(subject, .reworded, "title", earlier.title, category.title)
            compare(subject, .ruleChanged, "kind", kind(earlier), kind(category))
        }
        for category in old.scorecard.categories where !after.contains(category.id) {
            note(.category(category.id), .removed, "category", "\(category.title) (kind \(kind(category)))", nil)
        }
    }

    mutating func compareBands() {
        let before = Dictionary(old.scorecard.bands.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Set(new.scorecard.bands.map(\.id))
        func limits(_ band: Band) -> String { "\(formatNumber(band.min))–\(formatNumber(band.max))" }
        for band in new.scorecard.bands {
            let subject = TemplateChange.Subject.band(band.id)
            guard let earlier = before[band.id] else {
                note(subject, .added, "band", nil, "\(band.title), \(limits(band))")
                continue
            }
            compare(subject, .reworded, "title", earlier.title, band.title)
            compare(subject, .ruleChanged, "limits", limits(earlier), limits(band))
        }
        for band in old.scorecard.bands where !after.contains(band.id) {
            note(.band(band.id), .removed, "band", "\(band.title), \(limits(band))", nil)
        }
    }

    // MARK: Sections and criteria

    mutating func compareSections() {
        let oldSections = old.scorecard.sections, newSections = new.scorecard.sections
        let oldSectionByID = Dictionary(oldSections.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newSectionIDs = Set(newSections.map(\.id))
        for section in newSections {
            if let earlier = oldSectionByID[section.id] {
                compare(earlier, section)
            } else {
                note(.section(section.id), .added, "section", nil,
                     "\(section.title)\(section.weight.map { ", weight \(formatNumber($0))" } ?? ""), "
                        + "\(percent(sectionShare(section, newShares))) of the total")
            }
            for criterion in section.criteria { compareCriterion(criterion, in: section) }
            if let earlier = oldSectionByID[section.id] { noteRemovedCriteria(of: earlier) }
        }
        for section in oldSections where !newSectionIDs.contains(section.id) {
            note(.section(section.id), .removed, "section", "\(section.title), \(percent(sectionShare(section, oldShares))) of the total", nil)
            noteRemovedCriteria(of: section)
        }
    }

    func sectionShare(_ section: Section, _ shares: [String: Double]) -> Double {
        section.criteria.map { shares[$0.id] ?? 0 }.reduce(0, +)
    }

    mutating func compare(_ a: Section, _ b: Section) {
        let subject = TemplateChange.Subject.section(b.id)
        compare(subject, .reworded, "title", a.title, b.title)
        let oldShare = sectionShare(a, oldShares), newShare = sectionShare(b, newShares)
        if a.weight != b.weight {
            note(subject, .reweighted, "weight", a.weight.map(formatNumber) ?? "none", b.weight.map(formatNumber) ?? "none")
            note(subject, .reweighted, "share of the total", percent(oldShare), percent(newShare))
        } else {
            compare(subject, .shareChanged, "share of the total", percent(oldShare), percent(newShare))
        }
        compare(subject, .conditionChanged, "applies when", condition(a.condition), condition(b.condition))
        compare(subject, .notApplicableChanged, "whole section N/A", allowed(a.allowsNotApplicable), allowed(b.allowsNotApplicable))
        compare(subject, .defaultAnswerChanged, "unanswered criteria",
                a.defaultsToTop ? "take their top answer" : "must be answered",
                b.defaultsToTop ? "take their top answer" : "must be answered")
        compare(subject, .thresholdsChanged, "thresholds", thresholds(a.thresholds), thresholds(b.thresholds))
    }

    /// The criteria of an old section that are in no section of the new version.
    mutating func noteRemovedCriteria(of section: Section) {
        for criterion in section.criteria where new.criterionIndex[criterion.id] == nil {
            note(.criterion(criterion.id, section: section.id), .removed, "criterion", summary(criterion, oldShares), nil)
        }
    }

    /// A criterion in one line: its question, answer, weight and share.
    func summary(_ criterion: Criterion, _ shares: [String: Double]) -> String {
        var role = "weight \(formatNumber(criterion.weight)), \(percent(shares[criterion.id] ?? 0)) of the total"
        if !criterion.scored { role = "informational (not scored)" } else if criterion.bonus { role = "bonus, weight \(formatNumber(criterion.weight))" }
        return "“\(criterion.prompt)” — \(ScorecardSummary.describe(criterion.answerType)), \(role), category \(criterion.category)"
    }

    mutating func compareCriterion(_ b: Criterion, in section: Section) {
        let subject = TemplateChange.Subject.criterion(b.id, section: section.id)
        guard let index = old.criterionIndex[b.id] else {
            note(subject, .added, "criterion", nil, summary(b, newShares))
            return
        }
        let a = old.criteria[index]
        let oldSection = old.scorecard.sections[old.sectionOfCriterion[index]]
        if oldSection.id != section.id {
            note(subject, .moved, "section", "\(oldSection.id) (\(oldSection.title))", "\(section.id) (\(section.title))")
        }
        compare(subject, .reworded, "question", a.prompt, b.prompt)
        compare(subject, .reworded, "guidance", a.guidance.isEmpty ? "none" : a.guidance, b.guidance.isEmpty ? "none" : b.guidance)
        let pointsChanged = compareAnswers(a, b, subject)
        let weightChanged = a.weight != b.weight
        if weightChanged { note(subject, .reweighted, "weight", formatNumber(a.weight), formatNumber(b.weight)) }
        compare(subject, .categoryChanged, "category", a.category, b.category)
        compare(subject, .scoringRoleChanged, "counts in the score", role(a), role(b))
        // A reweighted criterion always shows its share, even when other changes brought it back to where it was.
        let oldShare = percent(oldShares[a.id] ?? 0), newShare = percent(newShares[b.id] ?? 0)
        if weightChanged || pointsChanged {
            note(subject, .reweighted, "share of the total", oldShare, newShare)
        } else {
            compare(subject, .shareChanged, "share of the total", oldShare, newShare)
        }
        compare(subject, .criticalChanged, "critical rule", critical(a), critical(b))
        compare(subject, .notApplicableChanged, "N/A", allowed(a.allowsNotApplicable), allowed(b.allowsNotApplicable))
        compare(subject, .conditionChanged, "applies when", condition(a.condition), condition(b.condition))
        compare(subject, .commentRuleChanged, "comment required on",
                a.commentRequired.map { ScorecardSummary.describe($0, for: a) } ?? "never",
                b.commentRequired.map { ScorecardSummary.describe($0, for: b) } ?? "never")
        compare(subject, .thresholdsChanged, "thresholds", thresholds(a.thresholds), thresholds(b.thresholds))
    }

    /// Compares two answer definitions; returns whether what an answer is worth in points changed.
    mutating func compareAnswers(_ a: Criterion, _ b: Criterion, _ subject: TemplateChange.Subject) -> Bool {
        switch (a.answerType, b.answerType) {
        case (.yesNo(let p), .yesNo(let q)):
            if p != q { note(subject, .reweighted, "points for yes", formatNumber(p), formatNumber(q)); return true }
            return false
        case (.scale(let minA, let maxA, let labelsA), .scale(let minB, let maxB, let labelsB)):
            compare(subject, .answerChanged, "scale", "\(minA)–\(maxA)", "\(minB)–\(maxB)")
            let before = Dictionary(labelsA.map { ($0.value, $0.label) }, uniquingKeysWith: { first, _ in first })
            let after = Dictionary(labelsB.map { ($0.value, $0.label) }, uniquingKeysWith: { first, _ in first })
            for value in Set(before.keys).union(after.keys).sorted() where before[value] != after[value] {
                note(subject, .reworded, "anchor \(value)", before[value], after[value])
            }
            return false
        case (.choice(let optionsA), .choice(let optionsB)):
            return compareOptions(optionsA, optionsB, subject)
        case (.multiSelect(let optionsA, let maxA), .multiSelect(let optionsB, let maxB)):
            var changed = compareOptions(optionsA, optionsB, subject)
            if maxA != maxB {
                note(subject, .reweighted, "maximum points", formatNumber(maxA), formatNumber(maxB))
                changed = true
            }
            return changed
        case (.points(let maxA), .points(let maxB)):
            compare(subject, .answerChanged, "points", "0–\(formatNumber(maxA))", "0–\(formatNumber(maxB))")
            return false
        case (.numeric, .numeric):
            compare(subject, .answerChanged, "ranges", ScorecardSummary.describe(a.answerType), ScorecardSummary.describe(b.answerType))
            return false
        default:
            note(subject, .answerChanged, "answer", ScorecardSummary.describe(a.answerType), ScorecardSummary.describe(b.answerType))
            return false
        }
    }

    /// Options added, removed, relabelled, repriced, or made (or no longer) a bonus; returns whether points changed.
    mutating func compareOptions(_ a: [ChoiceOption], _ b: [ChoiceOption], _ subject: TemplateChange.Subject) -> Bool {
        let before = Dictionary(a.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Set(b.map(\.id))
        func text(_ option: ChoiceOption) -> String {
            "“\(option.label)”, \(formatNumber(option.points)) points\(option.bonus ? " (bonus)" : "")"
        }
        var pointsChanged = false
        for option in b {
            guard let earlier = before[option.id] else {
                note(subject, .answerChanged, "option '\(option.id)'", nil, text(option))
                continue
            }
            compare(subject, .reworded, "option '\(option.id)' label", earlier.label, option.label)
            if earlier.points != option.points {
                note(subject, .reweighted, "points of option '\(option.id)'", formatNumber(earlier.points), formatNumber(option.points))
                pointsChanged = true
            }
            compare(subject, .answerChanged, "option '\(option.id)' bonus", earlier.bonus ? "yes" : "no", option.bonus ? "yes" : "no")
        }
        for option in a where !after.contains(option.id) {
            note(subject, .answerChanged, "option '\(option.id)'", text(option), nil)
        }
        return pointsChanged
    }

    // MARK: Wording of values

    func role(_ criterion: Criterion) -> String {
        if !criterion.scored { return "no (informational)" }
        return criterion.bonus ? "as a bonus" : "yes"
    }

    func allowed(_ flag: Bool) -> String { flag ? "allowed" : "not allowed" }

    func condition(_ condition: Condition?) -> String {
        condition.map(ScorecardSummary.describe) ?? "always"
    }

    func critical(_ criterion: Criterion) -> String {
        guard let rule = criterion.critical else { return "none" }
        return "\(ScorecardSummary.describe(rule.scope)) on \(ScorecardSummary.describe(rule.failingAnswers, for: criterion))"
    }

    func thresholds(_ list: [Threshold]) -> String {
        list.isEmpty ? "none" : list.map { "\($0.title) below \(formatNumber($0.below))" }.joined(separator: "; ")
    }
}

/// A share of the total as shown everywhere in revisions: one decimal and a percent sign (`8.3%`).
func percent(_ value: Double) -> String {
    "\(formatNumber((value * 10).rounded() / 10))%"
}
