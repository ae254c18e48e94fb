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
        guard let table = table(units) else {
            return .undefined("no call was answered by two or more assessors")
        }
        switch KrippendorffAlpha(table: table, level: agreementLevel(level)).alpha {
        case .value(let alpha): return .value(alpha)
        case .undefined(let reason): return .undefined(reason)
        }
    }

    /// Resamples behind the interval that decides whether a low alpha is flagged (fixed seed: the same
    /// data always gives the same interval).
    static let bootstrapSamples = 500

    /// The 95% percentile-bootstrap interval of alpha over the calls (calls drawn with replacement); `nil`
    /// when alpha is undefined in every resample.
    static func interval(units: [[Double]], level: CriterionAgreementLevel) -> (lower: Double, upper: Double)? {
        guard let table = table(units) else { return nil }
        let bootstrap = AlphaBootstrap(table: table, level: agreementLevel(level), samples: bootstrapSamples, seed: 1)
        guard let lower = bootstrap.lower.value, let upper = bootstrap.upper.value else { return nil }
        return (lower, upper)
    }

    private static func table(_ units: [[Double]]) -> RatingsTable? {
        let width = units.map(\.count).max() ?? 0
        guard width >= 2, units.contains(where: { $0.count >= 2 }) else { return nil }
        return RatingsTable(
            unitIDs: units.indices.map(String.init), raterNames: (0..<width).map { "r\($0)" },
            ratings: units.map { unit in unit.map(Optional.some) + Array(repeating: nil, count: width - unit.count) })
    }

    private static func agreementLevel(_ level: CriterionAgreementLevel) -> AgreementLevel {
        switch level {
        case .nominal: return .nominal
        case .ordinal: return .ordinal
        case .interval: return .interval
        }
    }
}
