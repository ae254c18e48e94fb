import QAModel
import Scoring
import Testing
@testable import Evaluator

@Suite("What to ask next, and what no longer applies")
struct EvaluationProgressTests {
    /// `first` applies only when the later `second` is yes: a condition that reads forward.
    func forwardCard() -> Scorecard {
        Scorecard(id: "f", version: "1", title: "Forward", categories: [], sections: [
            Section(id: "s", title: "S", criteria: [
                Criterion(id: "first", category: "c", prompt: "First", answerType: .yesNo(points: 1),
                          condition: .answerIs(criterion: "second", anyOf: ["yes"], position: .unknown)),
                Criterion(id: "second", category: "c", prompt: "Second", answerType: .yesNo(points: 1)),
            ]),
        ], passMark: 50)
    }

    @Test("a question whose condition reads a later answer is skipped, then asked once that answer makes it apply")
    func forwardCondition() {
        var progress = EvaluationProgress(plan: ScoringPlan(forwardCard()))
        #expect(progress.walk().next == 1)
        #expect(progress.walk().skippedCriteria == [0])
        progress.confirm(1, answer: .yes, comment: nil)
        #expect(progress.walk().next == 0)
        progress.confirm(0, answer: .no, comment: nil)
        #expect(progress.walk().next == nil)
        // Changing second to no drops first's answer.
        _ = progress.reopen("second")
        let dropped = progress.confirm(1, answer: .no, comment: nil)
        #expect(dropped == ["first"])
        #expect(progress.answers == ["second": .no])
        #expect(progress.history == ["second"])
    }

    @Test("the running score counts only what is answered; unanswered sections drop out")
    func runningScore() throws {
        var progress = EvaluationProgress(plan: ScoringPlan(sessionScorecard()))
        #expect(progress.runningScore() == nil)
        progress.confirm(0, answer: .yes, comment: nil)  // greet yes (weight 1), verify unanswered
        // opening = 1·1/1 = 100; no other section has an answer, so the total is opening alone.
        let score = try #require(progress.runningScore())
        #expect(score.total == 100)
        #expect(score.sections[1].score == nil)
    }

    @Test("a section marked N/A is recorded as section:<id> = na and clears its answers")
    func sectionNotApplicable() {
        var progress = EvaluationProgress(plan: ScoringPlan(sessionScorecard()))
        let closing = 3
        let recap = progress.plan.criterionIndex["recap"] ?? -1
        progress.confirm(recap, answer: .yes, comment: "fine")
        let dropped = progress.markSectionNotApplicable(closing)
        #expect(dropped == ["recap"])
        #expect(progress.recordAnswers == ["section:closing": .notApplicable])
        #expect(progress.comments.isEmpty)
        #expect(progress.takeBackLast()?.key == "section:closing")
        #expect(progress.sectionsNotApplicable.isEmpty)
    }
}

@Suite("Call dates and draft locations")
struct SessionSetupTests {
    @Test("only real YYYY-MM-DD dates are accepted")
    func calendarDates() {
        #expect(SessionSetup.isCalendarDate("2026-11-01"))
        #expect(SessionSetup.isCalendarDate("2024-02-29"))   // 2024 is a leap year
        #expect(!SessionSetup.isCalendarDate("2026-02-29"))  // 2026 is not
        #expect(!SessionSetup.isCalendarDate("2100-02-29"))  // divisible by 100, not by 400
        #expect(!SessionSetup.isCalendarDate("2026-13-01"))
        #expect(!SessionSetup.isCalendarDate("1/11/2026"))
        #expect(!SessionSetup.isCalendarDate("2026-１１-01"))  // full-width digits
    }

    @Test("the draft sits beside the output, or is named after the call in the current folder")
    func draftPaths() {
        #expect(SessionSetup.draftPath(output: "out/C-1.json", callID: "C-1") == "out/C-1.json.draft.json")
        #expect(SessionSetup.draftPath(output: nil, callID: "C-1001") == "./C-1001.draft.json")
        #expect(SessionSetup.draftPath(output: nil, callID: "../etc/x y") == "./_.._etc_x_y.draft.json")
    }
}
