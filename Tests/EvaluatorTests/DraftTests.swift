import Foundation
import QAModel
import JSON
import Testing
@testable import Evaluator

@Suite("Drafts: quitting, end of input and resuming")
struct DraftTests {
    @Test("quitting mid-way keeps a draft; resuming it completes the evaluation with the earlier answers")
    func quitAndResume() throws {
        let drafts = DraftInMemory()
        // greet yes, verify yes, then quit at tone.
        let (first, firstText) = runSession(["y", "", "y", "", "q"], drafts: drafts)
        #expect(first == .quit)
        #expect(firstText.contains("Stopped. Your 2 answers are saved in the draft"))
        let draft = try #require(drafts.draft)
        #expect(draft.answers == ["greet": DraftAnswer(.yes), "verify": DraftAnswer(.yes)])
        #expect(draft.position == "tone")
        #expect(draft.history == ["greet", "verify"])

        // The rest of the full script from tone onwards (full script lines 6… are tone onwards).
        let rest = Array(fullScript.dropFirst(6))
        let (second, secondText) = runSession(["y"] + rest + ["y"], drafts: drafts)
        #expect(secondText.contains("A draft of this evaluation was saved at 2026-11-02T09:30:00Z with 2 answers."))
        #expect(secondText.contains("Resumed with 2 answers."))
        #expect(!secondText.contains("Question 1 of 13"))
        guard case .confirmed(let record) = second else {
            Issue.record("expected a confirmed record, got \(second)\n\(secondText)")
            return
        }
        #expect(record.answers["greet"] == .yes)
        #expect(record.answers["verify"] == .yes)
        #expect(record.answers["tone"] == .number(4))
        // With verify yes: opening = 100; total = (20·100 + 40·75 + 20·50 + 10·100)/90 = 7000/90 = 77.78
        #expect(secondText.contains("Total: 77.78 out of 100 · band Good · PASSED (pass mark 70)"))
    }

    @Test("declining to resume starts again from the first question")
    func declineResume() throws {
        let drafts = DraftInMemory()
        _ = runSession(["y", "", "q"], drafts: drafts)
        let (outcome, text) = runSession(["n", "q"], drafts: drafts)
        #expect(outcome == .quit)
        #expect(text.contains("Starting again"))
        #expect(text.contains("Question 1 of 13 · greet"))
        #expect(drafts.draft?.answers.isEmpty == true)
    }

    @Test("end of input saves the draft file, and nothing confirmed is lost")
    func endOfInputWritesDraftFile() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("evaluator-draft-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = DraftFile(url: folder.appendingPathComponent("C-1001.draft.json"))
        // greet yes; verify no with its comment; tone typed but its comment never comes (input ends).
        let (outcome, text) = runSession(["y", "", "no", "Not checked", "4"], drafts: file)
        #expect(outcome == .inputEnded)
        #expect(text.contains("Input ended before the evaluation was finished. Your 2 confirmed answers are saved in the draft \(file.url.path)."))
        let draft = try #require(try file.load())
        #expect(draft.answers == ["greet": DraftAnswer(.yes), "verify": DraftAnswer(.no)])
        #expect(draft.comments == ["verify": "Not checked"])
        #expect(draft.position == "tone")
        // No temporary files are left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["C-1001.draft.json"])
        try file.delete()
        #expect(try file.load() == nil)
    }

    @Test("a draft of another call is left alone")
    func draftOfAnotherCall() throws {
        let drafts = DraftInMemory()
        _ = runSession(["y", "", "q"], drafts: drafts)
        var other = try #require(drafts.draft)
        other.callID = "C-9999"
        let store = DraftInMemory(other)
        let (outcome, text) = runSession(["y"], drafts: store)
        #expect(outcome == .draftBelongsElsewhere)
        #expect(text.contains("belongs to another evaluation (call C-9999"))
        #expect(store.draft == other)
    }

    @Test("draft answers round-trip through JSON as strings, numbers and lists")
    func draftJSON() throws {
        let answers: [String: DraftAnswer] = ["a": DraftAnswer(.yes), "b": DraftAnswer(.number(2.5)),
                                              "c": DraftAnswer(.tokens(["x", "y"]))]
        var draft = try EvaluationDraft(json: Array(DraftPermissionsTests.minimalDraft.utf8))
        draft.answers = answers
        let json = try JSONWriter.write(draft.jsonValue)
        #expect(json.contains("\"answers\":{\"a\":\"yes\",\"b\":2.5,\"c\":[\"x\",\"y\"]}"))
        #expect(try EvaluationDraft(json: Array(json.utf8)) == draft)
    }

    @Test("a draft with a key given twice is refused, naming where")
    func draftDuplicateKeys() throws {
        let text = DraftPermissionsTests.minimalDraft.replacingOccurrences(
            of: "\"callId\":\"call-1\"", with: "\"callId\":\"call-1\",\"callId\":\"call-2\"")
        #expect(text != DraftPermissionsTests.minimalDraft)
        #expect {
            try EvaluationDraft(json: Array(text.utf8))
        } throws: { error in
            let message = (error as? DraftReadError)?.message ?? ""
            return message.contains("line 1, column 31") && message.contains("appears twice") && !message.contains("call-2")
        }
    }

    @Test("a draft with a field of the wrong type is refused, naming the field")
    func draftWrongType() throws {
        let text = DraftPermissionsTests.minimalDraft.replacingOccurrences(of: "\"history\":[]", with: "\"history\":{}")
        #expect(throws: DraftReadError("history: must be a list of text")) {
            try EvaluationDraft(json: Array(text.utf8))
        }
    }
}
