import Testing
@testable import DelimitedText

/// A deliberately plain reference reader: one byte at a time over the whole input, no buffers, no states
/// beyond "in quotes". Same rules as `CSVReader` (RFC 4180; blank lines skipped; CRLF, CR, LF; BOM skipped;
/// a bare quote inside an unquoted field is text; text after a closing quote is an error for that record).
func referenceRead(_ bytes: [UInt8]) -> [ReadEvent] {
    let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
    let n = bytes.count
    var i = 0
    if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
    var line = 1
    var index = 0
    var events: [ReadEvent] = []
    func breakLength(_ i: Int) -> Int {
        if bytes[i] == cr { return i + 1 < n && bytes[i + 1] == lf ? 2 : 1 }
        return bytes[i] == lf ? 1 : 0
    }
    func isEnd(_ c: UInt8) -> Bool { c == comma || c == cr || c == lf }
    while true {
        while i < n, breakLength(i) > 0 {
            i += breakLength(i)
            line += 1
        }
        if i >= n { return events }
        let recordLine = line
        var fields: [[UInt8]] = []
        var bad = false
        while true {
            var field: [UInt8] = []
            if i < n, bytes[i] == quote {
                i += 1
                while true {
                    if i >= n {
                        let endsWithLineEnd = n > 0 && (bytes[n - 1] == lf || bytes[n - 1] == cr)
                        events.append(.error(.unterminatedQuote(line: recordLine, lastLine: endsWithLineEnd ? line - 1 : line)))
                        return events
                    }
                    let c = bytes[i]
                    if c == quote {
                        if i + 1 < n, bytes[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    if c == cr || (c == lf && bytes[i - 1] != cr) { line += 1 }
                    field.append(c)
                    i += 1
                }
                if i < n, !isEnd(bytes[i]) {
                    bad = true
                    while i < n, !isEnd(bytes[i]) { i += 1 }
                }
            } else {
                while i < n, !isEnd(bytes[i]) {
                    field.append(bytes[i])
                    i += 1
                }
            }
            fields.append(field)
            if i >= n { break }
            if bytes[i] == comma {
                i += 1
                continue
            }
            i += breakLength(i)
            line += 1
            break
        }
        index += 1
        if bad {
            events.append(.error(.textAfterClosingQuote(line: recordLine, record: index)))
            continue
        }
        var strings: [String] = []
        var invalid: Int? = nil
        for (k, f) in fields.enumerated() {
            if let s = String(validating: f, as: UTF8.self) { strings.append(s) } else { invalid = k; break }
        }
        if let k = invalid {
            events.append(.error(.invalidUTF8(line: recordLine, record: index, field: k)))
        } else {
            events.append(.row(strings, line: recordLine, index: index))
        }
    }
}

/// SplitMix64: a small seeded generator so every failure can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct DifferentialAgainstReference {
    /// Well-formed CSV built from random fields full of commas, quotes, CR, LF, multi-byte text and BOM bytes,
    /// quoted when needed (and sometimes when not), with random line endings, blank lines and final newline.
    @Test(arguments: 0..<150)
    func generatedWellFormedInputs(seed: Int) {
        var rng = SplitMix64(state: UInt64(seed) &* 7919)
        let pieces = ["a", "b", ",", "\"", "\n", "\r", "\r\n", " ", "é", "日本", "\u{FEFF}", "x1", ""]
        let endings = ["\n", "\r\n", "\r"]
        var text = Bool.random(using: &rng) ? "\u{FEFF}" : ""
        var expectedRows: [[String]] = []
        let columns = Int.random(in: 1...5, using: &rng)
        let rowCount = Int.random(in: 1...12, using: &rng)
        for r in 0..<rowCount {
            var row: [String] = []
            for _ in 0..<columns {
                var f = ""
                for _ in 0..<Int.random(in: 0...4, using: &rng) { f += pieces.randomElement(using: &rng) ?? "" }
                row.append(f)
            }
            expectedRows.append(row)
            var encoded = row.map { f -> String in
                Bool.random(using: &rng) ? "\"" + f.replacingOccurrences("\"", "\"\"") + "\"" : CSVWriter.escape(f)
            }
            if columns == 1, row[0].isEmpty { encoded = ["\"\""] }
            // A field starting with U+FEFF at the very start of the input would read as a byte order mark.
            if r == 0, text.isEmpty, encoded[0].unicodeScalars.first == "\u{FEFF}" { text = "\u{FEFF}" }
            text += encoded.joined(separator: ",")
            let last = r == rowCount - 1
            if !last || Bool.random(using: &rng) { text += endings.randomElement(using: &rng) ?? "\n" }
            if Int.random(in: 0..<6, using: &rng) == 0 { text += endings.randomElement(using: &rng) ?? "\n" }
        }
        let bytes = Array(text.utf8)
        let events = readEveryChunking(bytes)
        #expect(events == referenceRead(bytes), "seed \(seed)")
        // The writer's formula guard (a CR first gets an apostrophe) is undone as the tool's own readers undo it.
        let fields = events.compactMap { if case .row(let f, _, _) = $0 { return f.map(CSVWriter.removingFormulaGuard) } else { return nil } }
        #expect(fields == expectedRows, "seed \(seed)")
    }

    /// Hostile byte soup: random sequences of quotes, commas, CR, LF, letters, partial UTF-8 and BOM bytes,
    /// read with every chunk size; rows and errors must match the reference exactly.
    @Test(arguments: 0..<300)
    func hostileInputs(seed: Int) {
        var rng = SplitMix64(state: UInt64(seed) &+ 1_000_003)
        let alphabet: [[UInt8]] = [[0x22], [0x22], [0x2C], [0x2C], [0x0D], [0x0A], [0x0D, 0x0A], [0x61], [0x62],
                                   [0xC3, 0xA9], [0xC3], [0xFF], [0xEF, 0xBB, 0xBF], [0x20]]
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...60, using: &rng) { bytes += alphabet.randomElement(using: &rng) ?? [] }
        let events = readEveryChunking(bytes, uniform: false)
        #expect(events == referenceRead(bytes), "seed \(seed) bytes \(bytes)")
    }
}

