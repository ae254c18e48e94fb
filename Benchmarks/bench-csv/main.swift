// Measures the CSV reader and the evaluation record readers on generated files.
//
//   swift build -c release --product bench-csv
//   .build/release/bench-csv [generate|raw|csv|jsonl|all]   (default all; each phase can run alone so its
//                                                            peak memory is its own)
//
// Files: /tmp/bench-evaluations.csv (500,000 rows × 7 id/date columns + 40 criteria, ≈100 MB) and
// /tmp/bench-evaluations.jsonl (the same records as JSON Lines).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DelimitedText
import QAModel
import FileIO
import Records

let csvPath = "/tmp/bench-evaluations.csv"
let jsonlPath = "/tmp/bench-evaluations.jsonl"

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func peakMemoryMB() -> Double {
    guard let file = fopen("/proc/self/status", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, 256, file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmHWM:") {
            let kb = text.split(separator: " ").compactMap { Double($0) }.first ?? -1
            return kb / 1024
        }
    }
    return -1
}

func fileSize(_ path: String) -> Double {
    var info = stat()
    return stat(path, &info) == 0 ? Double(info.st_size) : 0
}

func report(_ name: String, records: Int, bytes: Double, seconds: Double) {
    let mbs = bytes / 1_000_000 / seconds
    let rps = Double(records) / seconds
    print("\(name): \(records) records, \(format1(bytes / 1_000_000)) MB in \(format2(seconds)) s → \(format1(mbs)) MB/s, \(Int(rps)) records/s, peak memory (VmHWM) \(format1(peakMemoryMB())) MB")
}

func format1(_ x: Double) -> String { String(Double(Int(x * 10)) / 10) }
func format2(_ x: Double) -> String { String(Double(Int(x * 100)) / 100) }

struct Generator {
    var state: UInt64 = 0x1234_5678
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
}

func generate(rows: Int = 500_000, criteria: Int = 40) throws {
    let criterionIDs = (1...criteria).map { "c\($0)" }
    let csv = try AtomicFileStream(path: csvPath)
    let jsonl = try AtomicFileStream(path: jsonlPath)
    try csv.write("evaluation_id,call_id,agent_id,team_id,assessor_id,call_date,evaluated_at,scorecard_id,scorecard_version," + criterionIDs.joined(separator: ",") + "\n")
    var g = Generator()
    let tokens = ["yes", "no", "na"]
    for r in 0..<rows {
        let day = 1 + g.next(28)
        let d = day < 10 ? "0\(day)" : "\(day)"
        let ids = ["E-\(r)", "CALL-2026-\(100000 + r)", "agent-\(g.next(200))", "team-\(g.next(12))", "qa-\(g.next(25))",
                   "2026-03-\(d)", "2026-03-\(d)T10:\(10 + g.next(50)):00Z"]
        var line = ids.joined(separator: ",") + ",inbound-basic,1"
        var json = "{\"id\":\"\(ids[0])\",\"callId\":\"\(ids[1])\",\"agentId\":\"\(ids[2])\",\"teamId\":\"\(ids[3])\",\"assessorId\":\"\(ids[4])\",\"scorecard\":{\"id\":\"inbound-basic\",\"version\":\"1\"},\"callDate\":\"\(ids[5])\",\"evaluatedAt\":\"\(ids[6])\",\"answers\":{"
        for (k, c) in criterionIDs.enumerated() {
            let value: String
            let jsonValue: String
            if k % 4 == 3 {
                let n = 1 + g.next(5)
                value = "\(n)"
                jsonValue = value
            } else {
                value = tokens[g.next(10) < 7 ? 0 : (g.next(2) + 1)]
                jsonValue = "\"\(value)\""
            }
            line += "," + value
            json += (k == 0 ? "" : ",") + "\"\(c)\":\(jsonValue)"
        }
        try csv.write(line + "\n")
        try jsonl.write(json + "}}\n")
    }
    try csv.commit()
    try jsonl.commit()
}

func benchRaw() throws {
    let start = now()
    var reader = try CSVReader(path: csvPath)
    var records = 0
    var checksum = 0
    while let row = try reader.nextRaw() {
        records += 1
        for i in 0..<row.count {
            checksum &+= row.withField(i) { $0.count }
        }
    }
    let seconds = now() - start
    report("CSV raw fast path (field byte ranges)", records: records, bytes: fileSize(csvPath), seconds: seconds)
    if checksum == 42 { print("") }
}

func benchRecords(_ path: String, format: RecordFormat, label: String) throws {
    let start = now()
    var good = 0
    var bad = 0
    var answers = 0
    try EvaluationReader.forEach([.file(path: path, format: format)]) { result in
        switch result {
        case .evaluation(let e, _):
            good += 1
            answers &+= e.answers.count
        case .invalid:
            bad += 1
        }
    }
    let seconds = now() - start
    report(label, records: good, bytes: fileSize(path), seconds: seconds)
    if bad > 0 || answers != good * 40 { print("  unexpected: \(bad) invalid, \(answers) answers") }
}

func main() throws {
    let phase = CommandLine.arguments.dropFirst().first ?? "all"
    if phase == "generate" || phase == "all" || fileSize(csvPath) == 0 {
        let start = now()
        try generate()
        print("generated \(format1(fileSize(csvPath) / 1e6)) MB CSV and \(format1(fileSize(jsonlPath) / 1e6)) MB JSON Lines in \(format2(now() - start)) s")
    }
    if phase == "raw" || phase == "all" { try benchRaw() }
    if phase == "csv" || phase == "all" { try benchRecords(csvPath, format: .csv, label: "CSV → Evaluation") }
    if phase == "jsonl" || phase == "all" { try benchRecords(jsonlPath, format: .jsonLines, label: "JSON Lines → Evaluation") }
}

do {
    try main()
} catch {
    print("bench-csv: \(error)")
    exit(3)
}
