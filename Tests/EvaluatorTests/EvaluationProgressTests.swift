import Foundation
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

    @Test("the running score does not wait for a required comment (the browser's form shows it before the comment is written)")
    func runningScoreBeforeTheRequiredComment() throws {
        var progress = EvaluationProgress(plan: ScoringPlan(sessionScorecard()))
        progress.confirm(0, answer: .yes, comment: nil)  // greet yes
        progress.confirm(1, answer: .no, comment: nil)   // verify no: a comment is required, none given yet
        let score = try #require(progress.runningScore())
        // opening = (1·1 + 0·2) / 3 of 100
        #expect(abs(score.total - 100.0 / 3) < 0.01)
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
    @Test("today is the day in the given time zone, across midnight UTC")
    func today() throws {
        let lateUTC = Date(timeIntervalSince1970: 1_793_657_400)  // 2026-11-02T22:10:00Z
        let utc = try #require(TimeZone(identifier: "UTC"))
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        #expect(SessionSetup.today(lateUTC, in: utc).description == "2026-11-02")
        #expect(SessionSetup.today(lateUTC, in: tokyo).description == "2026-11-03")
        #expect(SessionSetup.timestamp(lateUTC).description == "2026-11-02T22:10:00Z")
    }

    @Test("the draft sits beside the output, or is named after the call in the current folder")
    func draftPaths() {
        #expect(SessionSetup.draftPath(output: "out/C-1.json", callID: "C-1") == "out/C-1.json.draft.json")
        #expect(SessionSetup.draftPath(output: nil, callID: "C-1001") == "./C-1001.draft.json")
        #expect(SessionSetup.draftPath(output: nil, callID: "../etc/x y") == "./_.._etc_x_y.draft.json")
    }
}
