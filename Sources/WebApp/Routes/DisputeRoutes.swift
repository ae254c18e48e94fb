import Evaluator
import Hummingbird
import QAModel
import Workbench
import Workspace

/// Release on a date and its cancelling, the agent's acknowledgement and dispute, the disputes list and a
/// dispute's page (the arbitrator's review and decision, a QA lead's assignment), a form's dispute rules and the
/// dispute report. Who may do what is decided by `AccessPolicy` through `ReleaseDesk` and `DisputeDesk`; anything
/// else is "not found", and a step refused for a reason the person can act on says the reason.
struct DisputeRoutes {
    let app: WorkbenchApp

    func add(to router: Router<AppContext>) {
        router.post("/evaluations/:key/cancel-release") { request, context in
            let signedIn = try context.person()
            let key = try context.parameters.require("key")
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            return try await refusing(context) {
                let done = try await app.pool.run { workspace in
                    try ReleaseDesk.cancel(key, by: signedIn.account, in: workspace)
                }
                return done ? Page.seeOther("/evaluations/\(Show.pathSegment(key))") : Page.notFound(context)
            }
        }
        router.post("/evaluations/:key/acknowledge") { request, context in
            let signedIn = try context.person()
            let key = try context.parameters.require("key")
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            return try await refusing(context) {
                let done = try await app.pool.run { workspace in
                    try ReleaseDesk.acknowledge(key, by: signedIn.account, in: workspace)
                }
                return done ? Page.seeOther("/evaluations/\(Show.pathSegment(key))") : Page.notFound(context)
            }
        }
        router.get("/evaluations/:key/dispute") { _, context in
            let signedIn = try context.person()
            let key = try context.parameters.require("key")
            guard let raise = try await app.pool.run({ workspace in
                try DisputeDesk.raiseContext(key, for: signedIn.account, in: workspace, templates: app.templates)
            }) else { return Page.notFound(context) }
            return Page.render("dispute-form", title: "Dispute the evaluation of call \(raise.callKey)", context: context,
                               data: disputeFormData(raise, request: nil, problems: [:], signedIn: signedIn))
        }
        router.post("/evaluations/:key/dispute") { request, context in
            let signedIn = try context.person()
            let key = try context.parameters.require("key")
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            let disputeRequest = DisputeDesk.Request(pairs: form.pairs)
            return try await refusing(context) {
                let (outcome, raise) = try await app.pool.run { workspace in
                    (try DisputeDesk.raise(key, disputeRequest, by: signedIn.account, in: workspace, templates: app.templates),
                     try DisputeDesk.raiseContext(key, for: signedIn.account, in: workspace, templates: app.templates))
                }
                switch outcome {
                case nil: return Page.notFound(context)
                case .done(let id): return Page.seeOther("/disputes/\(id)?raised=1")
                case .problems(let problems):
                    guard let raise else { return Page.notFound(context) }
                    return Page.render("dispute-form", title: "Dispute the evaluation of call \(raise.callKey)",
                                       context: context,
                                       data: disputeFormData(raise, request: disputeRequest, problems: problems,
                                                             signedIn: signedIn), status: .badRequest)
                }
            }
        }
        router.get("/disputes") { _, context in
            let signedIn = try context.person()
            let account = signedIn.account
            guard account.role != .admin else { return Page.notFound(context) }
            let list = try await app.pool.run { workspace in
                try workspace.database.read { try DisputeDesk.list(visibleTo: account, $0) }
            }
            let caption: String
            switch account.role {
            case .qaLead: caption = "Every dispute, newest first"
            case .assessor: caption = "Disputes of your evaluations, and those you arbitrate, newest first"
            case .teamLeader: caption = "Your team's disputes, newest first"
            default: caption = "Your disputes, newest first"
            }
            let data: [String: Any] = [
                "lead": AccessPolicy.managesDisputes(account), "none": list.isEmpty, "caption": caption,
                "empty": "There are no disputes to show.",
                "items": list.map { d -> [String: Any] in
                    ["id": d.id, "call": d.callKey, "agent": d.agent, "assessor": d.assessor,
                     "raised": WorkflowText.moment(d.raisedAt), "arbitrator": d.arbitrator ?? "not assigned",
                     "words": d.stateWords]
                },
            ]
            return Page.render("disputes", title: "Disputes", context: context, data: data)
        }
        router.get("/disputes/:id") { request, context in
            let signedIn = try context.person()
            guard let id = Int64(try context.parameters.require("id")) else { return Page.notFound(context) }
            guard var data = try await disputePage(id, signedIn: signedIn, decisions: nil, problems: [:]) else {
                return Page.notFound(context)
            }
            if request.uri.queryParameters["raised"] != nil {
                data["notice"] = "Your dispute was raised. You will be told here when it is resolved."
            }
            if request.uri.queryParameters["decided"] != nil { data["notice"] = "The decision was recorded." }
            return Page.render("dispute", title: "Dispute \(id)", context: context, data: data)
        }
        router.post("/disputes/:id/review") { request, context in
            let signedIn = try context.person()
            guard let id = Int64(try context.parameters.require("id")) else { return Page.notFound(context) }
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            return try await refusing(context) {
                let done = try await app.pool.run { workspace in
                    try DisputeDesk.startReview(id, by: signedIn.account, in: workspace)
                }
                return done ? Page.seeOther("/disputes/\(id)") : Page.notFound(context)
            }
        }
        router.post("/disputes/:id/assign") { request, context in
            let signedIn = try context.person()
            guard let id = Int64(try context.parameters.require("id")) else { return Page.notFound(context) }
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            let arbitrator = form["arbitrator"] ?? ""
            return try await refusing(context) {
                let done = try await app.pool.run { workspace in
                    try DisputeDesk.assign(id, to: arbitrator, by: signedIn.account, in: workspace)
                }
                return done ? Page.seeOther("/disputes/\(id)") : Page.notFound(context)
            }
        }
        router.post("/disputes/:id/decide") { request, context in
            let signedIn = try context.person()
            guard let id = Int64(try context.parameters.require("id")) else { return Page.notFound(context) }
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            let decisions = DisputeDesk.decisions(pairs: form.pairs)
            return try await refusing(context) {
                let outcome = try await app.pool.run { workspace in
                    try DisputeDesk.decide(id, items: decisions.items, wholeReason: decisions.wholeReason,
                                           by: signedIn.account, in: workspace, templates: app.templates)
                }
                switch outcome {
                case nil: return Page.notFound(context)
                case .done: return Page.seeOther("/disputes/\(id)?decided=1")
                case .problems(let problems):
                    guard let data = try await disputePage(id, signedIn: signedIn, decisions: decisions, problems: problems)
                    else { return Page.notFound(context) }
                    return Page.render("dispute", title: "Dispute \(id)", context: context, data: data, status: .badRequest)
                }
            }
        }
        router.get("/dispute-report") { request, context in
            let signedIn = try context.person()
            guard AccessPolicy.managesDisputes(signedIn.account) else { return Page.notFound(context) }
            let fromText = request.uri.queryParameters["from"].map(String.init) ?? ""
            let toText = request.uri.queryParameters["to"].map(String.init) ?? ""
            var problem: String?
            let from = fromText.isEmpty ? nil : CalendarDay(fromText)
            let to = toText.isEmpty ? nil : CalendarDay(toText)
            if (!fromText.isEmpty && from == nil) || (!toText.isEmpty && to == nil) {
                problem = "Write the dates as YYYY-MM-DD (or pick them); the report below covers every dispute."
            }
            let fromDay = problem == nil ? from : nil
            let toDay = problem == nil ? to : nil
            guard let report = try await app.pool.run({ workspace in
                try DisputeReport.build(from: fromDay, to: toDay, for: signedIn.account, in: workspace,
                                        templates: app.templates)
            }) else { return Page.notFound(context) }
            var data = DisputeRoutes.reportData(report)
            data["from"] = fromText
            data["to"] = toText
            if let problem { data["problem"] = problem }
            return Page.render("dispute-report", title: "What the disputes teach", context: context, data: data)
        }
        router.get("/dispute-rules/:scorecard") { request, context in
            let signedIn = try context.person()
            let scorecard = try context.parameters.require("scorecard")
            guard AccessPolicy.managesDisputes(signedIn.account),
                  var data = try await rulesData(scorecard, signedIn: signedIn) else { return Page.notFound(context) }
            if request.uri.queryParameters["saved"] != nil { data["notice"] = "The rules were saved." }
            return Page.render("dispute-rules", title: "Dispute rules", context: context, data: data)
        }
        router.post("/dispute-rules/:scorecard") { request, context in
            let signedIn = try context.person()
            let scorecard = try context.parameters.require("scorecard")
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            guard AccessPolicy.managesDisputes(signedIn.account) else { return Page.notFound(context) }
            let window = Int((form["window"] ?? "").trimmingCharacters(in: .whitespaces))
            let limit = Int((form["limit"] ?? "").trimmingCharacters(in: .whitespaces))
            let rule = ArbitratorRule(setting: form["arbitrator"] ?? "")
            do {
                guard let window, let limit, let rule else {
                    throw WorkflowRefusal("Give the window and the limit as whole numbers, and choose who arbitrates.")
                }
                let saved = try await app.pool.run { workspace in
                    try DisputeRules.save(DisputeRules(windowDays: window, limit: limit, arbitrator: rule), for: scorecard,
                                          by: signedIn.account, in: workspace)
                }
                return saved ? Page.seeOther("/dispute-rules/\(Show.pathSegment(scorecard))?saved=1") : Page.notFound(context)
            } catch let refusal as WorkflowRefusal {
                guard var data = try await rulesData(scorecard, signedIn: signedIn) else { return Page.notFound(context) }
                data["problem"] = refusal.message
                return Page.render("dispute-rules", title: "Dispute rules", context: context, data: data, status: .badRequest)
            }
        }
    }

