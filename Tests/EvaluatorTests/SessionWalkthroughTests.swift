import Foundation
import QAModel
import Testing
@testable import Evaluator

@Suite("A full evaluation session through scripted input")
struct SessionWalkthroughTests {
    @Test("every kind of question, back, N/A, default-to-top and a required comment give the expected record")
    func fullSession() throws {
        let drafts = DraftInMemory()
        let (outcome, text) = runSession(fullScript + ["y"], drafts: drafts)
        guard case .confirmed(let record) = outcome else {
            Issue.record("expected a confirmed record, got \(outcome)\n\(text)")
            return
        }
        #expect(record.id == "ev-C-1001-QA-2-20261102093000")
        #expect(record.callID == "C-1001")
        #expect(record.agentID == "A-7")
        #expect(record.teamID == "T-1")
        #expect(record.assessorID == "QA-2")
        #expect(record.scorecardID == "inbound")
        #expect(record.scorecardVersion == "2")
        #expect(record.callDate.description == "2026-11-01")
        #expect(record.evaluatedAt.description == "2026-11-02T09:30:00Z")
        #expect(record.answers == [
            "greet": .yes, "verify": .no, "tone": .number(4), "resolve": .token("full"),
            "complained": .yes, "logged": .no, "knowledge": .number(3), "ids": .tokens(["dob"]),
            "hold": .number(45), "section:closing": .notApplicable, "notes": .yes, "tagged": .token("correct"),
        ])
        #expect(record.comments == ["verify": "Agent skipped the date of birth check"])

        // Re-asking: each invalid answer got its message, the empty required comment was refused.
        #expect(text.contains("'maybe' is not an answer here; type yes or no (or 1 or 2)."))
        #expect(text.contains("'5' is not a valid number of points; type a number from 0 to 4."))
        #expect(text.contains("This answer needs a comment"))
        // The conditional question not asked is said to be skipped, and why.
        #expect(text.contains("Skipped thanked (Did the agent thank the customer for calling?): it applies only when complained is no."))
        #expect(!text.contains("Question 7 of 13 · thanked"))
        #expect(text.contains("Going back to resolve."))
        #expect(text.contains("Section \"Closing\" marked not applicable."))

        // Running scores after each section:
        // opening = (1·1 + 2·0)/3 = 33.33
        #expect(text.contains("Section \"Opening\" scores 33.33. Running total: 33.33"))
        // handling = (2·0.75 + 3·1 + 1·0 + 2·0.75)/(2 + 3 + 1 + 2) = 6/8 = 75;
        // running total = (20·33.333 + 40·75)/60 = 3666.67/60 = 61.11
        #expect(text.contains("Section \"Handling\" scores 75. Running total: 61.11"))
        // security = (2·0.5 + 1·0.5)/3 = 50 (dob 2 of max 4; 45 s is in 31–60: 1 of 2 points)
        #expect(text.contains("Section \"Security\" scores 50."))

        // The summary: closing drops out, after-call work defaults to 100;
        // total = (20·33.333 + 40·75 + 20·50 + 10·100)/(20 + 40 + 20 + 10) = 5666.67/90 = 62.96
        #expect(text.contains("==== Summary ===="))
        #expect(text.contains("Total: 62.96 out of 100 · band Needs improvement · NOT PASSED (pass mark 70)"))
        #expect(text.contains("- verify answered no: flagged for review — comment: Agent skipped the date of birth check"))
        #expect(text.contains("Which identity checks were done?: Date of birth"))
        #expect(text.contains("How was the agent's tone?: 4 (Friendly)"))
        // The draft was saved after each confirmed answer: 12 answers plus the section N/A, and once more on
        // going back (12 + 1 + 1 = 14).
        #expect(drafts.saves == 14)
    }

    @Test("changing an answer in the summary drops an answer that no longer applies and asks the new one")
    func editFromSummary() throws {
        // Summary numbering: 1 greet, 2 verify, 3 tone, 4 resolve, 5 complained, 6 logged, …
        let script = fullScript + ["e", "5", "no", "", "yes", "", "y"]
        let (outcome, text) = runSession(script)
        guard case .confirmed(let record) = outcome else {
            Issue.record("expected a confirmed record, got \(outcome)\n\(text)")
            return
        }
        #expect(text.contains("Your answer to logged was removed"))
        #expect(record.answers["complained"] == .no)
        #expect(record.answers["logged"] == nil)
        #expect(record.answers["thanked"] == .yes)
        // handling = (2·0.75 + 3·1 + 1·1 + 2·0.75)/8 = 7/8 = 87.5;
        // total = (20·33.333 + 40·87.5 + 20·50 + 10·100)/90 = 6166.67/90 = 68.52
        #expect(text.contains("Total: 68.52 out of 100"))
    }

    @Test("answering no to saving keeps the draft and returns no record")
    func declineToSave() {
        let drafts = DraftInMemory()
        let (outcome, text) = runSession(fullScript + ["n"], drafts: drafts)
        #expect(outcome == .notSaved)
        #expect(text.contains("Not saved."))
        #expect(drafts.draft?.answers.count == 11)  // 12 answers without the section N/A marker
        #expect(drafts.draft?.sectionsNotApplicable == ["closing"])
    }

    @Test("a commands-only prompt: score, help and transcript paging do not consume the question")
    func commandsAtAPrompt() {
        let transcript = (1...25).map { "Line \($0): agent and customer talk." }.joined(separator: "\n")
        let (outcome, text) = runSession(["s", "?", "t", "y", "", "q"], transcript: transcript)
        #expect(outcome == .quit)
        #expect(text.contains("No scored answers yet."))
        #expect(text.contains("b or back"))
        // The first page is shown at the start (lines 1–20), t shows the rest.
        #expect(text.contains("(transcript lines 1–20 of 25; type t for the next page, t 1 for the top)"))
        #expect(text.contains("25 | Line 25: agent and customer talk."))
        #expect(text.contains("(transcript lines 21–25 of 25; end of transcript; t starts again at the top)"))
        #expect(text.contains("Stopped. Your 1 answers are saved"))
    }

    @Test("N/A is refused where the question does not allow it, and section na where the section does not")
    func notApplicableRefused() {
        let (_, text) = runSession(["na", "section na", "q"])
        #expect(text.contains("N/A is not allowed for this question; please answer it."))
        #expect(text.contains("This section cannot be marked not applicable; please answer the question."))
    }

    @Test("going back from the first question says there is nothing to go back to")
    func backAtStart() {
        let (outcome, text) = runSession(["b"])
        #expect(text.contains("There is no earlier answer to go back to."))
        #expect(outcome == .inputEnded)
    }
}
