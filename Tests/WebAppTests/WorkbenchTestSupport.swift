#if canImport(Glibc)
import Glibc
#endif
import Coaching
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QAModel
import Records
import ScorecardFormat
import Testing
import WebApp
import Workbench
@testable import Workspace

/// The engines the tests run on: SQLite always; PostgreSQL when `QA_TEST_POSTGRES_URL` names a server.
enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    static var available: [TestEngine] {
        ProcessEnvironment.values["QA_TEST_POSTGRES_URL"].map { $0.isEmpty ? [.sqlite] : [.sqlite, .postgres] } ?? [.sqlite]
    }
}

/// A temporary folder removed at the end of the test.
final class TemporaryFolder: @unchecked Sendable {
    let path: String

    init() {
        var template = Array("/tmp/qa-webapp-test-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, let made = mkdtemp(base) else { return "/tmp/qa-webapp-test-fallback" }
            return String(cString: made)
        }
    }

    deinit { _ = system("rm -rf '\(path)'") }
}

let packageRoot: String = {
    var path = #filePath
    for _ in 0..<3 {
        if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
    }
    return path
}()

/// A demo team in a fresh workspace: the shipped inbound template, calls and evaluations (official ones released,
/// except one of agent-02's), and one account per role (bcrypt at the lowest cost, for speed).
struct TeamFixture: @unchecked Sendable {
    let folder = TemporaryFolder()
    let workspace: Workspace
    let app: WorkbenchApp
    /// Evaluation keys by what they are.
    let agentOwnReleased: String
    let agentOwnUnreleased: String
    let otherAgentReleased: String
    let otherTeamReleased: String
    let calibration: String
    /// An official evaluation by assessor-2 (the test assessor).
    let byAssessor: String
    /// agent-02's released evaluations scored by assessor-2 (oldest first): the first carries dispute `disputeID`
    /// (of the whole evaluation, raised by agent-02, arbitrated by assessor-2); the last is left undisputed.
    let disputedEvaluation: String
    let agentSecondReleased: String
    let disputeID: Int64
    /// A call assigned to assessor-2, and one not assigned.
    let assignedCall = "call-000001"
    let unassignedCall = "call-000002"
    /// Blind calibration sessions opened by the QA lead with assessor-1 and assessor-2 on `calibrationCalls`: the
    /// first open (nobody has scored), the second revealed before anyone scored.
    let openSession: Int64
    let revealedSession: Int64
    let calibrationCalls = ["call-000003", "call-000004"]

    static let password = "a-test-password"
    static let usernames: [Role: String] = [.admin: "admin", .qaLead: "qa-lead", .assessor: "assessor-2",
                                            .teamLeader: "leader-a", .agent: "agent-02"]

