import Foundation
import Testing

/// What `qa <command> --help` tells a user: every command lists its exit codes, and the code for a wrong option is
/// the one the option parser really returns (64), not a number no command uses.
@Suite("qa help text, the built executable",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct HelpTextTests {
    static let commands: [[String]] = [
        ["scorecard", "validate"], ["scorecard", "show"], ["scorecard", "schema"], ["scorecard", "import"],
        ["score"], ["evaluate"], ["sample"], ["agreement"], ["calibrate"], ["drift"], ["coach"], ["import", "evaluations"],
        ["release"], ["acknowledge"], ["dispute", "list"], ["dispute", "show"], ["dispute", "raise"], ["dispute", "decide"],
        ["dispute", "assign"], ["dispute", "report"], ["dispute", "rules"],
    ]

    @Test("every command's help lists its exit codes, including 64 for wrong options", arguments: commands)
    func exitCodesListed(command: [String]) throws {
        let run = try runQA(command + ["--help"], stdin: "", in: repositoryRoot)
        #expect(run.status == 0)
        // Help text is wrapped at the terminal width, so compare with the line breaks taken out.
        let help = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("Exit codes: 0 "), "\(command)")
        #expect(help.contains("64 wrong"), "\(command)")
        #expect(!help.contains("2 wrong options"), "\(command)")
    }

    @Test("a wrong option really exits 64, as the help says", arguments: commands)
    func wrongOptionIs64(command: [String]) throws {
        let run = try runQA(command + ["--no-such-option"], stdin: "", in: repositoryRoot)
        #expect(run.status == 64, "\(command): \(run.stderr)")
    }
}

@Suite("qa score --group-by, the built executable",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct GroupByUsageTests {
    @Test("an unknown --group-by is a usage error (64) that names qa score and lists the template's criterion ids")
    func unknownGroupBy() throws {
        let inbound = repositoryRoot.appendingPathComponent("scorecards/inbound-customer-service.xml").path
        let run = try runQA(["score", "--scorecard", inbound, "--group-by", "nonsense", "examples/inbound/evaluations.jsonl"],
                            stdin: "", in: repositoryRoot)
        #expect(run.status == 64)
        #expect(run.stderr.contains("'nonsense' is none of these"))
        #expect(run.stderr.contains("greeting, "))          // the first criterion of the inbound template
        #expect(run.stderr.contains("qa score --help"))
        #expect(!run.stderr.contains("qa <subcommand>"))
        #expect(run.stdout.isEmpty)
    }
}
