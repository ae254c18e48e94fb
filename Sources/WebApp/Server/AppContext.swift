import Hummingbird
import Workbench

/// The request's context: Hummingbird's own, plus who is signed in (set by `SessionMiddleware`).
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in person, when the request carries a live session cookie.
    public var signedIn: SignedIn?

    public init(source: Source) {
        coreContext = .init(source: source)
        signedIn = nil
    }

    /// Request bodies are forms: a megabyte is far more than the longest scoring form with comments.
    public var maxUploadSize: Int { 1 << 20 }
}
