import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ImportResult {
    /// The text put in a comment at the top of the imported template: where it came from, and every loss.
    public func commentText(source: String, platform: FormPlatform) -> String {
        let platformName = platform == .connect ? "Amazon Connect" : "Genesys Cloud"
        var lines = ["Imported from \(platformName) form \(source) by `qa scorecard import`."]
        lines.append("Every criterion is in the category \"\(FormImporter.importedCategory.id)\" (the platform has no categories); the pass mark is 0 (set your own).")
        if losses.isEmpty {
            lines.append("Everything in the form was carried over exactly.")
        } else {
            lines.append("\(losses.count) thing\(losses.count == 1 ? "" : "s") could not be carried over exactly:")
            for loss in losses { lines.append("- \(loss.path): \(loss.what) — \(loss.reason)") }
        }
        return lines.joined(separator: "\n")
    }
}

/// Writes a file so that readers see either the old content or the new, never a half-written file: the text
/// goes to a temporary file in the same directory, which is then renamed over the destination.
public enum AtomicFileWriter {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot write the file (\(reason))" }
    }

    public static func write(_ text: String, to path: String) throws(Failure) {
        let destination = URL(fileURLWithPath: path)
        let directory = destination.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try Data(text.utf8).write(to: temporary)
        } catch {
            throw Failure(path: path, reason: "the folder is missing or not writable")
        }
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(path: path, reason: reason)
        }
    }
}
