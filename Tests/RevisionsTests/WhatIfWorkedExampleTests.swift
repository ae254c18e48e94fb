import JSON
import QAModel
import Revisions
import Scoring
import Testing

/// Worked by hand on the plain-points demo template (total = Σ weight × credit / Σ weight; pass mark 70; bands good
/// 70–100, poor 0–70). Version 1: greet (weight 1), verify (1), resolve (2), all yes/no.
@Suite("qa scorecard what-if: worked examples")
struct WhatIfWorkedExampleTests {
    let v1 = demoTemplate(version: "1", [yesNo("greet"), yesNo("verify"), yesNo("resolve", weight: 2)])
    /// greet yes, verify no, resolve yes: v1 (1 + 0 + 2)/4 = 75, a pass.
    let missedVerify = demoEvaluation("e1", team: "team-a", ["greet": .yes, "verify": .no, "resolve": .yes])
    /// greet no, verify yes, resolve yes: v1 (0 + 1 + 2)/4 = 75, a pass.
    let missedGreeting = demoEvaluation("e2", team: "team-b", ["greet": .no, "verify": .yes, "resolve": .yes])

    @Test("verify reweighted 1 → 3: a 75 pass becomes a 50 fail, the other 75 becomes 83.33; pass rate 100% → 50%")
    func reweightFlipsAPass() throws {
        let v2 = demoTemplate(version: "2", [yesNo("greet"), yesNo("verify", weight: 3), yesNo("resolve", weight: 2)])
        let report = WhatIfAnalysis.run(old: v1, new: v2, evaluations: [missedVerify, missedGreeting], groupKey: \.teamID)
        // e1: (1 + 0 + 2)/6 = 50 → fail, band poor. e2: (0 + 3 + 2)/6 = 83.33 → pass.
        #expect(report.counts.rescoredCompletely == 2)
        #expect(report.counts.rescoredWithGaps == 0)
        #expect(report.overall.old.meanTotal == 75)
        #expect(abs((report.overall.new.meanTotal ?? 0) - (50 + 250.0 / 3) / 2) < 1e-9)
        #expect(report.overall.old.passed == 2)
        #expect(report.overall.new.passed == 1)
        #expect(report.overall.passToFail == 1)
        #expect(report.overall.failToPass == 0)
        #expect(report.overall.old.bandCounts == [2, 0, 0])
        #expect(report.overall.new.bandCounts == [1, 1, 0])
        #expect(report.groups.map(\.key) == ["team-a", "team-b"])
        #expect(report.groups[0].tally.old.meanTotal == 75)
        #expect(report.groups[0].tally.new.meanTotal == 50)
        #expect(report.groups[0].tally.passToFail == 1)
        #expect(report.changedOutcomes.count == 1)
        let change = try #require(report.changedOutcomes.first)
        #expect(change.evaluationID == "e1")
        #expect(change.old.total == 75 && change.old.passed && change.old.band == "good")
        #expect(change.new.total == 50 && !change.new.passed && change.new.band == "poor")
        #expect(change.complete)
        // Per criterion: the answers are the same, so verify earns full credit on 1 of 2 under both versions, while
        // its share of the total goes from 1/4 to 3/6.
        let verify = try #require(report.criteria.first { $0.id == "verify" })
        #expect(verify.old?.fullCredit == 1 && verify.new?.fullCredit == 1 && verify.new?.counted == 2)
        #expect(verify.oldShare == 25)
        #expect(verify.newShare == 50)
    }

    @Test("a complete re-score is exactly the new version's own score of the same answers")
    func completeRescoreIsTheNewScore() throws {
        let v2 = demoTemplate(version: "2", [yesNo("greet"), yesNo("verify", weight: 3), yesNo("resolve", weight: 2)])
        var analysis = WhatIfAnalysis(old: v1, new: v2)
        guard case .rescored(_, let new, let unanswered) = analysis.add(missedVerify, group: nil) else {
            Issue.record("not re-scored")
            return
        }
        var asNew = missedVerify
        asNew.scorecardVersion = "2"
        #expect(unanswered.isEmpty)
        #expect(new == (try v2.score(asNew).get()))
    }

