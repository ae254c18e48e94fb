import Foundation
import QAModel
import SampleData
import Testing
import Workbench
@testable import Workspace

/// The draw's maths without a database: reproducibility, the spread over assessors, the margins of error (a
/// simulation, and the worked example of docs/sampling.md).
@Suite("Sampling: the draw and its margins")
struct SamplingDrawTests {
    /// Three agents with 20, 12 and 3 calls; agent-b is also an assessor (person 2).
    static let candidates: [SamplingCandidate] = {
        var list: [SamplingCandidate] = []
        for (agent, id, count) in [("agent-a", Int64(1), 20), ("agent-b", Int64(2), 12), ("agent-c", Int64(3), 3)] {
            for i in 0..<count {
                list.append(SamplingCandidate(callKey: "\(agent)-call-\(String(format: "%03d", i))", agentID: id,
                                              agentKey: agent, callDate: "2025-01-0\(1 + i % 7)"))
            }
        }
        return list
    }()
    static let assessors = [SamplingAssessor(personID: 10, name: "ana"), SamplingAssessor(personID: 2, name: "agent-b"),
                            SamplingAssessor(personID: 11, name: "sam")]

    func keys(_ draw: SamplingDraw) -> [String] { draw.drawn.map(\.call.callKey) }

    @Test("the same seed, policy and calls give the same draw, whatever order the calls come in")
    func sameSeedSameDraw() {
        let first = SamplingDraw(candidates: Self.candidates, quota: .perAgent(5), assessors: Self.assessors, seed: 42)
        let reversed = SamplingDraw(candidates: Self.candidates.reversed(), quota: .perAgent(5), assessors: Self.assessors, seed: 42)
        var random = SystemRandomNumberGenerator()
        let shuffled = SamplingDraw(candidates: Self.candidates.shuffled(using: &random), quota: .perAgent(5),
                                    assessors: Self.assessors, seed: 42)
        #expect(keys(first) == keys(reversed))
        #expect(keys(first) == keys(shuffled))
        #expect(first.drawn.map(\.assessor.name) == shuffled.drawn.map(\.assessor.name))
        #expect(keys(first).count == 13)   // 5 + 5 + all 3 of agent-c
    }

    @Test("a different seed gives a different draw")
    func differentSeed() {
        let first = SamplingDraw(candidates: Self.candidates, quota: .perAgent(5), assessors: Self.assessors, seed: 42)
        let second = SamplingDraw(candidates: Self.candidates, quota: .perAgent(5), assessors: Self.assessors, seed: 43)
        #expect(keys(first) != keys(second))
    }

    @Test("one agent's draw does not change when another agent's calls do")
    func strataIndependent() {
        let full = SamplingDraw(candidates: Self.candidates, quota: .perAgent(5), assessors: Self.assessors, seed: 7)
        let without = SamplingDraw(candidates: Self.candidates.filter { $0.agentKey != "agent-b" }, quota: .perAgent(5),
                                   assessors: Self.assessors, seed: 7)
        #expect(keys(full).filter { $0.hasPrefix("agent-a") } == keys(without).filter { $0.hasPrefix("agent-a") })
    }

    @Test("a share with a minimum: rounded up, at least the minimum, never more than there are")
    func shareQuota() {
        #expect(SamplingQuota.share(percent: 10, minimum: 3).count(available: 20) == 3)
        #expect(SamplingQuota.share(percent: 10, minimum: 3).count(available: 45) == 5)
        #expect(SamplingQuota.share(percent: 10, minimum: 1).count(available: 30) == 3)
        #expect(SamplingQuota.share(percent: 50, minimum: 5).count(available: 2) == 2)
        #expect(SamplingQuota.perAgent(4).count(available: 3) == 3)
    }

