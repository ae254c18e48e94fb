import ArgumentParser
import Diagnostics
import Foundation
import QAModel
import FileIO
import Records
import ScorecardFormat

/// Loading a template for a command: every diagnostic printed compiler-style, exit 1 when it is invalid,
/// exit 3 when it cannot be read.
enum TemplateFile {
    static func load(_ path: String) throws -> Scorecard {
        let result: ScorecardLoadResult
        do {
            result = try ScorecardLoader.load(path: path)
        } catch {
            throw Problems.fail(error, path: path)
        }
        Problems.report(result, path: path)
        guard let scorecard = result.scorecard else {
            Problems.report(Diagnostics.Diagnostic(
                DiagnosticLocation(file: path), rule: "template.invalid",
                message: "the template has errors; fix them (qa scorecard validate \(path)) and try again"))
            throw Problems.exit(.problemsFound)
        }
        return scorecard
    }
}

extension Problems {
    /// Prints a template's diagnostics (at most `ScorecardLoader.maxDiagnostics`), then how many were left out.
    static func report(_ result: ScorecardLoadResult, path: String) {
        for diagnostic in result.diagnostics { report(diagnostic.shared) }
        if let omitted = result.omittedNote { note(path, omitted) }
    }
}

/// Where a report goes: standard output, or a file written atomically (all or nothing).
final class ReportSink {
    private let stream: AtomicFileStream?
    private let path: String?
    private var buffer: [UInt8] = []

    init(path: String?) throws {
        self.path = path
        if let path {
            do {
                stream = try AtomicFileStream(path: path)
            } catch {
                throw Problems.fail(error, path: path, writing: true)
            }
        } else {
            stream = nil
        }
    }

    func write(_ text: String) throws {
        if let stream {
            try stream.write(text)
        } else {
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= 1 << 16 { flushStandardOutput() }
        }
    }

    private func flushStandardOutput() {
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func commit() throws {
        flushStandardOutput()
        do {
            try stream?.commit()
        } catch {
            throw Problems.fail(error, path: path, writing: true)
        }
    }

    /// Abandons the report: a file is not written at all; what is still buffered for standard output is dropped.
    func discard() {
        buffer.removeAll()
        stream?.discard()
    }
}

extension ReportSink {
    /// Writes a finished report to standard output, or atomically to `path` (exit 3 when it cannot be written).
    static func emit(_ text: String, to path: String?) throws {
        let sink = try ReportSink(path: path)
        do {
            try sink.write(text)
        } catch {
            sink.discard()
            throw Problems.fail(error, path: path ?? "-", writing: true)
        }
        try sink.commit()
    }
}

/// An `--output` that is also one of the command's inputs would replace what the report is made from: refused
/// before any work, as a usage error (exit 64). The same file is found by device and inode, so another
/// spelling of its path, a link to it, or a folder that contains it are caught too.
enum OutputOverlap {
    static func refuse(output: String?, inputs: [String], command: String) throws {
        guard let output, let input = InputSources.argument(inputs, sameFileAs: output) else { return }
        let same = input == output ? "" : " (\(input))"
        Terminal.error("Error: --output \(output) is also one of the inputs\(same); writing there would replace "
            + "it. Choose another file for --output.\n  See 'qa \(command) --help' for more information.")
        throw Problems.exit(.usage)
    }
}

/// The evaluation inputs of a command: the arguments, or standard input when there are none — with a hint when
/// standard input is a terminal, so a user who forgot the file names is not left at a silent prompt.
enum EvaluationInputs {
    static func resolve(_ inputs: [String]) -> [String] {
        if !inputs.isEmpty { return inputs }
        if isatty(STDIN_FILENO) != 0 {
            Terminal.error("Reading evaluations from standard input (paste them, then press Ctrl-D; or give file or "
                + "folder names after the options).")
        }
        return ["-"]
    }
}
