import QAModel
import Records
import Scoring

/// An evaluation that could not be scored: unreadable, or not valid for the template. Carries the record's
/// location and id and the problems in words, never its answers or comments.
public struct InvalidEvaluation: Sendable, Hashable, CustomStringConvertible {
    public var location: RecordLocation
    public var evaluationID: String?
    /// Each problem: `criterion 'x': message`, `field callDate: message`, or a message.
    public var problems: [String]

    public init(location: RecordLocation, evaluationID: String?, problems: [String]) {
        self.location = location
        self.evaluationID = evaluationID
        self.problems = problems
    }

    /// One compiler-style line per problem: `file:line: error: evaluation E: criterion 'x': message`.
    public var description: String {
        let prefix = "\(location): error: " + (evaluationID.map { "evaluation \($0): " } ?? "")
        return problems.map { prefix + $0 }.joined(separator: "\n")
    }
}

/// One item of a scored batch, in input order.
public enum BatchItem: Sendable {
    case scored(ScoredEvaluation, RecordLocation)
    case invalid(InvalidEvaluation)
}

/// Reads evaluation records from files, folders or standard input, checks each against a template and scores
/// the valid ones, streaming the results: nothing is held beyond the record in hand. Invalid records are
/// reported as they come and the batch goes on.
public struct BatchScorer {
    public let plan: ScoringPlan

    public init(plan: ScoringPlan) {
        self.plan = plan
    }

    /// Expands the input arguments (`-` for standard input) and streams every record through `body`.
    /// Throws `RecordInputError` when an input cannot be opened or read at all.
    public func run(
        inputs: [String], standardInputFormat: RecordFormat? = nil,
        options: EvaluationReader.Options? = nil, _ body: (BatchItem) throws -> Void
    ) throws {
        let sources = try InputSources.expand(inputs, standardInputFormat: standardInputFormat)
        var readerOptions = options ?? EvaluationReader.Options()
        if readerOptions.assumedTemplate == nil {
            readerOptions.assumedTemplate = TemplateIdentity(id: plan.scorecard.id, version: plan.scorecard.version)
        }
        var workspace = ScoringWorkspace(plan)
        for source in sources {
            var reader = try EvaluationReader(source: source, options: readerOptions)
            while let item = try reader.next() {
                try body(score(item, in: &workspace))
            }
        }
    }

    /// Checks and scores one read result.
    public func score(_ item: RecordReadResult) -> BatchItem {
        var workspace = ScoringWorkspace(plan)
        return score(item, in: &workspace)
    }

    /// Checks and scores one read result using a reusable workspace.
    public func score(_ item: RecordReadResult, in workspace: inout ScoringWorkspace) -> BatchItem {
        switch item {
        case .invalid(let problems):
            let first = problems[0]
            return .invalid(InvalidEvaluation(
                location: first.location, evaluationID: first.evaluationID,
                problems: problems.map { p in (p.field.map { "\($0): " } ?? "") + p.message }))
        case .evaluation(let evaluation, let location):
            switch plan.score(evaluation, in: &workspace) {
            case .success(let score):
                return .scored(ScoredEvaluation(evaluation: evaluation, score: score), location)
            case .failure(let failure):
                return .invalid(InvalidEvaluation(location: location, evaluationID: evaluation.id,
                                                  problems: failure.problems.map(\.description)))
            }
        }
    }
}
