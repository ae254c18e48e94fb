import Batch
import DelimitedText
import JSON
import QAModel
import Records
import Scoring
import TextEscaping

/// The output formats of `qa score`.
public enum ScoreReportFormat: String, Sendable, CaseIterable {
    case table, json, csv, markdown
}

/// Writes `qa score`'s report as the evaluations stream in: one line (or row, or JSON object) per evaluation
/// as it is scored, then a summary and the group figures at the end. Holds only running sums, the number of
/// invalid records and the first `invalidListLimit` of them (for the JSON report), so memory stays flat in the
/// number of evaluations, valid or not.
public struct ScoreReportWriter {
    public let format: ScoreReportFormat
    /// The template the report speaks of: the newest of `plans`.
    public let plan: ScoringPlan
    /// Every template version whose evaluations the report holds, oldest first (one for files; several when a
    /// workspace's evaluations span a revision). Each evaluation is scored by its own version; the CSV report's
    /// section and category columns are the union of the versions' (empty where a version has none).
    public let plans: [ScoringPlan]
    private let columns: VersionColumns?
    public let groupBy: GroupKey?
    private let emit: (String) throws -> Void
    public private(set) var overall = ScoreStatistics()
    /// Group value → figures (only with `groupBy`).
    public private(set) var groups: [String: ScoreStatistics] = [:]
    /// The first invalid records (at most `invalidListLimit`), listed in the JSON report.
    public private(set) var invalid: [InvalidEvaluation] = []
    /// How many invalid records there were in all.
    public private(set) var invalidCount = 0
    /// The most invalid records the JSON report lists one by one; the summary counts them all.
    public static let invalidListLimit = 1000
    private var first = true

    /// `emit` receives the report text piece by piece (to a file stream or standard output).
    public init(format: ScoreReportFormat, plan: ScoringPlan, groupBy: GroupKey?, emit: @escaping (String) throws -> Void) {
        self.init(format: format, plans: [plan], groupBy: groupBy, emit: emit)
    }

    /// A report over evaluations of several versions of one template (`plans` oldest first, not empty).
    public init(format: ScoreReportFormat, plans: [ScoringPlan], groupBy: GroupKey?, emit: @escaping (String) throws -> Void) {
        precondition(!plans.isEmpty, "a score report needs a template")
        self.format = format
        self.plans = plans
        self.plan = plans[plans.count - 1]
        self.groupBy = groupBy
        self.emit = emit
        columns = plans.count > 1 ? VersionColumns(plans) : nil
    }

    /// The union of several versions' section and category columns, and where each version's scores go in it.
    struct VersionColumns {
        var sections: [String] = []
        var categories: [String] = []
        var bands: [Band] = []
        /// Version → for each union column, the index in that version's scores (nil: the version has none).
        var sectionIndex: [String: [Int?]] = [:]
        var categoryIndex: [String: [Int?]] = [:]

        init(_ plans: [ScoringPlan]) {
            // Newest first, so the newest version's order leads.
            for p in plans.reversed() {
                for section in p.scorecard.sections where !sections.contains(section.id) { sections.append(section.id) }
                for id in p.categoryIDs where !categories.contains(id) { categories.append(id) }
                for band in p.scorecard.bands where !bands.contains(where: { $0.id == band.id }) { bands.append(band) }
            }
            for p in plans {
                let ownSections = p.scorecard.sections.map(\.id)
                sectionIndex[p.scorecard.version] = sections.map { ownSections.firstIndex(of: $0) }
                categoryIndex[p.scorecard.version] = categories.map { p.categoryIDs.firstIndex(of: $0) }
            }
        }
    }

    /// The bands the summary counts: the template's, or every version's (newest first).
    private var bands: [Band] { columns?.bands ?? card.bands }

    /// "version 2.0", or "versions 1.0 and 2.0".
    private var versionText: String {
        let versions = plans.map(\.scorecard.version)
        if versions.count == 1 { return "version \(versions[0])" }
        return "versions " + versions.dropLast().joined(separator: ", ") + " and " + versions[versions.count - 1]
    }

