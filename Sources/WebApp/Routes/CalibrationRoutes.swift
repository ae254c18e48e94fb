import Calibration
import Foundation
import Hummingbird
import QAModel
import Workbench
import Workspace

/// Blind calibration sessions in the browser: the list, opening one (QA lead), the session page (progress while
/// open, answers side by side once revealed, the answer key), reveal and close, and each assessor's calibration
/// history. Scoring a session's call is the scoring form under `/calibration/:session/calls/:call`
/// (`ScoringRoutes`). Who may see what is decided by `CalibrationDesk`; anything else is "not found".
struct CalibrationRoutes {
    let app: WorkbenchApp

    func add(to router: Router<AppContext>) {
        router.get("/calibration") { request, context in
            let signedIn = try context.person()
            let role = signedIn.account.role
            guard role == .qaLead || role == .assessor else { return Page.notFound(context) }
            let (sessions, templates, assessors, calls) = try await app.pool.run { workspace in
                try workspace.database.read { session in
                    (try CalibrationDesk.list(visibleTo: signedIn.account, session),
                     role == .qaLead ? try Listings.templates(session) : [],
                     role == .qaLead ? try Listings.assessors(session) : [],
                     role == .qaLead ? try Listings.calls(limit: 200, session) : [])
                }
            }
            var data: [String: Any] = ["csrf": signedIn.csrfToken, "lead": role == .qaLead,
                                       "sessions": sessions.map(Self.summary), "none": sessions.isEmpty]
            if role == .qaLead {
                data["templates"] = templates.map { ["id": $0.rowID, "title": $0.title, "version": $0.version] as [String: Any] }
                data["assessors"] = assessors.map { ["key": $0.personKey, "name": $0.username] }
                data["calls"] = calls.map { ["key": $0.key, "agent": $0.agent, "date": $0.callDate] }
                data["mine"] = ["key": signedIn.account.personKey]
            } else {
                data["mine"] = ["key": signedIn.account.personKey]
            }
            if let problem = request.uri.queryParameters["problem"] { data["problem"] = String(problem) }
            return Page.render("calibration-sessions", title: "Calibration sessions", context: context, data: data)
        }
        router.post("/calibration") { request, context in
            let signedIn = try context.person()
            guard signedIn.account.role == .qaLead else { return Page.notFound(context) }
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            let assessors = form.all("assessor")
            let referenceText = form["reference"] ?? "consensus"
            let plan = CalibrationDesk.Plan(
                name: form["name"] ?? "", templateRowID: form["template"].flatMap { Int64($0) } ?? 0,
                calls: form.all("call") + (form["more-calls"] ?? "").split(whereSeparator: { $0 == "," || $0.isNewline || $0 == " " }).map(String.init),
                assessors: assessors,
                reference: referenceText == "consensus" ? .consensus : .assessor(form["expert"] ?? ""),
                deadline: form["deadline"].flatMap { $0.isEmpty ? nil : CalendarDay($0) })
            do {
                let id = try await app.pool.run { workspace in
                    try CalibrationDesk.open(plan, by: signedIn.account, in: workspace.acting(as: signedIn.account.username))
                }
                return Page.seeOther("/calibration/\(id)?opened=1")
            } catch let problem as CalibrationDeskError {
                let query = problem.message.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                return Page.seeOther("/calibration?problem=\(query)#open-session")
            }
        }
        router.get("/calibration/assessors/:person") { _, context in
            let signedIn = try context.person()
            let person = try context.parameters.require("person")
            guard let points = try await app.pool.run({ workspace in
                try workspace.database.read { session in
                    try CalibrationDesk.history(of: person, visibleTo: signedIn.account, templates: app.templates, session)
                }
            }) else { return Page.notFound(context) }
            let chart = Charts.line(points.map { (label: $0.sessionName, value: $0.meanDeviation) },
                                    title: "Mean difference from the reference per session, in points (above 0: more lenient)")
            return Page.render("calibration-history", title: "Calibration history of \(person)", context: context, data: [
                "person": person, "chart": chart, "none": points.isEmpty,
                "points": points.map { point -> [String: Any] in
                    ["id": point.sessionID, "name": point.sessionName, "revealed": String(point.revealedAt.prefix(10)),
                     "calls": point.calls, "bias": point.meanDeviation.map(Self.signed) ?? "too few calls",
                     "within": point.withinToleranceShare.map { "\(Int(($0 * 100).rounded())) %" } ?? "—"]
                },
            ])
        }
        router.get("/calibration/:session") { request, context in
            let signedIn = try context.person()
            guard let id = Int64(try context.parameters.require("session")) else { return Page.notFound(context) }
            let found = try await app.pool.run { workspace
                -> (CalibrationSessionInfo, CalibrationComparison?, [String: String])? in
                try workspace.database.read { session in
                    guard let info = try CalibrationDesk.session(id, visibleTo: signedIn.account, session) else { return nil }
                    let comparison = info.state == .open ? nil
                        : try CalibrationDesk.comparison(id, visibleTo: signedIn.account, templates: app.templates, session)
                    // While open: the person's own scores in it (call → evaluation), for their list of calls.
                    var scored: [String: String] = [:]
                    if info.state == .open, info.participants.contains(where: { $0.personID == signedIn.account.personID }) {
                        for row in try session.query("""
                            SELECT call_key, evaluation_key FROM evaluations
                            WHERE calibration_session_id = ? AND assessor_id = ?
                            """, .integer(id), .integer(signedIn.account.personID)) {
                            if let call = row.text(0), scored[call] == nil { scored[call] = row.text(1) ?? "" }
                        }
                    }
                    return (info, comparison, scored)
                }
            }
            guard let (info, comparison, scored) = found else { return Page.notFound(context) }
            var data = Self.summary(info)
            data["csrf"] = signedIn.csrfToken
            data["lead"] = signedIn.account.role == .qaLead
            if request.uri.queryParameters["opened"] != nil { data["notice"] = "The session is open: each assessor has been told." }
            if let call = request.uri.queryParameters["scored"] {
                data["notice"] = "Your scores for call \(call) are stored and sealed until the session is revealed."
            }
            if request.uri.queryParameters["key"] != nil { data["notice"] = "The agreed answer is recorded in the answer key." }
            data["participants"] = info.participants.map { p -> [String: Any] in
                ["key": p.personKey, "scored": "\(p.scored) of \(info.calls.count)",
                 "state": p.submittedAt != nil ? "submitted" : info.state == .open ? "still scoring" : "did not submit"]
            }
            if info.state == .open, info.participants.contains(where: { $0.personID == signedIn.account.personID }) {
                data["hasToScore"] = !info.calls.isEmpty
                data["toScore"] = info.calls.map { call -> [String: Any] in
                    var item: [String: Any] = ["call": call, "path": Show.pathSegment(call)]
                    if let key = scored[call] { item["done"] = ["evaluationPath": Show.pathSegment(key)] }
                    return item
                }
            }
            if let comparison { data.merge(Self.revealed(comparison, lead: signedIn.account.role == .qaLead)) { $1 } }
            return Page.render("calibration-session", title: "Calibration session: \(info.name)", context: context, data: data)
        }
        router.post("/calibration/:session/reveal") { request, context in
            try await leadAction(request, context) { id, account, workspace in
                try CalibrationDesk.reveal(id, by: account, in: workspace)
            }
        }
        router.post("/calibration/:session/close") { request, context in
            try await leadAction(request, context) { id, account, workspace in
                try CalibrationDesk.close(id, by: account, in: workspace)
            }
        }
        router.post("/calibration/:session/key") { request, context in
            let signedIn = try context.person()
            guard signedIn.account.role == .qaLead, let id = Int64(try context.parameters.require("session")) else {
                return Page.notFound(context)
            }
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            do {
                let done = try await app.pool.run { workspace in
                    try CalibrationDesk.recordAgreedAnswer(
                        session: id, call: form["call"] ?? "", criterion: form["criterion"] ?? "",
                        answer: form["answer"] ?? "", note: form["note"], by: signedIn.account, templates: app.templates,
                        in: workspace.acting(as: signedIn.account.username))
                }
                return done ? Page.seeOther("/calibration/\(id)?key=1#answers") : Page.notFound(context)
            } catch let problem as CalibrationDeskError {
                return Page.render("message", title: "Not recorded", context: context,
                                   data: ["heading": "The agreed answer was not recorded", "message": problem.message],
                                   status: .unprocessableContent)
            }
        }
    }