    init(_ engine: TestEngine) throws {
        let clock: @Sendable () -> Timestamp = { Timestamp("2026-12-01T09:00:00Z") ?? Timestamp(secondsSinceEpoch: 0) }
        let database: SQLDatabase
        switch engine {
        case .sqlite: database = try SQLiteDatabase(path: folder.path + "/workspace.sqlite")
        case .postgres:
            database = try PostgresDatabase.freshTestDatabase(serverURL: ProcessEnvironment.values["QA_TEST_POSTGRES_URL"] ?? "")
        }
        workspace = try Workspace(database: database, actor: "tester", now: clock)
        let templatePath = packageRoot + "/scorecards/inbound-customer-service.xml"
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: templatePath)))
        guard let card = ScorecardLoader.load(bytes: bytes, path: templatePath).scorecard else {
            throw WorkspaceError("the inbound template does not load")
        }
        let workspace = workspace
        _ = try workspace.change { session in
            try TemplateStore.add(card, xml: bytes, source: templatePath, in: workspace, session: session)
        }
        let callsText = try String(contentsOfFile: packageRoot + "/examples/inbound/calls.csv", encoding: .utf8)
        let lines = callsText.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let table = TableRows(header: lines[0], rows: lines.dropFirst().enumerated().map { ($0.offset + 2, $0.element) })
        try workspace.change { session in
            _ = try CallStore.importTable(table, source: "calls.csv", workspace: workspace, session: session)
        }
        try workspace.change { session in
            let importer = EvaluationImporter(workspace: workspace, session: session, reason: "imported from test")
            importer.releasedAt = clock()
            var reader = try EvaluationReader(source: .file(path: packageRoot + "/examples/inbound/evaluations.jsonl",
                                                            format: .jsonLines))
            while let item = try reader.next() {
                if case .evaluation(let evaluation, let location) = item { _ = try importer.add(evaluation, location: location) }
            }
            try importer.flush()
        }
        func key(_ sql: String) throws -> String {
            guard let key = try workspace.database.read({ try $0.first(sql)?.text(0) }) else {
                throw WorkspaceError("fixture: no evaluation for \(sql)")
            }
            return key
        }
        let official = "SELECT e.evaluation_key FROM evaluations e JOIN people a ON a.id = e.agent_id "
            + "JOIN people s ON s.id = e.assessor_id WHERE e.purpose = 'official'"
        agentOwnReleased = try key(official + " AND s.person_key <> 'assessor-2' AND a.person_key = 'agent-02' ORDER BY e.id LIMIT 1")
        let notAssessor2 = " AND s.person_key <> 'assessor-2'"
        agentOwnUnreleased = try key(official + notAssessor2 + " AND a.person_key = 'agent-02' ORDER BY e.id DESC LIMIT 1")
        otherAgentReleased = try key(official + notAssessor2
            + " AND a.person_key = 'agent-01' AND e.team = 'team-a' ORDER BY e.id LIMIT 1")
        otherTeamReleased = try key(official + notAssessor2 + " AND e.team = 'team-b' ORDER BY e.id LIMIT 1")
        calibration = try key("SELECT e.evaluation_key FROM evaluations e JOIN people a ON a.id = e.agent_id "
            + "WHERE e.purpose = 'calibration' AND a.person_key = 'agent-02' LIMIT 1")
        byAssessor = try key(official + " AND s.person_key = 'assessor-2' AND a.person_key <> 'agent-02' ORDER BY e.id LIMIT 1")
        disputedEvaluation = try key(official + " AND s.person_key = 'assessor-2' AND a.person_key = 'agent-02' ORDER BY e.id LIMIT 1")
        agentSecondReleased = try key(official + " AND s.person_key = 'assessor-2' AND a.person_key = 'agent-02' ORDER BY e.id DESC LIMIT 1")
        let unreleased = agentOwnUnreleased
        try workspace.change { session in
            try session.execute("UPDATE evaluations SET released_at = NULL, release_at = NULL WHERE evaluation_key = ?",
                                .text(unreleased))
        }
        let hash = AccountStore.hash(Self.password, cost: 4)
        try AccountStore.add(username: "admin", role: .admin, team: nil, personKey: nil, passwordHash: hash, in: workspace)
        try AccountStore.add(username: "qa-lead", role: .qaLead, team: nil, personKey: nil, passwordHash: hash, in: workspace)
        let assessor = try AccountStore.add(username: "assessor-2", role: .assessor, team: nil, personKey: nil,
                                            passwordHash: hash, in: workspace)
        try AccountStore.add(username: "leader-a", role: .teamLeader, team: "team-a", personKey: nil, passwordHash: hash,
                             in: workspace)
        try AccountStore.add(username: "leader-b", role: .teamLeader, team: "team-b", personKey: nil, passwordHash: hash,
                             in: workspace)
        try AccountStore.add(username: "agent-02", role: .agent, team: "team-a", personKey: nil, passwordHash: hash,
                             in: workspace)
        guard let lead = try workspace.database.read({ try AccountStore.find(username: "qa-lead", $0) }),
              let templateID = try workspace.database.read({ try TemplateStore.list($0).last?.rowID }) else {
            throw WorkspaceError("fixture: no lead or template")
        }
        _ = try ScoringDesk.assign(calls: [assignedCall], to: assessor, template: templateID, dueOn: nil, by: lead,
                                   in: workspace)
        try AccountStore.add(username: "assessor-1", role: .assessor, team: nil, personKey: nil, passwordHash: hash,
                             in: workspace)
        let plan = CalibrationDesk.Plan(name: "Week 49", templateRowID: templateID, calls: calibrationCalls,
                                        assessors: ["assessor-1", "assessor-2"], reference: .consensus, deadline: nil)
        openSession = try CalibrationDesk.open(plan, by: lead, in: workspace)
        revealedSession = try CalibrationDesk.open(plan, by: lead, in: workspace)
        _ = try CalibrationDesk.reveal(revealedSession, by: lead, in: workspace)
        guard let agent = try workspace.database.read({ try AccountStore.find(username: "agent-02", $0) }),
              case .done(let dispute)? = try DisputeDesk.raise(
                disputedEvaluation, DisputeDesk.Request(whole: true, criteria: [], comments: ["whole": "I did what the form asks."],
                                                        proposed: [:]),
                by: agent, in: workspace, templates: TemplateCache()) else {
            throw WorkspaceError("fixture: the dispute could not be raised")
        }
        disputeID = dispute
        app = WorkbenchApp(pool: try WorkspacePool(primary: workspace, size: 2),
                           security: SecuritySettings(secureCookies: false))
    }

    /// A session for `username` (token for the cookie, CSRF token for forms), opened as the sign-in page would.
    func session(_ username: String) throws -> (cookie: String, csrf: String) {
        guard case .signedIn(let token, let signedIn) = try SignInSessions.signIn(
            username: username, password: Self.password, in: workspace) else {
            throw WorkspaceError("fixture: \(username) could not sign in")
        }
        return ("\(SecuritySettings.sessionCookie)=\(token)", signedIn.csrfToken)
    }

    /// Runs `body` with a test client on the workbench's router.
    func withClient<T: Sendable>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let application = Application(router: app.router())
        return try await application.test(.router) { client in try await body(client) }
    }
}

extension TestClientProtocol {
    /// A GET as a signed-in person (or nobody).
    func get(_ uri: String, cookie: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        return try await execute(uri: uri, method: .get, headers: headers)
    }

    /// A form POST as a signed-in person (or nobody).
    func post(_ uri: String, cookie: String?, form: [(String, String)]) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        let body = form.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    private func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_.~"))) ?? ""
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