    /// The evaluation page's part about where it stands and what the person may do there.
    static func addWorkflow(_ workflow: EvaluationWorkflowState, to data: inout [String: Any]) {
        data["state"] = workflow.words
        data["workflowState"] = workflow.words
        if !workflow.disputes.isEmpty {
            data["workflowDisputes"] = ["items": workflow.disputes.map { ["id": $0.id, "words": $0.stateWords] as [String: Any] }]
        }
        if workflow.canRelease {
            data["releaseForm"] = true
            if let at = workflow.scheduledFor { data["scheduledDay"] = String(at.prefix(10)) }
        }
        data["acknowledgeForm"] = workflow.canAcknowledge
        data["disputeLink"] = workflow.canDispute
        if let refusal = workflow.disputeRefusal { data["disputeRefusal"] = refusal }
    }

    /// Runs a step; a refusal the person can act on becomes a page saying why (409).
    private func refusing(_ context: AppContext, _ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let refusal as WorkflowRefusal {
            return Page.error(.conflict, message: refusal.message, context: context)
        }
    }

    private func disputeFormData(_ raise: DisputeDesk.RaiseContext, request: DisputeDesk.Request?,
                                 problems: [String: String], signedIn: SignedIn) -> [String: Any] {
        var data: [String: Any] = [
            "call": raise.callKey, "path": Show.pathSegment(raise.evaluationKey), "csrf": signedIn.csrfToken,
            "closes": WorkflowText.moment(raise.closesAt), "window": raise.rules.windowDays,
            "limit": raise.rules.limit == 1 ? "once per evaluation" : "up to \(raise.rules.limit) times per evaluation",
            "whole": request?.whole ?? false, "wholeComment": request?.comments["whole"] ?? "",
        ]
        if let refusal = raise.refusal { data["refusal"] = refusal }
        if let whole = problems["whole"] { data["wholeProblem"] = whole }
        data["questions"] = raise.questions.map { q -> [String: Any] in
            var item: [String: Any] = [
                "id": q.criterionID, "prompt": q.prompt, "current": q.currentAnswer,
                "accepted": q.accepted.joined(separator: "; "),
                "checked": request?.criteria.contains(q.criterionID) ?? false,
                "proposed": request?.proposed[q.criterionID] ?? "", "comment": request?.comments[q.criterionID] ?? "",
            ]
            if let problem = problems[q.criterionID] { item["problem"] = problem }
            return item
        }
        var list: [[String: String]] = []
        if let problem = problems["form"] { list.append(["anchor": "q-whole", "question": "The dispute", "message": problem]) }
        if let problem = problems["whole"] {
            list.append(["anchor": "q-whole", "question": "The whole evaluation", "message": problem])
        }
        for q in raise.questions {
            if let problem = problems[q.criterionID] {
                list.append(["anchor": "q-\(q.criterionID)", "question": q.prompt, "message": problem])
            }
        }
        if !list.isEmpty {
            data["problems"] = list
            data["problemCount"] = list.count == 1 ? "1 thing" : "\(list.count) things"
        }
        return data
    }

