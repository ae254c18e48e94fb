import Hummingbird
import Workbench
import Workspace

/// Sign in, sign out, sign out everywhere.
struct SignInRoutes {
    let app: WorkbenchApp

    func add(to router: Router<AppContext>) {
        router.get("/sign-in") { request, context in
            if context.signedIn != nil { return Page.seeOther("/") }
            return signInPage(context: context, next: request.uri.queryParameters["next"].map(String.init) ?? "",
                              username: "", problem: nil, status: .ok,
                              existing: request.cookies[SecuritySettings.signInCookie]?.value)
        }
        router.post("/sign-in") { request, context in
            let form = try await FormBody.read(request, context: context)
            guard let cookie = request.cookies[SecuritySettings.signInCookie]?.value, let sent = form["csrf"],
                  SignInSessions.constantTimeEqual(cookie, sent) else {
                return signInPage(context: context, next: form["next"] ?? "", username: form["username"] ?? "",
                                  problem: "The sign-in form had expired; please sign in again.", status: .forbidden)
            }
            let username = form["username"] ?? "", password = form["password"] ?? ""
            let outcome = try await app.pool.run { workspace in
                try SignInSessions.signIn(username: username, password: password, in: workspace)
            }
            switch outcome {
            case .signedIn(let token, _):
                var response = Page.seeOther(safeNext(form["next"]))
                response.setCookie(app.security.cookie(SecuritySettings.sessionCookie, token,
                                                       maxAge: SignInSessions.lifetimeSeconds))
                response.setCookie(app.security.cookie(SecuritySettings.signInCookie, "", maxAge: 0))
                return response
            case .refused:
                return signInPage(context: context, next: form["next"] ?? "", username: username,
                                  problem: "The username or password is not right. Check them and try again.",
                                  status: .unauthorized)
            case .tooManyAttempts:
                return signInPage(context: context, next: form["next"] ?? "", username: username,
                                  problem: "Too many failed attempts for this username: wait 15 minutes, then try again, "
                                      + "or ask your administrator to set a new password.", status: .tooManyRequests)
            }
        }
        router.post("/sign-out") { request, context in
            try await signOut(request, context) { signedIn, workspace in try SignInSessions.signOut(signedIn, in: workspace) }
        }
        router.post("/sign-out-everywhere") { request, context in
            try await signOut(request, context) { signedIn, workspace in
                try SignInSessions.signOutEverywhere(signedIn, in: workspace)
            }
        }
    }

    /// Ends this session (or every session of the account, as `end` does), clears the cookie, back to sign-in.
    private func signOut(_ request: Request, _ context: AppContext,
                         _ end: @escaping @Sendable (SignedIn, Workspace) throws -> Void) async throws -> Response {
        let signedIn = try context.person()
        let form = try await FormBody.read(request, context: context)
        try checkCSRF(form, signedIn)
        try await app.pool.run { workspace in try end(signedIn, workspace) }
        var response = Page.seeOther("/sign-in")
        response.setCookie(app.security.cookie(SecuritySettings.sessionCookie, "", maxAge: 0))
        return response
    }

    /// The sign-in page with a fresh anti-forgery token (in a cookie and in the form).
    private func signInPage(context: AppContext, next: String, username: String, problem: String?,
                            status: HTTPResponse.Status, existing: String? = nil) -> Response {
        // The token already in the browser is kept (another tab, or the browser's own requests, may load this page
        // again meanwhile: a new token would expire the form the person is filling in).
        let token = existing.flatMap { $0.utf8.count == 64 && $0.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) } ? $0 : nil }
            ?? SignInSessions.randomToken()
        // An empty string counts as "set" in Mustache sections: leave empty values out.
        var data: [String: Any] = ["csrf": token, "next": next]
        if !username.isEmpty { data["username"] = username }
        if let problem { data["problem"] = problem }
        var response = Page.render("sign-in", title: "Sign in", context: context, data: data, status: status)
        response.setCookie(app.security.cookie(SecuritySettings.signInCookie, token, maxAge: 3600))
        return response
    }

    /// Where to go after signing in: a path of this site only (never another site's address).
    private func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
              !next.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return "/" }
        return next
    }
}
