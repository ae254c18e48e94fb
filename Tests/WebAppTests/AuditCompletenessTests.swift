import Foundation
import HummingbirdTesting
import QAModel
import Testing
import WebApp
import Workbench
@testable import Workspace

/// Every change to the workspace appends to the audit log, in the same transaction. Checked over the real write
/// paths: every POST of the workbench (the authorization matrix's table, each as a role allowed to make it) and
/// the changes made outside a page (sign-in, sessions, passwords, retention).
@Suite("Every change is audited")
struct AuditCompletenessTests {
    /// The tables whose rows are the workspace's record: a change to any of them must append an entry. Left out,
    /// by choice: `drafts` (work in progress; the evaluation submitted from a draft is audited), `notifications`
    /// (sent inside the audited change that causes them; marking them read is a person's own reading state),
    /// `web_sessions` (its "last seen" time moves on every request; opening and ending sessions is audited) and
    /// `sign_in_attempts` (rate limiting, the name hashed), and `audit_log` itself.
    static let recordTables = [
        "settings", "people", "accounts", "templates", "calls", "evaluations", "evaluation_revisions", "sampling_runs",
        "assignments", "calibration_sessions", "calibration_session_calls", "calibration_session_assessors",
        "calibration_answer_key", "disputes", "dispute_items", "coaching_sessions", "template_settings",
    ]

    /// Every row of the record tables, as text, sorted: equal before and after exactly when nothing changed.
    static func record(_ workspace: Workspace) throws -> [String: [String]] {
        try workspace.database.read { session in
            var tables: [String: [String]] = [:]
            for table in recordTables {
                tables[table] = try session.query("SELECT * FROM \(table)").map { "\($0.values)" }.sorted()
            }
            return tables
        }
    }

    static func entries(_ workspace: Workspace) throws -> Int64 {
        try workspace.database.read { try AuditLog.head($0).seq }
    }

    @Test("every POST of the workbench that changes the record appends an entry; the chain stays whole",
          arguments: TestEngine.available)
    func everyPost(engine: TestEngine) async throws {
        var missing: [String] = []
        var changes = 0
        for who in AuthorizationMatrixTests.Who.allCases where who != .nobody {
            let team = try TeamFixture(engine)
            let session = try team.session(who.rawValue)
            let routes = AuthorizationMatrixTests.routes.filter { $0.method == .post && $0.allowed.contains(who) }
            let (found, changed) = try await team.withClient { client -> ([String], Int) in
                var found: [String] = []
                var changed = 0
                for route in routes {
                    let before = (try Self.entries(team.workspace), try Self.record(team.workspace))
                    let response = try await client.post(route.path(team), cookie: session.cookie,
                                                         form: [("csrf", session.csrf)] + route.form)
                    #expect(response.status.code < 400, "\(who.rawValue) \(route): \(response.status.code)")
                    let after = (try Self.entries(team.workspace), try Self.record(team.workspace))
                    guard after.1 != before.1 else { continue }
                    changed += 1
                    if after.0 <= before.0 {
                        let tables = Self.recordTables.filter { after.1[$0] != before.1[$0] }
                        found.append("\(who.rawValue) \(route) changed \(tables.joined(separator: ", "))")
                    }
                }
                return (found, changed)
            }
            missing += found
            changes += changed
            if case .broken(let seq, let reason) = try team.workspace.database.read({ try AuditLog.verify($0) }) {
                Issue.record("the chain broke at \(seq): \(reason)")
            }
        }
        #expect(changes >= 10)
        #expect(missing.isEmpty, "changes without an audit entry:\n\(missing.joined(separator: "\n"))")
    }

    @Test("sign-in, sign-out, passwords, disabling, settings and retention each append their entry",
          arguments: TestEngine.available)
    func outsidePages(engine: TestEngine) throws {
        let team = try TeamFixture(engine)
        let workspace = team.workspace
        let hash = AccountStore.hash("another-long-password", cost: 4)
        let operations: [(action: String, run: () throws -> Void)] = [
            ("account.signed-in", { _ = try team.session("qa-lead") }),
            ("account.signed-out", {
                guard case .signedIn(_, let signedIn) = try SignInSessions.signIn(
                    username: "assessor-2", password: TeamFixture.password, in: workspace) else { throw WorkspaceError("no sign-in") }
                try SignInSessions.signOut(signedIn, in: workspace)
            }),
            ("account.signed-out-everywhere", {
                guard case .signedIn(_, let signedIn) = try SignInSessions.signIn(
                    username: "leader-a", password: TeamFixture.password, in: workspace) else { throw WorkspaceError("no sign-in") }
                try SignInSessions.signOutEverywhere(signedIn, in: workspace)
            }),
            ("account.password-set", { try AccountStore.setPassword(username: "agent-02", passwordHash: hash, in: workspace) }),
            ("account.disabled", { try AccountStore.disable(username: "agent-02", in: workspace) }),
            ("account.added", {
                try AccountStore.add(username: "new-person", role: .agent, team: "team-a", personKey: nil, passwordHash: hash,
                                     in: workspace)
            }),
            ("settings.changed", {
                try workspace.change { try Retention.set(RetentionPolicy(months: 1200, action: .purge), in: workspace, session: $0) }
            }),
            ("retention.purged", {
                _ = try workspace.change { try Retention.run(in: workspace, session: $0, dryRun: false) }
            }),
        ]
        for operation in operations {
            let before = try Self.entries(workspace)
            try operation.run()
            let actions = try workspace.database.read {
                try $0.query("SELECT action FROM audit_log WHERE seq > ? ORDER BY seq", .integer(before))
            }.compactMap { $0.text(0) }
            #expect(actions.contains(operation.action), "\(operation.action): got \(actions)")
        }
        #expect(try workspace.database.read { try AuditLog.verify($0) } == .intact(entries: Int(try Self.entries(workspace))))
    }
}
