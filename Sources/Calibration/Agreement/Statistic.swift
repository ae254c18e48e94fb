/// A figure that is either a number or undefined, with the reason it is undefined in plain language.
///
/// Agreement statistics are undefined in ordinary situations (a single rating on every call, every
/// rater choosing the same answer, …). They are never NaN: an undefined figure says why.
public enum Statistic: Hashable, Sendable {
    case value(Double)
    case undefined(reason: String)

    /// The number, or nil when undefined.
    public var value: Double? {
        if case .value(let x) = self { return x }
        return nil
    }

    /// The reason it is undefined, or nil when it has a value.
    public var undefinedReason: String? {
        if case .undefined(let reason) = self { return reason }
        return nil
    }

    /// `value(x)` when `x` is finite, otherwise undefined with `reason`.
    static func finite(_ x: Double, otherwise reason: String) -> Statistic {
        x.isFinite ? .value(x) : .undefined(reason: reason)
    }
}

extension Statistic: Encodable {
    /// Encodes as a JSON number, or `null` when undefined (the reason goes into the report's `notes`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .value(let x): try container.encode(x)
        case .undefined: try container.encodeNil()
        }
    }
}
