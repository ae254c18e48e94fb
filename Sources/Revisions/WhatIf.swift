import QAModel
import Scoring

/// What-if re-scoring: evaluations made with an old version of a template, scored again under a new version
/// where their answers carry over, with the old and new figures side by side (overall, per group, per criterion).
///
/// Feed evaluations one at a time with `add(_:group:)` (nothing is kept but running sums and the first changed
/// outcomes, so a database can stream millions), or call `WhatIfAnalysis.run` with a sequence. Both scorings go
/// through the scoring kernel (`ScoringPlan.score`); this type only decides which answers carry over (see
/// `AnswerCarryOver`) and counts. The caller chooses which evaluations to give (by purpose, period, team …);
/// evaluations for another template or version are left out and counted.
public struct WhatIfAnalysis: Sendable {
    public let old: ScoringPlan
    public let new: ScoringPlan
    /// The new version as re-scoring uses it: N/A allowed on every criterion, so a criterion left without a usable
    /// answer drops out of the score as an N/A answer does, and no comment rules (a comment never changes a score;
    /// the comments the new version would require are counted instead). Everything that scores is unchanged.
    let rescoring: ScoringPlan
    /// Reused for every evaluation, so scoring allocates no scratch buffers per evaluation.
    var oldWorkspace: ScoringWorkspace
    var rescoringWorkspace: ScoringWorkspace
    /// How many changed outcomes are kept for the report (the rest are counted).
    public static let changedOutcomeLimit = 1_000

    var counts = WhatIfCounts()
    var overall: OutcomeTally
    var groups: [String: OutcomeTally] = [:]
    var oldCriteria: [CriterionFigures]
    var newCriteria: [CriterionFigures]
    /// Per new criterion index: the evaluations on which it applied but had no usable answer, by reason.
    var gaps: [[CarryOverGap: Int]]
    /// Per new criterion index: answers dropped because the criterion no longer applies under the new conditions.
    var noLongerApplying: [Int]
    /// Per new criterion index: carried answers that the new version would want a comment for, and have none.
    var commentsNowRequired: [Int]
    var changedOutcomes: [OutcomeChange] = []

    public init(old: ScoringPlan, new: ScoringPlan) {
        self.old = old
        self.new = new
        var card = new.scorecard
        for s in card.sections.indices {
            for c in card.sections[s].criteria.indices {
                card.sections[s].criteria[c].allowsNotApplicable = true
                card.sections[s].criteria[c].commentRequired = nil
            }
        }
        rescoring = ScoringPlan(card)
        oldWorkspace = ScoringWorkspace(old)
        rescoringWorkspace = ScoringWorkspace(rescoring)
        overall = OutcomeTally(oldBands: old.scorecard.bands.count, newBands: new.scorecard.bands.count)
        oldCriteria = Array(repeating: CriterionFigures(), count: old.criteria.count)
        newCriteria = Array(repeating: CriterionFigures(), count: new.criteria.count)
        gaps = Array(repeating: [:], count: new.criteria.count)
        noLongerApplying = Array(repeating: 0, count: new.criteria.count)
        commentsNowRequired = Array(repeating: 0, count: new.criteria.count)
    }

    /// Re-scores every evaluation of the sequence, grouped by `groupKey` (`nil`: in no group), and gives the report.
    public static func run<Evaluations: Sequence>(
        old: ScoringPlan, new: ScoringPlan, evaluations: Evaluations, groupKey: (Evaluation) -> String?
    ) -> WhatIfReport where Evaluations.Element == Evaluation {
        var analysis = WhatIfAnalysis(old: old, new: new)
        for evaluation in evaluations { analysis.add(evaluation, group: groupKey(evaluation)) }
        return analysis.report
    }

