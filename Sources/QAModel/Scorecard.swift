/// A position in a source file, for diagnostics: 1-based line and column (columns count Unicode scalars).
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static let unknown = SourcePosition(line: 0, column: 0)

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A scorecard template: the weighted QA criteria a monitored call is scored against.
///
/// Templates are authored in XML (see `docs/scorecard-format.md`) and loaded by `ScorecardFormat`;
/// this type is the immutable, I/O-free model every other capability works from.
public struct Scorecard: Hashable, Sendable {
    public var id: String
    public var version: String
    public var title: String
    public var description: String
    public var owner: String
    /// The day from which the template applies (`<effective-date>`), when known.
    public var effectiveDate: CalendarDay?
    public var scoring: ScoringMode
    public var categories: [Category]
    public var sections: [Section]
    /// Minimum total (0–100) for a pass.
    public var passMark: Double
    /// Named score bands, highest first.
    public var bands: [Band]
    /// Start value of a deduction-style form (only used when `scoring == .deduction`).
    public var deductionStart: Double

    public init(
        id: String, version: String, title: String, description: String = "", owner: String = "",
        effectiveDate: CalendarDay? = nil, scoring: ScoringMode = .weighted, categories: [Category],
        sections: [Section], passMark: Double, bands: [Band] = [], deductionStart: Double = 100
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.description = description
        self.owner = owner
        self.effectiveDate = effectiveDate
        self.scoring = scoring
        self.categories = categories
        self.sections = sections
        self.passMark = passMark
        self.bands = bands
        self.deductionStart = deductionStart
    }

    /// Every criterion in template order.
    public var criteria: [Criterion] { sections.flatMap(\.criteria) }

    /// The criterion with this id, if any.
    public func criterion(_ id: String) -> Criterion? {
        for section in sections {
            if let found = section.criteria.first(where: { $0.id == id }) { return found }
        }
        return nil
    }

    /// The kind of the category with this id (`.other` when it is undeclared or declares no kind).
    public func categoryKind(of id: String) -> CategoryKind {
        categories.first { $0.id == id }?.kind ?? .other
    }

    /// The band a total falls in, if any.
    public func band(for total: Double) -> Band? {
        bands.first { $0.contains(total) }
    }
}

/// How a template turns criterion answers into a 0–100 total (see `docs/scoring.md`).
public enum ScoringMode: String, Hashable, Sendable, CaseIterable {
    /// Weighted mean of sections by their declared weights; without declared section weights each section
    /// weighs the sum of its applicable criteria's weights (a plain points form).
    case weighted
    /// Start at `deductionStart` and subtract, per criterion, `weight × (1 − earned fraction)`; floored at 0.
    case deduction
    /// Earned points over possible points across all applicable scored criteria.
    case points
    /// Genesys Cloud's scaled points: Σ(section points × section weight) / Σ(section possible × section weight).
    case scaledPoints = "scaled-points"
    /// Amazon Connect `QUESTION_ONLY`: question weights; N/A weight redistributed proportionally.
    case questionOnly = "question-only"
    /// Amazon Connect `SECTION_ONLY`: section weights spread evenly over each section's questions.
    case sectionOnly = "section-only"
}

/// A reporting category (empathy, compliance, resolution, …); every criterion belongs to one.
public struct Category: Hashable, Sendable {
    public var id: String
    public var title: String
    /// What the category is for, as the template declares it (`kind="…"`); `nil` when not declared.
    public var kind: CategoryKind?
    public var position: SourcePosition

    public init(id: String, title: String, kind: CategoryKind? = nil, position: SourcePosition = .unknown) {
        self.id = id
        self.title = title
        self.kind = kind
        self.position = position
    }
}

/// What a category is for. Every rule that needs a category's role (coaching's order of development areas, the
/// KPI links, sample data's effects) reads this, never the category's id or title, so a category may be named
/// in any language.
public enum CategoryKind: String, Hashable, Sendable, CaseIterable {
    /// Soft skills, empathy, communication: linked to customer satisfaction.
    case empathy
    /// Compliance and data protection: critical compliance failures come first in coaching.
    case compliance
    /// Resolving the customer's issue: linked to first-contact resolution.
    case resolution
    /// Anything else (the default when a template does not say).
    case other
}

/// A named score band such as "Exceeds expectations": `min ≤ total < max` (the top band also includes `max`).
public struct Band: Hashable, Sendable {
    public var id: String
    public var title: String
    public var min: Double
    public var max: Double
    public var position: SourcePosition

    public init(id: String, title: String, min: Double, max: Double, position: SourcePosition = .unknown) {
        self.id = id
        self.title = title
        self.min = min
        self.max = max
        self.position = position
    }

