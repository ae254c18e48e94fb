import Batch
import Foundation
import QAModel
import Records
import SampleData
import Testing
@testable import Workspace

/// `EvaluationImporter.importRecords`: records checked on a second thread while the first stores them must give
/// exactly what `add`, one record at a time, gives — the same rows, the same summary, each outcome in order — and
/// an error on either side must stop both.
@Suite("the import's two threads")
struct ImportPipelineTests {
    struct Planted: Error, Equatable {}

    /// 2,600 generated records (more than two chunks) with planted problems: a template version the workspace
    /// does not hold (records 10 and 1,500), a record that could not be read (700), and record 5 again, evaluated
    /// later (a second revision in the same import, at 2,100).
    static func records(_ workspace: Workspace) throws -> [ImportRecord] {
        let card = try importTemplate(packageRoot + "/scorecards/inbound-customer-service.xml", into: workspace)
        var config = SampleConfig()
        config.evaluations = 2_600
        config.calibrationCallsPerSession = 0
        let generator = try SampleGenerator(scorecard: card, config: config)
        var evaluations: [Evaluation] = []
        generator.generate(evaluation: { evaluations.append($0) }, call: { _ in })
        var records = evaluations.enumerated().map { k, e in
            ImportRecord.evaluation(e, RecordLocation(file: "generated.jsonl", line: k + 1))
        }
        for k in [10, 1_500] {
            guard case .evaluation(var e, let location) = records[k] else { continue }
            e.scorecardVersion = "9.9"
            records[k] = .evaluation(e, location)
        }
        records[700] = .unreadable(InvalidEvaluation(location: RecordLocation(file: "generated.jsonl", line: 701),
                                                     evaluationID: nil, diagnostics: []))
        if case .evaluation(var again, _) = records[5] {
            again.evaluatedAt = Timestamp(secondsSinceEpoch: 1_800_000_000)
            records.insert(.evaluation(again, RecordLocation(file: "generated.jsonl", line: 9_999)), at: 2_100)
        }
        return records
    }

    static func stored(_ workspace: Workspace) throws -> [String] {
        try workspace.database.read { session in
            try session.query("""
                SELECT e.evaluation_key, e.current_revision, e.current_sha256, r.revision, r.content_sha256, r.total_score
                FROM evaluations e JOIN evaluation_revisions r ON r.evaluation_id = e.id
                ORDER BY e.evaluation_key, r.revision
                """, []).map { row in (0..<6).map { row[$0].text ?? row[$0].real.map { "\($0)" } ?? row[$0].integer.map { "\($0)" } ?? "" }.joined(separator: "|") }
        }
    }

    @Test("two threads store what one record at a time stores, and report each record's outcome in order",
          arguments: TestEngine.available)
    func sameAsOneByOne(engine: TestEngine) throws {
        let folderA = TemporaryFolder(), folderB = TemporaryFolder()
        let one = try makeWorkspace(engine, in: folderA)
        defer { one.close() }
        let two = try makeWorkspace(engine, in: folderB)
        defer { two.close() }
        let records = try Self.records(one)
        _ = try Self.records(two)

        var expected: [String] = []
        let summaryOne = try one.change { session in
            let importer = EvaluationImporter(workspace: one, session: session, reason: "test")
            for record in records {
                switch record {
                case .unreadable(let invalid):
                    expected.append("unreadable \(invalid.location.line)")
                case .evaluation(let e, let location):
                    if let invalid = try importer.add(e, location: location) {
                        expected.append("invalid \(invalid.location.line)")
                    } else {
                        expected.append("accepted \(location.line)")
                    }
                }
            }
            try importer.flush()
            var summary = importer.summary
            summary.invalid += 1  // the unreadable record, counted by the caller of `add`
            return summary
        }

        var outcomes: [String] = []
        let summaryTwo = try two.change { session in
            let importer = EvaluationImporter(workspace: two, session: session, reason: "test")
            try importer.importRecords({ emit in
                for record in records { try emit(record) }
            }, outcome: { outcome in
                switch outcome {
                case .accepted(let location): outcomes.append("accepted \(location.line)")
                case .invalid(let invalid): outcomes.append("invalid \(invalid.location.line)")
                case .unreadable(let invalid): outcomes.append("unreadable \(invalid.location.line)")
                }
            })
            return importer.summary
        }
        #expect(outcomes == expected)
        #expect(outcomes.count == 2_601)
        #expect(outcomes.filter { $0.hasPrefix("invalid") } == ["invalid 11", "invalid 1501"])
        #expect(summaryTwo == summaryOne)
        #expect(summaryTwo.added == 2_597)
        #expect(summaryTwo.revised == 1)
        #expect(summaryTwo.invalid == 3)
        let storedTwo = try Self.stored(two)
        #expect(storedTwo.count == 2_598)  // 2,597 evaluations, one of them with two revisions
        // The content hashes name the content, not the workspace: both imports stored the same thing.
        #expect(storedTwo == (try Self.stored(one)))
    }

