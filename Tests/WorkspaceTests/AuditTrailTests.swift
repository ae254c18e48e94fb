import QAModel
import Testing
@testable import Workspace

/// Tampering the way someone with access to the database would: lift the append-only guard, change the log,
/// put the guard back. `verify` names the first broken entry; what the chain alone cannot see (a cut tail, a
/// re-chained rewrite) a kept anchor does.
@Suite("The audit trail: tampering found, exports checkable on their own")
struct AuditTrailTests {
    let inboundTemplate = packageRoot + "/scorecards/inbound-customer-service.xml"
    let inboundEvaluations = packageRoot + "/examples/inbound/evaluations.jsonl"

    /// A workspace holding the inbound template and its 240 evaluations (243 entries with the 2 migrations).
    func filled(_ engine: TestEngine, _ folder: TemporaryFolder) throws -> Workspace {
        let workspace = try makeWorkspace(engine, in: folder)
        try importTemplate(inboundTemplate, into: workspace)
        _ = try importEvaluations(inboundEvaluations, into: workspace)
        return workspace
    }

    /// Runs `body` with the audit log's guard lifted, as an attacker would, and puts it back.
    func tamper(_ workspace: Workspace, _ body: (SQLSession) throws -> Void) throws {
        try workspace.change { session in
            switch session.dialect {
            case .sqlite:
                try session.execute("DROP TRIGGER audit_log_no_update")
                try session.execute("DROP TRIGGER audit_log_no_delete")
            case .postgres:
                try session.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
            }
            try body(session)
            switch session.dialect {
            case .sqlite:
                for statement in Migration(version: 0, name: "", statements: ["{append_only audit_log}"]).statements(for: .sqlite) {
                    try session.execute(statement)
                }
            case .postgres:
                try session.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
            }
        }
    }

    func verify(_ workspace: Workspace) throws -> AuditLog.Verification {
        try workspace.database.read { try AuditLog.verify($0) }
    }

    static let columns = "seq, at, actor, action, subject, details, previous_hash, hash"

    @Test("an edited, a deleted, a swapped and an inserted entry are each found at the right entry",
          arguments: TestEngine.available)
    func tamperings(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let workspace = try filled(engine, folder)
        defer { workspace.close() }
        #expect(try verify(workspace) == .intact(entries: 243))

        // Edited: entry 10's subject changed, then put back.
        let original = try #require(try workspace.database.read { try AuditLog.entry($0, seq: 10) })
        try tamper(workspace) { try $0.execute("UPDATE audit_log SET subject = 'evaluation ev-999999' WHERE seq = 10") }
        #expect(try verify(workspace) == .broken(seq: 10, reason: "its content was changed after it was written"))
        try tamper(workspace) { try $0.execute("UPDATE audit_log SET subject = ? WHERE seq = 10", .text(original.entry.subject)) }
        #expect(try verify(workspace) == .intact(entries: 243))

        // Deleted: entry 20 removed.
        let twenty = try workspace.database.read { try $0.query("SELECT \(Self.columns) FROM audit_log WHERE seq = 20") }
        try tamper(workspace) { try $0.execute("DELETE FROM audit_log WHERE seq = 20") }
        #expect(try verify(workspace) == .broken(seq: 21, reason: "entries 20–20 are missing"))
        try tamper(workspace) { try $0.execute("INSERT INTO audit_log (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", twenty[0].values) }
        #expect(try verify(workspace) == .intact(entries: 243))

        // Swapped: entries 30 and 31 change places (numbers exchanged).
        try tamper(workspace) { session in
            try session.execute("UPDATE audit_log SET seq = -1 WHERE seq = 30")
            try session.execute("UPDATE audit_log SET seq = 30 WHERE seq = 31")
            try session.execute("UPDATE audit_log SET seq = 31 WHERE seq = -1")
        }
        #expect(try verify(workspace) == .broken(seq: 30, reason: "it does not chain to the entry before it"))
        try tamper(workspace) { session in
            try session.execute("UPDATE audit_log SET seq = -1 WHERE seq = 30")
            try session.execute("UPDATE audit_log SET seq = 30 WHERE seq = 31")
            try session.execute("UPDATE audit_log SET seq = 31 WHERE seq = -1")
        }
        #expect(try verify(workspace) == .intact(entries: 243))

        // Inserted: a made-up entry 40, correctly hashed and chained to entry 39, the rest moved up by one.
        try tamper(workspace) { session in
            let before = try #require(try AuditLog.entry(session, seq: 39))
            try session.execute("UPDATE audit_log SET seq = seq + 1000000 WHERE seq >= 40")
            try session.execute("UPDATE audit_log SET seq = seq - 999999 WHERE seq >= 1000000")
            let at = before.atText
            let hash = AuditLog.hash(seq: 40, at: at, actor: "intruder", action: "evaluation.imported",
                                     subject: "evaluation ev-fake", details: "", previous: before.hash)
            try session.execute("INSERT INTO audit_log (\(Self.columns)) VALUES (40, ?, 'intruder', 'evaluation.imported', "
                                + "'evaluation ev-fake', '', ?, ?)", .text(at), .text(before.hash), .text(hash))
        }
        // The made-up entry itself is well formed; the entry after it no longer chains.
        #expect(try verify(workspace) == .broken(seq: 41, reason: "it does not chain to the entry before it"))
    }

