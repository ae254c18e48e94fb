import Foundation
import Hummingbird
import QAModel
import Workbench
import Workspace

/// Sampling (the QA lead: a policy, its preview with margins and warnings, the draw, each run's progress) and
/// the assessor's queue (claim, release, replace with a reason).
struct QueueRoutes {
    let app: WorkbenchApp

    func add(to router: Router<AppContext>) {
        router.get("/sampling") { request, context in
            let signedIn = try context.person()
            guard AccessPolicy.may(signedIn.account.role, .assignCalls) else { return Page.notFound(context) }
            return try await samplingPage(signedIn, context: context, form: nil, preview: nil, problem: nil, status: .ok)
        }
        router.post("/sampling/preview") { request, context in
            let signedIn = try context.person()
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            guard AccessPolicy.may(signedIn.account.role, .assignCalls) else { return Page.notFound(context) }
            do {
                let preview = try await app.pool.run { workspace -> SamplingPreview in
                    try workspace.database.read { session in
                        let (policy, filter, seed) = try Self.policy(from: form, session)
                        return try SamplingStore.preview(policy, filter: filter, seed: seed, today: workspace.now().day, session)
                    }
                }
                return try await samplingPage(signedIn, context: context, form: form, preview: preview, problem: nil,
                                              status: .ok)
            } catch let error as SamplingError {
                return try await samplingPage(signedIn, context: context, form: form, preview: nil,
                                              problem: "Nothing to preview: \(error.message).", status: .badRequest)
            }
        }
        router.post("/sampling/draw") { request, context in
            let signedIn = try context.person()
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            guard AccessPolicy.may(signedIn.account.role, .assignCalls) else { return Page.notFound(context) }
            do {
                let run = try await app.pool.run { workspace -> Int64 in
                    let (policy, filter, seed) = try workspace.database.read { try Self.policy(from: form, $0) }
                    return try SamplingStore.draw(policy, filter: filter, seed: seed, by: signedIn.account.username,
                                                  in: workspace.acting(as: signedIn.account.username)).runID
                }
                return Page.seeOther("/sampling/runs/\(run)?drawn=1")
            } catch let error as SamplingError {
                return try await samplingPage(signedIn, context: context, form: form, preview: nil,
                                              problem: "Nothing was drawn: \(error.message).", status: .badRequest)
            }
        }
        router.get("/sampling/runs/:run") { request, context in
            let signedIn = try context.person()
            guard AccessPolicy.may(signedIn.account.role, .assignCalls),
                  let id = Int64(try context.parameters.require("run")) else { return Page.notFound(context) }
            let found = try await app.pool.run { workspace in
                try workspace.database.read { session -> (SamplingRunSummary, [QueueProgress], [QueueAssignment], CalendarDay)? in
                    guard let run = try AssignmentQueue.runs(id: id, session).first else { return nil }
                    let today = workspace.now().day
                    return (run, try AssignmentQueue.progress(runID: id, today: today, session),
                            try AssignmentQueue.list(runID: id, all: true, session), today)
                }
            }
            guard let (run, progress, assignments, today) = found else { return Page.notFound(context) }
            var data: [String: Any] = ["id": run.id, "drawnBy": run.drawnBy, "drawnAt": run.drawnAt, "seed": run.seed,
                                       "progress": progress.map(Self.progressRow),
                                       "total": Self.progressRow(Self.total(progress)),
                                       "assignments": assignments.map { Self.assignmentRow($0, today: today, csrf: signedIn.csrfToken) }]
            if let policy = run.policy {
                data["quota"] = policy.quota.description
                data["form"] = "\(policy.scorecardID) version \(policy.scorecardVersion)"
                data["assessors"] = policy.assessors.joined(separator: ", ")
            }
            if let filter = run.filter { data["period"] = "\(filter.from) to \(filter.to)" }
            if let code = request.uri.queryParameters["done"].map(String.init), let text = Self.queueNotices[code] {
                data["notice"] = text
            }
            if let code = request.uri.queryParameters["problem"].map(String.init), let text = Self.queueProblems[code] {
                data["problem"] = text
            }
            if request.uri.queryParameters["drawn"] != nil {
                data["notice"] = "Drawn and assigned: \(assignments.count) calls. Each assessor was told in the workbench."
            }
            return Page.render("sampling-run", title: "Sampling run \(run.id)", context: context, data: data)
        }
        router.get("/queue") { request, context in
            let signedIn = try context.person()
            guard AccessPolicy.may(signedIn.account.role, .scoreCalls) else { return Page.notFound(context) }
            let (items, today) = try await app.pool.run { workspace in
                try workspace.database.read { session in
                    (try AssignmentQueue.list(assessorID: signedIn.account.personID, session), workspace.now().day)
                }
            }
            var data: [String: Any] = ["count": items.count, "hasItems": !items.isEmpty,
                                       "items": items.map { Self.assignmentRow($0, today: today, csrf: signedIn.csrfToken) }]
            if let code = request.uri.queryParameters["done"].map(String.init), let text = Self.queueNotices[code] {
                data["notice"] = text
            }
            if let code = request.uri.queryParameters["problem"].map(String.init), let text = Self.queueProblems[code] {
                data["problem"] = text
            }
            return Page.render("queue", title: "My queue", context: context, data: data)
        }
        router.post("/queue/:id/:action") { request, context in
            let signedIn = try context.person()
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            guard let id = Int64(try context.parameters.require("id")),
                  let action = AccessPolicy.QueueAction(rawValue: try context.parameters.require("action")) else {
                return Page.notFound(context)
            }
            let actor = QueueActor.account(signedIn.account)
            // From a run's progress page (the QA lead) the answer goes back there; from the queue, to the queue.
            var back = "/queue"
            if form["back"] == "run", AccessPolicy.may(signedIn.account.role, .assignCalls),
               let run = try await app.pool.run({ workspace in
                   try workspace.database.read { try AssignmentQueue.assignment(id, $0)?.runID }
               }) {
                back = "/sampling/runs/\(run)"
            }
            do {
                let done = try await app.pool.run { workspace -> String? in
                    let acting = workspace.acting(as: signedIn.account.username)
                    switch action {
                    case .claim: return try AssignmentQueue.claim(id, by: actor, in: acting).map { _ in "claimed" }
                    case .release: return try AssignmentQueue.release(id, by: actor, in: acting).map { _ in "released" }
                    case .replace:
                        switch try AssignmentQueue.replace(id, reason: form["reason"] ?? "", by: actor, in: acting) {
                        case .replaced?: return "replaced"
                        case .noneEligible?: return "taken-out"
                        case nil: return nil
                        }
                    }
                }
                guard let done else { return Page.notFound(context) }
                return Page.seeOther("\(back)?done=\(done)")
            } catch let error as SamplingError {
                return Page.seeOther("\(back)?problem=\(error.code ?? "other")")
            }
        }
    }

