import TextEscaping
/// A ratings table: units (calls) in rows, raters (assessors) in columns, some ratings missing.
///
/// Ratings are held as category codes into `categories`, the distinct rated values in ascending order,
/// so statistics touch small integers and a 0–100 or continuous scale costs no more memory than a
/// 1–5 one. Nominal data may use labels ("yes", "no", "a", …): labels become categories 0, 1, 2, …
/// in the order they are first seen, and `labels` keeps their text.
public struct RatingsTable: Sendable {
    /// The unit (call) ids, one per row.
    public let unitIDs: [String]
    /// The rater (assessor) names, one per column.
    public let raterNames: [String]
    /// The distinct rated values in ascending order; a rating is an index into this array.
    public let categories: [Double]
    /// For label data, the label of each category (same order as `categories`); nil for numbers.
    public let labels: [String]?
    /// Row-major category codes, `unitCount × raterCount`; -1 marks a missing rating.
    let codes: [Int32]

    public var unitCount: Int { unitIDs.count }
    public var raterCount: Int { raterNames.count }

    /// The rating `rater` gave `unit`, or nil when missing (for label data, the category number).
    public func value(unit: Int, rater: Int) -> Double? {
        let code = codes[unit * raterNames.count + rater]
        return code < 0 ? nil : categories[Int(code)]
    }

    /// The label `rater` gave `unit`, or nil when missing; numbers are formatted for numeric data.
    public func label(unit: Int, rater: Int) -> String? {
        let code = codes[unit * raterNames.count + rater]
        guard code >= 0 else { return nil }
        if let labels { return labels[Int(code)] }
        return RatingsTable.format(categories[Int(code)])
    }

    static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(x)
    }

    /// A table from ratings in memory: `ratings[unit][rater]`, nil where missing.
    /// Rows shorter than `raterNames` are padded with missing ratings; non-finite values count as missing.
    public init(unitIDs: [String], raterNames: [String], ratings: [[Double?]]) {
        let raters = raterNames.count
        var flat = [Double](repeating: .nan, count: unitIDs.count * raters)
        for (u, row) in ratings.prefix(unitIDs.count).enumerated() {
            for (r, x) in row.prefix(raters).enumerated() { if let x { flat[u * raters + r] = x } }
        }
        self.init(unitIDs: unitIDs, raterNames: raterNames, rowMajorValues: flat)
    }

    /// A table from a row-major buffer of `unitIDs.count × raterNames.count` values; NaN (or any
    /// non-finite value) marks a missing rating. The cheapest way to build a large table.
    public init(unitIDs: [String], raterNames: [String], rowMajorValues values: [Double]) {
        precondition(values.count == unitIDs.count * raterNames.count, "values must be units × raters")
        self.unitIDs = unitIDs
        self.raterNames = raterNames
        self.labels = nil
        (self.codes, self.categories) = RatingsTable.encode(values)
    }

    /// A table of labels (nominal data): `labels[unit][rater]`, nil where missing. Categories are
    /// numbered in first-seen order, reading row by row.
    public init(unitIDs: [String], raterNames: [String], labelRatings: [[String?]]) {
        let raters = raterNames.count
        var codes = [Int32](repeating: -1, count: unitIDs.count * raters)
        var index: [String: Int32] = [:]
        var labels: [String] = []
        for (u, row) in labelRatings.prefix(unitIDs.count).enumerated() {
            for (r, label) in row.prefix(raters).enumerated() {
                guard let label else { continue }
                if let code = index[label] {
                    codes[u * raters + r] = code
                } else {
                    let code = Int32(labels.count)
                    index[label] = code
                    labels.append(label)
                    codes[u * raters + r] = code
                }
            }
        }
        self.unitIDs = unitIDs
        self.raterNames = raterNames
        self.codes = codes
        self.labels = labels
        self.categories = labels.indices.map(Double.init)
    }

    private init(unitIDs: [String], raterNames: [String], codes: [Int32], categories: [Double], labels: [String]?) {
        self.unitIDs = unitIDs
        self.raterNames = raterNames
        self.codes = codes
        self.categories = categories
        self.labels = labels
    }

    /// The same table restricted to the given units (in that order, repeats allowed).
    public func units(_ selection: [Int]) -> RatingsTable {
        let raters = raterNames.count
        var codes: [Int32] = []
        codes.reserveCapacity(selection.count * raters)
        for u in selection { codes.append(contentsOf: self.codes[(u * raters)..<((u + 1) * raters)]) }
        return RatingsTable(unitIDs: selection.map { unitIDs[$0] }, raterNames: raterNames,
                            codes: codes, categories: categories, labels: labels)
    }

    /// Maps values to codes into the sorted distinct values. Small integer scales take a direct path;
    /// anything else goes through a dictionary once.
    static func encode(_ values: [Double]) -> (codes: [Int32], categories: [Double]) {
        var low = Double.infinity, high = -Double.infinity, integral = true
        for x in values where x.isFinite {
            if x < low { low = x }
            if x > high { high = x }
            if integral, x != x.rounded() { integral = false }
        }
        guard low <= high else { return ([Int32](repeating: -1, count: values.count), []) }
        // The direct path converts to Int: only for values well inside its range (1e19 would trap).
        if integral, high - low < 1_048_576, low.magnitude < 1e15, high.magnitude < 1e15 {
            let base = Int(low)
            var used = [Int32](repeating: -1, count: Int(high - low) + 1)
            for x in values where x.isFinite { used[Int(x) - base] = 0 }
            var categories: [Double] = []
            for i in used.indices where used[i] == 0 {
                used[i] = Int32(categories.count)
                categories.append(Double(base + i))
            }
            let codes = values.map { x -> Int32 in x.isFinite ? used[Int(x) - base] : -1 }
            return (codes, categories)
        }
        var index: [Double: Int32] = [:]
        var firstSeen: [Double] = []
        var codes = values.map { x -> Int32 in
            guard x.isFinite else { return -1 }
            let key = x == 0 ? 0 : x  // -0.0 and 0.0 are one value
            if let code = index[key] { return code }
            let code = Int32(firstSeen.count)
            index[key] = code
            firstSeen.append(key)
            return code
        }
        let order = firstSeen.indices.sorted { firstSeen[$0] < firstSeen[$1] }
        var rank = [Int32](repeating: 0, count: order.count)
        for (position, old) in order.enumerated() { rank[old] = Int32(position) }
        for i in codes.indices where codes[i] >= 0 { codes[i] = rank[Int(codes[i])] }
        return (codes, order.map { firstSeen[$0] })
    }
}

