/// The call transcript shown beside the questions, a page at a time, numbered and wrapped for an 80-column
/// terminal.
public struct TranscriptPager: Sendable {
    /// The transcript's own lines.
    public let lines: [String]
    public let pageSize: Int
    /// The transcript line (0-based) the next page starts at.
    public private(set) var nextLine = 0

    public init(text: String, pageSize: Int = 20) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmed }
        while lines.last?.isEmpty == true { lines.removeLast() }
        self.lines = lines
        self.pageSize = max(1, pageSize)
    }

    /// The next page (starting again at the top after the last), or the page starting at a 1-based line number.
    public mutating func page(from line: Int? = nil) -> String {
        guard !lines.isEmpty else { return "The transcript is empty.\n" }
        if let line { nextLine = min(max(line - 1, 0), lines.count - 1) }
        if nextLine >= lines.count { nextLine = 0 }
        let end = min(nextLine + pageSize, lines.count)
        let width = String(lines.count).count
        var out = ""
        for n in nextLine..<end {
            let number = String(n + 1)
            let prefix = String(repeating: " ", count: width - number.count) + number + " | "
            let indent = String(repeating: " ", count: width) + " | "
            for (k, piece) in Self.wrap(lines[n], width: 80 - prefix.count).enumerated() {
                out += (k == 0 ? prefix : indent) + piece + "\n"
            }
        }
        let more = end < lines.count
            ? "type t for the next page, t 1 for the top" : "end of transcript; t starts again at the top"
        out += "(transcript lines \(nextLine + 1)–\(end) of \(lines.count); \(more))\n"
        nextLine = end
        return out
    }

    /// Splits a line into pieces no wider than `width` characters, breaking at spaces where possible.
    static func wrap(_ line: String, width: Int) -> [String] {
        guard line.count > width, width > 10 else { return [line] }
        var pieces: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            var word = Substring(word)
            while word.count > width {  // a word longer than the line: cut it
                if !current.isEmpty { pieces.append(current); current = "" }
                pieces.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                pieces.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty || pieces.isEmpty { pieces.append(current) }
        return pieces
    }
}