    private func disputePage(_ id: Int64, signedIn: SignedIn,
                             decisions: (items: [String: DisputeDesk.Decision], wholeReason: String)?,
                             problems: [String: String]) async throws -> [String: Any]? {
        let account = signedIn.account
        let loaded = try await app.pool.run { workspace -> (Dispute, StoredTemplate, [String: String], [String])? in
            try workspace.database.read { session -> (Dispute, StoredTemplate, [String: String], [String])? in
                guard let dispute = try DisputeDesk.load(id, for: account, session),
                      let history = try EvaluationHistory.load(dispute.evaluationKey, session),
                      let disputed = history.revisions.first(where: { Int64($0.revision) == dispute.revision }) else {
                    return nil
                }
                let (template, _) = try app.templates.template(dispute.templateRowID, session)
                let arbitrators = AccessPolicy.managesDisputes(account) && dispute.state != "resolved"
                    ? try DisputeDesk.possibleArbitrators(dispute, session) : []
                return (dispute, template, disputed.cells, arbitrators)
            }
        }
        guard let (dispute, template, cells, arbitrators) = loaded else { return nil }
        let card = template.scorecard
        func prompt(_ id: String) -> String {
            id == DisputeItem.whole ? "The whole evaluation" : card.criterion(id)?.prompt ?? id
        }
        func shown(_ id: String, _ text: String?) -> String {
            guard let text, !text.isEmpty else { return "–" }
            guard let section = card.sections.first(where: { $0.criteria.contains { $0.id == id } }),
                  let criterion = section.criteria.first(where: { $0.id == id }) else { return text }
            let reader = AnswerReader(criterion, in: section)
            if case .answer(let value) = reader.read(text.replacingOccurrences(of: "|", with: ",")) {
                return reader.display(value)
            }
            return text
        }
        var data: [String: Any] = [
            "id": dispute.id, "call": dispute.callKey, "agent": dispute.agent, "assessor": dispute.assessor,
            "raisedBy": dispute.raisedBy, "raised": WorkflowText.moment(dispute.raisedAt), "revision": dispute.revision,
            "path": Show.pathSegment(dispute.evaluationKey), "words": dispute.stateWords, "csrf": signedIn.csrfToken,
            "whole": dispute.whole,
        ]
        if let team = dispute.team { data["team"] = team }
        if let revision = dispute.resolutionRevision { data["resolutionRevision"] = revision }
        data["items"] = dispute.items.map { item -> [String: String] in
            ["question": prompt(item.criterionID),
             "current": item.criterionID == DisputeItem.whole ? "–" : shown(item.criterionID, cells[item.criterionID]),
             "proposed": shown(item.criterionID, item.proposedAnswer),
             "comment": item.comment.isEmpty ? "(changed by the arbitrator)" : item.comment,
             "outcome": item.outcome ?? "not decided yet", "reason": item.reason ?? "–"]
        }
        if !arbitrators.isEmpty {
            data["assignForm"] = true
            data["arbitrators"] = arbitrators.map { ["name": $0, "current": $0 == dispute.arbitrator] as [String: Any] }
        }
        let arbitrating = AccessPolicy.mayArbitrate(account, arbitrator: dispute.arbitrator) && dispute.state != "resolved"
        if arbitrating && dispute.state == "open" { data["reviewForm"] = true }
        if arbitrating {
            data["decideForm"] = true
            data["wholeReason"] = decisions?.wholeReason ?? ""
            var ids = dispute.items.map(\.criterionID).filter { $0 != DisputeItem.whole }
            if dispute.whole {
                ids = card.criteria.map(\.id).filter { cells[$0] != nil }
            }
            data["decisions"] = ids.map { id -> [String: Any] in
                let item = dispute.items.first { $0.criterionID == id }
                let decision = decisions?.items[id]
                let section = card.sections.first { $0.criteria.contains { $0.id == id } }
                let accepted = card.criterion(id).map { DisputeDesk.acceptedAnswers(AnswerReader($0, in: section)).joined(separator: "; ") } ?? ""
                var entry: [String: Any] = [
                    "criterion": id, "question": prompt(id), "current": shown(id, cells[id]),
                    "upheld": decision.map { !$0.revised } ?? false, "revised": decision?.revised ?? false,
                    "answer": decision?.answer ?? "", "reason": decision?.reason ?? "", "accepted": accepted,
                    "whole": dispute.whole,
                ]
                if let proposed = item?.proposedAnswer { entry["proposed"] = shown(id, proposed) }
                if let problem = problems[id] { entry["problem"] = problem }
                return entry
            }
            var list: [[String: String]] = []
            for id in ids {
                if let problem = problems[id] { list.append(["anchor": "q-\(id)", "question": prompt(id), "message": problem]) }
            }
            if let problem = problems["whole"] {
                list.append(["anchor": "q-whole", "question": "The whole evaluation", "message": problem])
            }
            if let problem = problems["form"] {
                list.append(["anchor": "decide-h", "question": "The decision", "message": problem])
            }
            if !list.isEmpty {
                data["problems"] = list
                data["problemCount"] = list.count == 1 ? "1 thing" : "\(list.count) things"
            }
        }
        return data
    }

