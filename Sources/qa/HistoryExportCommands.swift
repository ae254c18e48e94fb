import ArgumentParser
import Batch
import DelimitedText
import FileIO
import QAModel
import Records
import ScoreReport
import TextEscaping
import Workspace

/// `qa history EVALUATION`: every revision of a stored evaluation.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every revision of a stored evaluation: who changed what, when and why, and the score each gave.",
        discussion: """
            A change never erases what was there: each revision keeps its answers, comments and score. The \
            newest revision comes first, with what it changed from the one before.

            Exit codes: 0 shown; 1 no evaluation with that id in the workspace; 3 the workspace could not be read.
            """
    )

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Argument(help: ArgumentHelp("The evaluation id.", valueName: "evaluation"))
    var evaluation: String

    func run() throws {
        let workspace = try workspaceOptions.open()
        defer { workspace.close() }
        // The history, and each band's title from the template version of its revision.
        guard let (history, bandTitles) = try WorkspaceProblems.run({
            try workspace.database.read { session -> (EvaluationHistory, [String: String])? in
                guard let history = try EvaluationHistory.load(evaluation, session) else { return nil }
                var titles: [String: String] = [:]
                for version in Set(history.revisions.map(\.scorecardVersion)) {
                    guard let rowID = try TemplateStore.rowID(scorecardID: history.scorecardID, version: version, session) else {
                        continue
                    }
                    for band in try TemplateStore.load(rowID: rowID, session).scorecard.bands {
                        titles[version + "\u{0}" + band.id] = band.title
                    }
                }
                return (history, titles)
            }
        }) else {
            Problems.report(Problems.runError("the workspace has no evaluation '\(Escaping.terminal(evaluation))'",
                                              rule: "history.not-found"))
            throw Problems.exit(.problemsFound)
        }
        let t: (String) -> String = { Escaping.terminal($0) }
        print("Evaluation \(t(history.evaluationID)): call \(t(history.callID)), agent \(t(history.agentID)), "
            + "assessor \(t(history.assessorID)), template \(t(history.scorecardID))")
        print("Purpose \(history.purpose); \(history.status); \(history.revisions.count) revision"
            + (history.revisions.count == 1 ? "" : "s"))
        for (k, revision) in history.revisions.enumerated().reversed() {
            print("")
            let score = revision.total.map { String(format1: $0) } ?? "–"
            let result = revision.autoFailed ? "FAIL (auto-fail)" : revision.passed ? "pass" : "FAIL"
            print("Revision \(revision.revision) — \(t(revision.createdAt)) by \(t(revision.author)): \(t(revision.reason))")
            print("  template version \(t(revision.scorecardVersion)); evaluated \(t(revision.evaluatedAt)); "
                + "score \(score), \(result)"
                + (revision.band.map { ", band \(t(bandTitles[revision.scorecardVersion + "\u{0}" + $0] ?? $0))" } ?? ""))
            if k == 0 {
                print("  the first revision: \(revision.cells.filter { !$0.key.hasPrefix("comment:") }.count) answers, "
                    + "\(revision.cells.filter { $0.key.hasPrefix("comment:") }.count) comments")
                continue
            }
            let before = history.revisions[k - 1]
            let changes = EvaluationHistory.changes(from: before, to: revision)
            if before.scorecardVersion != revision.scorecardVersion {
                print("  moved from template version \(t(before.scorecardVersion)) to \(t(revision.scorecardVersion))")
            }
            if let old = before.total, let new = revision.total, old != new {
                print("  score \(String(format1: old)) → \(String(format1: new))")
            }
            if changes.isEmpty { print("  answers and comments unchanged (other fields changed)") }
            for change in changes {
                let what = change.column.hasPrefix("comment:")
                    ? "comment on \(t(String(change.column.dropFirst("comment:".count))))" : t(change.column)
                print("  \(what): \(Escaping.terminal(change.before ?? "(none)", limit: 120)) → \(Escaping.terminal(change.after ?? "(none)", limit: 120))")
            }
        }
    }
}

extension String {
    /// One decimal place (`85.0`).
    init(format1 value: Double) {
        let scaled = (value * 10).rounded() / 10
        let text = formatNumber(scaled)
        self = text.contains(".") ? text : text + ".0"
    }
}

