import QAModel

/// What a calibration session found: agreement per criterion, each assessor's bias against the reference,
/// each call's spread, and the flags a QA lead should act on (missed critical fails first). See
/// `docs/calibration.md` for every figure and the JSON keys.
public struct CalibrationReport: Sendable, Encodable {
    /// `consensus` or the expert assessor's id.
    public var reference: String
    /// The reference in plain words: whom each assessor was compared with, and how it was formed.
    public var referenceMethod: String
    /// The fewest and the most assessors that formed the reference for one comparison (1 for an expert).
    public var referenceAssessorsFewest: Int
    public var referenceAssessorsMost: Int
    /// Points within which an assessor's total counts as matching the reference.
    public var tolerance: Double
    /// Calls scored by two or more assessors (with the reference, when it is a named assessor).
    public var calibrationCalls: Int
    public var assessorCount: Int
    /// Every flag, most urgent first: missed critical fails, then lenient/severe, inconsistent, criteria.
    public var flags: [CalibrationFlag]
    public var assessors: [AssessorCalibration]
    public var criteria: [CriterionCalibration]
    public var calls: [CallCalibration]
    /// The calls to discuss, most disagreement first (the session's agenda).
    public var agenda: [AgendaCall]
    /// Things the reader should know about the input (duplicates, calls without the reference).
    public var notes: [String]
}

/// Something the session should act on, with a plain-language reason carrying the figures.
public struct CalibrationFlag: Hashable, Sendable, Encodable {
    /// The kinds of flag, in the order they are reported.
    public enum Kind: String, Hashable, Sendable, Encodable, Comparable {
        case missedCritical = "missed-critical"
        case lenient
        case severe
        case inconsistent
        case lowAgreement = "low-agreement"
        case tentativeAgreement = "tentative-agreement"

        var rank: Int {
            switch self {
            case .missedCritical: return 0
            case .lenient: return 1
            case .severe: return 2
            case .inconsistent: return 3
            case .lowAgreement: return 4
            case .tentativeAgreement: return 5
            }
        }

        public static func < (a: Kind, b: Kind) -> Bool { a.rank < b.rank }
    }

    public var kind: Kind
    /// The assessor or criterion id the flag is about.
    public var subject: String
    public var reason: String
}

/// One assessor measured against the reference.
public struct AssessorCalibration: Sendable, Encodable {
    public var assessor: String
    /// Calibration calls this assessor scored that have a reference.
    public var calls: Int
    /// Mean signed deviation of the total from the reference (+ lenient, − severe), with its 95% interval.
    public var meanDeviation: Double?
    public var ci95Lower: Double?
    public var ci95Upper: Double?
    public var standardDeviation: Double?
    public var meanAbsoluteDeviation: Double?
    /// Calls with |deviation| ≤ tolerance, and their share of `calls`.
    public var withinTolerance: Int
    public var withinToleranceShare: Double?
    /// Critical fails the reference recorded and this assessor did not (the most serious disagreement).
    public var missedCriticals: [CriticalDisagreement]
    /// Critical fails this assessor recorded and the reference did not.
    public var extraCriticals: [CriticalDisagreement]
    /// Criteria where this assessor's answer differed from the reference most often (up to five).
    public var mostDifferentCriteria: [CriterionDifference]
    /// Each call's deviation, in call order.
    public var deviations: [CallDeviation]
    public var flags: [CalibrationFlag.Kind]
}

/// One critical item on which an assessor and the reference disagreed.
public struct CriticalDisagreement: Hashable, Sendable, Encodable {
    public var callID: String
    public var criterion: String
}

/// How often an assessor's answers on a criterion differed from the reference.
public struct CriterionDifference: Hashable, Sendable, Encodable {
    public var criterion: String
    public var differentCalls: Int
    public var comparedCalls: Int
}

/// An assessor's total on one call against the reference total.
public struct CallDeviation: Hashable, Sendable, Encodable {
    public var callID: String
    public var total: Double
    public var referenceTotal: Double
    public var deviation: Double
    /// How many assessors formed the reference on this call (1 for an expert).
    public var referenceAssessors: Int
}

/// Agreement on one criterion across the calibration calls.
public struct CriterionCalibration: Sendable, Encodable {
    public var criterion: String
    public var answerType: String
    /// The level alpha is computed at (nominal, ordinal, interval).
    public var level: CriterionAgreementLevel
    /// Calls answered by two or more assessors: the evidence alpha stands on.
    public var calls: Int
    /// Krippendorff's alpha over calls × assessors; absent when undefined (see `alphaNote`).
    public var alpha: Double?
    public var alphaNote: String?
    /// Share of (assessor, call) pairs whose answer equals the reference's, and the counts behind it.
    public var exactAgreement: Double?
    public var agreedPairs: Int
    public var comparedPairs: Int
    /// Each (assessor, call) pair whose answer differed from the reference.
    public var differences: [AnswerDifference]
    /// `acceptable` (alpha ≥ 0.8), `low` (< 0.667) or `tentative` (< 0.8) — both flagged —, `too few calls`
    /// (under `CalibrationSession.minimumCallsForAgreement`), `rarely varies` (low alpha but 90% or more of
    /// the answers match the reference: explained in `alphaNote`, not flagged), or `undefined`.
    public var agreement: String
}

/// An assessor's answer that differed from the reference's on a call.
public struct AnswerDifference: Hashable, Sendable, Encodable {
    public var callID: String
    public var assessor: String
    /// The answer given (`not asked` when the criterion did not apply for this assessor).
    public var answer: String
    public var referenceAnswer: String
}

/// One call's spread of totals across assessors and the answers that split the room.
public struct CallCalibration: Sendable, Encodable {
    public var callID: String
    public var callDate: CalendarDay
    public var totals: [AssessorTotal]
    public var minimum: Double
    public var maximum: Double
    public var range: Double
    /// Sample standard deviation of the totals (n − 1).
    public var standardDeviation: Double?
    /// Criteria answered differently by the assessors on this call: the agenda for discussion.
    public var splitCriteria: [SplitCriterion]
}

/// One call of the session's agenda: the calls the assessors disagreed on most come first, each with the
/// questions they answered differently.
public struct AgendaCall: Sendable, Encodable {
    public var callID: String
    public var callDate: CalendarDay
    /// Lowest and highest total, and the points between them.
    public var lowestTotal: Double
    public var highestTotal: Double
    public var range: Double
    public var questions: [AgendaQuestion]
}

/// A question the assessors answered differently on one call: its text, the reference answer and every
/// assessor's answer with their comment.
public struct AgendaQuestion: Sendable, Encodable {
    public var criterion: String
    /// The question as the form asks it.
    public var question: String
    /// The expert's answer, or the most common answer on the call (with `or` on a tie).
    public var referenceAnswer: String
    public var answers: [AssessorAnswer]
}

/// What one assessor answered on a question, and what they wrote about it.
public struct AssessorAnswer: Hashable, Sendable, Encodable {
    public var assessor: String
    public var answer: String
    public var comment: String?
}

/// An assessor's total on a call.
public struct AssessorTotal: Hashable, Sendable, Encodable {
    public var assessor: String
    public var total: Double
}

/// A criterion the assessors answered differently on one call, with who gave which answer.
public struct SplitCriterion: Hashable, Sendable, Encodable {
    public var criterion: String
    public var answers: [AnswerGroup]
}

/// The assessors who gave one answer.
public struct AnswerGroup: Hashable, Sendable, Encodable {
    public var answer: String
    public var assessors: [String]
}

/// Why a calibration could not be computed at all, in words a QA lead can act on.
public struct CalibrationProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