/// A problem found while reading a ratings table, with the line it was found on.
public struct RatingsTableProblem: Hashable, Sendable, CustomStringConvertible {
    /// The line of the input (1-based); the header is the first row's line.
    public let line: Int
    public let message: String
    public var description: String { "\(line): \(message)" }
}

/// Every problem found in a ratings table, reported together.
public struct RatingsTableError: Error, Sendable {
    public let problems: [RatingsTableProblem]
}

extension RatingsTable {
    /// Reads a table from rows of text fields: the first row is the header (first column the unit
    /// column, then one rater name per column); every further row is a unit id then one rating per
    /// rater, blank for missing. `lines` gives each row's line number in the file (default: row
    /// number). Numbers are required except at the nominal level, where labels are allowed (if any
    /// rating is not a number, every rating is read as a label). Throws `RatingsTableError` listing
    /// every problem found.
    public static func parse(rows: [[String]], lines: [Int]? = nil, level: AgreementLevel) throws -> RatingsTable {
        func line(_ i: Int) -> Int { lines.map { i < $0.count ? $0[i] : i + 1 } ?? i + 1 }
        var problems: [RatingsTableProblem] = []
        guard let header = rows.first else {
            throw RatingsTableError(problems: [RatingsTableProblem(
                line: 1, message: "the file is empty; expected a header row: unit id, then one column per rater")])
        }
        let (raterNames, headerProblems) = Self.raterNames(header: header, line: line(0))
        problems += headerProblems
        var unitIDs: [String] = []
        var cells: [[String?]] = []
        var cellLines: [Int] = []
        var seenUnit: [String: Int] = [:]
        for i in rows.indices.dropFirst() {
            let row = rows[i]
            if row.allSatisfy({ trimmed($0).isEmpty }) { continue }  // blank line
            let id = trimmed(row[0])
            var ok = true
            if row.count != header.count {
                problems.append(.init(line: line(i), message: "this row has \(row.count) fields but the header has \(header.count) (unit id + \(raterNames.count) raters)"))
                ok = false
            }
            if id.isEmpty {
                problems.append(.init(line: line(i), message: "the unit id (column \(Quoting.quoted(trimmed(header[0]), kind: "name"))) is blank"))
                ok = false
            } else if let first = seenUnit[id] {
                problems.append(.init(line: line(i), message: "unit \(Quoting.quoted(id, kind: "id")) appears again (first on line \(first)); each unit must be one row"))
                ok = false
            } else {
                seenUnit[id] = line(i)
            }
            guard ok else { continue }
            unitIDs.append(id)
            cells.append(row.dropFirst().map { let t = trimmed($0); return t.isEmpty ? nil : t })
            cellLines.append(line(i))
        }
        // Numbers, or labels at the nominal level.
        var numbers = [Double](repeating: .nan, count: unitIDs.count * raterNames.count)
        var allNumeric = true
        for (u, row) in cells.enumerated() {
            for (r, cell) in row.enumerated() {
                guard let cell else { continue }
                if let x = number(cell), x.isFinite {
                    numbers[u * raterNames.count + r] = x
                } else if level == .nominal {
                    allNumeric = false
                } else {
                    problems.append(.init(line: cellLines[u], message: "rater \(Quoting.quoted(raterNames[r], kind: "name")) (unit \(Quoting.quoted(unitIDs[u], kind: "id"))): \(Quoting.quoted(cell, kind: "value")) is not a number; \(level.rawValue) ratings must be numbers (labels are allowed only with --level nominal)"))
                }
            }
        }
        if !problems.isEmpty { throw RatingsTableError(problems: problems) }
        if allNumeric {
            return RatingsTable(unitIDs: unitIDs, raterNames: raterNames, rowMajorValues: numbers)
        }
        return RatingsTable(unitIDs: unitIDs, raterNames: raterNames, labelRatings: cells)
    }