    /// A QA lead's action on a session (reveal, close): done, then back to the session; anything refused is
    /// "not found".
    private func leadAction(_ request: Request, _ context: AppContext,
                            _ action: @escaping @Sendable (Int64, Account, Workspace) throws -> Bool) async throws -> Response {
        let signedIn = try context.person()
        guard signedIn.account.role == .qaLead, let id = Int64(try context.parameters.require("session")) else {
            return Page.notFound(context)
        }
        let form = try await FormBody.read(request, context: context)
        try checkCSRF(form, signedIn)
        let done = try await app.pool.run { workspace in
            try action(id, signedIn.account, workspace.acting(as: signedIn.account.username))
        }
        return done ? Page.seeOther("/calibration/\(id)") : Page.notFound(context)
    }

    static func summary(_ info: CalibrationSessionInfo) -> [String: Any] {
        var reference = "the consensus of the other assessors"
        if case .assessor(let expert) = info.reference { reference = "the expert \(expert)" }
        let submitted = info.participants.filter { $0.submittedAt != nil }.count
        return ["id": info.id, "name": info.name, "form": "\(info.templateTitle) (version \(info.templateVersion))",
                "reference": reference, "deadline": info.deadline ?? "none", "state": info.state.words,
                "open": info.state == .open, "revealed": info.state == .revealed,
                "calls": info.calls.count, "assessors": info.participants.count,
                "progress": "\(submitted) of \(info.participants.count) submitted", "openedBy": info.openedBy,
                "openedOn": String(info.openedAt.prefix(10))]
    }