    static func reportData(_ report: DisputeReport) -> [String: Any] {
        var data: [String: Any] = [
            "raisedText": report.raised == 1 ? "1 dispute" : "\(report.raised) disputes", "resolved": report.resolved, "open": report.open, "overturned": report.overturned,
            "hasAssessors": !report.assessors.isEmpty, "hasCriteria": !report.criteria.isEmpty,
        ]
        switch (report.from, report.to) {
        case (let from?, let to?): data["period"] = "from \(from) to \(to)"
        case (let from?, nil): data["period"] = "from \(from)"
        case (nil, let to?): data["period"] = "up to \(to)"
        default: break
        }
        if let median = report.medianResolutionSeconds, let longest = report.longestResolutionSeconds {
            data["median"] = WorkflowText.duration(seconds: Int(median.rounded()))
            data["longest"] = WorkflowText.duration(seconds: longest)
            data["longestID"] = report.longestDispute ?? 0
        }
        data["assessors"] = report.assessors.map { row -> [String: Any] in
            ["assessor": row.assessor, "raised": row.raised, "resolved": row.resolved, "overturned": row.overturned,
             "rate": DisputeReport.percent(row.overturnRate), "criteria": row.criteriaOverturned]
        }
        data["criteria"] = report.criteria.map { row -> [String: Any] in
            ["form": row.scorecardID, "prompt": row.prompt, "disputed": row.disputed, "decided": row.decided,
             "overturned": row.overturned, "rate": DisputeReport.percent(row.overturnRate)]
        }
        return data
    }