    /// The rater names of a header row (its fields after the unit id column), with the problems found: no rater
    /// column, a column without a name, a name given twice.
    static func raterNames(header: [String], line: Int) -> (names: [String], problems: [RatingsTableProblem]) {
        var problems: [RatingsTableProblem] = []
        let raterNames = header.dropFirst().map(trimmed)
        if raterNames.isEmpty {
            problems.append(.init(line: line, message: "the header has no rater columns; expected a unit id column, then one column per rater"))
        }
        var seenRater: [String: Int] = [:]
        for (i, name) in raterNames.enumerated() {
            if name.isEmpty {
                problems.append(.init(line: line, message: "column \(i + 2) of the header has no rater name"))
            } else if let first = seenRater[name] {
                problems.append(.init(line: line, message: "rater \(Quoting.quoted(name, kind: "name")) appears in columns \(first + 2) and \(i + 2)"))
            } else {
                seenRater[name] = i
            }
        }
        return (raterNames, problems)
    }

    /// A cell as a number: up to 9 ASCII digits (the usual rating, "4", "100") read directly, anything else
    /// by `Double(_:)` (the same value either way; nil when it is not a number).
    static func number(_ cell: String) -> Double? {
        let utf8 = cell.utf8
        if !utf8.isEmpty, utf8.count <= 9 {
            var value = 0
            var digitsOnly = true
            for byte in utf8 {
                guard byte >= 0x30, byte <= 0x39 else { digitsOnly = false; break }
                value = value * 10 + Int(byte - 0x30)
            }
            if digitsOnly { return Double(value) }
        }
        return Double(cell)
    }

    static func trimmed(_ s: String) -> String {
        // Fast path for the usual cell ("4", "yes"): an ASCII letter, digit or sign at both ends is a whole
        // Character that is not whitespace, so there is nothing to trim (and no Character to classify).
        let printable: ClosedRange<UInt8> = 0x21...0x7E
        if let first = s.utf8.first, let last = s.utf8.last, printable.contains(first), printable.contains(last) { return s }
        var view = Substring(s)
        while let c = view.first, c.isWhitespace { view.removeFirst() }
        while let c = view.last, c.isWhitespace { view.removeLast() }
        return String(view)
    }
}