    /// Scores one evaluation under both versions and counts it; returns what became of it, so a caller can report
    /// the evaluations that could not be used where they were read.
    @discardableResult
    public mutating func add(_ evaluation: Evaluation, group: String?) -> WhatIfOutcome {
        counts.given += 1
        guard evaluation.scorecardID == old.scorecard.id, evaluation.scorecardVersion == old.scorecard.version else {
            counts.otherTemplate += 1
            return .otherTemplate
        }
        let oldScore: EvaluationScore
        switch old.score(evaluation, in: &oldWorkspace) {
        case .success(let score): oldScore = score
        case .failure(let failure):
            counts.invalidForOldVersion += 1
            return .invalidForOldVersion(failure)
        }
        let attempt = rescore(evaluation)
        let rescored: (score: EvaluationScore, gaps: [(Int, CarryOverGap)])
        switch attempt.result {
        case .scored(let score, let gaps): rescored = (score, gaps)
        case .failed(let failure):
            counts.notRescorable += 1
            return .notRescorable(failure)
        }
        let newScore = rescored.score
        if rescored.gaps.isEmpty { counts.rescoredCompletely += 1 } else { counts.rescoredWithGaps += 1 }
        for (j, gap) in rescored.gaps { gaps[j][gap, default: 0] += 1 }
        for j in attempt.droppedAsNoLongerApplying { noLongerApplying[j] += 1 }
        for j in attempt.missingComments { commentsNowRequired[j] += 1 }
        overall.add(old: oldScore, new: newScore, complete: rescored.gaps.isEmpty, oldPlan: old, newPlan: new)
        if let group {
            groups[group, default: OutcomeTally(oldBands: old.scorecard.bands.count, newBands: new.scorecard.bands.count)]
                .add(old: oldScore, new: newScore, complete: rescored.gaps.isEmpty, oldPlan: old, newPlan: new)
        }
        for (i, result) in oldScore.criteria.enumerated() { oldCriteria[i].add(result.earned) }
        for (j, result) in newScore.criteria.enumerated() { newCriteria[j].add(result.earned) }
        if oldScore.passed != newScore.passed || oldScore.band?.id != newScore.band?.id {
            if changedOutcomes.count < Self.changedOutcomeLimit {
                changedOutcomes.append(OutcomeChange(
                    evaluationID: evaluation.id, callID: evaluation.callID, agentID: evaluation.agentID,
                    teamID: evaluation.teamID, group: group, old: .init(oldScore), new: .init(newScore),
                    complete: rescored.gaps.isEmpty))
            } else {
                counts.changedOutcomesNotListed += 1
            }
        }
        return .rescored(old: oldScore, new: newScore, unanswered: rescored.gaps.map { (new.criteria[$0.0].id, $0.1) })
    }

    /// The answers carried to the new version and the re-scoring attempt.
    struct Attempt {
        /// Scored, with the criteria left out for want of a usable answer; or not scorable under the new version.
        enum Result {
            case scored(EvaluationScore, gaps: [(Int, CarryOverGap)])
            case failed(CheckFailure)
        }

        var result: Result
        var droppedAsNoLongerApplying: [Int] = []
        var missingComments: [Int] = []
    }

