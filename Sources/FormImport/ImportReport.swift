import Foundation

extension ImportResult {
    /// The text put in a comment at the top of the imported template: where it came from, and every loss.
    public func commentText(source: String, platform: FormPlatform) -> String {
        let platformName = platform == .connect ? "Amazon Connect" : "Genesys Cloud"
        var lines = ["Imported from \(platformName) form \(source) by `qa scorecard import`."]
        lines.append("Every criterion is in the category \"\(FormImporter.importedCategory.id)\" (the platform has no categories); the pass mark is 0 (set your own).")
        lines.append("Each section, criterion and answer option keeps the platform's own id in platform-id, so past evaluations can be matched to it (`qa import evaluations`).")
        if losses.isEmpty {
            lines.append("Everything in the form was carried over exactly.")
        } else {
            lines.append("\(losses.count) thing\(losses.count == 1 ? "" : "s") could not be carried over exactly:")
            for loss in losses { lines.append("- \(loss.path): \(loss.what) — \(loss.reason)") }
        }
        return lines.joined(separator: "\n")
    }
}