    public func contains(_ value: Double) -> Bool {
        value >= min && (value < max || (max >= 100 && value <= max))
    }
}

/// A named level (e.g. "needs improvement") reported for a section's or criterion's score: `score < below`.
public struct Threshold: Hashable, Sendable {
    public var title: String
    /// The level applies when the score (0–100) is below this value; the lowest matching threshold wins.
    public var below: Double

    public init(title: String, below: Double) {
        self.title = title
        self.below = below
    }
}

/// A group of criteria scored together, optionally weighted against the other sections.
public struct Section: Hashable, Sendable {
    public var id: String
    public var title: String
    /// Declared relative weight; `nil` when the section weighs the sum of its criteria's weights.
    public var weight: Double?
    /// The section applies only when this holds (it drops out like an all-N/A section otherwise).
    public var condition: Condition?
    /// Whether one answer (`section:<id>` = `na`) may mark the whole section not applicable.
    public var allowsNotApplicable: Bool
    /// Unanswered criteria in this section take their top answer (Genesys "default answers to highest").
    public var defaultsToTop: Bool
    public var thresholds: [Threshold]
    public var criteria: [Criterion]
    /// The id the section had on the platform it was imported from (`platform-id`), so past evaluations can be
    /// matched to it; `nil` for sections written here.
    public var platformID: String?
    public var position: SourcePosition

    public init(
        id: String, title: String, weight: Double? = nil, condition: Condition? = nil,
        allowsNotApplicable: Bool = false, defaultsToTop: Bool = false, thresholds: [Threshold] = [],
        criteria: [Criterion], platformID: String? = nil, position: SourcePosition = .unknown
    ) {
        self.id = id
        self.platformID = platformID
        self.title = title
        self.weight = weight
        self.condition = condition
        self.allowsNotApplicable = allowsNotApplicable
        self.defaultsToTop = defaultsToTop
        self.thresholds = thresholds
        self.criteria = criteria
        self.position = position
    }
}

extension Section {
    /// Whether a criterion of this section may be answered N/A: when `na="allowed"` is on the criterion or on its
    /// section (docs/scorecard-format.md). The one place this rule is written.
    public func allowsNotApplicable(on criterion: Criterion) -> Bool {
        allowsNotApplicable || criterion.allowsNotApplicable
    }
}

/// One question on the form: what the assessor answers, how it scores, and the rules attached to it.
public struct Criterion: Hashable, Sendable {
    public var id: String
    public var category: String
    public var prompt: String
    /// Guidance for assessors: what counts, what does not.
    public var guidance: String
    public var answerType: AnswerType
    /// Relative weight within its section (or points at risk in a deduction form).
    public var weight: Double
    public var allowsNotApplicable: Bool
    /// `false` for informational criteria: asked and recorded, usable in conditions, never scored.
    public var scored: Bool
    /// Bonus criteria add earned points without adding possible points.
    public var bonus: Bool
    public var critical: CriticalRule?
    public var condition: Condition?
    /// Answers that must carry an assessor comment.
    public var commentRequired: AnswerMatch?
    public var thresholds: [Threshold]
    /// The id the question had on the platform it was imported from (`platform-id`: a Connect `RefId`, a
    /// Genesys question id); `nil` for criteria written here.
    public var platformID: String?
    public var position: SourcePosition

    public init(
        id: String, category: String, prompt: String, guidance: String = "", answerType: AnswerType,
        weight: Double = 1, allowsNotApplicable: Bool = false, scored: Bool = true, bonus: Bool = false,
        critical: CriticalRule? = nil, condition: Condition? = nil, commentRequired: AnswerMatch? = nil,
        thresholds: [Threshold] = [], platformID: String? = nil, position: SourcePosition = .unknown
    ) {
        self.id = id
        self.platformID = platformID
        self.category = category
        self.prompt = prompt
        self.guidance = guidance
        self.answerType = answerType
        self.weight = weight
        self.allowsNotApplicable = allowsNotApplicable
        self.scored = scored
        self.bonus = bonus
        self.critical = critical
        self.condition = condition
        self.commentRequired = commentRequired
        self.thresholds = thresholds
        self.position = position
    }
}

/// What kind of answer a criterion takes, and what each answer earns.
public enum AnswerType: Hashable, Sendable {
    /// `yes` earns everything, `no` nothing; `points` is what a yes is worth in points-based modes.
    case yesNo(points: Double)
    /// A numeric scale `min…max` with a behavioural anchor per point; v earns (v − min)/(max − min).
    case scale(min: Int, max: Int, labels: [ScaleLabel])
    /// One named option, each worth stated points; earns option points / top option points.
    case choice(options: [ChoiceOption])
    /// A number of points from 0 to `max`; v earns v/max.
    case points(max: Double)
    /// Several options at once; earns min(Σ points, max) / max.
    case multiSelect(options: [ChoiceOption], max: Double)
    /// A measured number (e.g. hold time in seconds) scored by the range it falls in.
    case numeric(ranges: [NumericRange])