    /// Carries the answers over (`AnswerCarryOver`), then scores under `rescoring`: a criterion that applies with
    /// no usable answer is answered N/A (left out of the score) and its gap noted; an answer to a criterion that no
    /// longer applies under the new conditions is dropped. Repeated until the check passes or nothing is left to
    /// adjust.
    mutating func rescore(_ evaluation: Evaluation) -> Attempt {
        var answers: [String: AnswerValue] = [:]
        var comments: [String: String] = [:]
        var carryGaps: [String: CarryOverGap] = [:]
        var droppedSectionMarks: Set<String> = []
        for (key, value) in evaluation.answers {
            if key.hasPrefix("section:") {
                let sectionID = String(key.dropFirst("section:".count))
                if let s = new.sectionIndex[sectionID], new.scorecard.sections[s].allowsNotApplicable, value.isNotApplicable {
                    answers[key] = value
                } else {
                    droppedSectionMarks.insert(sectionID)
                }
                continue
            }
            guard let j = new.criterionIndex[key], let i = old.criterionIndex[key] else { continue }  // removed
            let section = new.scorecard.sections[new.sectionOfCriterion[j]]
            switch AnswerCarryOver.carry(value, from: old.criteria[i], to: new.criteria[j],
                                         newAllowsNotApplicable: section.allowsNotApplicable(on: new.criteria[j])) {
            case .carried(let carried):
                answers[key] = carried
                if let comment = evaluation.comments[key] { comments[key] = comment }
            case .gap(let gap):
                carryGaps[key] = gap
            }
        }
        func reason(_ j: Int) -> CarryOverGap {
            let id = new.criteria[j].id
            if let gap = carryGaps[id] { return gap }
            guard let i = old.criterionIndex[id] else { return .newCriterion }
            let oldSection = old.scorecard.sections[old.sectionOfCriterion[i]].id
            return droppedSectionMarks.contains(oldSection) ? .sectionNotApplicableNoLongerAllowed : .notAnsweredBefore
        }
        // No usable answer in a section that defaults to the top: N/A rather than an assumed full credit.
        var leftOut: Set<Int> = []
        for j in new.criteria.indices where answers[new.criteria[j].id] == nil
            && new.scorecard.sections[new.sectionOfCriterion[j]].defaultsToTop {
            answers[new.criteria[j].id] = .notApplicable
            leftOut.insert(j)
        }
        var candidate = Evaluation(
            id: evaluation.id, callID: evaluation.callID, agentID: evaluation.agentID, teamID: evaluation.teamID,
            assessorID: evaluation.assessorID, scorecardID: new.scorecard.id, scorecardVersion: new.scorecard.version,
            callDate: evaluation.callDate, callTimestamp: evaluation.callTimestamp, evaluatedAt: evaluation.evaluatedAt,
            answers: answers, comments: comments, purpose: evaluation.purpose)
        var dropped: Set<Int> = []
        // A criterion's answer changes at most twice (dropped, then answered N/A), so this many rounds always end.
        var roundsLeft = 2 * new.criteria.count + 1
        while true {
            roundsLeft -= 1
            switch rescoring.score(candidate, in: &rescoringWorkspace) {
            case .success(let score):
                // Only the criteria that applied in the end were really left out.
                let gaps = leftOut.sorted().filter { score.criteria[$0].answer == .notApplicable }.map { ($0, reason($0)) }
                let missingComments = new.criteria.indices.filter { j in
                    guard score.criteria[j].applicable, let answer = candidate.answers[new.criteria[j].id] else { return false }
                    return new.criteria[j].requiresComment(answer)
                        && (candidate.comments[new.criteria[j].id] ?? "").allSatisfy(\.isWhitespace)
                }
                return Attempt(result: .scored(score, gaps: gaps), droppedAsNoLongerApplying: dropped.sorted(),
                               missingComments: missingComments)
            case .failure(let failure):
                var adjusted = false
                for problem in failure.problems {
                    guard let id = problem.criterion, let j = new.criterionIndex[id] else { continue }
                    switch problem.rule {
                    case .missingAnswer:
                        candidate.answers[id] = .notApplicable
                        leftOut.insert(j)
                        adjusted = true
                    case .answeredButNotApplicable:
                        candidate.answers[id] = nil
                        candidate.comments[id] = nil
                        dropped.insert(j)
                        adjusted = true
                    default:
                        continue
                    }
                }
                if !adjusted || roundsLeft <= 0 { return Attempt(result: .failed(failure)) }
            }
        }
    }
}

/// What became of one evaluation given to `WhatIfAnalysis.add`.
public enum WhatIfOutcome: Sendable {
    /// It names another template or version than the old one: left out.
    case otherTemplate
    /// It is not a valid evaluation of the old version (every problem given): left out.
    case invalidForOldVersion(CheckFailure)
    /// Scored under both; `unanswered` lists the criteria (id and why) that applied under the new version with no
    /// usable answer and were left out of the new score.
    case rescored(old: EvaluationScore, new: EvaluationScore, unanswered: [(criterion: String, gap: CarryOverGap)])
    /// Valid under the old version, but not scorable under the new one (nothing on the new form applies): left out.
    case notRescorable(CheckFailure)
}

