import TextEscaping
import QAModel
import Diagnostics
import Records
import Scoring

/// An evaluation that could not be scored: unreadable, or not valid for the template. Carries the record's
/// location and id and its problems as diagnostics, never its answers or comments.
public struct InvalidEvaluation: Sendable, Hashable, CustomStringConvertible {
    public var location: RecordLocation
    public var evaluationID: String?
    /// Every problem of the record (at least one).
    public var diagnostics: [Diagnostic]

    public init(location: RecordLocation, evaluationID: String?, diagnostics: [Diagnostic]) {
        self.location = location
        self.evaluationID = evaluationID
        self.diagnostics = diagnostics
    }

    /// Each problem without its place: `criterion 'x': message`, `callDate: message`, or a message.
    public var problems: [String] {
        diagnostics.map { d in
            (d.location.criterion.map { "criterion '\($0)': " } ?? "") + (d.location.field.map { "\($0): " } ?? "")
                + d.message
        }
    }

    /// One compiler-style line per problem: `file:line: error: evaluation E: criterion 'x': message`.
    public var description: String {
        diagnostics.map(DiagnosticRenderer.line).joined(separator: "\n")
    }
}

/// One item of a scored batch, in input order.
public enum BatchItem: Sendable {
    case scored(ScoredEvaluation, RecordLocation)
    case invalid(InvalidEvaluation)
}

/// One item of a batch scored for its overview only (see `BatchScorer.runOverviews`), in input order. The
/// evaluation carries the record's identifying fields only.
public enum BatchOverviewItem: Sendable {
    case scored(Evaluation, ScoreOverview, RecordLocation)
    case invalid(InvalidEvaluation)
}

/// The well-formed records a run left out because of their purpose, by purpose (for the note a command prints).
public final class LeftOutByPurpose: @unchecked Sendable {
    public private(set) var counts: [EvaluationPurpose: Int]

    /// Counts already made (e.g. by the workspace's query), or none.
    public init(counts: [EvaluationPurpose: Int] = [:]) {
        self.counts = counts
    }

    func add(_ purpose: EvaluationPurpose) { counts[purpose, default: 0] += 1 }

    /// "160 calibration evaluations" / "3 self-assessment and 160 calibration evaluations", or nil when none.
    public var summary: String? {
        let parts = EvaluationPurpose.allCases.compactMap { purpose in
            counts[purpose].map { "\($0) \(purpose.rawValue)" }
        }
        guard !parts.isEmpty else { return nil }
        let total = counts.values.reduce(0, +)
        return parts.joined(separator: " and ") + (total == 1 ? " evaluation" : " evaluations")
    }
}

/// The well-formed records a run left out because they are for another template or version (see
/// `BatchScorer.leavesOutOtherTemplates`), by template and version, in the order first met.
public final class LeftOutByTemplate: @unchecked Sendable {
    public private(set) var counts: [(template: String, version: String, count: Int)] = []

    func add(_ template: String, _ version: String) {
        if let k = counts.firstIndex(where: { $0.template == template && $0.version == version }) {
            counts[k].count += 1
        } else {
            counts.append((template, version, 1))
        }
    }

    /// "12 evaluations (8 for template 'a' version '1.0', 4 for template 'b' version '2')", or nil when none.
    public var summary: String? {
        guard !counts.isEmpty else { return nil }
        let total = counts.map(\.count).reduce(0, +)
        let shown = counts.prefix(5).map {
            "\($0.count) for template \(Quoting.quoted($0.template, kind: "id")) version \(Quoting.quoted($0.version, kind: "version"))"
        }
        let more = counts.count > 5 ? ", and \(counts.count - 5) more templates" : ""
        return "\(total) evaluation\(total == 1 ? "" : "s") (\(shown.joined(separator: ", "))\(more))"
    }
}

/// Reads evaluation records from files, folders or standard input, checks each against a template and scores
/// the valid ones, streaming the results: nothing is held beyond the record in hand. Invalid records are
/// reported as they come and the batch goes on.
public struct BatchScorer {
    public let plan: ScoringPlan
    /// The purposes counted (all when `nil`); records of another purpose are left out before they are checked
    /// and counted in `leftOut`.
    public let purposes: Set<EvaluationPurpose>?
    /// How many well-formed records each purpose left out.
    public let leftOut = LeftOutByPurpose()
    /// Whether records for another template or version are left out and counted in `otherTemplates`, instead of
    /// being reported as invalid: for a command that reads a mix of versions on purpose (`qa scorecard what-if`).
    public let leavesOutOtherTemplates: Bool
    /// The records left out for being for another template or version (with `leavesOutOtherTemplates`).
    public let otherTemplates = LeftOutByTemplate()

    public init(plan: ScoringPlan, purposes: Set<EvaluationPurpose>? = nil, leavesOutOtherTemplates: Bool = false) {
        self.plan = plan
        self.purposes = purposes
        self.leavesOutOtherTemplates = leavesOutOtherTemplates
    }

