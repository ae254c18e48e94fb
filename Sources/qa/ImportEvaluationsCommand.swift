import ArgumentParser
import Diagnostics
import FileIO
import FormImport
import Foundation
import QAModel
import Records
import Scoring

/// `qa import evaluations --from connect|genesys --template T.xml EXPORTS… --output RECORDS.jsonl`: past
/// evaluations exported from a platform become our evaluation records, re-scored and compared with the platform's
/// stored scores.
struct ImportEvaluations: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluations",
        abstract: "Turn past Amazon Connect or Genesys Cloud evaluations into evaluation records, re-scored.",
        discussion: """
            EXPORT is one or more JSON files (or folders of them) holding evaluations as the platform's API \
            returns them: for Amazon Connect the DescribeContactEvaluation response, or the evaluation JSON \
            Connect exports to the instance's S3 bucket (copy the bucket's Evaluations/ folder; each file's shape \
            is recognised by its keys), for Genesys Cloud the evaluation from GET /api/v2/quality/conversations/{conversationId}/evaluations/\
            {evaluationId} (or a list, or a listing with "entities"). TEMPLATE is the template made from the \
            same form by qa scorecard import: answers are matched to it through the platform ids it keeps.

            The records are written to --output (.jsonl or .csv), ready for qa score and qa import. Each \
            evaluation is re-scored by the template, and every one whose score differs from the score the \
            platform stored (by 0.01 or more) is listed with both figures. See docs/import.md.

            (To import a folder named "evaluations" into the workspace, write qa import ./evaluations.)

            Exit codes: 0 every evaluation was converted and scores as on the platform; 1 some evaluations \
            could not be converted, or some scores differ (the records are still written); 3 a file could not \
            be read or written; 64 wrong or missing options.
            """
    )

    @Option(help: "The platform the evaluations come from: connect or genesys.")
    var from: FormPlatform

    @Option(help: ArgumentHelp("The template imported from the evaluations' form (qa scorecard import).", valueName: "template.xml"))
    var template: String

    @Option(help: ArgumentHelp("Where to write the evaluation records (.jsonl or .csv).", valueName: "file"))
    var output: String

    @Argument(help: ArgumentHelp("The platform's evaluation exports (JSON files or folders of them).", valueName: "export"))
    var exports: [String]

    func validate() throws {
        if exports.isEmpty { throw ValidationError("give the evaluation export files or folders to read") }
        guard let format = RecordFormat(pathExtensionOf: output), format != .json else {
            throw ValidationError("--output must end in .jsonl or .csv (several evaluations go in one file)")
        }
    }

    func run() throws {
        try OutputOverlap.refuse(output: output, inputs: exports + [template], command: "import evaluations")
        let card = try TemplateFile.load(template)
        let items: [InputPaths.Item]
        do {
            items = try InputPaths.expand(exports, accepts: { extensionOf($0) == "json" },
                                          otherFileReason: "qa import evaluations reads .json exports")
        } catch {
            throw Problems.fail(error)
        }
        var converted: [(evaluation: PlatformEvaluation, file: String)] = []
        var problemCount = 0
        var answersLeftOut = 0
        var deletedSkipped = 0
        for case .file(let path) in items {
            if from == .connect, PlatformEvaluationImporter.isDeletedConnectExport(fileName: path.split(separator: "/").last.map(String.init) ?? path) {
                deletedSkipped += 1
                continue
            }
            let data: Data
            do {
                data = try BoundedFile.read(path, limit: FormImporter.sizeLimit)
            } catch {
                Problems.report(Problems.fileError(path, "cannot read the export (missing, unreadable, or over \(Limits.mebibytes(FormImporter.sizeLimit)))", rule: Rule.unreadableFile))
                throw Problems.exit(.cannotReadOrWrite)
            }
            do {
                let result = try PlatformEvaluationImporter.importEvaluations(data, from: from, template: card)
                for problem in result.problems {
                    Problems.report(Diagnostics.Diagnostic(DiagnosticLocation(file: path, field: problem.path),
                                                           rule: "import.evaluation", message: problem.message))
                }
                problemCount += result.problems.count
                answersLeftOut += result.answersLeftOut
                converted += result.evaluations.map { ($0, path) }
            } catch {
                for problem in error.problems {
                    Problems.report(Diagnostics.Diagnostic(DiagnosticLocation(file: path, field: problem.path),
                                                           rule: "import.evaluation", message: problem.message))
                }
                problemCount += error.problems.count
            }
        }

        let (latest, repeated) = PlatformEvaluation.latestOfEach(converted) { $0.evaluation }
        converted = latest

        let plan = ScoringPlan(card)
        var comparisons: [ScoreComparison] = []
        var written: [Evaluation] = []
        for (item, file) in converted {
            switch plan.score(item.evaluation) {
            case .success(let score):
                written.append(item.evaluation)
                comparisons.append(ScoreComparison(evaluationID: item.evaluation.id, platform: item.platformScore, ours: score.total))
            case .failure(let failure):
                problemCount += 1
                let reasons = failure.problems.map(\.description).joined(separator: "; ")
                Problems.report(Diagnostics.Diagnostic(
                    DiagnosticLocation(file: file, field: item.path), rule: "import.evaluation",
                    message: "evaluation \(item.evaluation.id) does not fit the template and was not written: \(reasons)"))
            }
        }
        try writeRecords(written, template: card)

        let differing = comparisons.filter(\.differs)
        let unscoredOnPlatform = comparisons.filter { $0.platform == nil }.count
        let platformName = from == .connect ? "Amazon Connect" : "Genesys Cloud"
        print("Converted \(written.count) evaluation\(written.count == 1 ? "" : "s") from \(platformName) against \(card.id) (version \(card.version)) into \(output).")
        if deletedSkipped > 0 {
            print("\(deletedSkipped) file\(deletedSkipped == 1 ? " was a deleted evaluation" : "s were deleted evaluations") (name ending _DELETED.json) and \(deletedSkipped == 1 ? "was" : "were") skipped.")
        }
        if repeated > 0 {
            print("\(repeated) file\(repeated == 1 ? "" : "s") repeated an evaluation already read (Connect writes each evaluation to two S3 paths, and again when it is edited and resubmitted): the latest submission of each was kept.")
        }
        if answersLeftOut > 0 {
            print("\(answersLeftOut) answer\(answersLeftOut == 1 ? "" : "s") to questions the template left out (free text, dates, NPS) were not carried over.")
        }
        if unscoredOnPlatform > 0 {
            print("\(unscoredOnPlatform) evaluation\(unscoredOnPlatform == 1 ? "" : "s") carried no platform score to compare with.")
        }
        print("Re-scored: \(comparisons.count - unscoredOnPlatform - differing.count) score as on the platform, \(differing.count) differ\(differing.isEmpty ? "." : ":")")
        if !differing.isEmpty {
            print(ScoreComparison.table(differing))
        }
        if problemCount > 0 {
            Problems.note(nil, "\(problemCount) problem\(problemCount == 1 ? "" : "s") (listed above): those evaluations were not written")
        }
        if problemCount > 0 || !differing.isEmpty { throw Problems.exit(.problemsFound) }
    }

    private func writeRecords(_ evaluations: [Evaluation], template card: Scorecard) throws {
        let format = RecordFormat(pathExtensionOf: output) ?? .jsonLines
        let writer = EvaluationWriter(format: format, scorecard: card)
        var text = writer.prologue
        do {
            for evaluation in evaluations { text += try writer.encode(evaluation) }
        } catch let missing as EvaluationWriter.MissingColumn {
            // Cannot happen for records read against the template (every criterion has its columns); kept exact.
            Problems.report(Problems.fileError(output, "evaluation \(missing.evaluationID) has \(missing.column), which a CSV "
                + "file for this template has no column for; write --output as .jsonl instead", rule: Rule.unwritableFile))
            throw Problems.exit(.cannotReadOrWrite)
        } catch {
            Problems.report(Problems.fileError(output, "an answer is not a finite number, so the records cannot be written "
                + "as JSON; check the export's numeric answers", rule: Rule.unwritableFile))
            throw Problems.exit(.cannotReadOrWrite)
        }
        do {
            try AtomicFile.write(text, to: output)
        } catch {
            throw Problems.fail(error, path: output, writing: true)
        }
    }
}

