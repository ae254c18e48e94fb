import QAModel
import Testing
@testable import Workspace

/// The retention policy on the shipped inbound example (calls 2025-01-06 to 2025-03-13) with the test clock at
/// 2026-12-01: 22 months back is 2025-02-01, so January's evaluations are past the cutoff and the rest stay.
@Suite("Retention: old evaluations purged or pseudonymised, audited by counts only")
struct RetentionTests {
    let inboundTemplate = packageRoot + "/scorecards/inbound-customer-service.xml"
    let inboundEvaluations = packageRoot + "/examples/inbound/evaluations.jsonl"
    let cutoff = "2025-02-01"

    func filled(_ engine: TestEngine, _ folder: TemporaryFolder) throws -> Workspace {
        let workspace = try makeWorkspace(engine, in: folder, actor: "admin")
        try importTemplate(inboundTemplate, into: workspace)
        _ = try importEvaluations(inboundEvaluations, into: workspace)
        return workspace
    }

    func count(_ workspace: Workspace, _ sql: String, _ bindings: SQLValue...) throws -> Int {
        Int(try workspace.database.read { try $0.first(sql, bindings)?.integer(0) } ?? -1)
    }

    @Test("the cutoff is N calendar months back, the day clamped to the month")
    func cutoffs() throws {
        let day = try #require(CalendarDay("2026-03-31"))
        #expect(RetentionPolicy(months: 1, action: .purge).cutoff(today: day).description == "2026-02-28")
        #expect(RetentionPolicy(months: 3, action: .purge).cutoff(today: day).description == "2025-12-31")
        #expect(RetentionPolicy(months: 24, action: .purge).cutoff(today: day).description == "2024-03-31")
        #expect(RetentionPolicy(months: 22, action: .purge).cutoff(today: try #require(CalendarDay("2026-12-01"))).description
                == "2025-02-01")
    }

    @Test("purge removes old evaluations with their revisions, disputes and drafts; the revisions' guard is back after",
          arguments: TestEngine.available)
    func purge(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let workspace = try filled(engine, folder)
        defer { workspace.close() }
        let total = try count(workspace, "SELECT COUNT(*) FROM evaluations")
        let old = try count(workspace, "SELECT COUNT(*) FROM evaluations WHERE call_date < ?", .text(cutoff))
        let oldRevisions = try count(workspace, "SELECT COUNT(*) FROM evaluation_revisions WHERE evaluation_id IN "
                                     + "(SELECT id FROM evaluations WHERE call_date < ?)", .text(cutoff))
        #expect(old > 0 && old < total)
        // A dispute, a draft and an assignment on one old evaluation.
        try workspace.change { session in
            let row = try #require(try session.first(
                "SELECT id, evaluation_key, call_key, template_id FROM evaluations WHERE call_date < ? ORDER BY id", .text(cutoff)))
            try session.execute("INSERT INTO disputes (evaluation_id, revision, raised_by, raised_at, whole_evaluation, state) "
                                + "VALUES (?, 1, 'agent-01', '2025-01-20T10:00:00Z', 0, 'open')", row[0])
            let dispute = try #require(try session.first("SELECT MAX(id) FROM disputes")?.integer(0))
            try session.execute("INSERT INTO dispute_items (dispute_id, criterion_id, comment) VALUES (?, 'greeting', 'I did greet')",
                                .integer(dispute))
            try session.execute("INSERT INTO drafts (evaluation_key, template_id, call_key, author, state, updated_at) "
                                + "VALUES (?, ?, ?, 'dana', '{}', '2025-01-20T10:00:00Z')", row[1], row[3], row[2])
            let assessor = try #require(try session.first("SELECT assessor_id FROM evaluations WHERE id = ?", row[0])?.integer(0))
            try session.execute("INSERT INTO assignments (call_key, assessor_id, template_id, state, evaluation_id, created_at) "
                                + "VALUES (?, ?, ?, 'done', ?, '2025-01-20T10:00:00Z')", row[2], .integer(assessor), row[3], row[0])
        }
        try workspace.change { try Retention.set(RetentionPolicy(months: 22, action: .purge), in: workspace, session: $0) }

        let dry = try workspace.database.read { try Retention.run(in: workspace, session: $0, dryRun: true) }
        #expect(dry.evaluations == old && dry.revisions == oldRevisions && dry.disputes == 1 && dry.drafts == 1)
        #expect(dry.words.contains("would be purged"))
        #expect(try count(workspace, "SELECT COUNT(*) FROM evaluations") == total)

        let done = try workspace.change { try Retention.run(in: workspace, session: $0, dryRun: false) }
        #expect(done.evaluations == old && done.revisions == oldRevisions && done.disputes == 1 && done.drafts == 1)
        #expect(try count(workspace, "SELECT COUNT(*) FROM evaluations") == total - old)
        #expect(try count(workspace, "SELECT COUNT(*) FROM evaluations WHERE call_date < ?", .text(cutoff)) == 0)
        #expect(try count(workspace, "SELECT COUNT(*) FROM evaluation_revisions WHERE evaluation_id NOT IN "
                          + "(SELECT id FROM evaluations)") == 0)
        #expect(try count(workspace, "SELECT COUNT(*) FROM disputes") == 0)
        #expect(try count(workspace, "SELECT COUNT(*) FROM dispute_items") == 0)
        #expect(try count(workspace, "SELECT COUNT(*) FROM drafts") == 0)
        #expect(try count(workspace, "SELECT COUNT(*) FROM assignments WHERE evaluation_id IS NULL") == 1)
        // The revisions are append-only again: nobody else may remove one.
        #expect(throws: (any Error).self) {
            try workspace.change { try $0.execute("DELETE FROM evaluation_revisions WHERE id = (SELECT MIN(id) FROM evaluation_revisions)") }
        }
        #expect(throws: (any Error).self) {
            try workspace.change { try $0.execute("UPDATE evaluation_revisions SET reason = 'x'") }
        }
        // Audited, by counts only; the chain whole; the last run kept for the admin page.
        #expect(try workspace.database.read { try AuditLog.verify($0) } == .intact(entries: 2 + 1 + 240 + 2))
        let entry = try #require(try workspace.database.read { try AuditLog.entry($0, seq: AuditLog.head($0).seq) })
        #expect(entry.entry.action == "retention.purged")
        #expect(entry.entry.details.contains("\(old) evaluations, \(oldRevisions) revisions, 1 disputes, 1 drafts"))
        #expect(!entry.entry.details.contains("agent") && !entry.entry.details.contains("assessor-"))
        let last = try #require(try workspace.database.read { try Retention.lastRun($0) })
        #expect(last.by == "admin" && last.summary == done.words)
        // Nothing left to purge.
        let again = try workspace.change { try Retention.run(in: workspace, session: $0, dryRun: false) }
        #expect(again.evaluations == 0 && again.revisions == 0)
    }

    @Test("pseudonymise replaces old evaluations' agents and assessors by stable pseudonyms; counts still add up",
          arguments: TestEngine.available)
    func pseudonymise(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let workspace = try filled(engine, folder)
        defer { workspace.close() }
        func perAgent(_ condition: String) throws -> [String: Int] {
            var counts: [String: Int] = [:]
            for row in try workspace.database.read({ try $0.query(
                "SELECT p.person_key, COUNT(*) FROM evaluations e JOIN people p ON p.id = e.agent_id WHERE \(condition) "
                + "GROUP BY p.person_key", .text(cutoff)) }) {
                counts[row.text(0) ?? ""] = Int(row.integer(1) ?? 0)
            }
            return counts
        }
        let oldBefore = try perAgent("e.call_date < ?")
        let newBefore = try perAgent("e.call_date >= ?")
        #expect(!oldBefore.isEmpty)

        try workspace.change { try Retention.set(RetentionPolicy(months: 22, action: .pseudonymise), in: workspace, session: $0) }
        let outcome = try workspace.change { try Retention.run(in: workspace, session: $0, dryRun: false) }
        #expect(outcome.evaluations == oldBefore.values.reduce(0, +))

        let secret = try #require(try workspace.database.read { try WorkspaceSettings.value(StablePseudonym.secretKey, $0) })
        let oldAfter = try perAgent("e.call_date < ?")
        // Each agent's old evaluations now under their pseudonym, the same number of them.
        #expect(oldAfter == Dictionary(uniqueKeysWithValues: oldBefore.map { (StablePseudonym.of($0.key, secret: secret), $0.value) }))
        #expect(oldAfter.keys.allSatisfy { $0.hasPrefix(StablePseudonym.prefix) })
        // Newer evaluations untouched.
        #expect(try perAgent("e.call_date >= ?") == newBefore)
        // Assessors of old evaluations too.
        #expect(try count(workspace, "SELECT COUNT(*) FROM evaluations e JOIN people p ON p.id = e.assessor_id "
                          + "WHERE e.call_date < ? AND p.person_key NOT LIKE 'former-%'", .text(cutoff)) == 0)
        // Stable: the rule is HMAC of the key with the workspace's secret, the same on every run.
        #expect(StablePseudonym.of("agent-01", secret: secret) == StablePseudonym.of("agent-01", secret: secret))
        #expect(StablePseudonym.of("agent-01", secret: secret) != StablePseudonym.of("agent-01", secret: secret + "x"))
        let again = try workspace.change { try Retention.run(in: workspace, session: $0, dryRun: false) }
        #expect(again.evaluations == 0 && again.people == 0)
        // The audit log holds counts, not who, and never the secret.
        let log = try workspace.database.read { try $0.query("SELECT details FROM audit_log") }.compactMap { $0.text(0) }
        #expect(!log.contains { $0.contains(secret) })
        #expect(try workspace.database.read { try AuditLog.verify($0) } == .intact(entries: 2 + 1 + 240 + 1 + 1 + 2))
    }
}