    @Test("a new criterion has no answer: it is left out like N/A (75 stays 75), and the gap is counted, not guessed")
    func newCriterionIsLeftOut() throws {
        let v3 = demoTemplate(version: "3", [yesNo("greet"), yesNo("verify"), yesNo("resolve", weight: 2), yesNo("recap", weight: 2)])
        let report = WhatIfAnalysis.run(old: v1, new: v3, evaluations: [missedVerify, missedGreeting]) { _ in nil }
        #expect(report.counts.rescoredCompletely == 0)
        #expect(report.counts.rescoredWithGaps == 2)
        #expect(report.overall.new.meanTotal == 75)  // not (1 + 0 + 2 + 0)/6 = 50, nor (1 + 0 + 2 + 2)/6 = 83.3
        #expect(report.overall.complete == 0)
        #expect(report.groups.isEmpty)
        let recap = try #require(report.criteria.first { $0.id == "recap" })
        #expect(recap.presence == .added)
        #expect(recap.unanswered == [.newCriterion: 2])
        #expect(recap.new?.counted == 0)
    }

    @Test("in a section that defaults unanswered criteria to the top, a new criterion is still left out, not given full credit")
    func defaultToTopDoesNotFillAGap() throws {
        let v3 = ScoringPlan(Scorecard(
            id: "demo", version: "3", title: "Demo", categories: [Category(id: "main", title: "Main")],
            sections: [Section(id: "call", title: "The call", defaultsToTop: true, criteria: [
                yesNo("greet"), yesNo("verify"), yesNo("resolve", weight: 2), yesNo("recap", weight: 2)])],
            passMark: 70, bands: [Band(id: "good", title: "Good", min: 70, max: 100), Band(id: "poor", title: "Poor", min: 0, max: 70)]))
        var analysis = WhatIfAnalysis(old: v1, new: v3)
        guard case .rescored(_, let new, let unanswered) = analysis.add(missedVerify, group: nil) else {
            Issue.record("not re-scored")
            return
        }
        #expect(new.total == 75)  // with recap defaulted to yes it would be (1 + 0 + 2 + 2)/6 = 83.33
        #expect(unanswered.map(\.criterion) == ["recap"])
        #expect(unanswered.map(\.gap) == [.newCriterion])
    }

    @Test("an answer that is no longer valid is dropped: resolve becomes a choice, so e1 scores greet and verify only: 50")
    func invalidAnswerIsDropped() throws {
        let choice = Criterion(id: "resolve", category: "main", prompt: "How was it resolved?", answerType: .choice(options: [
            ChoiceOption(id: "full", label: "Fully", points: 2), ChoiceOption(id: "none", label: "Not", points: 0)]), weight: 2)
        let v4 = demoTemplate(version: "4", [yesNo("greet"), yesNo("verify"), choice])
        var analysis = WhatIfAnalysis(old: v1, new: v4)
        guard case .rescored(let old, let new, let unanswered) = analysis.add(missedVerify, group: nil) else {
            Issue.record("not re-scored")
            return
        }
        #expect(old.total == 75)
        #expect(new.total == 50)  // (1 + 0)/2
        #expect(unanswered.map(\.gap) == [.answerNoLongerValid])
    }

    @Test("a scale value is not carried to a different scale: a 5 on 1–5 is not a 5 on 1–10")
    func scaleRangeChangeIsNotGuessed() throws {
        let scale = { (max: Int) in
            Criterion(id: "tone", category: "main", prompt: "How warm was the agent?", answerType: .scale(min: 1, max: max, labels: []))
        }
        let old = demoTemplate(version: "1", [yesNo("greet"), scale(5)])
        let new = demoTemplate(version: "2", [yesNo("greet"), scale(10)])
        var analysis = WhatIfAnalysis(old: old, new: new)
        guard case .rescored(let before, let after, let unanswered) =
                analysis.add(demoEvaluation("e", ["greet": .no, "tone": .number(5)]), group: nil) else {
            Issue.record("not re-scored")
            return
        }
        #expect(before.total == 50)  // (0 + 1·1)/2
        #expect(after.total == 0)  // greet alone; not (0 + 4/9)/2
        #expect(unanswered.map(\.criterion) == ["tone"])
        #expect(unanswered.map(\.gap) == [.answerNoLongerValid])
    }

