import FileIO
import Foundation
import QAModel
import Workbench
import Workspace

/// Redaction on import (the default; `qa import --no-redact` turns it off): assessors' comments are redacted before
/// they are stored, and each call's transcript is read, redacted and written as a copy inside the workspace
/// (`.qa/transcripts/CALL.txt`, readable by its owner only), whose path is stored instead of the original's. The
/// user's own files are never changed. What was redacted is counted per record and kind — never shown.
final class ImportRedaction {
    private let redactor = Redactor()
    private let projectRoot: String?
    private let transcriptFolder: String?
    private(set) var total = RedactionCounts()
    private(set) var lines: [String] = []
    private(set) var transcriptsRedacted = 0
    private(set) var transcriptsUnread = 0
    private(set) var evaluationsRedacted = 0

    init(workspace: Workspace) {
        if let folder = workspace.location?.folder {
            transcriptFolder = folder + "/transcripts"
            projectRoot = (folder as NSString).deletingLastPathComponent
        } else {
            transcriptFolder = nil
            projectRoot = nil
        }
    }

    /// The evaluation with its comments redacted.
    func redact(_ evaluation: Evaluation) -> Evaluation {
        guard !evaluation.comments.isEmpty else { return evaluation }
        var copy = evaluation
        var counts = RedactionCounts()
        for (key, comment) in evaluation.comments {
            let (text, found) = redactor.redact(comment)
            copy.comments[key] = text
            counts.add(found)
        }
        if counts.total > 0 {
            evaluationsRedacted += 1
            total.add(counts)
            lines.append("evaluation \(Self.shown(evaluation.id)) comments: \(counts.words)")
        }
        return copy
    }

    /// For `CallStore.importTable`: the path of the redacted copy of the call's transcript (or the path as given
    /// when the transcript cannot be read or is already a copy inside the workspace).
    func transcript(callsFile: String) -> (String, String) throws -> String {
        { [self] callID, path in
            guard let transcriptFolder, let projectRoot, !path.hasPrefix(".qa/transcripts/") else { return path }
            let callsFolder = (callsFile as NSString).deletingLastPathComponent
            let candidates = path.hasPrefix("/") ? [path] : [projectRoot + "/" + path, (callsFolder.isEmpty ? "." : callsFolder) + "/" + path]
            guard let source = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0) }),
                  let data = FileManager.default.contents(atPath: source), data.count <= 16 << 20 else {
                transcriptsUnread += 1
                return path
            }
            let (text, counts) = redactor.redact(String(decoding: data, as: UTF8.self))
            let name = Self.fileName(callID)
            try FileManager.default.createDirectory(atPath: transcriptFolder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try AtomicFile.write(text, to: transcriptFolder + "/" + name)
            if counts.total > 0 {
                transcriptsRedacted += 1
                total.add(counts)
                lines.append("call \(Self.shown(callID)) transcript: \(counts.words)")
            }
            return ".qa/transcripts/" + name
        }
    }

    /// The import's report: one line per record with something redacted (at most 20), and the totals.
    func report() -> [String] {
        var out: [String] = []
        if total.total > 0 {
            out.append("  redacted:    \(total.words) (in \(transcriptsRedacted) transcripts and \(evaluationsRedacted) "
                + "evaluations' comments; each replaced by its kind, e.g. [phone number])")
            for line in lines.prefix(20) { out.append("    " + line) }
            if lines.count > 20 { out.append("    … and \(lines.count - 20) more") }
        }
        if transcriptsUnread > 0 {
            out.append("  transcripts: \(transcriptsUnread) could not be read, so they were not redacted or copied; "
                + "their paths are stored as given")
        }
        return out
    }

    static func fileName(_ callID: String) -> String {
        let safe = String(callID.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }.prefix(100))
        return (safe.isEmpty ? "call" : safe) + ".txt"
    }

    static func shown(_ id: String) -> String { id.count <= 64 ? id : "(a \(id.count)-character id)" }
}