    static let queueNotices = [
        "claimed": "You claimed the call: it is yours to score.",
        "released": "The call is open again.",
        "replaced": "The call was replaced: another call of the same agent is in the queue in its place.",
        "taken-out": "The call was taken out of the queue. No other call of that agent in the sampling run's calls was "
            + "left to replace it with; the QA lead can see this on the run's progress page.",
    ]

    static let queueProblems = [
        "not-open": "That call is not open (someone has claimed or finished it), so it could not be claimed.",
        "not-claimed": "That call is not claimed, so there was nothing to release.",
        "not-waiting": "That call is already done or replaced, so it cannot be replaced.",
        "by-hand": "That call was assigned by hand, not drawn by a sampling run, so no replacement can be drawn: "
            + "ask the QA lead to assign another call.",
        "reason-missing": "Say why the call is replaced: a reason is required.",
        "reason-long": "The reason is too long: keep it to \(AssignmentQueue.maximumReasonLength) characters.",
        "other": "That did not work; reload the page and try again.",
    ]

    /// The policy, filter and seed a sampling form states, or a problem in words.
    static func policy(from form: FormBody, _ session: SQLSession) throws -> (SamplingPolicy, SamplingFilter, UInt64) {
        func text(_ name: String) -> String? {
            let value = form[name]?.trimmingCharacters(in: .whitespaces) ?? ""
            return value.isEmpty ? nil : value
        }
        func number(_ name: String, _ what: String) throws -> Int? {
            guard let value = text(name) else { return nil }
            guard let n = Int(value), n >= 0 else { throw SamplingError("\(what) must be a whole number (0 or more)") }
            return n
        }
        func decimal(_ name: String, _ what: String) throws -> Double? {
            guard let value = text(name) else { return nil }
            guard let n = Double(value), n.isFinite, n > 0 else { throw SamplingError("\(what) must be a number above 0") }
            return n
        }
        func day(_ name: String, _ what: String) throws -> CalendarDay? {
            guard let value = text(name) else { return nil }
            guard let day = CalendarDay(value) else { throw SamplingError("\(what) is not a date (YYYY-MM-DD)") }
            return day
        }
        guard let rowID = text("template").flatMap({ Int64($0) }),
              let chosen = try SamplingStore.template(String(rowID), session) else {
            throw SamplingError("choose the form to score with")
        }
        guard let from = try day("from", "the first day"), let to = try day("to", "the last day") else {
            throw SamplingError("give the first and last day of the period")
        }
        let quota: SamplingQuota
        if text("quota") == "share" {
            guard let percent = try decimal("share", "the share") else { throw SamplingError("give the share in percent") }
            quota = .share(percent: percent, minimum: try number("min", "the minimum per agent") ?? 1)
        } else {
            guard let n = try number("per-agent", "the calls per agent") else {
                throw SamplingError("give the number of calls per agent")
            }
            quota = .perAgent(n)
        }
        let due: SamplingDue?
        if let on = try day("due", "the due date") {
            due = .on(on)
        } else {
            due = try number("due-in", "the days until due").map { .daysAfterDraw($0) }
        }
        let seed: UInt64
        if let given = text("seed") {
            guard let parsed = UInt64(given) else { throw SamplingError("the seed must be a whole number") }
            seed = parsed
        } else {
            seed = SamplingStore.newSeed()
        }
        let filter = SamplingFilter(from: from, to: to, team: text("team"), queue: text("queue"), direction: text("direction"),
                                    minDurationSeconds: try number("min-duration", "the shortest duration"),
                                    maxDurationSeconds: try number("max-duration", "the longest duration"),
                                    notEvaluated: form["not-evaluated"] == "yes")
        let precision = SamplingPrecision(meanScorePoints: try decimal("precision-points", "the precision in points") ?? 5,
                                          passRatePoints: try decimal("precision-pass-rate", "the pass-rate precision") ?? 10)
        let policy = SamplingPolicy(quota: quota, templateRowID: chosen.rowID, scorecardID: chosen.id,
                                    scorecardVersion: chosen.version, assessors: formAssessors(form), due: due,
                                    precision: precision)
        return (policy, filter, seed)
    }

