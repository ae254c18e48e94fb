// Times Krippendorff's alpha at each level on large generated tables (seeded) and reports peak memory.
// Run: swift run -c release bench-agreement [runs]
import Calibration
#if canImport(Glibc)
import Glibc
#endif

/// Peak resident memory of this process (VmHWM from /proc/self/status), in MiB.
func peakMemoryMiB() -> Double {
    guard let file = fopen("/proc/self/status", "r") else { return .nan }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 256)
    while fgets(&buffer, Int32(buffer.count), file) != nil {
        let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if line.hasPrefix("VmHWM:") {
            let kib = Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? .nan
            return kib / 1024
        }
    }
    return .nan
}

func seconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// units × raters, values 1…scale (or 0…100), each rating missing with probability 10%. Raters share a
/// per-unit true value plus noise, so alpha is well inside (0, 1).
func generate(units: Int, raters: Int, low: Int, high: Int, seed: UInt64) -> RatingsTable {
    var generator = SeededGenerator(seed: seed)
    var values = [Double](repeating: .nan, count: units * raters)
    let span = UInt64(high - low + 1)
    let noise = UInt64(max(1, (high - low) / 4))
    for u in 0..<units {
        let truth = Int(generator.below(span))
        for r in 0..<raters {
            if generator.below(10) == 0 { continue }
            let jitter = Int(generator.below(2 * noise + 1)) - Int(noise)
            values[u * raters + r] = Double(low + min(high - low, max(0, truth + jitter)))
        }
    }
    return RatingsTable(unitIDs: (0..<units).map(String.init), raterNames: (0..<raters).map { "r\($0)" },
                        rowMajorValues: values)
}

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }

let runs = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 5
let cases: [(name: String, units: Int, raters: Int, low: Int, high: Int)] = [
    ("50 raters x 200,000 units, 1-5, 10% missing", 200_000, 50, 1, 5),
    ("50 raters x 200,000 units, 0-100, 10% missing", 200_000, 50, 0, 100),
    ("10 raters x 1,000,000 units, 0-100, 10% missing", 1_000_000, 10, 0, 100),
]
print("bench-agreement: median of \(runs) runs per level (release build)")
for c in cases {
    let start = seconds()
    let table = generate(units: c.units, raters: c.raters, low: c.low, high: c.high, seed: 2024)
    print("\n\(c.name): table built in \(format3(seconds() - start)) s, \(table.categories.count) distinct values")
    for level in AgreementLevel.allCases {
        var times: [Double] = []
        var alpha = Statistic.undefined(reason: "not run")
        for _ in 0..<runs {
            let t0 = seconds()
            alpha = KrippendorffAlpha(table: table, level: level).alpha
            times.append(seconds() - t0)
        }
        print("  \(level.rawValue.padded(9)) alpha \(alpha.value.map(format3) ?? "undefined")   median \(format3(median(times))) s   (min \(format3(times.min() ?? .nan)), max \(format3(times.max() ?? .nan)))")
    }
    print("  peak memory so far (VmHWM): \(format3(peakMemoryMiB())) MiB")
}

func format3(_ x: Double) -> String {
    guard x.isFinite else { return "nan" }
    let scaled = Int64((x * 1000).rounded())
    let fraction = String(abs(scaled) % 1000)
    return "\(scaled / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
}

extension String {
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
