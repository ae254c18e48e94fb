import Hummingbird
import Workbench
import Workspace

/// The retention policy on the administrator's page (`/accounts`): the policy, its last run, what a run now
/// would do; the administrator sets it and runs it (each a POST with the CSRF token; anyone else gets "not
/// found").
struct RetentionRoutes {
    let app: WorkbenchApp

    func add(to router: Router<AppContext>) {
        router.post("/accounts/retention") { request, context in
            let signedIn = try context.person()
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            guard AccessPolicy.may(signedIn.account.role, .manageRetention) else { return Page.notFound(context) }
            guard let months = Int(form["months"] ?? ""), (1...Retention.maximumMonths).contains(months),
                  let action = RetentionPolicy.Action(rawValue: form["action"] ?? "") else {
                return Page.seeOther("/accounts?retention=invalid#retention")
            }
            try await app.pool.run { workspace in
                let acting = workspace.acting(as: signedIn.account.username)
                try acting.change { try Retention.set(RetentionPolicy(months: months, action: action), in: acting, session: $0) }
            }
            return Page.seeOther("/accounts?retention=set#retention")
        }
        router.post("/accounts/retention/run") { request, context in
            let signedIn = try context.person()
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            guard AccessPolicy.may(signedIn.account.role, .manageRetention) else { return Page.notFound(context) }
            guard form["confirm"] == "yes" else { return Page.seeOther("/accounts?retention=unconfirmed#retention") }
            let ran: Bool = try await app.pool.run { workspace in
                let acting = workspace.acting(as: signedIn.account.username)
                return try acting.change { session in
                    guard try Retention.policy(session) != nil else { return false }
                    _ = try Retention.run(in: acting, session: session, dryRun: false)
                    return true
                }
            }
            return Page.seeOther("/accounts?retention=\(ran ? "ran" : "none")#retention")
        }
    }

    /// The notice after a retention form, by the `retention` query value.
    static func notice(_ value: String) -> String? {
        switch value {
        case "set": return "The retention policy was set. Nothing was changed yet."
        case "ran": return "The retention policy was applied; its last run is shown below."
        case "none": return "No retention policy is set: set one first."
        case "invalid": return "The retention policy was not set: give a number of months from 1 to 1200 and choose what happens."
        case "unconfirmed": return "Nothing was changed: tick the box to confirm the run."
        default: return nil
        }
    }

    /// The page data of the retention section.
    func section(csrf: String) async throws -> [String: Any] {
        let (policy, last, preview, today) = try await app.pool.run { workspace in
            try workspace.database.read { session -> (RetentionPolicy?, RetentionRun?, RetentionOutcome?, String) in
                let policy = try Retention.policy(session)
                let preview = policy == nil ? nil : try Retention.run(in: workspace, session: session, dryRun: true)
                return (policy, try Retention.lastRun(session), preview, workspace.now().day.description)
            }
        }
        var data: [String: Any] = [
            "csrf": csrf, "today": today,
            "months": policy.map { String($0.months) } ?? "",
            "actions": RetentionPolicy.Action.allCases.map { action -> [String: Any] in
                ["value": action.rawValue,
                 "label": action == .purge ? "Purge them (remove them with their revisions, disputes and drafts)"
                                           : "Pseudonymise them (agent and assessor replaced by stable pseudonyms)",
                 "checked": policy?.action == action]
            },
        ]
        if let policy { data["policy"] = policy.words }
        if let last { data["lastRun"] = ["at": last.at, "by": last.by, "summary": last.summary] }
        if let preview { data["preview"] = preview.words }
        return data
    }
}