    /// "pass mark 80", or with each version's pass mark when they differ.
    private var passMarkText: String {
        let marks = Set(plans.map(\.scorecard.passMark))
        if marks.count == 1 { return "pass mark \(formatNumber(card.passMark))" }
        return "pass mark " + plans.map { "\(formatNumber($0.scorecard.passMark)) (version \($0.scorecard.version))" }
            .joined(separator: ", ")
    }

    private var card: Scorecard { plan.scorecard }

    public mutating func begin() throws {
        switch format {
        case .table:
            try emit("\(Escaping.terminal(card.title)) (template \(Escaping.terminal(card.id)) \(Escaping.terminal(versionText))); \(passMarkText)\n\n")
            try emit(Self.row(["EVALUATION", "AGENT", "TOTAL", "BAND", "RESULT", "CRITICAL FAILURES"]) + "\n")
        case .markdown:
            try emit("# QA scores: \(Self.md(card.title))\n\nTemplate \(Self.md(card.id)) \(Self.md(versionText)); \(passMarkText).\n\n")
            try emit("| Evaluation | Call | Agent | Assessor | Total | Band | Result | Critical failures |\n|---|---|---|---|---:|---|---|---|\n")
        case .csv:
            var header = ["evaluation_id", "call_id", "agent_id", "team_id", "assessor_id", "call_date", "total",
                          "band", "passed", "auto_failed", "critical_failures"]
            if let columns {
                header.append("scorecard_version")
                header += columns.sections.map { "section:\($0)" }
                header += columns.categories.map { "category:\($0)" }
            } else {
                header += card.sections.map { "section:\($0.id)" }
                header += plan.categoryIDs.map { "category:\($0)" }
            }
            try emit(header.map(CSVWriter.escape).joined(separator: ",") + "\n")
        case .json:
            let versions = plans.count > 1
                ? ",\"versions\":[" + plans.map { JSONWriter.string($0.scorecard.version) }.joined(separator: ",") + "]" : ""
            try emit("{\"scorecard\":{\"id\":\(JSONWriter.string(card.id)),\"version\":\(JSONWriter.string(card.version))\(versions)},\n\"evaluations\":[\n")
        }
    }

    public mutating func add(_ item: BatchItem) throws {
        switch item {
        case .invalid(let record):
            note(invalid: record)
        case .scored(let scored, _):
            overall.add(scored.score)
            if let groupBy { groups[groupBy.value(of: scored), default: ScoreStatistics()].add(scored.score) }
            try emit(line(scored))
        }
    }

    /// Adds an item scored for its overview only (`BatchScorer.runOverviews`): for the table and CSV formats,
    /// which it writes exactly as from a full score, and grouping by agent, team or assessor.
    public mutating func add(_ item: BatchOverviewItem) throws {
        switch item {
        case .invalid(let record):
            note(invalid: record)
        case .scored(let evaluation, let overview, _):
            precondition(format == .table || format == .csv, "overview items carry too little for the \(format) report")
            overall.add(overview)
            if let groupBy {
                let key = groupBy.value(of: evaluation)
                precondition(key != nil, "grouping by an answer needs full scores")
                groups[key ?? "", default: ScoreStatistics()].add(overview)
            }
            try emit(line(evaluation, overview))
        }
    }

    private mutating func note(invalid record: InvalidEvaluation) {
        invalidCount += 1
        if invalid.count < Self.invalidListLimit { invalid.append(record) }
    }

    /// Whether `add(BatchOverviewItem)` can produce this report: table or CSV, not grouped by an answer.
    public var acceptsOverviews: Bool {
        (format == .table || format == .csv) && !(groupBy?.needsAnswers ?? false)
    }

