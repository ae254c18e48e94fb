import Hummingbird
import Workbench
import Workspace

/// The administrator's account page: list, add, disable.
struct AccountRoutes {
    let app: WorkbenchApp

    func add(to router: Router<AppContext>) {
        router.get("/accounts") { request, context in
            let signedIn = try context.person()
            guard AccessPolicy.may(signedIn.account.role, .manageAccounts) else { return Page.notFound(context) }
            let notice = request.uri.queryParameters["added"].map { "Added the account \($0)." }
                ?? request.uri.queryParameters["disabled"].map { "Disabled the account \($0) and ended its sessions." }
                ?? request.uri.queryParameters["erased"].map { "Erased: the person is now \($0) everywhere; their "
                    + "accounts are closed, and the erasure is in the audit log without their id." }
                ?? request.uri.queryParameters["retention"].flatMap { RetentionRoutes.notice(String($0)) }
            let problem = request.uri.queryParameters["erase-refused"].flatMap { PrivacyRoutes.Refusal(rawValue: String($0))?.words }
            return try await page(signedIn, context: context, notice: notice, problem: problem, status: .ok)
        }
        router.post("/accounts") { request, context in
            let signedIn = try context.person()
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            guard AccessPolicy.may(signedIn.account.role, .manageAccounts) else { return Page.notFound(context) }
            let username = form["username"] ?? "", password = form["password"] ?? ""
            let team = form["team"].flatMap { $0.isEmpty ? nil : $0 }
            let person = form["person"].flatMap { $0.isEmpty ? nil : $0 }
            guard let role = Role(rawValue: form["role"] ?? "") else {
                return try await page(signedIn, context: context, notice: nil, problem: "Choose a role.", status: .badRequest)
            }
            do {
                try AccountStore.checkUsername(username)
                try AccountStore.checkPassword(password)
                try await app.pool.run { workspace in
                    let hash = AccountStore.hash(password)
                    try AccountStore.add(username: username, role: role, team: team, personKey: person, passwordHash: hash,
                                         in: workspace.acting(as: signedIn.account.username))
                }
            } catch let error as AccountError {
                return try await page(signedIn, context: context, notice: nil,
                                      problem: "The account was not added: \(error.message).", status: .badRequest)
            }
            return Page.seeOther("/accounts?added=\(Show.pathSegment(username))")
        }
        router.post("/accounts/:name/disable") { request, context in
            let signedIn = try context.person()
            let name = try context.parameters.require("name")
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            guard AccessPolicy.may(signedIn.account.role, .manageAccounts) else { return Page.notFound(context) }
            guard name != signedIn.account.username else {
                return try await page(signedIn, context: context, notice: nil,
                                      problem: "You cannot disable your own account.", status: .badRequest)
            }
            do {
                try await app.pool.run { workspace in
                    try AccountStore.disable(username: name, in: workspace.acting(as: signedIn.account.username))
                }
            } catch is AccountError {
                return Page.notFound(context)
            }
            return Page.seeOther("/accounts?disabled=\(Show.pathSegment(name))")
        }
    }

    private func page(_ signedIn: SignedIn, context: AppContext, notice: String?, problem: String?,
                      status: HTTPResponse.Status) async throws -> Response {
        let accounts = try await app.pool.run { workspace in try workspace.database.read { try AccountStore.list($0) } }
        var data: [String: Any] = [
            "csrf": signedIn.csrfToken, "minimum": AccountStore.minimumPasswordLength,
            "roles": Role.allCases.map { ["value": $0.rawValue, "title": $0.title] },
            "accounts": accounts.map { a -> [String: Any] in
                ["username": a.username, "role": a.role.title, "team": a.team ?? "", "person": a.personKey,
                 "state": a.disabled ? "disabled" : "active", "path": Show.pathSegment(a.username),
                 "canDisable": !a.disabled && a.username != signedIn.account.username, "csrf": signedIn.csrfToken]
            },
        ]
        if AccessPolicy.may(signedIn.account.role, .manageRetention) {
            data["retention"] = try await RetentionRoutes(app: app).section(csrf: signedIn.csrfToken)
        }
        if let notice { data["notice"] = notice }
        if let problem { data["problem"] = problem }
        return Page.render("accounts", title: "Accounts", context: context, data: data, status: status)
    }
}
