import TextEscaping
import ArgumentParser
import Diagnostics
import Foundation
import ScorecardFormat
import Scoring

/// `qa scorecard`: check, show and describe scorecard templates.
struct ScorecardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorecard",
        abstract: "Check scorecard templates, show how they score, print the template schema.",
        subcommands: [Validate.self, Show.self, Schema.self, ScorecardImport.self, ScorecardDiff.self, ScorecardWhatIf.self]
    )

    /// `qa scorecard validate FILE...`
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check templates and list every problem found.",
            discussion: """
                Each problem is printed as FILE:LINE:COLUMN: error: what to change.
                Exit codes: 0 every template is valid; 1 any has errors; 3 a file could not be read; 64 wrong or \
                missing options.
                """
        )

        @Argument(help: "Template files (XML) to check.")
        var files: [String]

        func run() throws {
            var invalid = 0
            var unreadable = 0
            for file in files {
                let result: ScorecardLoadResult
                do {
                    result = try ScorecardLoader.load(path: file)
                } catch {
                    Problems.report(Problems.fileFailure(error, path: file))
                    unreadable += 1
                    continue
                }
                Problems.report(result, path: file)
                if !result.isValid { invalid += 1 }
            }
            let noun = files.count == 1 ? "template" : "templates"
            if unreadable > 0 {
                let errors = invalid > 0 ? "; \(invalid) of the others have errors" : ""
                Problems.note(nil, "\(unreadable) of \(files.count) \(noun) could not be read\(errors)")
                throw Problems.exit(ExitStatus.for(errors: invalid, fileFailures: unreadable))
            }
            if invalid > 0 {
                Problems.note(nil, "\(invalid) of \(files.count) \(noun) \(invalid == 1 ? "has" : "have") errors")
                throw Problems.exit(ExitStatus.for(errors: invalid, fileFailures: unreadable))
            }
            print(files.count == 1 ? "\(Escaping.terminal(files[0])): valid" : "all \(files.count) templates are valid")
        }
    }

    /// `qa scorecard show FILE [--format text|json]`
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a template as a tree, with each criterion's share of the total score.",
            discussion: """
                The effective weight is a criterion's share of the total when every criterion applies. \
                --format json prints a stable form for other tools (see docs/scorecard-format.md).
                Exit codes: 0 shown; 1 the template has errors (listed); 3 the file could not be read; 64 wrong \
                or missing options.
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text
            case json
        }

        @Argument(help: "The template file (XML).")
        var file: String

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        func run() throws {
            let result: ScorecardLoadResult
            do {
                result = try ScorecardLoader.load(path: file)
            } catch {
                throw Problems.fail(error, path: file)
            }
            Problems.report(result, path: file)
            guard let scorecard = result.scorecard else {
                Problems.note(file, "the template has errors; fix them and run show again")
                throw Problems.exit(.problemsFound)
            }
            let summary = ScorecardSummary(scorecard, effectiveWeights: ScoringPlan(scorecard).effectiveWeightPercentages)
            print(format == .json ? summary.json : Escaping.terminal(summary.text, keepingLineBreaks: true), terminator: "")
        }
    }

    /// `qa scorecard schema`
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the XML schema (XSD) templates must follow, format version 1.",
            discussion: "Exit codes: 0 printed; 64 wrong options."
        )

        func run() {
            print(EmbeddedSchema.xsd, terminator: "")
        }
    }
}

