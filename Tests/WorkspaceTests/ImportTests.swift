import QAModel
import Records
import Testing
import SampleData
@testable import Workspace

@Suite("Importing into the workspace")
struct ImportTests {
    let inboundTemplate = packageRoot + "/scorecards/inbound-customer-service.xml"
    let inboundEvaluations = packageRoot + "/examples/inbound/evaluations.jsonl"

    @Test("the same file imported twice is one import; a changed record is a new revision", arguments: TestEngine.available)
    func idempotentImport(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let workspace = try makeWorkspace(engine, in: folder)
        defer { workspace.close() }
        try importTemplate(inboundTemplate, into: workspace)
        let (first, invalid) = try importEvaluations(inboundEvaluations, into: workspace)
        #expect(invalid.isEmpty)
        #expect(first.added == 240 && first.unchanged == 0 && first.revised == 0)

        let (second, _) = try importEvaluations(inboundEvaluations, into: workspace)
        #expect(second.added == 0 && second.unchanged == 240)

        // Change one answer of ev-000001 and import again: one new revision, the first kept.
        let lines = String(decoding: try readFile(inboundEvaluations), as: UTF8.self).split(separator: "\n")
        let changedLine = lines[0].replacing("\"accurate-information\":\"yes\"", with: "\"accurate-information\":\"no\"")
            .replacing("\"answers\":{", with: "\"comments\":{\"accurate-information\":\"Quoted the wrong fee.\"},\"answers\":{")
        #expect(changedLine != lines[0])
        let changed = folder.path + "/changed.jsonl"
        writeFile(changed, changedLine + "\n")
        let (third, thirdInvalid) = try importEvaluations(changed, into: workspace)
        #expect(thirdInvalid.isEmpty, "\(thirdInvalid)")
        #expect(third.revised == 1 && third.added == 0)

        let revisions = try workspace.database.read { session in
            try session.query("""
                SELECT r.revision, r.answers FROM evaluation_revisions r JOIN evaluations e ON e.id = r.evaluation_id
                WHERE e.evaluation_key = 'ev-000001' ORDER BY r.revision
                """)
        }
        #expect(revisions.count == 2)
        #expect(revisions.first?.text(1) != revisions.last?.text(1))

        // The original file again: it equals the superseded revision 1, so nothing changes back.
        let (fourth, _) = try importEvaluations(inboundEvaluations, into: workspace)
        #expect(fourth.older == 1 && fourth.unchanged == 239)
    }

    @Test("a record for a template version the workspace lacks is refused", arguments: TestEngine.available)
    func missingTemplate(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let workspace = try makeWorkspace(engine, in: folder)
        defer { workspace.close() }
        let (summary, invalid) = try importEvaluations(inboundEvaluations, into: workspace)
        #expect(summary.added == 0 && summary.invalid == 240)
        #expect(invalid.first?.contains("not in the workspace") == true)
    }

    @Test("a stored template version never changes", arguments: TestEngine.available)
    func templateImmutable(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let workspace = try makeWorkspace(engine, in: folder)
        defer { workspace.close() }
        try importTemplate(inboundTemplate, into: workspace)
        try importTemplate(inboundTemplate, into: workspace)  // same bytes: fine
        let text = String(decoding: try readFile(inboundTemplate), as: UTF8.self)
        let edited = folder.path + "/edited.xml"
        writeFile(edited, text.replacing("<title>", with: "<title>Edited "))
        #expect(throws: WorkspaceError.self) { try importTemplate(edited, into: workspace) }
        // Not even directly in the database.
        #expect(throws: (any Error).self) {
            try workspace.change { session in try session.execute("UPDATE templates SET xml = 'x'") }
        }
    }

    @Test("the audit log chains every change, and a rewrite is found", arguments: TestEngine.available)
    func auditChain(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let workspace = try makeWorkspace(engine, in: folder)
        defer { workspace.close() }
        try importTemplate(inboundTemplate, into: workspace)
        _ = try importEvaluations(inboundEvaluations, into: workspace)
        let intact = try workspace.database.read { try AuditLog.verify($0) }
        // One entry per migration, the template, and each of the 240 evaluations.
        #expect(intact == .intact(entries: Schema.migrations.count + 1 + 240))
        // Entries cannot be updated through SQL…
        #expect(throws: (any Error).self) {
            try workspace.change { session in try session.execute("UPDATE audit_log SET actor = 'someone' WHERE seq = 5") }
        }
        // …and when the guard is removed and an entry rewritten, verify names it.
        try workspace.change { session in
            switch session.dialect {
            case .sqlite: try session.execute("DROP TRIGGER audit_log_no_update")
            case .postgres: try session.execute("DROP TRIGGER audit_log_append_only ON audit_log")
            }
            try session.execute("UPDATE audit_log SET actor = 'someone' WHERE seq = 5")
        }
        let broken = try workspace.database.read { try AuditLog.verify($0) }
        #expect(broken == .broken(seq: 5, reason: "its content was changed after it was written"))
    }
}

