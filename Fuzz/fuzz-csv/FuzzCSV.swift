// Fuzz target: the CSV reader (DelimitedText) on arbitrary bytes. Any crash, hang or unbounded growth is a finding.
import DelimitedText
import FuzzSupport

@main
enum FuzzCSV {
    static func main() {
        runFuzzTarget { bytes in
            var reader = CSVReader(bytes: bytes)
            var records = 0
            while records < 1_000_000, let row = try? reader.next() {
                records += 1
                _ = row.fields.count
            }
        }
    }
}
