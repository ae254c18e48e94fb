/// What an answer means under a criterion's rules: the fraction of credit it earns, whether it is a failing
/// answer, and whether a condition holds. These are the reference semantics (see `docs/scoring.md`); the
/// scoring engine compiles the same rules into arrays for speed and is tested against them.
extension Criterion {
    /// The share of the criterion's possible points this answer earns (1 = full credit; bonus answers may
    /// exceed 1), or `nil` when the answer is not a valid scored answer of this type (N/A included).
    public func earnedFraction(for answer: AnswerValue) -> Double? {
        let possible = answerType.possiblePoints
        guard possible > 0, let earned = earnedPoints(for: answer) else { return nil }
        return earned / possible
    }

    /// The points this answer earns (bonus points included), or `nil` when it is not a valid scored answer.
    public func earnedPoints(for answer: AnswerValue) -> Double? {
        earnedPoints(for: answer, as: Double.self)
    }

    /// The points this answer earns, computed in the given arithmetic (the one definition of what an answer
    /// is worth; the scoring kernel uses it with `Double` and with exact numbers), or `nil` when the answer is
    /// not a valid scored answer.
    @inlinable
    public func earnedPoints<N: ScoreArithmetic>(for answer: AnswerValue, as _: N.Type) -> N? {
        switch (answerType, answer) {
        case (.yesNo(let points), .token(let t)):
            if t == "yes" { return N(decimal: points) }
            if t == "no" { return .zero }
            return nil
        case (.scale(let min, let max, _), .number(let v)):
            guard v == v.rounded(), v >= Double(min), v <= Double(max) else { return nil }
            return N(decimal: v) - N(min)
        case (.choice(let options), .token(let t)):
            return options.first { $0.id == t }.map { N(decimal: $0.points) }
        case (.points(let max), .number(let v)):
            guard v >= 0, v <= max else { return nil }
            return N(decimal: v)
        case (.multiSelect(let options, let max), .tokens(let chosen)):
            var base = N.zero
            var bonus = N.zero
            for id in chosen {
                guard let option = options.first(where: { $0.id == id }) else { return nil }
                if option.bonus { bonus = bonus + N(decimal: option.points) } else { base = base + N(decimal: option.points) }
            }
            return Swift.min(base, N(decimal: max)) + bonus
        case (.multiSelect, .token(let t)) where t != "na":
            return earnedPoints(for: .tokens([t]), as: N.self)
        case (.numeric(let ranges), .number(let v)):
            return ranges.first { $0.contains(v) }.map { N(decimal: $0.points) }
        default:
            return nil
        }
    }

    /// Whether this is a valid answer to the criterion, N/A apart (which its section may allow: see
    /// `Section.allowsNotApplicable(on:)`): the one definition every reader and the scoring check use.
    public func accepts(_ answer: AnswerValue) -> Bool {
        !answer.isNotApplicable && earnedPoints(for: answer) != nil
    }

    /// Whether this answer is one of the criterion's critical failing answers.
    public func isFailing(_ answer: AnswerValue) -> Bool {
        guard let rule = critical, !answer.isNotApplicable else { return false }
        if case .numeric(let ranges) = answerType, case .number(let v) = answer,
           ranges.first(where: { $0.contains(v) })?.fails == true {
            return true
        }
        return rule.failingAnswers.matches(answer, of: self)
    }

    /// Whether this answer needs an assessor comment.
    public func requiresComment(_ answer: AnswerValue) -> Bool {
        guard let rule = commentRequired else { return false }
        return rule.matches(answer, of: self)
    }
}

extension AnswerMatch {
    /// Whether the answer is in this set for the given criterion (`na` never matches).
    public func matches(_ answer: AnswerValue, of criterion: Criterion) -> Bool {
        if answer.isNotApplicable { return false }
        switch self {
        case .any:
            return true
        case .belowTop:
            guard let fraction = criterion.earnedFraction(for: answer) else { return false }
            return fraction < 1
        case .answers(let tokens):
            return answer.matchTokens.contains { tokens.contains($0) }
        }
    }
}

extension AnswerValue {
    /// The tokens a condition or failing-answer list compares against: the token itself, a number written
    /// without a trailing `.0`, or each chosen option.
    public var matchTokens: [String] {
        switch self {
        case .token(let t): return [t]
        case .number(let n): return [formatNumber(n)]
        case .tokens(let ts): return ts
        }
    }
}

extension AnswerType {
    /// The answer that earns full credit, used by sections that default unanswered criteria to the top.
    public var topAnswer: AnswerValue? {
        switch self {
        case .yesNo: return .yes
        case .scale(_, let max, _): return .number(Double(max))
        case .choice(let options):
            return options.filter { !$0.bonus }.max { $0.points < $1.points }.map { .token($0.id) }
        case .points(let max): return .number(max)
        case .multiSelect(let options, let max):
            var chosen: [String] = []
            var sum = 0.0
            for option in options.filter({ !$0.bonus }).sorted(by: { $0.points > $1.points }) where sum < max {
                chosen.append(option.id)
                sum += option.points
            }
            return .tokens(chosen)
        case .numeric(let ranges):
            guard let best = ranges.max(by: { $0.points < $1.points }) else { return nil }
            return .number(best.min ?? best.max ?? 0)
        }
    }
}