    @Test("a cut tail and a rewrite with the chain recomputed pass the chain check but not a kept anchor",
          arguments: TestEngine.available)
    func anchors(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let workspace = try filled(engine, folder)
        defer { workspace.close() }
        let head = try workspace.database.read { try AuditLog.head($0) }
        #expect(head.seq == 243)
        #expect(try workspace.database.read { try AuditLog.check(anchorSeq: head.seq, hash: head.hash, $0) } == .matches)

        // The last three entries removed: the chain up to 240 is whole, only the anchor shows the cut.
        try tamper(workspace) { try $0.execute("DELETE FROM audit_log WHERE seq > 240") }
        #expect(try verify(workspace) == .intact(entries: 240))
        #expect(try workspace.database.read { try AuditLog.check(anchorSeq: head.seq, hash: head.hash, $0) }
                == .missing(lastSeq: 240))

        // Entry 100 edited and every hash from it on recomputed: the chain is whole again, the anchor differs.
        let kept = try workspace.database.read { try AuditLog.head($0) }
        try tamper(workspace) { session in
            try session.execute("UPDATE audit_log SET actor = 'someone else' WHERE seq = 100")
            var previous = try #require(try AuditLog.entry(session, seq: 99)).hash
            for seq in Int64(100)...kept.seq {
                let e = try #require(try AuditLog.entry(session, seq: seq))
                let hash = AuditLog.hash(seq: seq, at: e.atText, actor: e.entry.actor, action: e.entry.action,
                                         subject: e.entry.subject, details: e.entry.details, previous: previous)
                try session.execute("UPDATE audit_log SET previous_hash = ?, hash = ? WHERE seq = ?",
                                    .text(previous), .text(hash), .integer(seq))
                previous = hash
            }
        }
        #expect(try verify(workspace) == .intact(entries: 240))
        #expect(try workspace.database.read { try AuditLog.check(anchorSeq: kept.seq, hash: kept.hash, $0) } == .differs)
    }

    @Test("a period's slice is contiguous, anchored to the entry before it, and checks on its own in both formats",
          arguments: TestEngine.available)
    func exportSlices(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let workspace = try makeWorkspace(engine, in: folder)
        defer { workspace.close() }
        // Entries on four days (2 migrations on 2026-12-01 first).
        try workspace.change { session in
            for (day, count) in [("2026-12-02", 3), ("2026-12-03", 4), ("2026-12-04", 2)] {
                let at = try #require(Timestamp(day + "T10:00:00Z"))
                try AuditLog.append(session, (0..<count).map {
                    AuditEntry(at: at, actor: "dana", action: "test.entry", subject: "thing \($0)",
                               details: "=1+1, \"quoted\"\nsecond line")
                })
            }
        }
        let slice = try workspace.database.read {
            try AuditLog.slice($0, from: CalendarDay("2026-12-03"), to: CalendarDay("2026-12-03"))
        }
        #expect(slice.entries.map(\.seq) == [6, 7, 8, 9])
        let fifth = try workspace.database.read { try AuditLog.entry($0, seq: 5) }
        #expect(slice.anchor == fifth?.hash)
        #expect(slice.headSeq == 11)
        #expect(AuditLog.verify(entries: slice.entries, anchor: slice.anchor) == .intact(entries: 4))
        // A slice does not chain to the wrong anchor.
        #expect(AuditLog.verify(entries: slice.entries, anchor: AuditLog.genesis)
                == .broken(seq: 6, reason: "it does not chain to the entry before it"))

        for format in AuditExportFormat.allCases {
            var text = ""
            try AuditExport.write(slice, format: format, from: CalendarDay("2026-12-03"), to: CalendarDay("2026-12-03"),
                                  exportedAt: try #require(Timestamp("2026-12-05T00:00:00Z"))) { text += $0 }
            let read = try AuditExport.read(Array(text.utf8))
            #expect(read.entries == slice.entries, "\(format)")
            #expect(read.anchor == slice.anchor)
            #expect(AuditLog.verify(entries: read.entries, anchor: read.anchor) == .intact(entries: 4))
            if format == .jsonl {
                #expect(read.headSeq == 11)
                #expect(read.headHash == slice.headHash)
            }
            // One character of one entry changed in the file: found, at that entry.
            let edited = text.replacing("thing 2", with: "thing 9")
            let tampered = try AuditExport.read(Array(edited.utf8))
            #expect(AuditLog.verify(entries: tampered.entries, anchor: tampered.anchor)
                    == .broken(seq: 8, reason: "its content was changed after it was written"))
        }
        // The whole log from its start chains to the genesis hash; a period with no entries is empty.
        let whole = try workspace.database.read { try AuditLog.slice($0, from: nil, to: nil) }
        #expect(whole.entries.count == 11 && whole.anchor == AuditLog.genesis)
        #expect(AuditLog.verify(entries: whole.entries) == .intact(entries: 11))
        let none = try workspace.database.read { try AuditLog.slice($0, from: CalendarDay("2027-01-01"), to: nil) }
        #expect(none.entries.isEmpty)
    }
}