/// How many evaluations were given, and what became of them.
public struct WhatIfCounts: Sendable, Hashable {
    public var given = 0
    public var otherTemplate = 0
    public var invalidForOldVersion = 0
    /// Re-scored with an answer for everything the new version asks.
    public var rescoredCompletely = 0
    /// Re-scored with at least one criterion left out for want of a usable answer.
    public var rescoredWithGaps = 0
    public var notRescorable = 0
    /// Changed outcomes beyond `WhatIfAnalysis.changedOutcomeLimit`, counted but not listed.
    public var changedOutcomesNotListed = 0

    /// The evaluations in the figures (scored under both versions).
    public var rescored: Int { rescoredCompletely + rescoredWithGaps }
}

/// Running figures of one version over a set of evaluations.
public struct OutcomeFigures: Sendable, Hashable {
    public var evaluations = 0
    public var totalSum = 0.0
    public var passed = 0
    public var autoFailed = 0
    /// Evaluations per band, in the template's band order; the last entry counts totals in no band.
    public var bandCounts: [Int]

    init(bands: Int) { bandCounts = Array(repeating: 0, count: bands + 1) }

    mutating func add(_ score: EvaluationScore, plan: ScoringPlan) {
        evaluations += 1
        totalSum += score.total
        if score.passed { passed += 1 }
        if score.autoFailed { autoFailed += 1 }
        let band = score.band.flatMap { band in plan.scorecard.bands.firstIndex { $0.id == band.id } }
        bandCounts[band ?? bandCounts.count - 1] += 1
    }

    public var meanTotal: Double? { evaluations > 0 ? totalSum / Double(evaluations) : nil }
    public var passRate: Double? { evaluations > 0 ? Double(passed) / Double(evaluations) : nil }
}

/// The same evaluations' figures under the old and the new version.
public struct OutcomeTally: Sendable, Hashable {
    public var old: OutcomeFigures
    public var new: OutcomeFigures
    /// Evaluations that passed under the old version and fail under the new one, and the reverse.
    public var passToFail = 0
    public var failToPass = 0
    /// Evaluations re-scored with an answer for everything the new version asks.
    public var complete = 0

    init(oldBands: Int, newBands: Int) {
        old = OutcomeFigures(bands: oldBands)
        new = OutcomeFigures(bands: newBands)
    }

    mutating func add(old oldScore: EvaluationScore, new newScore: EvaluationScore, complete isComplete: Bool,
                      oldPlan: ScoringPlan, newPlan: ScoringPlan) {
        old.add(oldScore, plan: oldPlan)
        new.add(newScore, plan: newPlan)
        if oldScore.passed && !newScore.passed { passToFail += 1 }
        if !oldScore.passed && newScore.passed { failToPass += 1 }
        if isComplete { complete += 1 }
    }
}

/// One criterion's running figures where it counted (applied, answered, scored).
public struct CriterionFigures: Sendable, Hashable {
    public var counted = 0
    /// Answers that earned full credit.
    public var fullCredit = 0
    /// The sum of the earned fractions (0–1 each; bonus answers may exceed 1).
    public var creditSum = 0.0

    mutating func add(_ earned: Double?) {
        guard let earned else { return }
        counted += 1
        creditSum += earned
        if earned >= 1 { fullCredit += 1 }
    }

    public var fullCreditRate: Double? { counted > 0 ? Double(fullCredit) / Double(counted) : nil }
    public var meanCredit: Double? { counted > 0 ? creditSum / Double(counted) : nil }
}

/// An evaluation whose pass/fail or band differs under the new version.
public struct OutcomeChange: Sendable, Hashable {
    /// One version's outcome of the evaluation.
    public struct Outcome: Sendable, Hashable {
        public var total: Double
        public var passed: Bool
        public var band: String?

        init(_ score: EvaluationScore) {
            total = score.total
            passed = score.passed
            band = score.band?.id
        }
    }

    public var evaluationID: String
    public var callID: String
    public var agentID: String
    public var teamID: String?
    public var group: String?
    public var old: Outcome
    public var new: Outcome
    /// Whether every answer the new version needs carried over.
    public var complete: Bool
}
