import Calibration
import Foundation
import Hummingbird
import Scoring
import Workbench
import Workspace

/// The calibration and drift reports of `qa calibrate` and `qa drift`, for QA leads, on the workspace's
/// calibration and official evaluations of one template version.
struct ReportRoutes {
    let app: WorkbenchApp

    func add(to router: Router<AppContext>) {
        router.get("/reports") { _, context in
            let signedIn = try context.person()
            guard AccessPolicy.may(signedIn.account.role, .seeCalibration) else { return Page.notFound(context) }
            let templates = try await app.pool.run { workspace in try workspace.database.read { try Listings.templates($0) } }
            return Page.render("reports", title: "Calibration and drift", context: context, data: [
                "templates": templates.map { ["title": "\($0.title) (version \($0.version))", "path": String($0.rowID)] },
            ])
        }
        router.get("/reports/:kind/:template") { request, context in
            let signedIn = try context.person()
            guard AccessPolicy.may(signedIn.account.role, .seeCalibration),
                  let template = Int64(try context.parameters.require("template")) else { return Page.notFound(context) }
            let kind = try context.parameters.require("kind")
            guard kind == "calibration" || kind == "drift" else { return Page.notFound(context) }
            let referenceText = request.uri.queryParameters["reference"].map(String.init) ?? "consensus"
            let reference = CalibrationReference(argument: referenceText)
            let outcome = try await app.pool.run { workspace -> (String, String?)? in
                try workspace.database.read { session -> (String, String?)? in
                    guard try session.first("SELECT 1 FROM templates WHERE id = ?", .integer(template)) != nil else {
                        return nil
                    }
                    let (stored, plan) = try app.templates.template(template, session)
                    var scored: [ScoredEvaluation] = []
                    try VisibleEvaluations.forCalibration(template: template, templates: app.templates, session) { item in
                        if let score = item.score { scored.append(ScoredEvaluation(evaluation: item.record, score: score)) }
                    }
                    do {
                        if kind == "calibration" {
                            let report = try CalibrationSession(plan: plan, reference: reference).analyze(scored)
                            return (CalibrationReportRenderer.render(report, as: .html), nil)
                        }
                        let report = try DriftAnalysis(plan: plan, reference: reference,
                                                       options: DriftOptions(reference: reference)).analyze(scored)
                        return (DriftReportRenderer.render(report, as: .html), nil)
                    } catch {
                        let why = (error as? CalibrationProblem)?.message ?? "the evaluations could not be compared"
                        let title = stored.scorecard.title
                        return ("", "There is nothing to compare for \(title) with the reference \(referenceText): \(why)")
                    }
                }
            }
            guard let (document, problem) = outcome else { return Page.notFound(context) }
            if let problem {
                return Page.render("message", title: "Nothing to compare", context: context,
                                   data: ["heading": "Nothing to compare", "message": problem])
            }
            return Page.html(Self.embedded(document))
        }
    }

    /// The report as its own page: its style sheet linked (no inline style is allowed), a way back at the top.
    static func embedded(_ document: String) -> String {
        var page = document.replacingOccurrences(of: CalibrationReportStyle.inlineElement,
                                                 with: "<link rel=\"stylesheet\" href=\"/static/report.css\">")
        if let body = page.range(of: "<body>") {
            page.insert(contentsOf: "\n<nav aria-label=\"Workbench\"><p><a href=\"/reports\">Back to the reports</a> · "
                        + "<a href=\"/\">Home</a></p></nav>\n<main>", at: body.upperBound)
        }
        if let end = page.range(of: "</body>", options: .backwards) {
            page.insert(contentsOf: "</main>\n", at: end.lowerBound)
        }
        return page
    }
}