/// The audit chain's hash must never change its bytes: every workspace's log was written with it.
@Suite("the audit hash's text")
struct AuditHashTextTests {
    @Test("an entry's hash is SHA-256 of the documented text, as sha256sum computes it")
    func hashOfTheDocumentedText() {
        // printf 'qa-audit-1\n2:40\n20:2026-12-01T09:00:00Z\n6:tester\n19:evaluation.imported\n13:evaluation E1\n0:\n5:start\n' | sha256sum
        let hash = AuditLog.hash(seq: 40, at: "2026-12-01T09:00:00Z", actor: "tester", action: "evaluation.imported",
                                 subject: "evaluation E1", details: "", previous: "start")
        #expect(hash == "3b4c8bf131c59e680af8d1ac8a6d91602258b483ddaa91cc3304be19f408de45")
    }

    @Test("fields are length-prefixed in bytes, whatever they hold", arguments: [
        ["", "a", "ü", "line\nbreak", String(repeating: "x", count: 1_234), "12:34\n"],
        ["évaluation E12", "0", "", ""],
    ])
    func sameAsTheTextHashedWhole(fields: [String]) {
        let text = "qa-test\n" + fields.map { "\($0.utf8.count):\($0)\n" }.joined()
        #expect(Hashing.sha256(fields: fields, domain: "qa-test") == Hashing.sha256(text))
    }
}
