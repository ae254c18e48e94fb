import Foundation
import HTTPTypes
import Hummingbird
import Workbench

/// How the server sets its cookies and headers.
public struct SecuritySettings: Sendable {
    /// Mark cookies `Secure` (the server is reached over HTTPS, e.g. behind a TLS proxy).
    public var secureCookies: Bool

    public init(secureCookies: Bool) {
        self.secureCookies = secureCookies
    }

    /// The session cookie's name.
    public static let sessionCookie = "qa_session"
    /// The sign-in form's anti-forgery cookie (before there is a session).
    public static let signInCookie = "qa_signin"

    /// Only our own files (the page's script may talk only to this server), no inline script or style, no framing,
    /// forms posting only to us.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func cookie(_ name: String, _ value: String, maxAge: Int?) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secureCookies, httpOnly: true,
               sameSite: .strict)
    }
}

/// Adds the security headers to every response: the content security policy, no sniffing, no framing, no
/// referrer beyond this site, and no caching of pages (they hold personal data).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext,
                next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = Page.error(error.status, message: error.body ?? "Something went wrong.", context: context)
        } catch {
            // Internal errors are logged without detail that could carry personal data, and never shown.
            context.logger.error("request failed: \(type(of: error))")
            response = Page.error(.internalServerError, message: "Something went wrong on the server; your work is "
                + "kept in your draft. Try again in a moment, and tell your administrator if it goes on.", context: context)
        }
        response.headers[.contentSecurityPolicy] = SecuritySettings.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        // Not `no-referrer`: with it browsers send `Origin: null` on our own forms, and the origin check below needs it.
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// Finds the signed-in person from the session cookie (in the workspace database), and refuses any POST that
/// does not carry the session's anti-forgery token or comes from another site.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let pool: WorkspacePool

    func handle(_ request: Request, context: AppContext,
                next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[SecuritySettings.sessionCookie]?.value, token.utf8.count == 64 {
            context.signedIn = try await pool.run { workspace in try SignInSessions.find(token: token, in: workspace) }
        }
        if request.method == .post {
            // A browser says where a form came from; one from another site is refused outright.
            if let origin = request.headers[.origin], let host = request.head.authority,
               origin != "http://\(host)", origin != "https://\(host)" {
                throw HTTPError(.forbidden, message: "This form came from another site and was refused.")
            }
        }
        let path = request.uri.path
        let open = path == "/sign-in" || path.hasPrefix("/static/") || path == "/health" || path == "/favicon.ico"
        if context.signedIn == nil, !open {
            if request.method == .get || request.method == .head {
                let next = path == "/" ? "" : "?next=" + (path.addingPercentEncoding(withAllowedCharacters: .alphanumerics
                    .union(.init(charactersIn: "/-_."))) ?? "")
                return Page.seeOther("/sign-in" + next)
            }
            throw HTTPError(.forbidden, message: "You are not signed in (or your session has ended): sign in again, "
                + "then repeat what you were doing. A draft you were scoring is kept.")
        }
        return try await next(request, context)
    }
}

/// Checks a posted form's anti-forgery token against the session's.
func checkCSRF(_ form: FormBody, _ signedIn: SignedIn) throws {
    guard let sent = form["csrf"], SignInSessions.constantTimeEqual(sent, signedIn.csrfToken) else {
        throw HTTPError(.forbidden, message: "This form has expired or did not come from this page: go back, reload "
            + "the page and try again.")
    }
}