    /// A table or CSV line: the same text from a full score and from its overview.
    private func line(_ e: Evaluation, _ s: ScoreOverview) -> String {
        switch format {
        case .table:
            let failures = s.criticalFailures.map { "\($0.criterion) (\($0.scope.rawValue))" }.joined(separator: ", ")
            return Self.row([e.id, e.agentID, Self.fixed(s.total), s.band?.title ?? "-", s.passed ? "pass" : "FAIL",
                             failures.isEmpty ? "-" : failures]) + "\n"
        default:
            var fields = [e.id, e.callID, e.agentID, e.teamID ?? "", e.assessorID, e.callDateText, formatNumber(s.total),
                          s.band?.id ?? "", s.passed ? "true" : "false", s.autoFailed ? "true" : "false",
                          s.criticalFailures.map(\.criterion).joined(separator: "|")]
            if let columns {
                fields.append(e.scorecardVersion)
                let sectionIndex = columns.sectionIndex[e.scorecardVersion] ?? []
                let categoryIndex = columns.categoryIndex[e.scorecardVersion] ?? []
                fields += sectionIndex.map { i in i.map { s.sectionScores[$0] }.map { $0.isNaN ? "" : formatNumber($0) } ?? "" }
                fields += categoryIndex.map { i in i.map { s.categoryScores[$0] }.map { $0.isNaN ? "" : formatNumber($0) } ?? "" }
            } else {
                fields += s.sectionScores.map { $0.isNaN ? "" : formatNumber($0) }
                fields += s.categoryScores.map { $0.isNaN ? "" : formatNumber($0) }
            }
            return fields.map(CSVWriter.escape).joined(separator: ",") + "\n"
        }
    }

    private mutating func line(_ scored: ScoredEvaluation) -> String {
        let e = scored.evaluation, s = scored.score
        let failures = s.criticalFailures.map { "\($0.criterion) (\($0.scope.rawValue))" }.joined(separator: ", ")
        switch format {
        case .table, .csv:
            return line(e, ScoreOverview(s))
        case .markdown:
            return "| \(Self.md(e.id)) | \(Self.md(e.callID)) | \(Self.md(e.agentID)) | \(Self.md(e.assessorID)) | "
                + "\(Self.fixed(s.total)) | \(Self.md(s.band?.title ?? "–")) | \(s.passed ? "pass" : "**fail**") | "
                + "\(failures.isEmpty ? "–" : Self.md(failures)) |\n"
        case .json:
            let separator = first ? "" : ",\n"
            first = false
            return separator + Self.json(scored)
        }
    }

    /// Writes the summary (and invalid records, for JSON) and returns the overall figures.
    @discardableResult
    public mutating func finish() throws -> ScoreStatistics {
        switch format {
        case .csv:
            break
        case .table:
            try emit("\n" + summaryText())
        case .markdown:
            try emit("\n## Summary\n\n" + summaryMarkdown())
        case .json:
            try emit("\n],\n\"invalid\":[" + invalid.map(Self.json).joined(separator: ",\n") + "],\n\"summary\":"
                     + Self.json(overall, bands: bands, invalid: invalidCount) + (groupBy.map { g in
                         ",\n\"groups\":{\"by\":\(JSONWriter.string(g.description)),\"values\":{"
                         + groups.keys.sorted().map { "\(JSONWriter.string($0)):\(Self.json(groups[$0] ?? ScoreStatistics(), bands: bands))" }
                             .joined(separator: ",\n") + "}}"
                     } ?? "") + "}\n")
        }
        return overall
    }

    // MARK: Text