    @Test("calls are spread evenly (counts differ by at most 1) and never to an assessor who is the call's agent")
    func evenSpread() {
        for seed in UInt64(1)...30 {
            let draw = SamplingDraw(candidates: Self.candidates, quota: .perAgent(Int(seed % 9) + 1),
                                    assessors: Self.assessors, seed: seed)
            var counts: [String: Int] = [:]
            for call in draw.drawn {
                counts[call.assessor.name, default: 0] += 1
                #expect(call.assessor.personID != call.call.agentID)
            }
            let values = Self.assessors.map { counts[$0.name] ?? 0 }
            #expect((values.max() ?? 0) - (values.min() ?? 0) <= 1, "seed \(seed): \(counts)")
            #expect(draw.unassignable.isEmpty)
        }
        // The only assessor is the agent: the call cannot be given to anyone, and the plan says so.
        let alone = SamplingDraw(candidates: Self.candidates.filter { $0.agentKey == "agent-b" }, quota: .perAgent(2),
                                 assessors: [SamplingAssessor(personID: 2, name: "agent-b")], seed: 1)
        #expect(alone.drawn.isEmpty && alone.unassignable.count == 2)
        let plan = SamplingPlan(draw: alone, precision: SamplingPrecision(),
                                assumptions: SamplingAssumptions(scoreSD: 10, passRate: 0.8))
        #expect(plan.warnings.contains { $0.contains("could not be given to anyone") })
    }

    @Test("the worked example of docs/sampling.md, computed by hand, matches the code")
    func workedExample() {
        // σ = 12 points, p = 0.8, an agent with N = 40 calls in the period, n = 10 drawn; asked ±5 and ±10.
        #expect(MarginOfError.sampleSize(sd: 12, margin: 5, population: 40) == 15)
        #expect(abs((MarginOfError.margin(sd: 12, sample: 10, population: 40) ?? 0) - 6.52) < 0.005)
        #expect(MarginOfError.sampleSize(sd: MarginOfError.proportionSD(0.8), margin: 0.10, population: 40) == 25)
        #expect(abs((MarginOfError.margin(sd: 0.4, sample: 10, population: 40) ?? 0) * 100 - 21.74) < 0.005)
        // Without the correction (a very large population): n₀ = 22.1 → 23 calls; ±7.44 with 10.
        #expect(MarginOfError.sampleSize(sd: 12, margin: 5, population: 1_000_000) == 23)
        let plan = SamplingPlan(counts: [("agent-x", 40, 10), ("agent-y", 40, 25), ("agent-z", 4, 4)],
                                precision: SamplingPrecision(meanScorePoints: 5, passRatePoints: 10),
                                assumptions: SamplingAssumptions(scoreSD: 12, passRate: 0.8))
        #expect(plan.agents[0].neededForScore == 15 && plan.agents[0].neededForPassRate == 25)
        #expect(plan.warnings.count == 2)
        #expect(plan.warnings[0] == "agent-x: 10 of 40 calls give ±6.5 points on the mean score, not the ±5 asked for; that needs 15 calls.")
        #expect(plan.warnings[1].contains("±21.7 percentage points on the pass rate"))
        // Every call of the period drawn: the period's mean is known exactly.
        #expect(plan.agents[2].scoreMargin == 0)
    }

    @Test("with too little history the spread is an assumption (stated), with enough it is the pooled within-agent SD")
    func assumptions() {
        let few = SamplingAssumptions(history: [("a", 80, true), ("a", 90, true)])
        #expect(!few.scoreSDObserved && few.scoreSD == SamplingAssumptions.assumedScoreSD && few.passRate == 0.5)
        #expect(few.lines[0].contains("assumed"))
        // Two agents, each scoring mean ± 10 exactly: within-agent squares 20 × 100 + 20 × 100 over 40 − 2.
        var history: [(agent: String, score: Double?, passed: Bool)] = []
        for i in 0..<20 {
            history.append(("a", i % 2 == 0 ? 60 : 80, i % 2 == 0))
            history.append(("b", i % 2 == 0 ? 80 : 100, true))
        }
        let pooled = SamplingAssumptions(history: history)
        #expect(pooled.scoreSDObserved)
        #expect(abs(pooled.scoreSD - (4000.0 / 38).squareRoot()) < 1e-9)
        #expect(pooled.passRate == 0.75 && pooled.passRateObserved)
    }

