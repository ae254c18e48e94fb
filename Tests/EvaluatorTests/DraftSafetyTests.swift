import FileIO
import Foundation
import Testing
@testable import Evaluator

/// A draft store whose saves fail, as a full disk or a read-only folder would make them.
final class FailingDrafts: DraftStore {
    var location: String { "/full/C-1.draft.json" }
    func load() throws -> EvaluationDraft? { nil }
    func save(_ draft: EvaluationDraft) throws {
        throw FileError(path: location, reason: "writing failed: No space left on device")
    }
    func delete() throws {}
}

@Suite("Drafts that cannot be saved, and what a draft file may remove")
struct DraftSafetyTests {
    @Test("a failing save is reported once in plain words; quitting says the answers could not be saved")
    func failingSaveIsNeverCalledSaved() {
        let (outcome, text) = runSession(["y", "", "y", "", "q"], drafts: FailingDrafts())
        #expect(outcome == .quit)
        #expect(text.components(separatedBy: "Warning: your answers could not be saved").count == 2)
        #expect(text.contains("the draft /full/C-1.draft.json could not be written (writing failed: No space left on device)"))
        #expect(text.contains("Stopped. Your 2 answers could not be saved"))
        #expect(!text.contains("are saved in the draft"))
        #expect(!text.contains("Error"))
    }

    @Test("end of input with a failing save says so too")
    func failingSaveAtEndOfInput() {
        let (outcome, text) = runSession(["y", ""], drafts: FailingDrafts())
        #expect(outcome == .inputEnded)
        #expect(text.contains("Your 1 answer could not be saved"))
        #expect(!text.contains("are saved in the draft"))
    }

    @Test("a folder at the draft's path is an obstacle: never loaded, saved over or removed")
    func folderIsNeverRemoved() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draft-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("C-1.draft.json")
        try FileManager.default.createDirectory(at: path.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let store = DraftFile(url: path)
        #expect(store.obstacle?.contains("a folder is where the draft file goes") == true)
        #expect(throws: FileError.self) { try store.load() }
        let draft = try EvaluationDraft(json: Array(DraftPermissionsTests.minimalDraft.utf8))
        #expect(throws: FileError.self) { try store.save(draft) }
        try store.delete()
        #expect(FileManager.default.fileExists(atPath: path.appendingPathComponent("sub").path))
    }

    @Test("a file this run neither wrote nor read as a draft is not removed; one it wrote is")
    func onlyOurDraftIsRemoved() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draft-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("C-1.draft.json")
        try Data("someone's notes\n".utf8).write(to: path)
        try DraftFile(url: path).delete()
        #expect(FileManager.default.fileExists(atPath: path.path))

        let store = DraftFile(url: path)
        let draft = try EvaluationDraft(json: Array(DraftPermissionsTests.minimalDraft.utf8))
        try store.save(draft)
        try store.delete()
        #expect(!FileManager.default.fileExists(atPath: path.path))
    }
}
