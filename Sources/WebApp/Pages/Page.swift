import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import TextEscaping
import Workbench

/// Renders pages: a page's own template (compiled into the binary, every `{{value}}` HTML-escaped) inside the
/// common layout with the navigation the signed-in person's role allows.
enum Page {
    static let library: MustacheLibrary = {
        // Every `{{value}}` escaped by the project's one HTML escape (TextEscaping), which also drops control
        // characters and returns a value needing nothing escaped as it is (the library's own escape looks up
        // every character in a dictionary: a fifth of the scoring form's rendering time, measured with perf).
        MustacheContentTypes.register(WorkbenchHTML(), named: WorkbenchHTML.name)
        var library = MustacheLibrary()
        for (name, text) in PageTemplates.all {
            do {
                library.register(try MustacheTemplate(string: "{{% CONTENT_TYPE: \(WorkbenchHTML.name)}}" + text), named: name)
            } catch {
                preconditionFailure("page template \(name) does not parse: \(error)")
            }
        }
        return library
    }()

    /// A complete page.
    static func render(_ template: String, title: String, context: AppContext, data: [String: Any] = [:],
                       status: HTTPResponse.Status = .ok) -> Response {
        let body = library.render(data, withTemplate: template) ?? ""
        return html(layout(title: title, body: body, context: context, planStyle: data["planStyle"] != nil), status: status)
    }

    static func layout(title: String, body: String, context: AppContext, planStyle: Bool = false) -> String {
        var data: [String: Any] = ["title": title, "body": body, "planStyle": planStyle]
        if let signedIn = context.signedIn {
            let role = signedIn.account.role
            var nav: [[String: String]] = [["href": "/", "label": "Home"]]
            if AccessPolicy.may(role, .scoreCalls) { nav.append(["href": "/queue", "label": "My queue"]) }
            if AccessPolicy.may(role, .assignCalls) { nav.append(["href": "/calls", "label": "Calls"]) }
            if AccessPolicy.may(role, .assignCalls) { nav.append(["href": "/sampling", "label": "Sampling"]) }
            if AccessPolicy.may(role, .seeDashboards) { nav.append(["href": "/teams", "label": "Teams"]) }
            if role == .qaLead || role == .assessor { nav.append(["href": "/calibration", "label": "Calibration"]) }
            if AccessPolicy.may(role, .seeCalibration) { nav.append(["href": "/reports", "label": "Reports"]) }
            if role != .admin { nav.append(["href": "/disputes", "label": "Disputes"]) }
            if AccessPolicy.may(role, .seeTemplates) { nav.append(["href": "/templates", "label": "Templates"]) }
            if AccessPolicy.may(role, .manageAccounts) { nav.append(["href": "/accounts", "label": "Accounts"]) }
            nav.append(["href": "/notifications", "label": "Notifications"])
            data["nav"] = nav
            data["user"] = signedIn.account.username
            data["role"] = role.title
            data["csrf"] = signedIn.csrfToken
        }
        return library.render(data, withTemplate: "layout") ?? body
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The one answer to anything that does not exist or may not be seen: the same page either way.
    static func notFound(_ context: AppContext) -> Response {
        render("message", title: "Not found", context: context,
               data: ["heading": "Not found", "message": "There is nothing here, or it is not yours to see. "
                   + "Check the address, or go back to your home page."], status: .notFound)
    }

    static func error(_ status: HTTPResponse.Status, message: String, context: AppContext) -> Response {
        if status == .notFound { return notFound(context) }
        let heading = status == .forbidden ? "Refused" : status.code >= 500 ? "Something went wrong" : "That did not work"
        return render("message", title: heading, context: context, data: ["heading": heading, "message": message],
                      status: status)
    }

    /// A redirect after a form (303: the browser then GETs the page).
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// Small formatting helpers shared by the pages.
enum Show {
    static func score(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(format: "%.1f", value)
    }

    static func percent(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(format: "%.0f%%", value * 100)
    }

    /// Text safe inside HTML (for the few pieces built in Swift rather than by templates).
    static func escape(_ text: String) -> String { Escaping.html(text) }

    /// A path segment safe in a URL (ids are letters, digits and `-_.`; anything else is percent-encoded).
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? ""
    }
}

/// HTML content escaped by `Escaping.html`: `&`, `<`, `>` and quotes escaped, control characters dropped.
struct WorkbenchHTML: MustacheContentType {
    static let name = "WORKBENCH_HTML"

    func escapeText(_ text: String) -> String { Escaping.html(text) }
}
