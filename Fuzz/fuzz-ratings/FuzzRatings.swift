// Fuzz target: `qa agreement`'s fast reader (RatingsScanner, hand-written over raw bytes) on arbitrary bytes, fed in
// chunks of a size the input chooses. Besides any crash, hang or unbounded growth, a finding is a table the scanner
// takes but reads differently from the general reader (the CSV reader and `RatingsTable.parse`), which must then
// give the same calls and the same ratings — the promise that makes the fast path safe to take.
import Calibration
import DelimitedText
import FuzzSupport

@main
enum FuzzRatings {
    static func main() {
        runFuzzTarget { input in
            guard let control = input.first else { return }
            let bytes = Array(input.dropFirst())
            let chunk = [1, 2, 3, 7, 64, 4096][Int(control) % 6]
            let level = [AgreementLevel.nominal, .ordinal, .interval, .ratio][Int(control / 6) % 4]
            let scanner = RatingsScanner(gather: AgreementReport.gather(for: AgreementStatistic.defaults, level: level),
                                         maxCategories: 1_000)
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + chunk)
                let taken = bytes[start..<end].withUnsafeBufferPointer { scanner.consume($0) }
                if !taken { return }  // given up: the general reader reads it and reports why
                start = end
            }
            guard let counts = scanner.finish() else { return }
            // Taken: the general reader must agree.
            var reader = CSVReader(bytes: bytes)
            reader.requiresUniformFieldCount = false
            var rows: [[String]] = []
            do {
                while let row = try reader.next() { rows.append(row.fields) }
            } catch {
                fatalError("the scanner took a table the CSV reader refuses: \(error)")
            }
            let table: RatingsTable
            do {
                table = try RatingsTable.parse(rows: rows, level: level)
            } catch {
                fatalError("the scanner took a table the general reader refuses (\(error)): \(Array(bytes.prefix(200)))")
            }
            precondition(counts.unitCount == table.unitCount, "units: scanner \(counts.unitCount), general \(table.unitCount)")
            precondition(counts.categories == table.categories, "ratings: scanner \(counts.categories), general \(table.categories)")
        }
    }
}