@Suite struct WriterRoundTrip {
    @Test(arguments: 0..<50)
    func writtenRecordsReadBackUnchanged(seed: Int) {
        var rng = SplitMix64(state: UInt64(seed) &+ 42)
        let pieces = ["a", ",", "\"", "\n", "\r", "\r\n", " ", "é", ""]
        let writer = CSVWriter(lineEnding: seed % 2 == 0 ? "\n" : "\r\n")
        let columns = Int.random(in: 1...4, using: &rng)
        var rows: [[String]] = []
        var text = ""
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            var row: [String] = []
            for _ in 0..<columns {
                var f = ""
                for _ in 0..<Int.random(in: 0...3, using: &rng) { f += pieces.randomElement(using: &rng) ?? "" }
                row.append(f)
            }
            rows.append(row)
            writer.append(row, to: &text)
        }
        let fields = read(text, chunkSize: 3).compactMap { e -> [String]? in
            if case .row(let f, _, _) = e { return f.map(CSVWriter.removingFormulaGuard) } else { return nil }
        }
        // Unchanged once the formula guard is taken off (pieces with a CR first were written as '\r…).
        #expect(fields == rows, "seed \(seed)")
    }

    @Test func quotesOnlyWhenNeeded() {
        // Hand-written: plain fields stay bare; comma, quote and line break force quotes; inner quotes double.
        #expect(CSVWriter().record(["a", "b c", "x,y", "say \"hi\"", "l1\nl2"]) == "a,b c,\"x,y\",\"say \"\"hi\"\"\",\"l1\nl2\"\n")
        #expect(CSVWriter().record([""]) == "\"\"\n")
        #expect(CSVWriter(lineEnding: "\r\n").record(["", ""]) == ",\r\n")
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

@Suite("The CSV formula guard")
struct FormulaGuardTests {
    @Test("fields a spreadsheet would run as formulas get an apostrophe, tab and CR first included")
    func guarded() {
        #expect(CSVWriter.escape("=SUM(A1)") == "'=SUM(A1)")
        #expect(CSVWriter.escape("+1") == "'+1")
        #expect(CSVWriter.escape("-2+3") == "'-2+3")
        #expect(CSVWriter.escape("@cmd") == "'@cmd")
        #expect(CSVWriter.escape("\t=1") == "'\t=1")
        #expect(CSVWriter.escape("\r=1") == "\"'\r=1\"")
        #expect(CSVWriter.escape("=1,2") == "\"'=1,2\"")
        #expect(CSVWriter().record(["-x", "ok"]) == "'-x,ok\n")
    }

    @Test("negative numbers and ordinary text are written as they are")
    func unguarded() {
        for field in ["-5", "-12.5", "-3e2", "-0.25E-3", "12", "agent-1", "a=b", ""] {
            #expect(CSVWriter.escape(field) == (field.isEmpty ? "" : field), "\(field)")
        }
        #expect(CSVWriter.escape("-") == "'-")
        #expect(CSVWriter.escape("-1.") == "'-1.")
        #expect(CSVWriter.escape("-1e") == "'-1e")
    }

    @Test("the guard is reversible, even for text that already starts with apostrophes")
    func reversible() {
        for field in ["=x", "'=x", "''@y", "'plain", "-5", "'-5", "\tz", "normal", ""] {
            var escaped = CSVWriter.escape(field)
            if escaped.hasPrefix("\"") {
                escaped = String(escaped.dropFirst().dropLast()).replacingOccurrences("\"\"", "\"")
            }
            #expect(CSVWriter.removingFormulaGuard(escaped) == field, "\(field)")
        }
    }
}
