import ArgumentParser
import Calibration
import DelimitedText
import Diagnostics
import Foundation
import JSON

extension AgreementLevel: ExpressibleByArgument {}
extension AgreementStatistic: ExpressibleByArgument {}

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
            Rows with problems are reported and left out, and the report is made from the others (exit 1); \
            --strict stops at the first problem instead. A problem in the header row leaves no report.
            Exit codes: 0 report printed; 1 problems in the file (reported); 3 the file could not be read; 64 \
            wrong or missing options.
            """
    )

    @Argument(help: "The ratings table (CSV): call id, then one column per rater.")
    var ratings: String

    @Option(help: "Level of measurement of the ratings: nominal, ordinal, interval or ratio.")
    var level: AgreementLevel

    @Option(help: "Output: 'table' (a readable report) or 'json'.")
    var format: OutputFormat = .table

    @Option(name: .customLong("statistic"),
            help: "Compute only these figures (repeat the option): alpha, percent, fleiss, gwet, raters (each rater against the others), icc, cohen (Cohen's kappa for every pair of raters); all but cohen when not given. Alpha is always computed.")
    var statistics: [AgreementStatistic] = []

    /// The figures to compute: those chosen, or the default report.
    var chosen: Set<AgreementStatistic> { statistics.isEmpty ? AgreementStatistic.defaults : Set(statistics) }

    /// Whether the pairwise Cohen's kappas (the only figure whose work grows with pairs of raters, and the only
    /// one needing every cell held) are asked for.
    var computesCohen: Bool { statistics.contains(.cohen) }

    @Option(help: "Add a 95% confidence interval for alpha from this many resamples of the calls (e.g. 1000).")
    var bootstrap: Int?

    @Option(help: "Seed for the resampling, so the interval can be reproduced.")
    var seed: UInt64 = 1

    @OptionGroup var problems: RecordProblemOptions

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    func validate() throws {
        if let bootstrap, bootstrap < 1 || bootstrap > Limits.bootstrapSamples {
            throw ValidationError("--bootstrap must be between 1 and \(Limits.text(Limits.bootstrapSamples)) resamples.")
        }
    }

    /// Refuses a table over one of the limits of a run (docs/limits.md), before the work: exit 1.
    func refuse(_ message: String, problems problemReport: RecordProblemReport) -> ExitCode {
        problemReport.add(Diagnostics.Diagnostic(DiagnosticLocation(file: ratings), rule: "limits.agreement", message: message))
        problemReport.finish(verb: "used")
        Problems.note(ratings, "no agreement report; see docs/limits.md")
        return Problems.exit(.problemsFound)
    }

    func run() throws {
        let problemReport = RecordProblemReport(problems)
        // The fast path: a table of plain numbers is read straight into counts. Anything it does not take is read
        // the general way below, which reports every problem with its line.
        if !computesCohen, let counts = try scanCounts(problems: problemReport) {
            problemReport.finish(verb: "used")
            if let message = limitProblem(categories: counts.categories, units: counts.unitCount) {
                throw refuse(message, problems: problemReport)
            }
            try printReport(AgreementReport(counts: counts, level: level, bootstrap: bootstrap.map { .init(samples: $0, seed: seed) },
                                            statistics: chosen),
                            problems: problemReport)
            return
        }
        func problem(line: Int?, _ message: String, rule: String) -> Diagnostics.Diagnostic {
            Diagnostics.Diagnostic(DiagnosticLocation(file: ratings, line: line), rule: rule, message: message)
        }
        var rows: [[String]] = []
        var lines: [Int] = []
        do {
            let reader = try CSVReader(path: ratings)
            reader.requiresUniformFieldCount = false  // the table reports rows of the wrong width itself
            var csv = reader
            while true {
                do {
                    guard let row = try csv.next() else { break }
                    if rows.isEmpty, row.fields.count - 1 > Limits.agreementRaters {
                        throw refuse("the table has \(Limits.text(row.fields.count - 1)) rater columns; one run compares at most "
                            + "\(Limits.agreementRaters) raters — split the raters into groups (keep the call id column in each)",
                            problems: problemReport)
                    }
                    if let header = rows.first, rows.count * max(header.count - 1, 0) > Limits.agreementHeldCells {
                        throw refuse("the table has more than \(Limits.text(Limits.agreementHeldCells)) ratings cells (calls × raters) "
                            + "and is read cell by cell (it has quoted cells, labels or problems to report, or --statistic cohen was "
                            + "asked for), which holds at most \(Limits.text(Limits.agreementHeldCells)) — write every rating as a plain "
                            + "number, or split the table by period or by rater group", problems: problemReport)
                    }
                    if let header = rows.first, computesCohen {
                        // Pairs of raters × calls, checked as the rows come, so a wide table is refused before it
                        // is held in memory.
                        let raters = max(header.count - 1, 0), pairs = raters * (raters - 1) / 2
                        if pairs * rows.count > Limits.agreementPairWork {
                            throw refuse(pairWorkMessage(raters: raters, units: "more than \(Limits.text(rows.count - 1))"),
                                         problems: problemReport)
                        }
                    }
                    if rows.count > Limits.agreementUnits {
                        throw refuse(unitsMessage, problems: problemReport)
                    }
                    rows.append(row.fields)
                    lines.append(row.line)
                } catch let error as CSVError {
                    switch error {
                    case .cannotOpen, .readFailed:
                        throw error
                    case .unterminatedQuote, .recordTooLong:
                        problemReport.add(problem(line: error.line, error.description, rule: "table.csv-quote"))
                    default:
                        problemReport.add(problem(line: error.line, error.description, rule: "table.csv-row"))
                        if problems.strict { throw problemReport.stopped() }
                        continue
                    }
                    break
                }
            }
        } catch let error as CSVError {
            problemReport.finish(verb: "used")
            throw Problems.fail(error, path: ratings)
        }
        // The one invalid-row policy: rows with problems are reported and left out, the others used (exit 1);
        // --strict stops at the first. A problem with the header (or an empty file) leaves nothing to use.
        let headerLine = lines.first ?? 1
        var table: RatingsTable?
        do {
            table = try RatingsTable.parse(rows: rows, lines: lines, level: level)
        } catch let error as RatingsTableError {
            let sorted = error.problems.sorted { $0.line < $1.line }
            for p in sorted {
                problemReport.add(problem(line: p.line, p.message, rule: "table.ratings"))
                if problems.strict { throw problemReport.stopped() }
            }
            if !sorted.contains(where: { $0.line == headerLine }) && !rows.isEmpty {
                let bad = Set(sorted.map(\.line))
                let keep = rows.indices.filter { $0 == 0 || !bad.contains(lines[$0]) }
                table = try? RatingsTable.parse(rows: keep.map { rows[$0] }, lines: keep.map { lines[$0] }, level: level)
                if let table {
                    let left = bad.count
                    problemReport.add(Diagnostics.Diagnostic(
                        DiagnosticLocation(file: ratings), .note, rule: "table.rows-left-out",
                        message: "\(left) row\(left == 1 ? "" : "s") with problems left out; the report uses the other "
                            + "\(table.unitIDs.count) unit\(table.unitIDs.count == 1 ? "" : "s")"))
                }
            }
        }
        problemReport.finish(verb: "used")
        guard let table else {
            Problems.note(ratings, "no agreement report; fix the problems above and run again")
            throw Problems.exit(problemReport.collector.exitStatus == .success ? .problemsFound : problemReport.collector.exitStatus)
        }
        if let message = limitProblem(categories: table.categories, units: table.unitCount) {
            throw refuse(message, problems: problemReport)
        }
        if computesCohen {
            let pairs = table.raterCount * (table.raterCount - 1) / 2  // raters ≤ 200: no overflow
            let (pairWork, overflow) = pairs.multipliedReportingOverflow(by: table.unitCount)
            if overflow || pairWork > Limits.agreementPairWork {
                throw refuse(pairWorkMessage(raters: table.raterCount, units: Limits.text(table.unitCount)), problems: problemReport)
            }
        }
        try printReport(AgreementReport(table: table, level: level, bootstrap: bootstrap.map { .init(samples: $0, seed: seed) },
                                        statistics: chosen),
                        problems: problemReport)
    }

    /// Prints the report in the chosen format, then exits 1 when rows were left out.
    func printReport(_ report: AgreementReport, problems problemReport: RecordProblemReport) throws {
        // Encoding checks that every figure is a finite number; a Swift error's text never reaches the user.
        guard let json = try? JSONValueEncoder(sortedKeys: true).text(report, style: .pretty) else {
            Problems.report(Problems.fileError(ratings, "the agreement figures are undefined for these ratings: a figure is "
                + "not a finite number (the ratings are too large or too far apart to compare); no report written",
                rule: "calibration.non-finite"))
            throw Problems.exit(.problemsFound)
        }
        switch format {
        case .table:
            print(report.text(), terminator: "")
        case .json:
            print(json)
        }
        try problemReport.exitIfNeeded()
    }

    var unitsMessage: String {
        "the table has more than \(Limits.text(Limits.agreementUnits)) rows of calls; one run compares at most "
            + "\(Limits.text(Limits.agreementUnits)) — split it by period"
    }

    func pairWorkMessage(raters: Int, units: String) -> String {
        "\(raters) raters × \(units) calls is too much pairwise work for one run (pairs of raters × calls must be at "
            + "most \(Limits.text(Limits.agreementPairWork))) — split the table by period or by rater group"
    }

    /// Which limit of one run the table is over (docs/limits.md), if any: categories, the size of interval and
    /// ratio ratings, resampling work.
    func limitProblem(categories: [Double], units: Int) -> String? {
        if categories.count > Limits.agreementCategories {
            return "the table has \(Limits.text(categories.count)) different ratings; one run compares at most "
                + "\(Limits.text(Limits.agreementCategories)) (categories or levels) — group the ratings into fewer levels"
        }
        if (level == .interval || level == .ratio),
           categories.contains(where: { !($0.magnitude < Limits.ratingMagnitude) }) {
            return "a rating is 1,000,000,000,000 or more (or −1,000,000,000,000 or less); \(level.rawValue) ratings this "
                + "large cannot be compared exactly — rescale them (e.g. thousands instead of units)"
        }
        if let bootstrap {
            let (work, overflow) = bootstrap.multipliedReportingOverflow(by: units)
            if overflow || work > Limits.bootstrapWork {
                return "--bootstrap \(Limits.text(bootstrap)) × \(Limits.text(units)) calls is too much resampling for one run "
                    + "(resamples × calls must be at most \(Limits.text(Limits.bootstrapWork))) — ask for fewer resamples"
            }
        }
        return nil
    }
}

extension Agreement {
    /// The table's counts read by `RatingsScanner` in 1 MiB chunks, or nil when it is not a table the scanner takes
    /// (or the file cannot be opened or read): the general reader then reads it and reports why. Refuses a table
    /// over the limits of a run as the chunks come.
    func scanCounts(problems problemReport: RecordProblemReport) throws -> RatingsCounts? {
        let fd = open(ratings, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let scanner = RatingsScanner(gather: AgreementReport.gather(for: chosen, level: level),
                                     maxCategories: Limits.agreementCategories)
        let chunkSize = 1 << 20
        let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        defer { chunk.deallocate() }
        while true {
            let n = read(fd, chunk, chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            guard scanner.consume(UnsafeBufferPointer(start: chunk, count: n)) else { return nil }
            if let names = scanner.raterNames {
                // Too many raters: the general reader refuses it at the header, with the same message as ever.
                if names.count > Limits.agreementRaters { return nil }
                if scanner.unitCount > Limits.agreementUnits { throw refuse(unitsMessage, problems: problemReport) }
                if scanner.unitCount * names.count > Limits.agreementCells {
                    throw refuse("the table has more than \(Limits.text(Limits.agreementCells)) ratings cells (calls × raters); "
                        + "one run compares at most \(Limits.text(Limits.agreementCells)) — split it by period or by rater group",
                        problems: problemReport)
                }
            }
        }
        guard let counts = scanner.finish() else { return nil }
        if counts.raterCount > Limits.agreementRaters { return nil }
        if counts.unitCount > Limits.agreementUnits { throw refuse(unitsMessage, problems: problemReport) }
        return counts
    }
}
