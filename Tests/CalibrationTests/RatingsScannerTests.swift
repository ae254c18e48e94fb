import DelimitedText
import Foundation
import JSON
import Testing
@testable import Calibration

/// The fast path of `qa agreement` (CSV bytes straight into counts) against the general path (the CSV reader, rows
/// of Strings, `RatingsTable.parse`): the same report, bit for bit, or the fast path gives the table up.
@Suite struct RatingsScannerTests {
    /// The general path, as `qa agreement` runs it.
    static func general(_ bytes: [UInt8], level: AgreementLevel) throws -> RatingsTable {
        var reader = CSVReader(bytes: bytes)
        reader.requiresUniformFieldCount = false
        var rows: [[String]] = []
        var lines: [Int] = []
        while let row = try reader.next() {
            rows.append(row.fields)
            lines.append(row.line)
        }
        return try RatingsTable.parse(rows: rows, lines: lines, level: level)
    }

    /// The fast path, fed `chunk` bytes at a time; nil when it gives the table up.
    static func fast(_ bytes: [UInt8], level: AgreementLevel, chunk: Int,
                     statistics: Set<AgreementStatistic> = AgreementStatistic.defaults) -> RatingsCounts? {
        let scanner = RatingsScanner(gather: AgreementReport.gather(for: statistics, level: level), maxCategories: 1_000)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            let ok = bytes[start..<end].withUnsafeBufferPointer { scanner.consume($0) }
            if !ok { return nil }
            start = end
        }
        return scanner.finish()
    }

    static func json(_ report: AgreementReport) throws -> String {
        try JSONValueEncoder(sortedKeys: true).text(report, style: .compact)
    }

    /// A random table as CSV text: blanks, whole and decimal ratings, negative ones, CRLF or LF, a BOM, blank lines,
    /// with or without a final line end; with every rating in quotes when `quoted`.
    static func randomCSV(seed: UInt64, quoted: Bool = false) -> (text: String, level: AgreementLevel) {
        var g = SeededGenerator(seed: seed)
        func pick(_ n: Int) -> Int { Int(g.below(UInt64(n))) }
        let raters = 1 + pick(8), units = pick(80)
        let scales: [[String]] = [
            ["1", "2", "3", "4", "5"], ["0", "1"], ["1.5", "2.25", "3", "10.125", "-2", "-0.5"],
            (0...100).map(String.init), ["007", "7", "12", "-0", "0"], ["3"],
        ]
        let scale = scales[pick(scales.count)]
        let blank = pick(4)  // 0, 25, 50, 75% blank
        let newline = pick(2) == 0 ? "\n" : "\r\n"
        var text = pick(3) == 0 ? "\u{FEFF}" : ""
        text += "call," + (0..<raters).map { "rater \($0)" }.joined(separator: ",") + newline
        for u in 0..<units {
            if pick(15) == 0 { text += newline }
            let cells = (0..<raters).map { _ in pick(4) < blank ? "" : scale[pick(scale.count)] }
            // Ids out of byte order now and then.
            text += "c\(u * 7 % units)-\(u)," + cells.map { quoted ? "\"\($0)\"" : $0 }.joined(separator: ",") + newline
        }
        if pick(3) == 0, !text.isEmpty { text.removeLast() }  // no final line end ("\r\n" is one Character)
        let level = AgreementLevel.allCases[pick(4)]
        return (text, scale.contains { $0.hasPrefix("-") } && level == .ratio ? .interval : level)
    }

    @Test("the fast path and the general path give the same report on 300 random tables, any chunk size",
          arguments: 0..<300)
    func sameReport(seed: Int) throws {
        let (text, level) = Self.randomCSV(seed: UInt64(seed))
        let bytes = Array(text.utf8)
        let table = try Self.general(bytes, level: level)
        let chunk = [1, 2, 3, 7, 64, 1 << 20][seed % 6]
        let counts = try #require(Self.fast(bytes, level: level, chunk: chunk), "the scanner gave up on seed \(seed)")
        #expect(counts.unitCount == table.unitCount)
        #expect(counts.categories == table.categories)
        let bootstrap = AgreementReport.BootstrapRequest(samples: 20, seed: 3)
        let viaTable = AgreementReport(table: table, level: level, bootstrap: bootstrap)
        let viaCounts = AgreementReport(counts: counts, level: level, bootstrap: bootstrap)
        #expect(try Self.json(viaTable) == Self.json(viaCounts), "seed \(seed)")
        #expect(viaTable.text() == viaCounts.text())
    }

    @Test("a table the scanner does not take is given up, never misread",
          arguments: [
              "call,a,b\nc1,\"4\",5\n",            // a quoted cell
              "call,a,b\nc1,4,\"5\"\n",
              "\"call\",a,b\nc1,4,5\n",            // a quoted header
              "call,a,b\nc1,yes,no\n",             // labels
              "call,a,b\nc1, 4,5\n",               // a space around a cell
              "call,a,b\nc1,4 ,5\n",
              "call,a,b\nc1,1e3,5\n",              // an exponent
              "call,a,b\nc1,+4,5\n",               // a sign Double reads but the scanner does not
              "call,a,b\nc1,.5,5\n",
              "call,a,b\nc1,4.,5\n",
              "call,a,b\nc1,12345678901234567890,5\n",  // more digits than a Double holds exactly
              "call,a,b\nc1,4,5\nc1,3,3\n",        // a unit given twice
              "call,a,b\nc2,4,5\nc1,3,3\nc2,1,1\n",  // … out of order
              "call,a,b\nc1,4,5,6\n",              // too many cells
              "call,a,b\nc1,4\n",                  // too few
              "call,a,b\nc1\n",
              "call,a,b\n,4,5\n",                  // a blank unit id
              "call,a,b\n c1,4,5\n",               // an id to trim
              "call,a,a\nc1,4,5\n",                // a rater twice
              "call\nc1\n",                        // no raters
              "",                                  // an empty file
              "call,a,b\nc\u{e9},4,5\n",           // an id not in ASCII
          ])
    func unusualTablesAreGivenUp(_ text: String) {
        for chunk in [1, 5, 1 << 20] {
            #expect(Self.fast(Array(text.utf8), level: .interval, chunk: chunk) == nil, "\(text.debugDescription), chunk \(chunk)")
        }
    }

    @Test("quoted cells, read the general way, give the same report as the same table unquoted, read the fast way")
    func quotedCellsGiveTheSameReport() throws {
        for seed in 0..<40 {
            let (text, level) = Self.randomCSV(seed: UInt64(1_000 + seed))
            let (quoted, _) = Self.randomCSV(seed: UInt64(1_000 + seed), quoted: true)
            let quotedBytes = Array(quoted.utf8)
            if quoted.contains("\"") { #expect(Self.fast(quotedBytes, level: level, chunk: 1 << 20) == nil) }
            let counts = try #require(Self.fast(Array(text.utf8), level: level, chunk: 1 << 20))
            let table = try Self.general(quotedBytes, level: level)
            #expect(try Self.json(AgreementReport(table: table, level: level)) == Self.json(AgreementReport(counts: counts, level: level)),
                    "seed \(seed)")
        }
    }

    @Test("numbers are read as Double(_:) reads them", arguments: [
        "0", "7", "007", "-3", "-0", "2.5", "0.1", "0.3", "3.14159", "-0.000001", "123456789.123456", "9007199254740992",
        "1.0000000000000002", "0.1234567890123456789012",
    ])
    func numbersAsDouble(_ cell: String) throws {
        let bytes = Array(cell.utf8)
        let fast = bytes.withUnsafeBufferPointer { RatingsScanner.number($0.baseAddress!, count: $0.count) }
        if let fast {
            let plain = try #require(Double(cell))
            #expect(fast == (plain == 0 ? 0 : plain), "\(cell)")
        }
    }

    @Test("a table of more than 100,000 calls (the old limit) is read, with every unit counted")
    func manyCallsAreRead() throws {
        var text = "call,a,b,c\n"
        var g = SeededGenerator(seed: 14)
        for u in 0..<120_000 {
            text += "c\(u)"
            for _ in 0..<3 { text += g.below(10) == 0 ? "," : ",\(1 + g.below(5))" }
            text += "\n"
        }
        let counts = try #require(Self.fast(Array(text.utf8), level: .interval, chunk: 1 << 20))
        #expect(counts.unitCount == 120_000)
        #expect(counts.categories == [1, 2, 3, 4, 5])
    }

    // MARK: Each rater against the others

    @Test("with two raters, each one's kappa against the other is their Cohen's kappa")
    func twoRatersKappaIsCohen() throws {
        for name in ["sas_table10_2raters.csv", "gwet_cont3x3abstractors.csv", "kripp2004_binary_2obs_10units.csv"] {
            let table = try AgreementFixtures.table(name)
            guard table.raterCount == 2 else { continue }
            let cohen = try #require(CohenKappa.allPairs(table).first)
            let raters = try #require(AgreementReport(table: table, level: .nominal).raterAgreement)
            #expect(raters.count == 2)
            for rater in raters {
                #expect(rater.pairs == cohen.units, "\(name)")
                #expect(matches(rater.kappa.value, try #require(cohen.unweighted.value), decimals: 12), "\(name)")
            }
        }
    }

    @Test("a rater who answers the opposite way to the others has the lowest kappa against the others")
    func oppositeRaterStandsOut() {
        let names = (1...6).map { "r\($0)" }
        var ratings: [[Double?]] = []
        for u in 0..<40 {
            let common = Double(u % 5 + 1)
            ratings.append([Double(5 - u % 5)] + (1..<names.count).map { r in (u + r) % 7 == 0 ? nil : common })
        }
        let table = RatingsTable(unitIDs: (0..<40).map(String.init), raterNames: names, ratings: ratings)
        let raters = AgreementReport(table: table, level: .ordinal).raterAgreement ?? []
        let lowest = raters.min { ($0.kappa.value ?? 2) < ($1.kappa.value ?? 2) }
        #expect(lowest?.rater == "r1")
        #expect((lowest?.kappa.value ?? 1) < 0.1)
        #expect(raters.filter { $0.rater != "r1" }.allSatisfy { ($0.kappa.value ?? 0) > 0.5 })
        // Agreement counted by hand for r2: on each unit r2 rated, the others who rated agree with r2 except r1.
        var pairs = 0, agreeing = 0
        for row in ratings where row[1] != nil {
            let others = row.enumerated().filter { $0.offset != 1 && $0.element != nil }
            pairs += others.count
            agreeing += others.filter { $0.element == row[1] }.count
        }
        let r2 = raters[1]
        #expect(r2.pairs == pairs)
        #expect(matches(r2.agreement.value, Double(agreeing) / Double(pairs), decimals: 12))
    }
}


extension RatingsScannerTests {
    /// Found by `Fuzz/run … ratings`: a lone CR (a line end of its own) whose row was carried into the next chunk
    /// made the scanner skip the next chunk's LF, joining two rows the CSV reader keeps apart.
    @Test("a lone CR ends a row as the CSV reader ends it, however the file is cut into chunks",
          arguments: [1, 2, 3, 5, 6, 7, 8, 64])
    func loneCarriageReturn(chunk: Int) throws {
        for text in ["2.,-1\r5\nc22.5,", "call,a,b\r5,1\nc2,2,2\n", "call,a,b\rc1,1,2\rc2,2,2\r\nc3,3,3"] {
            let bytes = Array(text.utf8)
            let general = try? Self.general(bytes, level: .nominal)
            let fast = Self.fast(bytes, level: .nominal, chunk: chunk)
            if let fast {
                // Taken: read exactly as the general reader reads it.
                let table = try #require(general, "the scanner took \(text.debugDescription), which the general reader refuses")
                #expect(fast.unitCount == table.unitCount, "\(text.debugDescription), chunk \(chunk)")
                #expect(fast.categories == table.categories, "\(text.debugDescription), chunk \(chunk)")
            }
        }
    }
}
