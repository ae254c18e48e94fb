import Hummingbird
import QAModel
import Workbench
import Workspace

/// The home page of each role, the calls list with assignment (QA lead), the template list.
struct HomeRoutes {
    let app: WorkbenchApp

    func add(to router: Router<AppContext>) {
        router.get("/") { request, context in
            let signedIn = try context.person()
            let account = signedIn.account
            let notice = request.uri.queryParameters["notice"].map(String.init)
            let data = try await app.pool.run { workspace -> [String: any Sendable] in
                try workspace.database.read { session in
                    try homeData(account, workspace: workspace, session)
                }
            }
            var full: [String: Any] = data
            full["csrf"] = signedIn.csrfToken
            if let notice, let text = HomeRoutes.notices[notice] { full["notice"] = text }
            return Page.render("home", title: "Home", context: context, data: full)
        }
        router.get("/calls") { request, context in
            let signedIn = try context.person()
            guard AccessPolicy.may(signedIn.account.role, .assignCalls) else { return Page.notFound(context) }
            let notice = request.uri.queryParameters["assigned"].map { "Assigned \($0) calls." }
            let (calls, assessors, templates) = try await app.pool.run { workspace in
                try workspace.database.read { session in
                    (try Listings.calls(limit: 200, session), try Listings.assessors(session), try Listings.templates(session))
                }
            }
            var data: [String: Any] = ["csrf": signedIn.csrfToken, "count": calls.count]
            if let notice { data["notice"] = notice }
            data["calls"] = calls.map { call -> [String: Any] in
                ["key": call.key, "path": Show.pathSegment(call.key), "agent": call.agent, "team": call.team ?? "",
                 "date": call.callDate, "evaluations": call.evaluations]
            }
            data["assessors"] = assessors.map { ["name": $0.username] }
            data["templates"] = templates.map { ["id": $0.rowID, "title": $0.title, "version": $0.version] as [String: Any] }
            return Page.render("calls", title: "Calls", context: context, data: data)
        }
        router.post("/assignments") { request, context in
            let signedIn = try context.person()
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            guard AccessPolicy.may(signedIn.account.role, .assignCalls) else { return Page.notFound(context) }
            let calls = form.all("call")
            let assessorName = form["assessor"] ?? ""
            let due = form["due"].flatMap { $0.isEmpty ? nil : CalendarDay($0) }
            guard let template = form["template"].flatMap({ Int64($0) }) else {
                throw HTTPError(.badRequest, message: "Choose a form to score the calls with.")
            }
            let added = try await app.pool.run { workspace -> Int in
                guard let assessor = try workspace.database.read({ try AccountStore.find(username: assessorName, $0) }),
                      assessor.role == .assessor || assessor.role == .qaLead else {
                    throw HTTPError(.badRequest, message: "Choose an assessor from the list.")
                }
                return try ScoringDesk.assign(calls: calls, to: assessor, template: template, dueOn: due,
                                              by: signedIn.account, in: workspace.acting(as: signedIn.account.username))
            }
            return Page.seeOther("/calls?assigned=\(added)")
        }
        router.get("/templates") { _, context in
            let signedIn = try context.person()
            guard AccessPolicy.may(signedIn.account.role, .seeTemplates) else { return Page.notFound(context) }
            let rows = try await app.pool.run { workspace in
                try workspace.database.read { session in
                    try Listings.templates(session).map { row -> [String: any Sendable] in
                        let (template, _) = try app.templates.template(row.rowID, session)
                        return ["title": row.title, "id": row.scorecardID, "idPath": Show.pathSegment(row.scorecardID),
                                "version": row.version,
                                "questions": template.scorecard.criteria.count,
                                "passMark": formatNumber(template.scorecard.passMark)]
                    }
                }
            }
            return Page.render("templates", title: "Templates", context: context, data: ["templates": rows])
        }
    }

    static let notices = [
        "submitted": "Your evaluation was submitted.",
        "released": "The evaluation was released to the agent.",
    ]

    private func homeData(_ account: Account, workspace: Workspace, _ session: SQLSession) throws -> [String: any Sendable] {
        var data: [String: any Sendable] = ["heading": "Welcome, \(account.username)"]
        let now = workspace.now()
        func evaluationRows(_ list: [EvaluationSummary]) -> [[String: any Sendable]] {
            list.map { e in
                ["date": String(e.callDate.prefix(10)), "call": e.callKey, "path": Show.pathSegment(e.key),
                 "agent": e.agent, "assessor": e.assessor, "score": Show.score(e.total), "purpose": e.purpose,
                 "result": e.autoFailed ? "Auto-fail" : e.passed ? "Pass" : "Fail",
                 "released": e.purpose != "official" ? "never (not for the agent)"
                     : e.releasedAt.map { String($0.prefix(10)) } ?? "not yet"]
            }
        }
        switch account.role {
        case .admin:
            data["accountsLink"] = true
        case .assessor, .qaLead:
            let assigned = try Listings.assignedCalls(account, session)
            data["assigned"] = [
                "hasAssigned": !assigned.isEmpty,
                "items": assigned.map { a -> [String: any Sendable] in
                    ["call": a.call.key, "callPath": Show.pathSegment(a.call.key), "agent": a.call.agent,
                     "date": a.call.callDate, "form": a.templateTitle, "due": a.dueOn ?? "–"]
                },
            ] as [String: any Sendable]
            let mine = try Listings.evaluations(visibleTo: account, limit: 50, now: now, session)
            data["evaluations"] = [
                "heading": account.role == .qaLead ? "Latest evaluations" : "Your evaluations",
                "hasItems": !mine.isEmpty, "items": evaluationRows(mine),
                "empty": "No evaluations yet.",
            ] as [String: any Sendable]
            if account.role == .qaLead {
                data["teamLinks"] = ["teams": try Listings.teams(session).map { ["name": $0, "path": Show.pathSegment($0)] }]
                    as [String: any Sendable]
            }
        case .teamLeader:
            if let team = account.team {
                data["teamLinks"] = ["teams": [["name": team, "path": Show.pathSegment(team)]]] as [String: any Sendable]
            }
            let list = try Listings.evaluations(visibleTo: account, limit: 50, now: now, session)
            data["evaluations"] = ["heading": "Your team's released evaluations", "hasItems": !list.isEmpty,
                                   "items": evaluationRows(list), "empty": "No evaluations have been released to your team yet."]
                as [String: any Sendable]
        case .agent:
            data["planLink"] = ["path": Show.pathSegment(account.personKey)] as [String: any Sendable]
            let list = try Listings.evaluations(visibleTo: account, limit: 50, now: now, session)
            data["evaluations"] = ["heading": "Your evaluations", "hasItems": !list.isEmpty, "items": evaluationRows(list),
                                   "empty": "No evaluations have been released to you yet."] as [String: any Sendable]
        }
        return data
    }
}