@Suite("Stored evaluations read back")
struct RoundTripTests {
    @Test("every example evaluation comes back from the workspace exactly as it went in", arguments: TestEngine.available)
    func roundTrip(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let workspace = try makeWorkspace(engine, in: folder)
        defer { workspace.close() }
        let sets = [("inbound-customer-service", "examples/inbound/evaluations.jsonl"),
                    ("collections-compliance", "examples/collections/evaluations.csv"),
                    ("technical-support", "examples/technical-support/evaluations.jsonl")]
        for (template, records) in sets {
            try importTemplate(packageRoot + "/scorecards/\(template).xml", into: workspace)
            let (summary, invalid) = try importEvaluations(packageRoot + "/" + records, into: workspace)
            #expect(invalid.isEmpty)
            #expect(summary.added == 240)
        }
        for (template, records) in sets {
            var original: [String: Evaluation] = [:]
            let path = packageRoot + "/" + records
            var reader = try EvaluationReader(source: .file(path: path, format: RecordFormat(pathExtensionOf: path) ?? .jsonLines))
            while let item = try reader.next() {
                if case .evaluation(let e, _) = item { original[e.id] = e }
            }
            var filter = EvaluationFilter()
            filter.scorecardID = template
            let versions = try workspace.database.read { try StoredEvaluations.versions(filter, $0) }.versions
            let (parts, status) = try StoredEvaluations.stream(workspace, filter, versions: versions)
            var seen = 0
            for (_, source) in parts {
                var stored = try EvaluationReader(source: source)
                while let item = try stored.next() {
                    guard case .evaluation(let e, _) = item else {
                        Issue.record("a stored record did not read back: \(item)")
                        continue
                    }
                    #expect(original[e.id] == e, "\(e.id)")
                    seen += 1
                }
            }
            try status.check()
            #expect(seen == 240)
        }
    }
}

@Suite("Streaming stored evaluations")
struct StreamingTests {
    @Test("the workspace can be queried while a stream larger than the socket's buffer is being read", arguments: TestEngine.available)
    func queryWhileStreaming(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let workspace = try makeWorkspace(engine, in: folder)
        defer { workspace.close() }
        let card = try importTemplate(packageRoot + "/scorecards/inbound-customer-service.xml", into: workspace)
        // 4,000 evaluations: about 600 KB of stored rows, more than a socket holds unread.
        var config = SampleConfig()
        config.evaluations = 4_000
        config.calibrationCallsPerSession = 0
        let generator = try SampleGenerator(scorecard: card, config: config)
        try workspace.change { session in
            let importer = EvaluationImporter(workspace: workspace, session: session, reason: "test")
            try generator.generate(evaluation: { e in
                _ = try importer.add(e, location: RecordLocation(file: "generated", line: 1))
            }, call: { _ in })
            try importer.flush()
        }
        let filter = EvaluationFilter()
        let versions = try workspace.database.read { try StoredEvaluations.versions(filter, $0) }.versions
        let (parts, status) = try StoredEvaluations.stream(workspace, filter, versions: versions)
        // A query on the command's own connection before reading anything (as qa coach does for KPIs).
        let count = try workspace.database.read { try $0.first("SELECT COUNT(*) FROM evaluations")?.integer(0) }
        #expect(count == 4_000)
        var read = 0
        for (_, source) in parts {
            var reader = try EvaluationReader(source: source)
            while let item = try reader.next() {
                if case .evaluation = item { read += 1 }
            }
        }
        try status.check()
        #expect(read == 4_000)
    }
}