    /// The revealed session's figures: answers side by side (most disagreement first), the statistics and bias.
    static func revealed(_ comparison: CalibrationComparison, lead: Bool) -> [String: Any] {
        var data: [String: Any] = [:]
        let assessors = comparison.rows.first?.answers.map(\.assessor) ?? []
        data["columns"] = assessors.map { ["name": $0] }
        data["rows"] = comparison.rows.map { row -> [String: Any] in
            let agree = row.distinctAnswers <= 1
            var item: [String: Any] = [
                "call": row.call, "prompt": row.prompt, "criterion": row.criterionID,
                "answers": row.answers.map { ["words": $0.words] },
                "agreement": agree ? "all agree" : "\(row.distinctAnswers) different answers; "
                    + "\(Int((row.modalShare * 100).rounded())) % gave the most common",
                "disagree": !agree,
            ]
            if let agreed = row.agreedAnswer {
                item["agreed"] = row.answers.first { $0.value == agreed }?.words ?? agreed
                if let note = row.agreedNote { item["agreedNote"] = note }
            }
            if lead, !agree, comparison.info.state == .revealed {
                var seen = Set<String>()
                item["choices"] = row.answers.filter { seen.insert($0.value).inserted && !$0.value.isEmpty }
                    .map { ["value": $0.value, "words": $0.words, "checked": $0.value == row.agreedAnswer] as [String: Any] }
                item["keyForm"] = true
            }
            return item
        }
        let differing = comparison.rows.filter { $0.distinctAnswers > 1 }.count
        data["disagreements"] = differing == 1 ? "1 question was answered differently."
            : "\(differing) questions were answered differently."
        if let report = comparison.report {
            data["hasBias"] = !report.assessors.isEmpty
            data["hasCriteria"] = !report.criteria.isEmpty
            data["bias"] = report.assessors.map { a -> [String: Any] in
                ["assessor": a.assessor, "calls": a.calls,
                 "bias": a.meanDeviation.map(signed) ?? "too few calls",
                 "range": (a.ci95Lower != nil && a.ci95Upper != nil) ? "\(signed(a.ci95Lower ?? 0)) to \(signed(a.ci95Upper ?? 0))" : "—",
                 "within": a.withinToleranceShare.map { "\(Int(($0 * 100).rounded())) %" } ?? "—",
                 "history": "/calibration/assessors/\(Show.pathSegment(a.assessor))"]
            }
            var prompts: [String: String] = [:]
            for row in comparison.rows { prompts[row.criterionID] = row.prompt }
            data["criteria"] = report.criteria.map { c -> [String: Any] in
                ["criterion": prompts[c.criterion] ?? c.criterion, "agreement": c.agreement,
                 "exact": c.exactAgreement.map { "\(Int(($0 * 100).rounded())) %" } ?? "—",
                 "alpha": c.alpha.map { String(format: "%.2f", $0) } ?? "—"]
            }
        } else if let problem = comparison.reportProblem {
            data["reportProblem"] = problem
        }
        return data
    }

    static func signed(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded > 0 ? "+\(formatNumber(rounded))" : formatNumber(rounded)
    }
}
