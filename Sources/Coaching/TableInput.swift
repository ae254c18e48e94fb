/// A problem with one row of a table the plan reads (KPI calls, exclusion windows), for `file:row: message`
/// diagnostics; the caller adds the file name.
public struct TableProblem: Hashable, Sendable, CustomStringConvertible {
    /// 1-based row number in the file, counting the header as row 1 (0 for a problem with the whole file).
    public var row: Int
    /// The column the problem is in, if any.
    public var field: String?
    public var message: String

    public init(row: Int, field: String?, message: String) {
        self.row = row
        self.field = field
        self.message = message
    }

    /// `row: field 'x': message` — prefix the file name to get `file:row: ...`.
    public var description: String {
        "\(row): " + (field.map { "field '\($0)': " } ?? "") + message
    }
}

/// A table read from a delimited file: its header and its data rows, each with its row number in the file.
public struct TableRows: Sendable {
    public var header: [String]
    public var rows: [(row: Int, fields: [String])]

    public init(header: [String], rows: [(row: Int, fields: [String])]) {
        self.header = header
        self.rows = rows
    }

    /// The column index of each header name (trimmed, lower-cased); the first occurrence wins.
    func columns() -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            let key = name.trimmingSpaces.lowercased()
            if index[key] == nil { index[key] = i }
        }
        return index
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
