import QAModel

/// Why an answer given under the old version is not used under the new one. The one place the carry-over rule
/// is written (docs/revisions.md, "When answers cannot carry over").
public enum CarryOverGap: String, Sendable, Hashable, CaseIterable {
    /// The criterion is new: nobody answered it.
    case newCriterion = "new-criterion"
    /// The criterion existed but had no answer (it did not apply under the old version's conditions or section N/A).
    case notAnsweredBefore = "not-answered-before"
    /// The answer is not a valid answer of the new definition (an option removed, a scale or points range changed,
    /// another kind of answer).
    case answerNoLongerValid = "answer-no-longer-valid"
    /// The answer was N/A, which the new version does not allow for this criterion.
    case notApplicableNoLongerAllowed = "na-no-longer-allowed"
    /// The whole section was marked N/A, which the new version does not allow (or the section is gone).
    case sectionNotApplicableNoLongerAllowed = "section-na-no-longer-allowed"

    /// Why, in words for a QA lead.
    public var explanation: String {
        switch self {
        case .newCriterion: return "new in this version, so never answered"
        case .notAnsweredBefore: return "not answered under the old version (it did not apply then)"
        case .answerNoLongerValid: return "the old answer is not a valid answer of the new version"
        case .notApplicableNoLongerAllowed: return "answered N/A, which the new version no longer allows"
        case .sectionNotApplicableNoLongerAllowed: return "its section was marked N/A, which the new version no longer allows"
        }
    }
}

/// The rule for carrying an answer from an old definition of a criterion to a new one: same kind of answer, and
/// the value means the same thing under both. A yes/no, a choice option or a multi-select set that still exists,
/// and a numeric measurement (seconds, say), carry over; a scale value or a number of points carries over only when
/// the scale or the points range is unchanged (a 3 on 1–5 is not a 3 on 1–10). N/A carries over when the new
/// version allows it. Anything else is not guessed: the answer is dropped and the gap reported.
enum AnswerCarryOver {
    /// The answer to use under the new definition, or why there is none.
    static func carry(_ answer: AnswerValue, from old: Criterion, to new: Criterion, newAllowsNotApplicable: Bool)
        -> CarriedAnswer {
        if answer.isNotApplicable {
            return newAllowsNotApplicable ? .carried(answer) : .gap(.notApplicableNoLongerAllowed)
        }
        guard sameMeaning(old.answerType, new.answerType), new.accepts(answer) else {
            return .gap(.answerNoLongerValid)
        }
        return .carried(answer)
    }

    /// An answer carried over, or why it is not.
    enum CarriedAnswer {
        case carried(AnswerValue)
        case gap(CarryOverGap)
    }

    /// Whether an answer valid under both definitions means the same under both.
    static func sameMeaning(_ a: AnswerType, _ b: AnswerType) -> Bool {
        switch (a, b) {
        case (.yesNo, .yesNo), (.choice, .choice), (.multiSelect, .multiSelect), (.numeric, .numeric): return true
        case (.scale(let minA, let maxA, _), .scale(let minB, let maxB, _)): return minA == minB && maxA == maxB
        case (.points(let maxA), .points(let maxB)): return maxA == maxB
        default: return false
        }
    }
}