    /// The points a full-credit answer is worth (the denominator of the earned fraction).
    public var possiblePoints: Double {
        switch self {
        case .yesNo(let points): return points
        case .scale(let min, let max, _): return Double(max - min)
        case .choice(let options): return options.filter { !$0.bonus }.map(\.points).max() ?? 0
        case .points(let max): return max
        case .multiSelect(_, let max): return max
        case .numeric(let ranges): return ranges.map(\.points).max() ?? 0
        }
    }

    /// A short name for messages and `qa scorecard show`.
    public var kindName: String {
        switch self {
        case .yesNo: return "yes-no"
        case .scale: return "scale"
        case .choice: return "choice"
        case .points: return "points"
        case .multiSelect: return "multi-select"
        case .numeric: return "numeric"
        }
    }
}

/// The behavioural anchor for one point of a scale ("3 — acknowledged the issue but …").
public struct ScaleLabel: Hashable, Sendable {
    public var value: Int
    public var label: String

    public init(value: Int, label: String) {
        self.value = value
        self.label = label
    }
}

/// One option of a choice or multi-select criterion.
public struct ChoiceOption: Hashable, Sendable {
    public var id: String
    public var label: String
    public var points: Double
    /// Bonus options add their points on top without raising the possible points.
    public var bonus: Bool
    /// The id the answer option had on the platform it was imported from (`platform-id`); `nil` otherwise.
    public var platformID: String?

    public init(id: String, label: String, points: Double, bonus: Bool = false, platformID: String? = nil) {
        self.id = id
        self.platformID = platformID
        self.label = label
        self.points = points
        self.bonus = bonus
    }
}

/// A band of a numeric criterion: values in `min…max` (inclusive; either end open when `nil`) earn `points`.
public struct NumericRange: Hashable, Sendable {
    public var min: Double?
    public var max: Double?
    public var points: Double
    /// Whether a value in this range is a failing answer for the criterion's critical rule.
    public var fails: Bool

    public init(min: Double?, max: Double?, points: Double, fails: Bool = false) {
        self.min = min
        self.max = max
        self.points = points
        self.fails = fails
    }

    public func contains(_ value: Double) -> Bool {
        (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
    }
}

/// How far a critical (auto-fail) answer reaches.
public enum CriticalScope: String, Hashable, Sendable, CaseIterable {
    /// The whole evaluation scores 0 and fails.
    case form
    /// The criterion's section scores 0.
    case section
    /// Reported only; the score is untouched.
    case flag
}

/// A critical (auto-fail) rule: which answers fail, and how far the failure reaches.
public struct CriticalRule: Hashable, Sendable {
    public var scope: CriticalScope
    public var failingAnswers: AnswerMatch
    /// Whether the criterion counts in the critical score (and is left out of the non-critical one). `false`
    /// for a Genesys fatal-only question (`isKill` without `isCritical`): it fails the evaluation but scores
    /// with the non-critical questions (`in-critical-score="false"`).
    public var countsInCriticalScore: Bool

    public init(scope: CriticalScope, failingAnswers: AnswerMatch, countsInCriticalScore: Bool = true) {
        self.scope = scope
        self.countsInCriticalScore = countsInCriticalScore
        self.failingAnswers = failingAnswers
    }
}

/// A set of answers to a criterion, used for failing answers and comment rules.
public enum AnswerMatch: Hashable, Sendable {
    /// Any of these answer tokens (`yes`, `no`, a scale value, an option id; for numeric criteria the
    /// ranges marked failing are used instead).
    case answers(Set<String>)
    /// Any answer that does not earn full credit (Genesys' fatal questions).
    case belowTop
    /// Any answer at all (for comment rules).
    case any
}

/// When a criterion or section applies, in terms of other criteria's answers.
public indirect enum Condition: Hashable, Sendable {
    /// The criterion's answer is one of these tokens.
    case answerIs(criterion: String, anyOf: Set<String>, position: SourcePosition)
    /// The criterion's answer is none of these tokens (an unanswered or inapplicable criterion counts as not equal).
    case answerIsNot(criterion: String, noneOf: Set<String>, position: SourcePosition)
    case all([Condition])
    case any([Condition])

    /// The ids of the criteria this condition reads.
    public var referencedCriteria: [String] {
        switch self {
        case .answerIs(let id, _, _), .answerIsNot(let id, _, _): return [id]
        case .all(let parts), .any(let parts): return parts.flatMap(\.referencedCriteria)
        }
    }
}
