import QAModel
import Scoring

/// The finished what-if: old and new figures overall, per group and per criterion, what could not carry over,
/// and the evaluations whose outcome would change.
public struct WhatIfReport: Sendable, Hashable {
    public var old: TemplateVersion
    public var new: TemplateVersion
    public var oldPassMark: Double
    public var newPassMark: Double
    public var oldBands: [Band]
    public var newBands: [Band]
    public var counts: WhatIfCounts
    public var overall: OutcomeTally
    /// Per group, sorted by group key.
    public var groups: [GroupOutcome]
    /// Every criterion of the new version in its order, then the criteria the new version removed.
    public var criteria: [CriterionComparison]
    /// The first `WhatIfAnalysis.changedOutcomeLimit` evaluations whose pass/fail or band would change, in the
    /// order given; `counts.changedOutcomesNotListed` counts the rest.
    public var changedOutcomes: [OutcomeChange]

    /// Band shares side by side: every band of the new version in its order, then the old version's bands the new
    /// one no longer has; matched by id.
    public var bandRows: [BandRow] {
        func row(_ id: String, _ title: String, _ tally: OutcomeTally) -> BandRow {
            let o = oldBands.firstIndex { $0.id == id }, n = newBands.firstIndex { $0.id == id }
            return BandRow(id: id, title: title, old: o.map { tally.old.bandCounts[$0] }, new: n.map { tally.new.bandCounts[$0] })
        }
        let newIDs = Set(newBands.map(\.id))
        return newBands.map { row($0.id, $0.title, overall) }
            + oldBands.filter { !newIDs.contains($0.id) }.map { row($0.id, $0.title, overall) }
    }
}

/// One group's old and new figures.
public struct GroupOutcome: Sendable, Hashable {
    public var key: String
    public var tally: OutcomeTally
}

/// One band's evaluations under each version (`nil` where the version has no such band).
public struct BandRow: Sendable, Hashable {
    public var id: String
    public var title: String
    public var old: Int?
    public var new: Int?
}

/// One criterion's figures under each version, over the evaluations re-scored.
public struct CriterionComparison: Sendable, Hashable {
    public var id: String
    public var prompt: String
    /// Whether the criterion is in both versions, new, or removed.
    public var presence: Presence
    /// Whether it counts in the score in the version it is in (the new one when in both); informational criteria
    /// (call type, reason for contact) never earn credit.
    public var scored: Bool
    /// Where it counted under the old version (`nil` when it is new) and under the new one (`nil` when removed).
    public var old: CriterionFigures?
    public var new: CriterionFigures?
    /// Its share of the total (percent, `ScoringPlan.effectiveWeights`) in each version.
    public var oldShare: Double?
    public var newShare: Double?
    /// Evaluations on which it applied under the new version but had no usable answer, by reason.
    public var unanswered: [CarryOverGap: Int]
    /// Answers dropped because it no longer applies under the new version's conditions.
    public var droppedAsNoLongerApplying: Int
    /// Carried answers the new version would want a comment for, and that have none (the score is unaffected).
    public var commentsNowRequired: Int

    /// In which versions a criterion is.
    public enum Presence: String, Sendable, Hashable {
        case both
        case added
        case removed
    }
}

extension WhatIfAnalysis {
    /// The report of everything added so far.
    public var report: WhatIfReport {
        let oldShares = old.effectiveWeightPercentages, newShares = new.effectiveWeightPercentages
        var criteria = new.criteria.indices.map { j -> CriterionComparison in
            let criterion = new.criteria[j]
            let i = old.criterionIndex[criterion.id]
            return CriterionComparison(
                id: criterion.id, prompt: criterion.prompt, presence: i == nil ? .added : .both, scored: criterion.scored,
                old: i.map { oldCriteria[$0] }, new: newCriteria[j], oldShare: i.map { _ in oldShares[criterion.id] ?? 0 },
                newShare: newShares[criterion.id] ?? 0, unanswered: gaps[j], droppedAsNoLongerApplying: noLongerApplying[j],
                commentsNowRequired: commentsNowRequired[j])
        }
        for i in old.criteria.indices where new.criterionIndex[old.criteria[i].id] == nil {
            let criterion = old.criteria[i]
            criteria.append(CriterionComparison(
                id: criterion.id, prompt: criterion.prompt, presence: .removed, scored: criterion.scored, old: oldCriteria[i], new: nil,
                oldShare: oldShares[criterion.id] ?? 0, newShare: nil, unanswered: [:], droppedAsNoLongerApplying: 0,
                commentsNowRequired: 0))
        }
        return WhatIfReport(
            old: TemplateVersion(old.scorecard), new: TemplateVersion(new.scorecard),
            oldPassMark: old.scorecard.passMark, newPassMark: new.scorecard.passMark,
            oldBands: old.scorecard.bands, newBands: new.scorecard.bands, counts: counts, overall: overall,
            groups: groups.keys.sorted().compactMap { key in groups[key].map { GroupOutcome(key: key, tally: $0) } },
            criteria: criteria, changedOutcomes: changedOutcomes)
    }
}
