import Hummingbird
import Logging
import Workbench
import Workspace

/// What every route shares: the workspace connections, the parsed templates, the security settings.
public struct WorkbenchApp: Sendable {
    public let pool: WorkspacePool
    public let templates = TemplateCache()
    public let security: SecuritySettings

    public init(pool: WorkspacePool, security: SecuritySettings) {
        self.pool = pool
        self.security = security
    }

    /// The router with every page and action, behind the security headers and the session check.
    public func router() -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: SessionMiddleware(pool: pool))
        router.get("/health") { _, _ in "ok" }
        StaticFiles.add(to: router)
        SignInRoutes(app: self).add(to: router)
        HomeRoutes(app: self).add(to: router)
        ScoringRoutes(app: self).add(to: router)
        EvaluationRoutes(app: self).add(to: router)
        DisputeRoutes(app: self).add(to: router)
        DashboardRoutes(app: self).add(to: router)
        CoachingRoutes(app: self).add(to: router)
        ReportRoutes(app: self).add(to: router)
        CalibrationRoutes(app: self).add(to: router)
        NotificationRoutes(app: self).add(to: router)
        AccountRoutes(app: self).add(to: router)
        PrivacyRoutes(app: self).add(to: router)
        RetentionRoutes(app: self).add(to: router)
        QueueRoutes(app: self).add(to: router)
        return router
    }

    /// The server application on `host`:`port`.
    public func application(host: String, port: Int, logger: Logger? = nil)
        -> some ApplicationProtocol {
        var log = logger ?? Logger(label: "qa-serve")
        if logger == nil { log.logLevel = .info }
        return Application(router: router(), configuration: .init(address: .hostname(host, port: port),
                                                                  serverName: "qa-workbench"),
                           logger: log)
    }
}

extension AppContext {
    /// The signed-in person (every route but sign-in and static files runs only with one: `SessionMiddleware`).
    func person() throws -> SignedIn {
        guard let signedIn else { throw HTTPError(.forbidden, message: "You are not signed in.") }
        return signedIn
    }
}