    static func formAssessors(_ form: FormBody) -> [String] {
        form.all("assessor").filter { !$0.isEmpty }
    }

    /// The sampling page: the policy form (filled in again after a preview or a problem), the plan with its
    /// margins and warnings and the "draw and assign" form, and the runs so far.
    private func samplingPage(_ signedIn: SignedIn, context: AppContext, form: FormBody?, preview: SamplingPreview?,
                              problem: String?, status: HTTPResponse.Status) async throws -> Response {
        let (templates, assessors, teams, runs) = try await app.pool.run { workspace in
            try workspace.database.read { session in
                (try Listings.templates(session), try Listings.assessors(session), try Listings.teams(session),
                 try AssignmentQueue.runs(session))
            }
        }
        let value = { (name: String) -> String in form?[name] ?? "" }
        let chosenAssessors = Set(form.map(Self.formAssessors) ?? [])
        var data: [String: Any] = [
            "csrf": signedIn.csrfToken,
            "templates": templates.map { t -> [String: Any] in
                ["id": t.rowID, "title": t.title, "version": t.version, "selected": value("template") == String(t.rowID)]
            },
            "assessors": assessors.map { a -> [String: Any] in
                ["name": a.username, "role": a.role.title, "checked": chosenAssessors.contains(a.username)]
            },
            "teams": teams.map { ["name": $0, "selected": value("team") == $0] as [String: Any] },
            "perAgent": form == nil ? "5" : value("per-agent"), "share": value("share"),
            "min": form == nil ? "3" : value("min"), "shareChecked": value("quota") == "share",
            "from": value("from"), "to": value("to"), "queue": value("queue"), "direction": value("direction"),
            "minDuration": value("min-duration"), "maxDuration": value("max-duration"),
            "notEvaluated": value("not-evaluated") == "yes", "due": value("due"),
            "dueIn": form == nil ? "7" : value("due-in"), "seed": value("seed"),
            "precisionPoints": form == nil ? "5" : value("precision-points"),
            "precisionPassRate": form == nil ? "10" : value("precision-pass-rate"),
            "runs": runs.map { run -> [String: Any] in
                ["id": run.id, "drawnAt": run.drawnAt, "drawnBy": run.drawnBy, "quota": run.policy?.quota.description ?? "",
                 "period": run.filter.map { "\($0.from) to \($0.to)" } ?? ""]
            },
            "hasRuns": !runs.isEmpty,
        ]
        if let problem { data["problem"] = problem }
        if let preview, let form { data["preview"] = Self.previewData(preview, form: form) }
        return Page.render("sampling", title: "Sampling", context: context, data: data, status: status)
    }