    /// Expands the input arguments (`-` for standard input) and streams every record through `body`.
    /// Throws `RecordInputError` when an input cannot be opened or read at all.
    ///
    /// With `keepAnswers: false` a scored item's `evaluation` carries the record's identifying fields only
    /// (its answers and comments are in `score.criteria` and `score.criticalFailures`); CSV rows are then
    /// scored straight from their columns without building a dictionary per record, several times faster.
    /// `keepComments: true` keeps the evaluation's comments as well (nearly free: most rows have none).
    public func run(
        inputs: [String], standardInputFormat: RecordFormat? = nil,
        options: EvaluationReader.Options? = nil, keepAnswers: Bool = true, keepComments: Bool = false,
        _ body: (BatchItem) throws -> Void
    ) throws {
        try run(sources: InputSources.expand(inputs, standardInputFormat: standardInputFormat), options: options,
                keepAnswers: keepAnswers, keepComments: keepComments, body)
    }

    /// `run` over inputs already expanded with `InputSources.expand`.
    public func run(
        sources: [InputSource], options: EvaluationReader.Options? = nil, keepAnswers: Bool = true,
        keepComments: Bool = false, _ body: (BatchItem) throws -> Void
    ) throws {
        try stream(sources: sources, options: options, positional: !keepAnswers, keepComments: keepComments,
                   score: { header, location, problems, ws in
                       switch plan.scoreInput(in: &ws, problems: problems) {
                       case .success(let score):
                           return .scored(ScoredEvaluation(evaluation: header, score: score), location)
                       case .failure(let failure):
                           return .invalid(invalid(header, location, failure))
                       }
                   }, invalid: BatchItem.invalid, body)
    }

    /// Like `run(keepAnswers: false)`, but each valid record gives only its `ScoreOverview` (no per-criterion
    /// breakdown): the fast path for the table and CSV reports. Invalid records are reported exactly as by `run`.
    public func runOverviews(
        inputs: [String], standardInputFormat: RecordFormat? = nil,
        options: EvaluationReader.Options? = nil, _ body: (BatchOverviewItem) throws -> Void
    ) throws {
        try runOverviews(sources: InputSources.expand(inputs, standardInputFormat: standardInputFormat),
                         options: options, body)
    }

    /// `runOverviews` over inputs already expanded with `InputSources.expand`.
    public func runOverviews(
        sources: [InputSource], options: EvaluationReader.Options? = nil, _ body: (BatchOverviewItem) throws -> Void
    ) throws {
        try stream(sources: sources, options: options, positional: true,
                   score: { header, location, problems, ws in
                       switch plan.overviewInput(in: &ws, problems: problems) {
                       case .success(let overview):
                           return .scored(header, overview, location)
                       case .failure(let failure):
                           return .invalid(invalid(header, location, failure))
                       }
                   }, invalid: BatchOverviewItem.invalid, body)
    }

    /// The record loop shared by `run` and `runOverviews`: `score` is called once a record's answers are in
    /// `ws.input`, with the problems found while placing them.
    private func stream<Item>(
        sources: [InputSource], options: EvaluationReader.Options?, positional usePositional: Bool,
        keepComments: Bool = false, score: (consuming Evaluation, RecordLocation, [AnswerProblem], inout ScoringWorkspace) -> Item,
        invalid: (InvalidEvaluation) -> Item, _ body: (Item) throws -> Void
    ) throws {
        var readerOptions = options ?? EvaluationReader.Options()
        if readerOptions.assumedTemplate == nil {
            readerOptions.assumedTemplate = TemplateIdentity(id: plan.scorecard.id, version: plan.scorecard.version)
        }
        var workspace = ScoringWorkspace(plan)
        var positional = PositionalAnswers()
        // Evaluation ids seen in this run, as fingerprints (not the ids themselves): a second record with an id
        // already used is reported and not scored.
        var seen = FingerprintSet()
        func duplicate(_ id: String, _ location: RecordLocation) -> Item? {
            guard !seen.insert(id) else { return nil }
            return invalid(InvalidEvaluation(location: location, evaluationID: id, diagnostics: [
                RecordDiagnostics.duplicateID(id, location)]))
        }
        func counted(_ evaluation: Evaluation) -> Bool {
            let ownTemplate = evaluation.scorecardID == plan.scorecard.id && evaluation.scorecardVersion == plan.scorecard.version
            if leavesOutOtherTemplates, !ownTemplate {
                otherTemplates.add(evaluation.scorecardID, evaluation.scorecardVersion)
                return false
            }
            guard let purposes, !purposes.contains(evaluation.purpose) else { return true }
            // A record for another template is reported as such whatever its purpose.
            guard ownTemplate else { return true }
            leftOut.add(evaluation.purpose)
            return false
        }
        func scoreRecord(_ item: RecordReadResult) -> Item? {
            switch item {
            case .invalid(let problems): return invalid(Self.invalid(problems))
            case .evaluation(let evaluation, let location):
                guard counted(evaluation) else { return nil }
                if let refused = duplicate(evaluation.id, location) { return refused }
                let problems = plan.index(evaluation, into: &workspace.input)
                return score(evaluation, location, problems, &workspace)
            }
        }
        for source in sources {
            var reader = try EvaluationReader(source: source, options: readerOptions)
            if !usePositional {
                while let item = try reader.next() {
                    if let scored = scoreRecord(item) { try body(scored) }
                }
                continue
            }
            var columns: ColumnTargets?
            positional.spellings = []
            while let (item, isPositional) = try reader.next(positional: &positional) {
                guard isPositional, case .evaluation = item else {
                    if let scored = scoreRecord(item) { try body(scored) }
                    continue
                }
                // The header is moved out of the item and on into the score (not copied: 9 strings per row).
                guard case .evaluation(var header, let location) = consume item else { continue }
                guard counted(header) else { continue }
                if let refused = duplicate(header.id, location) {
                    try body(refused)
                    continue
                }
                if columns == nil, let names = reader.csvColumns {
                    let targets = ColumnTargets(plan: plan, names: names)
                    positional.spellings = targets.spellings
                    columns = targets
                }
                guard let columns else { continue }
                let problems = place(header, positional, columns, in: &workspace)
                if keepComments {
                    for (k, comment) in positional.comments.enumerated() where k < columns.comments.count {
                        if let comment, !comment.isEmpty { header.comments[columns.comments[k].0] = comment }
                    }
                }
                try body(score(header, location, problems, &workspace))
            }
        }
    }

