// Fuzz target: the evaluation record readers (JSON and JSON Lines; CSV has its own target) on arbitrary bytes,
// handed over as standard input the way `qa score -` reads them.
import Foundation
import FuzzSupport
import Records

@main
enum FuzzRecords {
    static func main() {
        let path = NSTemporaryDirectory() + "qa-fuzz-records-\(getpid())"
        runFuzzTarget { bytes in
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
            for format in [RecordFormat.json, .jsonLines] {
                let fd = open(path, O_RDONLY)
                guard fd >= 0 else { return }
                defer { close(fd) }
                guard var reader = try? EvaluationReader(source: .standardInput(format: format),
                                                         options: .init(standardInput: fd)) else { continue }
                var records = 0
                while records < 100_000, let item = try? reader.next() {
                    records += 1
                    _ = item
                }
            }
        }
    }
}