    static func previewData(_ preview: SamplingPreview, form: FormBody) -> [String: Any] {
        let plan = preview.plan
        var perAssessor: [String: Int] = [:]
        for drawn in preview.draw.drawn { perAssessor[drawn.assessor.name, default: 0] += 1 }
        // The same form again, with the seed of this preview fixed, so "draw and assign" draws exactly these calls.
        var fields = form.pairs.filter { $0.0 != "csrf" && $0.0 != "seed" }.map { ["name": $0.0, "value": $0.1] }
        fields.append(["name": "seed", "value": String(preview.seed)])
        var data: [String: Any] = [
            "seed": String(preview.seed), "candidates": preview.candidateCount, "drawn": preview.draw.drawn.count,
            "quota": preview.policy.quota.description,
            "points": SamplingPlan.number(plan.precision.meanScorePoints),
            "passPoints": SamplingPlan.number(plan.precision.passRatePoints),
            "due": preview.dueOn?.description ?? "no due date",
            "agents": plan.agents.map { agent -> [String: Any] in
                ["agent": agent.agentKey, "available": agent.available, "drawn": agent.drawn,
                 "scoreMargin": "±" + SamplingPlan.number(agent.scoreMargin),
                 "passMargin": "±" + SamplingPlan.number(agent.passRateMargin),
                 "scoreNeed": agent.meetsScorePrecision ? "yes (\(agent.neededForScore) needed)" : "no: needs \(agent.neededForScore)",
                 "passNeed": agent.meetsPassRatePrecision ? "yes (\(agent.neededForPassRate) needed)" : "no: needs \(agent.neededForPassRate)"]
            },
            "hasAgents": !plan.agents.isEmpty,
            "spread": preview.policy.assessors.map { ["name": $0, "count": perAssessor[$0] ?? 0] as [String: Any] },
            "assumptions": plan.assumptions.lines.map { ["line": $0] },
            "warnings": plan.warnings.map { ["line": $0] }, "hasWarnings": !plan.warnings.isEmpty,
            "canDraw": !preview.draw.drawn.isEmpty,
            "fields": fields,
        ]
        if !preview.withoutAccount.isEmpty { data["withoutAccount"] = preview.withoutAccount.joined(separator: ", ") }
        return data
    }

    static func total(_ rows: [QueueProgress]) -> QueueProgress {
        rows.reduce(QueueProgress(runID: nil, assessor: "All assessors", assigned: 0, open: 0, claimed: 0, done: 0,
                                  overdue: 0, replaced: 0)) { sum, row in
            var sum = sum
            sum.assigned += row.assigned
            sum.open += row.open
            sum.claimed += row.claimed
            sum.done += row.done
            sum.overdue += row.overdue
            sum.replaced += row.replaced
            return sum
        }
    }

    static func progressRow(_ row: QueueProgress) -> [String: Any] {
        ["assessor": row.assessor, "assigned": row.assigned, "open": row.open, "claimed": row.claimed, "done": row.done,
         "overdue": row.overdue, "replaced": row.replaced]
    }

    /// An assignment as the queue and run pages show it: its state in words (overdue said in words, not by colour).
    static func assignmentRow(_ item: QueueAssignment, today: CalendarDay, csrf: String?) -> [String: Any] {
        var state: String
        switch item.state {
        case "open": state = "Open"
        case "claimed": state = "Claimed"
        case "done": state = "Done"
        case "replaced": state = "Replaced" + (item.replacedBy == nil ? " (no other call left)" : "")
        default: state = item.state
        }
        let overdue = item.isOverdue(today: today)
        if overdue { state += " — overdue" }
        var row: [String: Any] = [
            "id": item.id, "call": item.callKey, "callPath": Show.pathSegment(item.callKey), "agent": item.agentKey,
            "date": String(item.callDate.prefix(10)), "form": "\(item.templateTitle) (version \(item.templateVersion))",
            "due": item.dueOn ?? "no due date", "state": state, "overdue": overdue, "assessor": item.assessorKey,
            "reason": item.reason ?? "", "canClaim": item.state == "open", "canRelease": item.state == "claimed",
            "canReplace": item.isWaiting && item.runID != nil, "waiting": item.isWaiting,
        ]
        if let csrf { row["csrf"] = csrf }
        return row
    }
}
