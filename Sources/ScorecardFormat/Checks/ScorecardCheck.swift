import QAModel

/// One rule a template must follow that the XSD cannot express. Each check carries a complete template that
/// breaks it (`triggeringExample`); the check's test loads that example and asserts the exact position.
public protocol ScorecardCheck {
    /// Short kebab-case name, shown in tests and docs.
    static var rule: String { get }
    /// A complete template that breaks this rule.
    static var triggeringExample: String { get }
    static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding]
}

/// Positions of elements the model does not keep a position for.
public struct SourceMap: Hashable, Sendable {
    public var root: SourcePosition
    public var passMark: SourcePosition
    public var deductionStart: SourcePosition?

    public init(root: SourcePosition, passMark: SourcePosition, deductionStart: SourcePosition?) {
        self.root = root
        self.passMark = passMark
        self.deductionStart = deductionStart
    }
}

/// Every semantic check, in the order they run.
public enum ScorecardChecks {
    public static var all: [any ScorecardCheck.Type] { [
        UniqueIdentifiers.self, DeclaredCategories.self, ConditionReferences.self, ConditionCycles.self,
        ConditionTokens.self, PositiveWeights.self, ScaleRange.self, PossiblePoints.self, ChoiceOptions.self,
        NumericRanges.self, BandLimits.self, BandOrder.self, BandCoverage.self, PassMark.self,
        DeductionStart.self, CriticalAnswers.self, CommentRule.self, SectionWeights.self, ScoredSections.self,
        ScoringFlags.self, ThresholdLimits.self,
    ] }
}

/// Builds the small complete templates the checks use as examples. The head is always six lines, so the body
/// starts on line 7:
/// ```
/// 1 <?xml …?>
/// 2 <scorecard … scoring="…">
/// 3   <title>…<owner>…<effective-date>…
/// 4   <categories>… empathy, compliance …</categories>
/// 5   <pass-mark>…  (and optional deduction-start)
/// 6   <bands>…</bands>
/// ```
public enum CheckExample {
    public static let standardBands =
        #"<bands><band id="pass" min="80" max="100">Pass</band><band id="fail" min="0" max="80">Fail</band></bands>"#

    public static func template(
        scoring: String = "weighted", passMark: String = "<pass-mark>80</pass-mark>",
        bands: String = standardBands, body: String
    ) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <scorecard xmlns="urn:qa-workbench:scorecard:1" id="example" version="1" scoring="\(scoring)">
          <title>Example</title><owner>QA</owner><effective-date>2026-01-01</effective-date>
          <categories><category id="empathy" kind="empathy">Empathy</category><category id="compliance" kind="compliance">Compliance</category></categories>
          \(passMark)
          \(bands)
        \(body)
        </scorecard>

        """
    }
}

// MARK: - Shared helpers

extension Scorecard {
    /// The section holding each criterion, by criterion id (first occurrence wins).
    var sectionOfCriterion: [String: Section] {
        var result: [String: Section] = [:]
        for section in sections {
            for criterion in section.criteria where result[criterion.id] == nil { result[criterion.id] = section }
        }
        return result
    }
}

extension Condition {
    /// Each `answerIs` / `answerIsNot` leaf with its criterion, tokens and position.
    var leaves: [(criterion: String, tokens: Set<String>, position: SourcePosition)] {
        switch self {
        case .answerIs(let id, let tokens, let position), .answerIsNot(let id, let tokens, let position):
            return [(id, tokens, position)]
        case .all(let parts), .any(let parts):
            return parts.flatMap(\.leaves)
        }
    }
}

extension Criterion {
    /// The answer tokens this criterion accepts, described for messages ("yes, no").
    var answerDescription: String {
        switch answerType {
        case .yesNo: return "yes, no"
        case .scale(let min, let max, _): return "a whole number from \(min) to \(max)"
        case .choice(let options), .multiSelect(let options, _): return listedIDs(options.map(\.id))
        case .points(let max): return "a number from 0 to \(formatNumber(max))"
        case .numeric: return "a number"
        }
    }

    /// Whether `token` is an answer this criterion can be given (`na` excluded; callers decide about it).
    func accepts(_ token: String) -> Bool {
        switch answerType {
        case .yesNo: return token == "yes" || token == "no"
        case .scale(let min, let max, _): return Int(token).map { $0 >= min && $0 <= max } ?? false
        case .choice(let options), .multiSelect(let options, _): return options.contains { $0.id == token }
        case .points(let max): return Double(token).map { $0 >= 0 && $0 <= max } ?? false
        case .numeric: return Double(token).map(\.isFinite) ?? false
        }
    }

    /// `accepts` with the option ids put in a set once, for checking many tokens against one criterion.
    var tokenAcceptor: (String) -> Bool {
        switch answerType {
        case .choice(let options), .multiSelect(let options, _):
            let ids = Set(options.map(\.id))
            return { ids.contains($0) }
        default:
            return { self.accepts($0) }
        }
    }

    /// The answer tokens that earn full credit (empty when there is no single top answer).
    var topAnswers: Set<String> {
        switch answerType {
        case .yesNo: return ["yes"]
        case .scale(_, let max, _): return [String(max)]
        case .choice(let options):
            let top = options.filter { !$0.bonus }.map(\.points).max()
            return Set(options.filter { !$0.bonus && $0.points == top }.map(\.id))
        case .points(let max): return [formatNumber(max)]
        case .multiSelect, .numeric: return []
        }
    }
}

/// Ids for a message, comma-separated: at most `limit` of them, then how many more (messages stay short
/// whatever the template holds).
func listedIDs(_ ids: [String], limit: Int = 10) -> String {
    guard ids.count > limit else { return ids.joined(separator: ", ") }
    return ids.prefix(limit).joined(separator: ", ") + " and \(ids.count - limit) more"
}

/// Ids in quotes for a message: at most ten, then how many more.
func quoted(_ ids: [String]) -> String {
    let shown = ids.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
    return ids.count > 10 ? shown + " and \(ids.count - 10) more" : shown
}
