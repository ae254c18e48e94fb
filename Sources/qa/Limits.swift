import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one run of `qa` accepts, in one place (documented in docs/limits.md). Past a limit the run is refused
/// before the work: an option out of range exits 64 (from `validate()`), an input over a limit exits 1 with a
/// message saying which limit and what to do.
enum Limits {
    // MARK: qa agreement

    /// Rater columns in one ratings table.
    static let agreementRaters = 200
    /// Units (calls, rows after the header) in one ratings table.
    static let agreementUnits = 1_000_000
    /// Ratings cells (units × raters) of a table read straight into counts (plain numbers): memory grows with the
    /// ratings by at most two integers each.
    static let agreementCells = 50_000_000
    /// Ratings cells of a table read cell by cell (quoted cells, labels, problems to report, `--statistic cohen`):
    /// every cell is held as text first.
    static let agreementHeldCells = 20_000_000
    /// Pairs of raters × units: Cohen's kappa is worked out for every pair of raters over every unit.
    static let agreementPairWork = 20_000_000
    /// Distinct ratings (categories, levels) in one table.
    static let agreementCategories = 1_000
    /// Resamples for `--bootstrap`.
    static let bootstrapSamples = 100_000
    /// Resamples × units of `--bootstrap`.
    static let bootstrapWork = 100_000_000
    /// The largest rating magnitude for `--level interval` and `ratio` (sums of squares stay finite).
    static let ratingMagnitude = 1e12

    // MARK: qa calibrate, qa drift

    /// Distinct assessors over all calibration calls of one run.
    static let assessors = 500
    /// Assessors scoring one call.
    static let assessorsPerCall = 100
    /// Pairs of assessors summed over the calibration calls.
    static let assessorPairs = 5_000_000

    // MARK: qa sample

    static let sampleEvaluations = 1_000_000
    static let sampleAgentsPerTeam = 1_000
    static let sampleAssessors = 200
    static let sampleWeeks = 520
    static let sampleCalibrationCalls = 100
    /// Routine plus calibration evaluations written by one run.
    static let sampleTotalEvaluations = 2_000_000

    // MARK: Options of several commands

    /// `qa coach --review-in`, in days (ten years).
    static let reviewInDays = 3_650
    /// `qa drift --baseline-periods`.
    static let baselinePeriods = 1_000
    /// `qa calibrate --tolerance`, in points.
    static let tolerancePoints = 100.0

    /// Ids given on the command line (`qa evaluate --call`, `--agent`, `--assessor`, `--team`).
    static let idLength = 100

    // MARK: Files read whole

    /// A `--transcript` file of `qa evaluate`.
    static let transcriptBytes = 10 << 20

    /// `n` with thousands separators (10,000,000), for messages.
    static func text(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// `bytes` in MiB for messages ("10 MiB").
    static func mebibytes(_ bytes: Int) -> String { "\(bytes >> 20) MiB" }
}

/// Reading a whole file, refusing it before reading when it is larger than `limit` bytes: the size is taken
/// from the open file (`fstat`) and the read is bounded too, so a file that grows, a pipe or a device cannot
/// exceed the limit either.
enum BoundedFile {
    enum Failure: Error {
        case cannotRead
        case tooLarge(size: Int?)
    }

    static func read(_ path: String, limit: Int) throws(Failure) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotRead }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotRead }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw .cannotRead }
        if (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) > limit { throw .tooLarge(size: Int(info.st_size)) }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                if bytes.count + n > limit { throw .tooLarge(size: nil) }
                bytes.append(contentsOf: chunk[0..<n])
            } else if n == 0 {
                return Data(bytes)
            } else if errno != EINTR {
                throw .cannotRead
            }
        }
    }
}

/// `read(2)`, named apart from `BoundedFile.read`.
private func readBytes(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