    private func summaryText() -> String {
        var out = "Scored \(overall.count) evaluation\(overall.count == 1 ? "" : "s")"
        out += invalidCount == 0 ? ".\n" : "; \(invalidCount) invalid record\(invalidCount == 1 ? "" : "s") not scored (reported on stderr).\n"
        guard overall.count > 0 else { return out }
        out += "Average total \(Self.fixed(overall.meanTotal ?? 0)); passed \(overall.passed) of \(overall.count) "
            + "(\(Self.percent(overall.passRate))); auto-failed \(overall.autoFailed); "
            + "with a critical failure \(overall.withCriticalFailure) (\(Self.percent(overall.criticalFailureRate))).\n"
        out += "Bands: " + bands.map { "\(Escaping.terminal($0.title)) \(overall.bands[$0.id] ?? 0)" }.joined(separator: ", ") + "\n"
        if let groupBy {
            out += "\nBy \(Escaping.terminal(groupBy.description)):\n" + Self.row([groupBy.description.uppercased(), "EVALUATIONS", "AVERAGE", "PASS RATE", "WITH CRITICAL FAILURE"], widths: Self.groupWidths) + "\n"
            for key in groups.keys.sorted() {
                guard let g = groups[key] else { continue }
                out += Self.row([key, "\(g.count)", Self.fixed(g.meanTotal ?? 0), Self.percent(g.passRate),
                                 Self.percent(g.criticalFailureRate)], widths: Self.groupWidths) + "\n"
            }
        }
        return out
    }

    private func summaryMarkdown() -> String {
        var out = "- Evaluations scored: \(overall.count)\n"
        if invalidCount > 0 { out += "- Invalid records (not scored): \(invalidCount)\n" }
        if overall.count > 0 {
            out += "- Average total: \(Self.fixed(overall.meanTotal ?? 0))\n"
            out += "- Pass rate: \(Self.percent(overall.passRate)) (\(overall.passed) of \(overall.count))\n"
            out += "- Auto-failed: \(overall.autoFailed); with any critical failure: \(overall.withCriticalFailure)\n"
            out += "- Bands: " + bands.map { "\(Self.md($0.title)) \(overall.bands[$0.id] ?? 0)" }.joined(separator: ", ") + "\n"
        }
        if let groupBy, !groups.isEmpty {
            out += "\n## By \(Self.md(groupBy.description))\n\n| \(Self.md(groupBy.description)) | Evaluations | Average | Pass rate | With critical failure |\n|---|---:|---:|---:|---:|\n"
            for key in groups.keys.sorted() {
                guard let g = groups[key] else { continue }
                out += "| \(Self.md(key)) | \(g.count) | \(Self.fixed(g.meanTotal ?? 0)) | \(Self.percent(g.passRate)) | \(Self.percent(g.criticalFailureRate)) |\n"
            }
        }
        return out
    }

    /// Column widths of the per-evaluation table and of the group table.
    static let evaluationWidths = [18, 12, 7, 26, 7]
    static let groupWidths = [18, 13, 9, 11]

    static func row(_ cells: [String], widths: [Int] = evaluationWidths) -> String {
        var out = ""
        for (i, raw) in cells.enumerated() {
            let cell = Escaping.terminal(raw)
            if i < widths.count {
                out += cell.count >= widths[i] ? cell + " " : cell + String(repeating: " ", count: widths[i] - cell.count)
            } else {
                out += cell
            }
        }
        return out.trimmingTrailingSpaces()
    }