    /// The spread of the mean of `values` over many draws, the spread's own standard error, and the mean of the means.
    static func simulate(_ values: [Double], n: Int, draws: Int) -> (sd: Double, sdError: Double, mean: Double) {
        let population = values.enumerated().map { index, _ in
            SamplingCandidate(callKey: String(format: "call-%04d", index), agentID: 1, agentKey: "agent", callDate: "2025-01-01")
        }
        let value = Dictionary(uniqueKeysWithValues: population.enumerated().map { ($0.element.callKey, values[$0.offset]) })
        var means: [Double] = []
        for seed in 1...draws {
            let draw = SamplingDraw(candidates: population, quota: .perAgent(n),
                                    assessors: [SamplingAssessor(personID: 9, name: "x")], seed: UInt64(seed) &* 7919)
            means.append(draw.drawn.map { value[$0.call.callKey] ?? 0 }.reduce(0, +) / Double(n))
        }
        let r = Double(draws)
        let mean = means.reduce(0, +) / r
        let variance = means.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (r - 1)
        let m4 = means.map { pow($0 - mean, 4) }.reduce(0, +) / r
        // Var(s²) ≈ (μ₄ − σ⁴ (R − 3)/(R − 1)) / R; the delta method gives SE(s) = SE(s²) / (2s).
        let varianceOfVariance = (m4 - variance * variance * (r - 3) / (r - 1)) / r
        return (variance.squareRoot(), varianceOfVariance.squareRoot() / (2 * variance.squareRoot()), mean)
    }

    @Test("simulation: over many draws the spread of an agent's sampled mean score matches the stated margin / 1.96")
    func simulationMeanScore() {
        var random = SeededRandom(seed: 2026)
        let scores = (0..<60).map { _ in min(100, max(0, 78 + 12 * random.gaussian())) }
        let mean = scores.reduce(0, +) / 60
        let sd = (scores.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 60).squareRoot()   // the population's own spread
        let plan = SamplingPlan(counts: [("agent", 60, 10)], precision: SamplingPrecision(),
                                assumptions: SamplingAssumptions(scoreSD: sd, passRate: 0.5))
        let stated = (plan.agents[0].scoreMargin ?? 0) / MarginOfError.z95
        let result = Self.simulate(scores, n: 10, draws: 4000)
        #expect(abs(result.sd - stated) <= 3 * result.sdError,
                "observed \(result.sd), stated \(stated), simulation error \(result.sdError)")
        #expect(3 * result.sdError < 0.05 * stated)   // sharp enough to catch a missing correction (√(50/59) = 0.92)
        #expect(abs(result.mean - mean) <= 3 * stated / Double(4000).squareRoot())   // and the draw is unbiased
    }

    @Test("simulation: the spread of an agent's sampled pass rate matches the stated pass-rate margin / 1.96")
    func simulationPassRate() {
        var random = SeededRandom(seed: 12)
        let passes = (0..<50).map { _ in random.chance(0.7) ? 1.0 : 0.0 }
        let p = passes.reduce(0, +) / 50
        let plan = SamplingPlan(counts: [("agent", 50, 15)], precision: SamplingPrecision(),
                                assumptions: SamplingAssumptions(scoreSD: 10, passRate: p))
        let stated = (plan.agents[0].passRateMargin ?? 0) / 100 / MarginOfError.z95
        let result = Self.simulate(passes, n: 15, draws: 4000)
        #expect(abs(result.sd - stated) <= 3 * result.sdError,
                "observed \(result.sd), stated \(stated), simulation error \(result.sdError)")
    }

    @Test("replacement: reproducible from the seed and the replacement number, another call of the agent")
    func replacementReproducible() {
        let eligible = Self.candidates.filter { $0.agentKey == "agent-a" }
        let first = SamplingDraw.replacement(from: eligible, seed: 5, agentKey: "agent-a", replacementNumber: 0)
        #expect(first == SamplingDraw.replacement(from: eligible.reversed(), seed: 5, agentKey: "agent-a", replacementNumber: 0))
        let picks = Set((0..<10).compactMap {
            SamplingDraw.replacement(from: eligible, seed: 5, agentKey: "agent-a", replacementNumber: $0)?.callKey
        })
        #expect(picks.count > 1)
        #expect(SamplingDraw.replacement(from: [], seed: 5, agentKey: "agent-a", replacementNumber: 0) == nil)
    }
}