    private func rulesData(_ scorecard: String, signedIn: SignedIn) async throws -> [String: Any]? {
        let loaded = try await app.pool.run { workspace -> (String, DisputeRules, [String])? in
            try workspace.database.read { session -> (String, DisputeRules, [String])? in
                guard let title = try TemplateStore.list(session).last(where: { $0.scorecardID == scorecard })?.title else {
                    return nil
                }
                let leads = try AccountStore.list(session).filter { $0.role == .qaLead && !$0.disabled }.map(\.username)
                return (title, try DisputeRules.load(scorecard, session), leads)
            }
        }
        guard let (title, rules, leads) = loaded else { return nil }
        var data: [String: Any] = [
            "title": title, "scorecard": scorecard, "path": Show.pathSegment(scorecard), "csrf": signedIn.csrfToken,
            "window": rules.windowDays, "limit": rules.limit, "arbitratorWords": rules.arbitrator.words,
            "maxWindow": DisputeRules.maximumWindowDays, "maxLimit": DisputeRules.maximumLimit,
            "isAssessor": rules.arbitrator == .assessor, "isUnassigned": rules.arbitrator == .unassigned,
        ]
        data["leads"] = leads.map { name -> [String: Any] in ["name": name, "current": rules.arbitrator == .lead(name)] }
        return data
    }
}
