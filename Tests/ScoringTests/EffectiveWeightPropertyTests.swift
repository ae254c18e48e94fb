import QAModel
import Scoring
import Testing

/// Issue 16, "Done means" 1: on generated templates in every scoring mode, each criterion's effective weight
/// from the kernel equals the change in the total (over 100) when that criterion alone moves from an answer
/// that earns nothing to its best answer, every other criterion held at its best and everything applicable.
///
/// Bonus criteria are held at their worst answer (no bonus credit) while another criterion moves — otherwise a
/// bonus would make up the miss and the move would not be that criterion's alone; a bonus criterion's own move
/// (with the others at their best) must change nothing: it weighs 0. Unscored criteria weigh 0 and moving them
/// changes nothing. No critical rules (auto-fail is a separate rule) and no conditions.
@Suite("Effective weights equal the kernel's marginal effect (generated templates)")
struct EffectiveWeightPropertyTests {
    static let templatesPerMode = 60

    /// The answer that earns full credit.
    static func best(_ type: AnswerType) -> AnswerValue {
        switch type {
        case .yesNo: return .yes
        case .scale(_, let max, _): return .number(Double(max))
        case .choice(let options):
            let top = options.filter { !$0.bonus }.max { $0.points < $1.points }
            return .token(top?.id ?? "")
        case .points(let max): return .number(max)
        case .multiSelect(let options, _): return .tokens(options.filter { !$0.bonus }.map(\.id))
        case .numeric(let ranges):
            let top = ranges.max { $0.points < $1.points }
            return .number(top?.min ?? 0)
        }
    }

    /// An answer that earns nothing (the generator gives every criterion one).
    static func worst(_ type: AnswerType) -> AnswerValue {
        switch type {
        case .yesNo: return .no
        case .scale(let min, _, _): return .number(Double(min))
        case .choice(let options): return .token(options.first { $0.points == 0 && !$0.bonus }?.id ?? "")
        case .points: return .number(0)
        case .multiSelect(let options, _): return .tokens([options.first { $0.points == 0 }?.id ?? ""])
        case .numeric(let ranges):
            let zero = ranges.first { $0.points == 0 }
            return .number(zero?.min ?? zero?.max ?? 0)
        }
    }

    static func evaluation(_ card: Scorecard, _ answers: [String: AnswerValue]) -> Evaluation {
        Evaluation(id: "ev", callID: "call", agentID: "agent", assessorID: "assessor", scorecardID: card.id,
                   scorecardVersion: card.version, callDate: testDay("2026-11-02"), evaluatedAt: testStamp("2026-11-03T10:00:00Z"),
                   answers: answers)
    }

    @Test("effective weight = Δ total / 100 for every criterion", arguments: KernelMode.allCases)
    func marginalEffect(mode: KernelMode) throws {
        var generator = TemplateGenerator(rng: SeededGenerator(seed: 0x16_0001 &+ UInt64(mode.hashValueStable)),
                                          features: .property)
        var checkedCriteria = 0
        var problems: [String] = []
        for t in 0..<Self.templatesPerMode {
            let card = generator.template(mode, id: "prop-\(mode.scoring.rawValue)-\(t)")
            let plan = ScoringPlan(card)
            let weights = plan.effectiveWeights
            let percentages = plan.effectiveWeightPercentages
            let criteria = card.criteria
            try #require(weights.count == criteria.count)
            var held: [String: AnswerValue] = [:]
            for c in criteria { held[c.id] = c.bonus ? Self.worst(c.answerType) : Self.best(c.answerType) }
            func total(_ answers: [String: AnswerValue]) throws -> Double {
                let result = plan.score(Self.evaluation(card, answers))
                guard case .success(let score) = result else {
                    throw PropertyFailure(message: "\(card.id): generated answers were refused: \(result)")
                }
                return score.total
            }
            let base = try total(held)
            #expect(base == 100, "\(card.id): every criterion at its best should score 100, got \(base)")
            var sum = 0.0
            for (i, c) in criteria.enumerated() {
                var moved = held
                let delta: Double
                if c.bonus {
                    moved[c.id] = Self.best(c.answerType)
                    delta = try total(moved) - base
                } else {
                    moved[c.id] = Self.worst(c.answerType)
                    delta = base - (try total(moved))
                }
                if !c.scored || c.bonus {
                    if weights[i] != 0 { problems.append("\(card.id) \(c.id): unscored/bonus weighs \(weights[i])") }
                }
                if abs(weights[i] - delta / 100) > 1e-9 {
                    problems.append("\(card.id) \(c.id) (\(c.answerType.kindName), weight \(c.weight)): effective weight "
                                    + "\(weights[i]) but moving it changes the total by \(delta)")
                }
                if abs((percentages[c.id] ?? .nan) - 100 * weights[i]) > 1e-9 {
                    problems.append("\(card.id) \(c.id): percentage \(percentages[c.id] ?? .nan) ≠ 100 × \(weights[i])")
                }
                sum += weights[i]
                checkedCriteria += 1
            }
            // Outside deduction forms the shares make up the whole total.
            if mode != .deduction, abs(sum - 1) > 1e-9 { problems.append("\(card.id): weights add up to \(sum)") }
        }
        print("effective-weight property, \(mode): \(Self.templatesPerMode) templates, \(checkedCriteria) criteria")
        #expect(problems.isEmpty, "\(problems.count) problems; first: \(problems.prefix(5).joined(separator: "\n"))")
    }
}

struct PropertyFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension KernelMode {
    /// A seed offset that does not depend on Swift's per-process hash seed.
    var hashValueStable: Int { KernelMode.allCases.firstIndex(of: self) ?? 0 }
}
