import Coaching
import Hummingbird
import QAModel
import Workbench
import Workspace

/// The one-to-ones on an agent's plan page: the sessions with their follow-ups, and the form a team leader of
/// the agent's team or a QA lead records one with (`POST /agents/:agent/sessions`).
struct CoachingSessionRoutes {
    let app: WorkbenchApp

    /// What was typed into the form, shown again with the problem when it cannot be recorded.
    struct Typed {
        var draft: CoachingSessionDraft
        var problem: CoachingSessionError
    }

    func add(to router: Router<AppContext>) {
        router.post("/agents/:agent/sessions") { request, context in
            let signedIn = try context.person()
            let agent = try context.parameters.require("agent")
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            let account = signedIn.account
            let draft = CoachingSessionDraft(agent: agent, heldOn: form["held"] ?? "", areas: form.all("area"),
                                             actions: form["actions"] ?? "", target: form["target"] ?? "",
                                             followUpOn: form["followUp"] ?? "")
            let outcome: Result<Int64?, CoachingSessionError> = try await app.pool.run { workspace in
                guard AccessPolicy.mayRecordCoachingSession(account, agentTeam: try PeopleDirectory.team(of: agent, workspace))
                else { return .success(nil) }
                do {
                    return .success(try CoachingSessions.record(draft, by: .account(account), in: workspace,
                                                                templates: app.templates, today: workspace.now().day))
                } catch let error as CoachingSessionError {
                    return .failure(error)
                }
            }
            switch outcome {
            case .success(let id?):
                return Page.seeOther("/agents/\(Show.pathSegment(agent))/plan?recorded=\(id)#one-to-ones")
            case .success(nil):
                return Page.notFound(context)
            case .failure(let problem):
                let plan = try await app.pool.run { workspace in
                    try CoachingPlans.plan(agent: agent, for: account, in: workspace, templates: app.templates,
                                           today: workspace.now().day)
                }
                guard let plan else { return Page.notFound(context) }
                return try await planPage(plan, agent: agent, signedIn: signedIn, context: context,
                                          typed: Typed(draft: draft, problem: problem))
            }
        }
    }

    /// The plan page: the plan, then the one-to-ones and (for those who may) the form.
    func planPage(_ plan: CoachingPlan, agent: String, signedIn: SignedIn, context: AppContext, recorded: String? = nil,
                  typed: Typed? = nil) async throws -> Response {
        let account = signedIn.account
        let (sessions, followUps, today, canRecord) = try await app.pool.run { workspace in
            let today = workspace.now().day
            let sessions = try CoachingSessions.list(agent: agent, for: .account(account), in: workspace) ?? []
            var followUps: [Int64: SessionFollowUp] = [:]
            for session in sessions where today >= session.followUpOn {
                followUps[session.id] = try CoachingSessions.followUp(session, for: .account(account), in: workspace,
                                                                      templates: app.templates, today: today)
            }
            let canRecord = AccessPolicy.mayRecordCoachingSession(account, agentTeam: plan.teamID)
            return (sessions, followUps, today, canRecord)
        }
        var prompts: [String: String] = [:]
        for area in plan.developmentAreas { prompts[area.criterionID] = area.prompt }
        for followUp in followUps.values { for item in followUp.criteria where prompts[item.criterionID] == nil {
            prompts[item.criterionID] = item.prompt
        } }
        var data: [String: Any] = [
            "report": HTMLRenderer.render(plan), "planStyle": true, "agent": agent, "agentPath": Show.pathSegment(agent),
            "csrf": signedIn.csrfToken, "hasSessions": !sessions.isEmpty, "canRecord": canRecord,
            "sessions": sessions.map { session -> [String: Any] in
                var item: [String: Any] = [
                    "id": session.id, "held": session.heldOn.longDescription, "by": session.heldBy,
                    "areas": session.areas.map { ["id": $0, "prompt": prompts[$0] ?? $0] },
                    "actions": session.actions, "target": session.target,
                    "followUpOn": session.followUpOn.longDescription, "pending": today < session.followUpOn,
                ]
                if let followUp = followUps[session.id] { item["followUp"] = view(followUp) }
                return item
            },
        ]
        if let recorded, sessions.contains(where: { "\($0.id)" == recorded }) {
            data["notice"] = "The one-to-one was recorded, and \(agent) has been told."
        }
        if canRecord {
            let draft = typed?.draft
            let chosen = Set(draft?.areas ?? [])
            data["areaChoices"] = plan.developmentAreas.enumerated().map { index, area -> [String: Any] in
                ["index": index + 1, "id": area.criterionID, "prompt": area.prompt, "checked": chosen.contains(area.criterionID)]
            }
            data["held"] = draft?.heldOn ?? today.description
            data["actions"] = draft?.actions ?? ""
            data["target"] = draft?.target ?? ""
            if let draft { data["followUpOn"] = draft.followUpOn }
            if let problem = typed?.problem {
                data["problem"] = problem.message
                data["problemField"] = problem.field == "areas" ? "areas" : problem.field
                let key = "invalid" + problem.field.prefix(1).uppercased() + problem.field.dropFirst()
                data[key] = true
            }
        }
        return Page.render("plan", title: "Coaching plan — \(agent)", context: context, data: data,
                           status: typed == nil ? .ok : .badRequest)
    }

    private func view(_ followUp: SessionFollowUp) -> [String: Any] {
        func side(_ s: FollowUpSide, _ measure: FollowUpMeasure) -> String {
            guard let v = s.value else { return "no evaluations" }
            return "\(Show.percent(v)) over \(s.evaluations) evaluation\(s.evaluations == 1 ? "" : "s")"
        }
        return [
            "windows": FollowUpWording.windowsLine(followUp),
            "kpis": FollowUpWording.kpiLine(followUp) ?? "",
            "criteria": followUp.criteria.map { item -> [String: String] in
                let verdict: String
                let p = item.pValue.map { " (p = \(FollowUpWording.pValueText($0)))" } ?? ""
                switch item.verdict {
                case .tooLittleEvidence:
                    verdict = "Too little evidence yet: each side needs at least \(followUp.rules.minimumPerSide) evaluations."
                case .improved: verdict = "Better after the one-to-one, more than chance\(p)."
                case .worse: verdict = "Worse after the one-to-one, more than chance\(p)."
                case .noClearChange: verdict = "No clear change: a difference this size could be chance\(p)."
                case .notScored: verdict = "Not scored in these periods."
                }
                return ["id": item.criterionID, "prompt": item.prompt,
                        "measure": item.measure == .fullCreditRate ? "Share with full credit" : "Share of the points earned",
                        "before": side(item.before, item.measure), "after": side(item.after, item.measure),
                        "verdict": verdict]
            },
        ]
    }
}