/// `qa export`: evaluations (or calls, or a template) back out of the workspace, in the file formats.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the workspace's evaluations (or calls, or a template) back out as files.",
        discussion: """
            Evaluations are written in the record formats qa reads (JSON Lines by default, JSON, or CSV), each \
            with its current revision, chosen with --scorecard, --version, --from, --to, --team, --agent and \
            --purpose (default: every purpose). CSV holds one template version's layout, so a CSV export of \
            several versions asks for --version. --calls writes the calls file instead; --template ID writes \
            that template's XML exactly as imported (--version picks the version; default the newest).

            Exit codes: 0 written; 1 nothing matched; 3 the workspace or the output could not be read or written; \
            64 wrong options.
            """
    )

    enum Format: String, ExpressibleByArgument { case jsonl, json, csv }

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Option(help: "Output format for evaluations: jsonl, json or csv.")
    var format: Format = .jsonl

    @OptionGroup var report: ReportOutputOption

    @Option(help: ArgumentHelp("Only this template's evaluations (its id).", valueName: "id"))
    var scorecard: String?

    @Option(help: ArgumentHelp("Only evaluations made with this version of the template.", valueName: "version"))
    var version: String?

    @OptionGroup var purpose: PurposeOption

    @OptionGroup var selection: StoredSelectionOptions

    @Flag(help: "Write the calls (the calls file format) instead of evaluations.")
    var calls = false

    @Option(help: ArgumentHelp("Write this template's XML (as imported) instead of evaluations.", valueName: "id"))
    var template: String?

    func run() throws {
        let workspace = try workspaceOptions.open()
        defer { workspace.close() }
        if let template {
            let xml = try WorkspaceProblems.run {
                try workspace.database.read { session -> String? in
                    let versions = try TemplateStore.list(session).filter { $0.scorecardID == template }
                    guard let chosen = version.map({ v in versions.first { $0.version == v } }) ?? versions.last else { return nil }
                    return String(decoding: try TemplateStore.load(rowID: chosen.rowID, session).xml, as: UTF8.self)
                }
            }
            guard let xml else {
                Problems.report(Problems.runError("the workspace has no template '\(Escaping.terminal(template))'"
                    + (version.map { " version '\(Escaping.terminal($0))'" } ?? ""), rule: "export.not-found"))
                throw Problems.exit(.problemsFound)
            }
            try ReportSink.emit(xml, to: report.output)
            return
        }
        if calls {
            let table = try WorkspaceProblems.run {
                try workspace.database.read { try CallStore.exportRows(teams: selection.teams, agents: selection.agents, $0) }
            }
            let writer = CSVWriter()
            var text = ""
            for row in table { writer.append(row, to: &text) }
            try ReportSink.emit(text, to: report.output)
            return
        }
        let purposes = purpose.purpose == nil ? nil : purpose.purposes(default: [])
        var chosen = selection
        if let version { chosen.versionFilter = version }
        let stored = try StoredInput.load(workspace, selection: chosen, purposes: purposes, scorecard: scorecard, command: "export",
                                          severalTemplates: format != .csv)
        if format == .csv, stored.parts.count > 1 {
            Terminal.error("Error: the chosen evaluations were made with \(stored.versionsText); a CSV file holds one version's "
                + "columns: add --version, or use --format jsonl\n  See 'qa export --help' for more information.")
            throw ExitCode.validationFailure
        }
        let sink = try ReportSink(path: report.output)
        var count = 0
        do {
            if format == .json { try sink.write("[\n") }
            for (template, source) in stored.parts {
                let recordFormat: RecordFormat = format == .csv ? .csv : format == .json ? .json : .jsonLines
                let writer = EvaluationWriter(format: recordFormat, scorecard: template.scorecard)
                if format == .csv { try sink.write(writer.csvHeader) }
                var reader = try EvaluationReader(source: source)
                while let item = try reader.next() {
                    guard case .evaluation(let evaluation, _) = item else { continue }
                    if format == .json {
                        try sink.write((count > 0 ? ",\n" : "") + EvaluationWriter.json(evaluation, pretty: true))
                    } else {
                        try sink.write(try writer.encode(evaluation))
                    }
                    count += 1
                }
            }
            if format == .json { try sink.write("\n]\n") }
            try stored.finish()
            try sink.commit()
        } catch let error as ExitCode {
            sink.discard()
            throw error
        } catch {
            sink.discard()
            throw Problems.fail(error, writing: true)
        }
        if let output = report.output {
            Terminal.error("\(count) evaluation\(count == 1 ? "" : "s") written to \(Escaping.terminal(output))")
        }
    }
}