    /// Answer and comment columns of a CSV file resolved to their places in the template, once per file.
    struct ColumnTargets {
        var answers: [(String, AnswerKeyTarget)]
        var comments: [(String, AnswerKeyTarget)]
        /// For each answer column of a criterion with coded answers, their exact cell texts.
        var spellings: [AnswerSpellings?]
        /// Each answer column's criterion index, −1 for a column of no criterion (for placing codes in bulk).
        var criterionOfAnswer: [Int]

        init(plan: ScoringPlan, names: (answers: [String], comments: [String])) {
            answers = names.answers.map { ($0, plan.answerTarget($0)) }
            comments = names.comments.map { ($0, plan.commentTarget($0)) }
            criterionOfAnswer = answers.map { _, target in
                if case .criterion(let i) = target { return i }
                return -1
            }
            spellings = answers.map { _, target in
                guard case .criterion(let i) = target, let coded = plan.codedAnswers(of: i) else { return nil }
                let spellings = AnswerSpellings(answers: coded)
                return spellings.isEmpty ? nil : spellings
            }
        }
    }

    /// Places a CSV row's answers (in column order) into `ws.input`; returns the problems found doing so.
    private func place(_ header: Evaluation, _ row: PositionalAnswers, _ columns: ColumnTargets,
                       in ws: inout ScoringWorkspace) -> [AnswerProblem] {
        var problems = plan.templateProblems(header)
        ws.input.reset()
        // Cells spelled as a coded answer (nearly all) are placed in one pass; only the others are walked.
        // (Only columns of a criterion have spellings, so a code always has a criterion to go to.)
        plan.place(codes: row.codes, criteria: columns.criterionOfAnswer, into: &ws.input)
        for k in row.answers.indices {
            guard let value = row.answers[k] else { continue }
            plan.place(value, at: columns.answers[k].1, key: columns.answers[k].0, into: &ws.input, problems: &problems)
        }
        for (k, comment) in row.comments.enumerated() {
            guard let comment else { continue }
            plan.place(comment: comment, at: columns.comments[k].1, key: columns.comments[k].0, into: &ws.input, problems: &problems)
        }
        return problems
    }

    private func invalid(_ header: Evaluation, _ location: RecordLocation, _ failure: CheckFailure) -> InvalidEvaluation {
        InvalidEvaluation(location: location, evaluationID: header.id,
                          diagnostics: RecordDiagnostics.diagnostics(header, location, failure, plan: plan))
    }

    private static func invalid(_ problems: [RecordProblem]) -> InvalidEvaluation {
        let first = problems[0]
        return InvalidEvaluation(location: first.location, evaluationID: first.evaluationID,
                                 diagnostics: problems.map(RecordDiagnostics.diagnostic))
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
            return .invalid(Self.invalid(problems))
        case .evaluation(let evaluation, let location):
            switch plan.score(evaluation, in: &workspace) {
            case .success(let score):
                return .scored(ScoredEvaluation(evaluation: evaluation, score: score), location)
            case .failure(let failure):
                return .invalid(invalid(evaluation, location, failure))
            }
        }
    }
}
