import Foundation
import Testing
@testable import Evaluator

@Suite("Draft files")
struct DraftPermissionsTests {
    @Test func draftsAreReadableByTheirOwnerOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draft-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = DraftFile(url: folder.appendingPathComponent("call-1.draft.json"))
        let draft = try EvaluationDraft(json: Array(Self.minimalDraft.utf8))
        try store.save(draft)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.location)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try store.load() == draft)
    }

    static let minimalDraft = """
        {"format":1,"callId":"call-1","agentId":"ag-1","assessorId":"a1","scorecardId":"demo","scorecardVersion":"1",
         "callDate":"2026-11-02","savedAt":"2026-11-02T10:00:00Z","answers":{},"comments":{},
         "sectionsNotApplicable":[],"history":[]}
        """
}