    static func fixed(_ value: Double) -> String {
        let scaled = (value * 10).rounded() / 10
        let text = formatNumber(scaled)
        return text.contains(".") ? text : text + ".0"
    }

    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "–" }
        return fixed(rate * 100) + "%"
    }

    /// Text from the input in a Markdown line or table cell (`Escaping.markdown`).
    static func md(_ text: String) -> String {
        Escaping.markdown(text)
    }

    // MARK: JSON

    /// A figure as JSON: `null` when it is undefined (NaN, e.g. the mean of no evaluations) or infinite.
    static func number(_ value: Double?) -> String {
        value.flatMap(JSONWriter.number) ?? "null"
    }

    static func answer(_ value: AnswerValue) -> String {
        (try? JSONWriter.write(value.jsonValue)) ?? "null"
    }

    static func json(_ scored: ScoredEvaluation) -> String {
        let e = scored.evaluation, s = scored.score
        var members: [String] = [
            "\"id\":\(JSONWriter.string(e.id))", "\"callId\":\(JSONWriter.string(e.callID))",
            "\"agentId\":\(JSONWriter.string(e.agentID))", "\"teamId\":\(e.teamID.map(JSONWriter.string) ?? "null")",
            "\"assessorId\":\(JSONWriter.string(e.assessorID))", "\"callDate\":\(JSONWriter.string(e.callDateText))",
            "\"score\":\(Self.number(s.total))", "\"passed\":\(s.passed)",
            "\"band\":\(s.band.map { JSONWriter.string($0.id) } ?? "null")", "\"autoFailed\":\(s.autoFailed)",
        ]
        members.append("\"criticalFailures\":[" + s.criticalFailures.map {
            "{\"criterion\":\(JSONWriter.string($0.criterion)),\"section\":\(JSONWriter.string($0.section)),\"scope\":\(JSONWriter.string($0.scope.rawValue)),\"comment\":\($0.comment.map(JSONWriter.string) ?? "null")}"
        }.joined(separator: ",") + "]")
        members.append("\"criticalScore\":\(Self.number(s.criticalScore))")
        members.append("\"nonCriticalScore\":\(Self.number(s.nonCriticalScore))")
        members.append("\"sections\":[" + s.sections.map {
            "{\"id\":\(JSONWriter.string($0.id)),\"score\":\(Self.number($0.score)),\"threshold\":\($0.threshold.map(JSONWriter.string) ?? "null")}"
        }.joined(separator: ",") + "]")
        members.append("\"categories\":{" + s.categories.map {
            "\(JSONWriter.string($0.id)):\(Self.number($0.score))"
        }.joined(separator: ",") + "}")
        members.append("\"criteria\":[" + s.criteria.map {
            "{\"id\":\(JSONWriter.string($0.id)),\"answer\":\($0.answer.map(Self.answer) ?? "null"),\"earned\":\(Self.number($0.earned)),\"applicable\":\($0.applicable),\"effectiveWeight\":\(Self.number($0.effectiveWeight))\($0.threshold.map { ",\"threshold\":\(JSONWriter.string($0))" } ?? "")}"
        }.joined(separator: ",") + "]")
        return "{" + members.joined(separator: ",") + "}"
    }

    static func json(_ record: InvalidEvaluation) -> String {
        "{\"file\":\(JSONWriter.string(record.location.file)),\"line\":\(record.location.line),"
            + "\"row\":\(record.location.row.map(String.init) ?? "null"),"
            + "\"evaluationId\":\(record.evaluationID.map(JSONWriter.string) ?? "null"),"
            + "\"problems\":[" + record.problems.map(JSONWriter.string).joined(separator: ",") + "]}"
    }

    static func json(_ stats: ScoreStatistics, bands: [Band], invalid: Int? = nil) -> String {
        "{\"evaluations\":\(stats.count)," + (invalid.map { "\"invalidRecords\":\($0)," } ?? "") + "\"meanScore\":\(Self.number(stats.meanTotal)),"
            + "\"standardDeviation\":\(Self.number(stats.standardDeviation)),"
            + "\"passed\":\(stats.passed),\"passRate\":\(Self.number(stats.passRate)),"
            + "\"autoFailed\":\(stats.autoFailed),\"withCriticalFailure\":\(stats.withCriticalFailure),"
            + "\"criticalFailureRate\":\(Self.number(stats.criticalFailureRate)),"
            + "\"bands\":{" + bands.map { "\(JSONWriter.string($0.id)):\(stats.bands[$0.id] ?? 0)" }.joined(separator: ",") + "},"
            + "\"criticalFailuresByCriterion\":{" + stats.criticalFailuresByCriterion.keys.sorted().map {
                "\(JSONWriter.string($0)):\(stats.criticalFailuresByCriterion[$0] ?? 0)"
            }.joined(separator: ",") + "}}"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }

    func replacingPipes() -> String {
        replacingOccurrences(of: "|", with: "\\|")
    }

    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
