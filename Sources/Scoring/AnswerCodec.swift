import QAModel

/// One criterion's answers compiled to small integer codes, so that checking and scoring a common answer
/// (yes/no, a scale point, a choice option) is a table lookup rather than string work. Answer kinds with open
/// value sets (points, numeric, multi-select) take the general path through `Criterion`'s reference semantics;
/// both paths give the same results (tested).
struct AnswerCodec: Sendable {
    enum Kind: Sendable {
        case yesNo
        case scale(min: Int)
        case choice(ids: [String])
        case general
    }

    /// What a decoded answer means: points earned, whether it fails a critical rule, whether it needs a comment.
    struct Entry: Sendable {
        var earned: Double
        var failing: Bool
        var needsComment: Bool
    }

    let kind: Kind
    /// Indexed by answer code.
    let entries: [Entry]
    /// The answer each code stands for.
    let values: [AnswerValue]
    /// The points each code earns, exactly (for decisions at an edge; see `ScoringPlan.exactEarnedPoints`).
    let exactEarned: [ExactNumber]

    init(_ criterion: Criterion) {
        let values: [AnswerValue]
        switch criterion.answerType {
        case .yesNo:
            kind = .yesNo
            values = [.no, .yes]
        case .scale(let min, let max, _):
            kind = .scale(min: min)
            values = min <= max ? (min...max).map { .number(Double($0)) } : []
        case .choice(let options):
            kind = .choice(ids: options.map(\.id))
            values = options.map { .token($0.id) }
        case .points, .multiSelect, .numeric:
            kind = .general
            values = []
        }
        self.values = values
        exactEarned = values.map { criterion.earnedPoints(for: $0, as: ExactNumber.self) ?? .zero }
        entries = values.map { value in
            Entry(earned: criterion.earnedPoints(for: value) ?? 0, failing: criterion.isFailing(value),
                  needsComment: criterion.requiresComment(value))
        }
    }

    /// The code of a valid answer of a coded kind; `nil` for an invalid answer or a general-kind criterion.
    @inline(__always)
    func code(of value: AnswerValue) -> Int? {
        switch (kind, value) {
        case (.yesNo, .token(let t)):
            if t == "yes" { return 1 }
            if t == "no" { return 0 }
            return nil
        case (.scale(let min), .number(let v)):
            guard v == v.rounded(), v >= Double(min), v < Double(min + entries.count) else { return nil }
            return Int(v) - min
        case (.choice(let ids), .token(let t)):
            return ids.firstIndex(of: t)
        default:
            return nil
        }
    }

    var isGeneral: Bool {
        if case .general = kind { return true }
        return false
    }

    /// The codes of these condition tokens, when this criterion's answers are coded.
    func codes(of tokens: Set<String>) -> UInt64? {
        guard !isGeneral, entries.count <= 64 else { return nil }
        var mask: UInt64 = 0
        for token in tokens {
            let value: AnswerValue
            switch kind {
            case .scale: value = Double(token).map(AnswerValue.number) ?? .token(token)
            default: value = .token(token)
            }
            if let c = code(of: value) { mask |= 1 << UInt64(c) }
        }
        return mask
    }
}
