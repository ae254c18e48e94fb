import ArgumentParser
import Diagnostics
import Evaluator
import Foundation
import QAModel
import FileIO
import Records
import ScorecardFormat
import TextEscaping

/// `qa evaluate`: score one call in the terminal, question by question.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score one call question by question, then save the evaluation.",
        discussion: """
            Walks you through the scorecard section by section. Answer each question by its number or its \
            name, add a comment when you want to (some answers require one), and type ? at any prompt for \
            help, b to go back, s for the score so far, t to page through the transcript, q to stop and \
            continue later. At the end you see a summary and confirm it.

            Your answers are saved to a draft after every question (OUTPUT.draft.json, or CALL.draft.json in \
            this folder without --output); run the same command again to resume. The draft is removed once \
            the evaluation is saved.

            With --output the evaluation is written there as JSON. Without it, the JSON is printed to standard \
            output and the questions go to standard error, so `qa evaluate … > record.json` keeps only the \
            record. Answers can also be piped in, one per line.

            Exit codes: 0 saved; 1 not finished (stopped, input ended, not confirmed) or the scorecard has \
            errors; 3 a file could not be read or written; 64 wrong or missing options, or --output already holds a \
            saved evaluation (never replaced); 130 interrupted with \
            Ctrl-C (the draft keeps every confirmed answer).
            """
    )

    @OptionGroup var template: ScorecardOption

    @Option(help: ArgumentHelp("The call's id, as in your call recording system.", valueName: "id"))
    var call: String

    @Option(help: ArgumentHelp("The agent who handled the call.", valueName: "id"))
    var agent: String

    @Option(help: ArgumentHelp("You, the assessor scoring the call.", valueName: "id"))
    var assessor: String

    @Option(help: ArgumentHelp("The agent's team.", valueName: "id"))
    var team: String?

    @Option(name: .customLong("call-date"), help: ArgumentHelp("The date of the call (default: today).", valueName: "YYYY-MM-DD"))
    var callDate: String?

    @Option(help: ArgumentHelp("A text file with the call transcript, shown beside the questions.", valueName: "file"))
    var transcript: String?

    @Option(help: ArgumentHelp("Where to save the evaluation (JSON). Inside a workspace, without --output, it is saved in the "
                               + "workspace.", valueName: "path"))
    var output: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if let callDate, CalendarDay(callDate) == nil {
            throw ValidationError("--call-date '\(callDate)' is not a date; write it as YYYY-MM-DD (years 0001–9999), e.g. 2026-11-02.")
        }
        for (name, value) in [("--call", call), ("--agent", agent), ("--assessor", assessor)] where value.isEmpty {
            throw ValidationError("\(name) must not be empty.")
        }
        for (name, value) in [("--call", call), ("--agent", agent), ("--assessor", assessor), ("--team", team ?? "x")] {
            if value.unicodeScalars.count > Limits.idLength || value.unicodeScalars.contains(where: Escaping.isControl) {
                throw ValidationError("\(name) must be an id of at most \(Limits.idLength) characters, without control characters.")
            }
        }
    }

    func run() throws {
        if output == nil, let location = try workspaceOptions.locate() {
            try runInWorkspace(try WorkspaceProblems.opening(location))
            return
        }
        let templatePath = try template.file(command: "evaluate")
        try OutputOverlap.refuse(output: output, inputs: [templatePath] + (transcript.map { [$0] } ?? []), command: "evaluate")
        if let output {
            var outputIsFolder: ObjCBool = false
            if output.hasSuffix("/") || (FileManager.default.fileExists(atPath: output, isDirectory: &outputIsFolder)
                                         && outputIsFolder.boolValue) {
                Problems.report(Problems.fileError(output, "this is a folder; give --output a file name, e.g. \(output.hasSuffix("/") ? output : output + "/")\(call).json", rule: Rule.unwritableFile))
                throw Problems.exit(.cannotReadOrWrite)
            }
            let folder = URL(fileURLWithPath: output).deletingLastPathComponent().path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                Problems.report(Problems.fileError(output, "the folder \(folder) does not exist; create it or choose another --output", rule: Rule.unwritableFile))
                throw Problems.exit(.cannotReadOrWrite)
            }
            // A saved evaluation is never replaced (issue 10: a second call's evaluation silently replaced the
            // first's). Devices, pipes and standard output are written in place as before.
            if let attributes = try? FileManager.default.attributesOfItem(atPath: output),
               attributes[.type] as? FileAttributeType == .typeRegular,
               ((attributes[.size] as? NSNumber)?.intValue ?? 0) > 0 {
                Terminal.error("Error: \(Escaping.terminal(output)) already holds a saved evaluation, and qa evaluate never replaces "
                    + "one; give this call its own file (e.g. --output \(Escaping.terminal(call)).json) or move the old file first.\n"
                    + "  See 'qa evaluate --help' for more information.")
                throw ExitCode.validationFailure
            }
        }
        let drafts = DraftFile(url: URL(fileURLWithPath: SessionSetup.draftPath(output: output, callID: call)))
        if let obstacle = drafts.obstacle {
            // A folder (or link, or device) where the draft goes is never replaced or removed.
            Problems.report(Problems.fileError(drafts.location, obstacle, rule: Rule.unwritableFile))
            throw Problems.exit(.cannotReadOrWrite)
        }
        let scorecardTemplate = try TemplateFile.load(templatePath)
        let setup = try sessionSetup()

        let outcome: SessionOutcome
        if output == nil {
            var session = EvaluationSession(scorecard: scorecardTemplate, setup: setup, input: StandardInputLines(),
                                            output: StandardErrorText(), drafts: drafts)
            outcome = session.run()
        } else {
            var session = EvaluationSession(scorecard: scorecardTemplate, setup: setup, input: StandardInputLines(),
                                            output: StandardOutputText(), drafts: drafts)
            outcome = session.run()
        }
        try save(outcome, drafts: drafts)
    }

    /// The session's settings for a workspace session.
    func sessionSetupForWorkspace() throws -> SessionSetup { try sessionSetup() }

    /// The session's settings: the call, people, date and the transcript (read and size-checked).
    private func sessionSetup() throws -> SessionSetup {
        var transcriptText: String?
        if let transcript {
            do {
                let data = try BoundedFile.read(transcript, limit: Limits.transcriptBytes)
                transcriptText = String(decoding: data, as: UTF8.self)
            } catch .tooLarge(let size) {
                let what = size.map { "is \(Limits.text($0)) bytes, over" } ?? "is over"
                Problems.report(Problems.fileError(transcript, "the transcript \(what) the \(Limits.mebibytes(Limits.transcriptBytes)) "
                    + "limit for a transcript, so it was not read; give a shorter extract of the call", rule: "evaluate.transcript-too-large"))
                throw Problems.exit(.problemsFound)
            } catch {
                Problems.report(Problems.fileError(transcript, "cannot read the transcript file", rule: Rule.unreadableFile))
                throw Problems.exit(.cannotReadOrWrite)
            }
        }
        return SessionSetup(
            callID: call, agentID: agent, teamID: team, assessorID: assessor,
            callDate: callDate.flatMap(CalendarDay.init) ?? SessionSetup.today(), transcript: transcriptText,
            echoInput: !StandardInputLines.isTerminal)
    }

    /// Saves a confirmed evaluation to --output or standard output.
    private func save(_ outcome: SessionOutcome, drafts: DraftFile) throws {
        guard case .confirmed(let record) = outcome else { throw Problems.exit(.problemsFound) }
        let json: String
        do {
            json = try EvaluationWriter(format: .json).encode(record)
        } catch {
            Problems.report(Problems.fileError(nil, "the evaluation could not be written as JSON; your answers are in the draft \(drafts.location)", rule: Rule.unwritableFile))
            throw Problems.exit(.cannotReadOrWrite)
        }
        if let output {
            do {
                try AtomicFile.write(json, to: output)
            } catch {
                let reason = (error as? FileError)?.reason ?? "the file could not be written"
                Problems.report(Problems.fileError(output, "the evaluation could not be saved (\(reason)); "
                                                   + "your answers are still in the draft \(drafts.location)", rule: Rule.unwritableFile))
                throw Problems.exit(.cannotReadOrWrite)
            }
            print("Saved evaluation \(Escaping.terminal(record.id)) to \(Escaping.terminal(output)).")
        } else {
            FileHandle.standardOutput.write(Data(json.utf8))
            Terminal.error("Evaluation \(Escaping.terminal(record.id)) printed to standard output.")
        }
        do {
            try drafts.delete()
        } catch {
            Problems.report(Diagnostics.Diagnostic(DiagnosticLocation(file: drafts.location), .note, rule: "evaluate.draft-left",
                                                   message: "the draft could not be removed; delete it yourself"))
        }
    }
}

/// Standard error, for the conversation when standard output carries the record.
private struct StandardErrorText: TextOutput {
    mutating func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