    @Test("N/A where the new version forbids it is a gap: greet is left out, and the total (33.33) is unchanged")
    func notApplicableNoLongerAllowed() throws {
        let old = demoTemplate(version: "1", [yesNo("greet", notApplicable: true), yesNo("verify"), yesNo("resolve", weight: 2)])
        let report = WhatIfAnalysis.run(old: old, new: v1.renamed(version: "2"),
                                        evaluations: [demoEvaluation("e3", ["greet": .notApplicable, "verify": .yes, "resolve": .no])],
                                        groupKey: { _ in nil })
        #expect(abs((report.overall.old.meanTotal ?? 0) - 100.0 / 3) < 1e-9)  // (1 + 0)/3
        #expect(report.overall.new.meanTotal == report.overall.old.meanTotal)
        #expect(report.criteria.first { $0.id == "greet" }?.unanswered == [.notApplicableNoLongerAllowed: 1])
    }

    @Test("a criterion that no longer applies under a new condition loses its answer: e2's resolve drops, 75 → 50")
    func newConditionDropsAnswers() throws {
        let condition = Condition.answerIs(criterion: "greet", anyOf: ["yes"], position: .unknown)
        let v6 = demoTemplate(version: "6", [yesNo("greet"), yesNo("verify"), yesNo("resolve", weight: 2, condition: condition)])
        let report = WhatIfAnalysis.run(old: v1, new: v6, evaluations: [missedGreeting], groupKey: { _ in nil })
        #expect(report.counts.rescoredCompletely == 1)  // nothing was missing: resolve does not apply
        #expect(report.overall.new.meanTotal == 50)  // (0 + 1)/2
        #expect(report.overall.passToFail == 1)
        #expect(report.criteria.first { $0.id == "resolve" }?.droppedAsNoLongerApplying == 1)
    }

    @Test("a criterion that did not apply under the old conditions and applies now has no answer: left out, said why")
    func notAnsweredBefore() throws {
        let condition = Condition.answerIs(criterion: "greet", anyOf: ["yes"], position: .unknown)
        let old = demoTemplate(version: "1", [yesNo("greet"), yesNo("verify"), yesNo("resolve", weight: 2, condition: condition)])
        let report = WhatIfAnalysis.run(old: old, new: v1.renamed(version: "2"),
                                        evaluations: [demoEvaluation("e", ["greet": .no, "verify": .yes])], groupKey: { _ in nil })
        #expect(report.overall.old.meanTotal == 50)  // (0 + 1)/2: resolve did not apply
        #expect(report.overall.new.meanTotal == 50)  // resolve applies now, but nobody answered it
        #expect(report.criteria.first { $0.id == "resolve" }?.unanswered == [.notAnsweredBefore: 1])
    }

