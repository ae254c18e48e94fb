import ArgumentParser
import Calibration
import DelimitedText
import Foundation

extension AgreementLevel: ExpressibleByArgument {}

/// `qa agreement`: how far raters agree on a ratings table (Krippendorff's alpha and companions).
struct Agreement: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Measure how far raters agree on the same calls (Krippendorff's alpha, kappa, AC1/AC2, ICC).",
        discussion: """
            RATINGS.csv has one row per call: the first column is the call id, every other column is one \
            rater (the header row gives their names). Leave a cell blank when a rater did not score that call.
            Choose --level by the kind of answer: nominal for categories without order (yes/no/n.a.), \
            ordinal for ordered categories (poor/fair/good coded 1-3), interval for scores (1-5, 0-100), \
            ratio for counts or durations. See docs/calibration.md for what every figure means.
            Exit codes: 0 report printed; 1 problems in the file (listed); 3 the file could not be read; 64 wrong \
            or missing options.
            """
    )

    @Argument(help: "The ratings table (CSV): call id, then one column per rater.")
    var ratings: String

    @Option(help: "Level of measurement of the ratings: nominal, ordinal, interval or ratio.")
    var level: AgreementLevel

    @Option(help: "Output: 'table' (a readable report) or 'json'.")
    var format: OutputFormat = .table

    @Option(help: "Add a 95% confidence interval for alpha from this many resamples of the calls (e.g. 1000).")
    var bootstrap: Int?

    @Option(help: "Seed for the resampling, so the interval can be reproduced.")
    var seed: UInt64 = 1

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    func validate() throws {
        if let bootstrap, bootstrap < 1 || bootstrap > 1_000_000 {
            throw ValidationError("--bootstrap must be between 1 and 1000000 resamples.")
        }
    }

    func run() throws {
        var rows: [[String]] = []
        var lines: [Int] = []
        var readProblems: [String] = []
        do {
            let reader = try CSVReader(path: ratings)
            reader.requiresUniformFieldCount = false  // the table reports rows of the wrong width itself
            var csv = reader
            while true {
                do {
                    guard let row = try csv.next() else { break }
                    rows.append(row.fields)
                    lines.append(row.line)
                } catch let error as CSVError {
                    switch error {
                    case .cannotOpen, .readFailed:
                        throw error
                    case .unterminatedQuote:
                        readProblems.append("\(ratings):\(error.line ?? 0): error: \(error)")
                    default:
                        readProblems.append("\(ratings):\(error.line ?? 0): error: \(error)")
                        continue
                    }
                    break
                }
            }
        } catch let error as CSVError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(3)
        }
        var problems = readProblems
        var table: RatingsTable?
        do {
            table = try RatingsTable.parse(rows: rows, lines: lines, level: level)
        } catch let error as RatingsTableError {
            problems += error.problems.map { "\(ratings):\($0.line): error: \($0.message)" }
        }
        guard problems.isEmpty, let table else {
            FileHandle.standardError.write(Data((problems.joined(separator: "\n") + "\n").utf8))
            throw ExitCode(1)
        }
        let report = AgreementReport(table: table, level: level,
                                     bootstrap: bootstrap.map { .init(samples: $0, seed: seed) })
        switch format {
        case .table:
            print(report.text(), terminator: "")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
    }
}