/// One evaluation's score as the platform stored it and as the template gives it.
struct ScoreComparison: Hashable, Sendable {
    var evaluationID: String
    var platform: Double?
    var ours: Double

    /// Scores differing by this much or more are listed: the platforms show scores to two decimals.
    static let tolerance = 0.01

    var differs: Bool {
        guard let platform else { return false }
        return abs(platform - ours) >= Self.tolerance - 1e-9
    }

    /// The listing of differing evaluations: id, the platform's score, ours, and the difference.
    static func table(_ rows: [ScoreComparison]) -> String {
        let width = max("evaluation".count, rows.map(\.evaluationID.count).max() ?? 0)
        func pad(_ text: String, _ count: Int) -> String { text + String(repeating: " ", count: max(0, count - text.count)) }
        func figure(_ value: Double) -> String { formatNumber((value * 100).rounded() / 100) }
        var lines = ["  " + pad("evaluation", width) + "  platform  qa      difference"]
        for row in rows {
            let platform = row.platform ?? 0
            let difference = row.ours - platform
            lines.append("  " + pad(row.evaluationID, width) + "  " + pad(figure(platform), 8) + "  " + pad(figure(row.ours), 6)
                         + "  " + (difference >= 0 ? "+" : "") + figure(difference))
        }
        return lines.joined(separator: "\n")
    }
}
