/// The measurement level a criterion's answers are compared at when computing Krippendorff's alpha.
public enum CriterionAgreementLevel: String, Hashable, Sendable, Codable {
    case nominal, ordinal, interval
}

/// Krippendorff's alpha for one criterion over calls × assessors: an adapter from per-call answer lists to
/// the general `KrippendorffAlpha` (rater identity does not enter alpha, so each call's answers fill a row).
struct CriterionAlpha {
    /// Alpha, or why it is undefined.
    enum Outcome: Equatable {
        case value(Double)
        case undefined(String)
    }

    /// `units[u]` holds the values given on unit u (missing ratings left out).
    static func compute(units: [[Double]], level: CriterionAgreementLevel) -> Outcome {
        let width = units.map(\.count).max() ?? 0
        guard width >= 2, units.contains(where: { $0.count >= 2 }) else {
            return .undefined("no call was answered by two or more assessors")
        }
        let table = RatingsTable(
            unitIDs: units.indices.map(String.init), raterNames: (0..<width).map { "r\($0)" },
            ratings: units.map { unit in unit.map(Optional.some) + Array(repeating: nil, count: width - unit.count) })
        let agreementLevel: AgreementLevel
        switch level {
        case .nominal: agreementLevel = .nominal
        case .ordinal: agreementLevel = .ordinal
        case .interval: agreementLevel = .interval
        }
        switch KrippendorffAlpha(table: table, level: agreementLevel).alpha {
        case .value(let alpha): return .value(alpha)
        case .undefined(let reason): return .undefined(reason)
        }
    }
}