    @Test("a section marked N/A where the new version forbids it: its criteria are left out, the gap says why")
    func sectionNotApplicableNoLongerAllowed() throws {
        func template(_ version: String, sectionNotApplicable: Bool) -> ScoringPlan {
            ScoringPlan(Scorecard(
                id: "demo", version: version, title: "Demo", categories: [Category(id: "main", title: "Main")],
                sections: [Section(id: "opening", title: "Opening", allowsNotApplicable: sectionNotApplicable, criteria: [yesNo("greet")]),
                           Section(id: "call", title: "The call", criteria: [yesNo("verify"), yesNo("resolve", weight: 2)])],
                passMark: 70, bands: [Band(id: "all", title: "All", min: 0, max: 100)]))
        }
        let evaluation = demoEvaluation("e", ["section:opening": .notApplicable, "verify": .yes, "resolve": .no])
        let report = WhatIfAnalysis.run(old: template("1", sectionNotApplicable: true), new: template("2", sectionNotApplicable: false),
                                        evaluations: [evaluation], groupKey: { _ in nil })
        #expect(abs((report.overall.old.meanTotal ?? 0) - 100.0 / 3) < 1e-9)  // (1 + 0)/3
        #expect(report.overall.new.meanTotal == report.overall.old.meanTotal)
        #expect(report.criteria.first { $0.id == "greet" }?.unanswered == [.sectionNotApplicableNoLongerAllowed: 1])
    }

    @Test("other templates, evaluations invalid for the old version and ones with nothing left to score are left out and counted")
    func leftOutEvaluations() throws {
        let recapOnly = demoTemplate(version: "7", [yesNo("recap")])
        var analysis = WhatIfAnalysis(old: v1, new: recapOnly)
        if case .otherTemplate = analysis.add(demoEvaluation("x", template: "other", ["greet": .yes]), group: nil) {} else {
            Issue.record("another template's evaluation was used")
        }
        if case .invalidForOldVersion(let failure) = analysis.add(demoEvaluation("y", ["greet": .yes, "verify": .yes]), group: nil) {
            #expect(failure.problems.map(\.criterion) == ["resolve"])
        } else {
            Issue.record("an invalid evaluation was used")
        }
        if case .notRescorable(let failure) = analysis.add(missedVerify, group: nil) {
            #expect(failure.problems.map(\.rule) == [.nothingApplies])
        } else {
            Issue.record("an evaluation with nothing to score was re-scored")
        }
        let counts = analysis.report.counts
        #expect(counts.given == 3)
        #expect(counts.otherTemplate == 1 && counts.invalidForOldVersion == 1 && counts.notRescorable == 1)
        #expect(counts.rescored == 0)
        #expect(WhatIfRenderer.text(analysis.report, groupedBy: nil).contains("No evaluation could be re-scored"))
    }

    @Test("the JSON form parses and holds the worked figures")
    func jsonParses() throws {
        let v2 = demoTemplate(version: "2", [yesNo("greet"), yesNo("verify", weight: 3), yesNo("resolve", weight: 2)])
        let report = WhatIfAnalysis.run(old: v1, new: v2, evaluations: [missedVerify, missedGreeting], groupKey: \.teamID)
        let value = try JSONReader.read(try WhatIfRenderer.json(report, groupedBy: "team"), limits: JSONLimits(maximumBytes: 1 << 20))
        #expect(value["overall"]?["old"]?["meanTotal"] == .number(75))
        #expect(value["overall"]?["old"]?["passRate"] == .number(1))
        #expect(value["overall"]?["new"]?["passRate"] == .number(0.5))
        #expect(value["overall"]?["passToFail"] == .number(1))
        #expect(value["overall"]?["new"]?["bands"]?["poor"] == .number(1))
        #expect(value["evaluations"]?["rescoredCompletely"] == .number(2))
        #expect(value["groups"]?["by"] == .string("team"))
        #expect(value["changedOutcomes"]?.arrayCount == 1)
        #expect(value["criteria"]?.arrayCount == 3)
        let text = WhatIfRenderer.text(report, groupedBy: "team")
        #expect(text.contains("Passes that would fail: 1 · fails that would pass: 0"))
        #expect(text.contains("e1  agent-e1  team-a  75.0 pass (good)  →  50.0 FAIL (poor)"))
    }
}

extension ScoringPlan {
    /// The same template under another version number.
    func renamed(version: String) -> ScoringPlan {
        var card = scorecard
        card.version = version
        return ScoringPlan(card)
    }
}

extension JSONValue {
    var arrayCount: Int? {
        if case .array(let items) = self { return items.count }
        return nil
    }
}
