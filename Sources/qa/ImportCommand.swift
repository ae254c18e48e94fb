import ArgumentParser
import Diagnostics
import FormImport
import FileIO
import Records
import Foundation
import ScorecardFormat

extension FormPlatform: ExpressibleByArgument {}

/// `qa scorecard import --from connect|genesys FORM.json [--output FILE]`
struct ScorecardImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn an Amazon Connect or Genesys Cloud evaluation form into a template.",
        discussion: """
            FORM.json is the form as the platform's API returns it: for Amazon Connect the output of \
            DescribeEvaluationForm (or its EvaluationForm object), for Genesys Cloud the form from \
            GET /api/v2/quality/forms/evaluations/{formId}. Anything that cannot be carried over exactly is \
            listed on the screen and in a comment at the top of the template. See docs/import.md for the mapping.
            The template is loaded back and checked before it is written: if it would not be valid (for example \
            questions whose conditions depend on each other in a circle), nothing is written.
            Exit codes: 0 everything was carried over; 1 something was not (the template is still written), the \
            form has errors, or the template would not be valid (nothing written); 3 a file could not be read or \
            written; 64 wrong or missing options.
            """
    )

    @Option(help: "The platform the form comes from: connect or genesys.")
    var from: FormPlatform

    @Argument(help: "The form file (JSON).")
    var form: String

    @Option(help: "Where to write the template (XML). Without it the template is printed.")
    var output: String?

    func run() throws {
        try OutputOverlap.refuse(output: output, inputs: [form], command: "scorecard import")
        let data: Data
        do {
            // Refused before reading when over the limit (the size of the open file), and the read is bounded.
            data = try BoundedFile.read(form, limit: FormImporter.sizeLimit)
        } catch .tooLarge(let size) {
            let what = size.map { "is \(Limits.text($0)) bytes, over" } ?? "is over"
            Problems.report(Problems.fileError(form, "the form \(what) the \(Limits.mebibytes(FormImporter.sizeLimit)) limit for "
                + "a form, so it was not read; export the one form on its own", rule: "import.form"))
            throw Problems.exit(.problemsFound)
        } catch {
            Problems.report(Problems.fileError(form, "cannot read the file (\(FileManager.default.fileExists(atPath: form) ? "permission denied or not a regular file" : "no such file"))", rule: Rule.unreadableFile))
            throw Problems.exit(.cannotReadOrWrite)
        }
        let result: ImportResult
        do {
            result = try FormImporter.importForm(data, from: from)
        } catch {
            for problem in error.problems {
                Problems.report(Diagnostics.Diagnostic(DiagnosticLocation(file: form, field: problem.path), rule: "import.form",
                                                       message: problem.message))
            }
            Problems.note(form, "no template written; the form has \(error.problems.count) problem\(error.problems.count == 1 ? "" : "s")")
            throw Problems.exit(.problemsFound)
        }
        // The template is loaded back with the real loader before anything is written.
        let template = result.template(source: form, platform: from)
        for loss in template.losses {
            Problems.report(Diagnostics.Diagnostic(DiagnosticLocation(file: form, field: loss.path), .warning, rule: "import.not-exact",
                                                   message: "not exact: \(loss.what) — \(loss.reason)"))
        }
        guard let xml = template.xml else {
            for problem in template.invalidity {
                Problems.report(Diagnostics.Diagnostic(DiagnosticLocation(file: form, field: problem.path), rule: "import.invalid-template",
                                                       message: "\(problem.what): \(problem.reason)"))
            }
            Problems.note(form, "no template written: the template made from this form would not be valid (listed above); correct the form on the platform and import it again")
            throw Problems.exit(.problemsFound)
        }
        if let output {
            do {
                try AtomicFile.write(xml, to: output)
            } catch {
                throw Problems.fail(error, path: output, writing: true)
            }
        } else {
            print(xml, terminator: "")
        }
        guard template.losses.isEmpty else {
            Problems.note(form, "\(template.losses.count) thing\(template.losses.count == 1 ? "" : "s") could not be carried over exactly; see the comment at the top of the template")
            throw Problems.exit(.problemsFound)
        }
    }
}