    @Test("an error reporting an outcome stops the reading thread, and nothing is stored", arguments: TestEngine.available)
    func outcomeErrorStopsReading(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let workspace = try makeWorkspace(engine, in: folder)
        defer { workspace.close() }
        let records = try Self.records(workspace)
        let emitted = Counter()
        #expect(throws: Planted.self) {
            try workspace.change { session in
                let importer = EvaluationImporter(workspace: workspace, session: session, reason: "test")
                var seen = 0
                // The same records a hundred times over: far more than the queue between the threads holds.
                try importer.importRecords({ emit in
                    for _ in 0..<100 {
                        for record in records {
                            try emit(record)
                            emitted.add()
                        }
                    }
                }, outcome: { _ in
                    seen += 1
                    if seen == 1_200 { throw Planted() }
                })
            }
        }
        // The reader stopped soon after the error (it runs at most a few chunks ahead), not at the end.
        #expect(emitted.value < 20_000)
        #expect(try Self.stored(workspace).isEmpty)
    }

    @Test("an error on the reading side reaches the caller, and nothing is stored", arguments: TestEngine.available)
    func readErrorIsThrown(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let workspace = try makeWorkspace(engine, in: folder)
        defer { workspace.close() }
        let records = try Self.records(workspace)
        var outcomes = 0
        #expect(throws: Planted.self) {
            try workspace.change { session in
                let importer = EvaluationImporter(workspace: workspace, session: session, reason: "test")
                try importer.importRecords({ emit in
                    for (k, record) in records.enumerated() {
                        if k == 1_500 { throw Planted() }
                        try emit(record)
                    }
                }, outcome: { _ in outcomes += 1 })
            }
        }
        #expect(outcomes <= 1_500)
        #expect(try Self.stored(workspace).isEmpty)
    }
}

/// A count shared with the reading thread.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

/// The content hash names a record's stored fields; it must never change, or every re-import becomes a revision.
@Suite("the content hash of a record")
struct ContentHashTests {
    @Test("the dates written out for the stored rows hash as the record's own texts do, with and without a call time")
    func sameFieldsAsTheRecord() throws {
        let folder = TemporaryFolder()
        let workspace = try makeWorkspace(.sqlite, in: folder)
        defer { workspace.close() }
        guard case .evaluation(var e, _) = try ImportPipelineTests.records(workspace)[0] else {
            Issue.record("no record generated")
            return
        }
        for timestamp in [nil, Timestamp(secondsSinceEpoch: 1_736_000_000)] {
            e.callTimestamp = timestamp
            let expected = Hashing.sha256(
                fields: [e.id, e.callID, e.agentID, e.teamID ?? "", e.assessorID, e.scorecardID, e.scorecardVersion,
                         e.callDateText, e.evaluatedAt.description, e.purpose.rawValue, "yes,no"],
                domain: "qa-evaluation-1")
            #expect(RecordChecker.contentHash(e, texts: Pending.Texts(e), answers: "yes,no") == expected)
        }
    }
}
