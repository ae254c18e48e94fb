import Foundation

/// The margin of error of a sampled agent's mean score and pass rate, and the sample size a precision needs
/// (docs/sampling.md has the formulas and a worked example by hand).
///
/// The agent's calls in the period are a finite population of `N` calls, of which `n` are drawn at random
/// without replacement. The standard error of the sample mean is `σ/√n · √((N−n)/(N−1))` (σ the spread of the
/// per-call values, the finite-population correction the root), and the margin at 95 % is 1.96 times it. For a
/// pass rate σ = √(p(1−p)).
public enum MarginOfError {
    /// The normal quantile for 95 % two-sided confidence.
    public static let z95 = 1.959963984540054

    /// √((N−n)/(N−1)): 1 for a sample from a very large population, 0 when every call is drawn.
    public static func finitePopulationFactor(sample n: Int, population N: Int) -> Double {
        guard n < N, N > 1 else { return 0 }
        return (Double(N - n) / Double(N - 1)).squareRoot()
    }

    /// The standard error of the mean of `n` of `N` values whose spread is `sd` (nil when nothing is drawn).
    public static func standardError(sd: Double, sample n: Int, population N: Int) -> Double? {
        guard n > 0 else { return nil }
        return sd / Double(n).squareRoot() * finitePopulationFactor(sample: n, population: N)
    }

    /// The 95 % margin of error (± in the values' unit) of the mean of `n` of `N` values with spread `sd`.
    public static func margin(sd: Double, sample n: Int, population N: Int) -> Double? {
        standardError(sd: sd, sample: n, population: N).map { z95 * $0 }
    }

    /// The fewest of `N` calls whose mean has a 95 % margin of at most `margin`: n₀ = (1.96·σ/E)², then
    /// n = n₀·N / (N − 1 + n₀), rounded up (never more than N, never less than 1 when N > 0).
    public static func sampleSize(sd: Double, margin: Double, population N: Int) -> Int {
        guard N > 0 else { return 0 }
        guard margin > 0 else { return N }
        let n0 = (z95 * sd / margin) * (z95 * sd / margin)
        let n = n0 * Double(N) / (Double(N) - 1 + n0)
        return min(N, max(1, Int((n - 1e-9).rounded(.up))))
    }

    /// The spread of a pass/fail value with pass rate `p`: √(p(1−p)).
    public static func proportionSD(_ p: Double) -> Double { (p * (1 - p)).squareRoot() }
}

/// What the workspace's history says about a template's scores: the pooled within-agent standard deviation of
/// the official evaluations' scores and their pass rate — or, with too little history, stated assumptions.
public struct SamplingAssumptions: Sendable, Hashable, Codable {
    /// The spread of one call's score (points) used for the margins, and whether it was observed.
    public var scoreSD: Double
    public var scoreSDObserved: Bool
    /// Evaluations and agents the observed spread comes from.
    public var scoreEvaluations: Int
    public var scoreAgents: Int
    /// The pass rate used for the pass-rate margins (0.5, the worst case, when not observed).
    public var passRate: Double
    public var passRateObserved: Bool

    /// Assumed spread when the history has fewer than `minimumDegreesOfFreedom`: 15 points on a 0–100 score.
    public static let assumedScoreSD = 15.0
    /// History needed before an observed spread or pass rate is used.
    public static let minimumDegreesOfFreedom = 20
    public static let minimumPassHistory = 30

    /// From the official evaluations' (agent, score, passed) of the template version: the pooled within-agent
    /// SD, √(Σ(x − mean of its agent)² / (number of scores − number of agents)), and the pass rate.
    public init(history: [(agent: String, score: Double?, passed: Bool)]) {
        var byAgent: [String: (n: Int, sum: Double, sumSquares: Double)] = [:]
        var scored = 0
        for item in history {
            guard let score = item.score, score.isFinite else { continue }
            var totals = byAgent[item.agent] ?? (0, 0, 0)
            totals.n += 1
            totals.sum += score
            totals.sumSquares += score * score
            byAgent[item.agent] = totals
            scored += 1
        }
        var squares = 0.0
        for totals in byAgent.values where totals.n > 0 {
            squares += max(0, totals.sumSquares - totals.sum * totals.sum / Double(totals.n))
        }
        let degrees = scored - byAgent.count
        scoreEvaluations = scored
        scoreAgents = byAgent.count
        if degrees >= Self.minimumDegreesOfFreedom {
            scoreSD = (squares / Double(degrees)).squareRoot()
            scoreSDObserved = true
        } else {
            scoreSD = Self.assumedScoreSD
            scoreSDObserved = false
        }
        if history.count >= Self.minimumPassHistory {
            passRate = Double(history.filter(\.passed).count) / Double(history.count)
            passRateObserved = true
        } else {
            passRate = 0.5
            passRateObserved = false
        }
    }

    public init(scoreSD: Double, passRate: Double, observed: Bool = true) {
        self.scoreSD = scoreSD
        scoreSDObserved = observed
        scoreEvaluations = 0
        scoreAgents = 0
        self.passRate = passRate
        passRateObserved = observed
    }

    /// The assumptions in words, for the plan.
    public var lines: [String] {
        var lines: [String] = []
        if scoreSDObserved {
            lines.append("Score spread: \(String(format: "%.1f", scoreSD)) points (the spread of one call's score around "
                + "its agent's mean, from \(scoreEvaluations) official evaluations of \(scoreAgents) agents with this form).")
        } else {
            lines.append("Score spread: \(String(format: "%.1f", scoreSD)) points assumed — this form has too few official "
                + "evaluations yet (\(scoreEvaluations)) to measure it; the margins are estimates until it has more.")
        }
        if passRateObserved {
            lines.append("Pass rate: \(String(format: "%.0f", passRate * 100))% (observed in the form's official evaluations).")
        } else {
            lines.append("Pass rate: 50% assumed (the worst case: it gives the widest margin) — too little history to use an observed one.")
        }
        return lines
    }
}

/// One agent's line of a plan: calls available and drawn, the margins the drawn calls give, and the calls the
/// requested precision needs.
public struct AgentSamplingPlan: Sendable, Hashable {
    public var agentKey: String
    public var available: Int
    public var drawn: Int
    /// ± points on the mean score and ± percentage points on the pass rate, at 95 % (nil when nothing is drawn).
    public var scoreMargin: Double?
    public var passRateMargin: Double?
    public var neededForScore: Int
    public var neededForPassRate: Int

    /// Whether the drawn calls give the requested precision.
    public var meetsScorePrecision: Bool { drawn >= neededForScore }
    public var meetsPassRatePrecision: Bool { drawn >= neededForPassRate }
}

/// What a draw gives: per agent the margins and the calls needed, and warnings in plain words when the policy
/// cannot give the requested precision.
public struct SamplingPlan: Sendable {
    public var agents: [AgentSamplingPlan]
    public var assumptions: SamplingAssumptions
    public var precision: SamplingPrecision
    public var warnings: [String]

    public init(draw: SamplingDraw, precision: SamplingPrecision, assumptions: SamplingAssumptions) {
        var drawnByAgent: [String: Int] = [:]
        for call in draw.drawn { drawnByAgent[call.call.agentKey, default: 0] += 1 }
        for call in draw.unassignable { drawnByAgent[call.agentKey, default: 0] += 1 }
        self.init(counts: draw.strata.map { ($0.agentKey, $0.calls.count, drawnByAgent[$0.agentKey] ?? 0) },
                  precision: precision, assumptions: assumptions)
        if !draw.unassignable.isEmpty {
            warnings.append("\(draw.unassignable.count) drawn call\(draw.unassignable.count == 1 ? "" : "s") could not be "
                + "given to anyone: every assessor named took \(draw.unassignable.count == 1 ? "it" : "them") as the agent. "
                + "Name another assessor.")
        }
    }

    /// The plan for agents' (id, calls available, calls drawn).
    public init(counts: [(agent: String, available: Int, drawn: Int)], precision: SamplingPrecision,
                assumptions: SamplingAssumptions) {
        self.precision = precision
        self.assumptions = assumptions
        let passSD = MarginOfError.proportionSD(assumptions.passRate)
        agents = counts.map { agent, available, drawn in
            AgentSamplingPlan(
                agentKey: agent, available: available, drawn: drawn,
                scoreMargin: MarginOfError.margin(sd: assumptions.scoreSD, sample: drawn, population: available),
                passRateMargin: MarginOfError.margin(sd: passSD, sample: drawn, population: available).map { $0 * 100 },
                neededForScore: MarginOfError.sampleSize(sd: assumptions.scoreSD, margin: precision.meanScorePoints,
                                                         population: available),
                neededForPassRate: MarginOfError.sampleSize(sd: passSD, margin: precision.passRatePoints / 100,
                                                            population: available))
        }
        warnings = []
        let points = Self.number(precision.meanScorePoints), rate = Self.number(precision.passRatePoints)
        for agent in agents {
            if !agent.meetsScorePrecision {
                warnings.append("\(agent.agentKey): \(agent.drawn) of \(agent.available) calls give ±\(Self.number(agent.scoreMargin)) "
                    + "points on the mean score, not the ±\(points) asked for; that needs \(Self.needed(agent.neededForScore, agent.available)).")
            }
            if !agent.meetsPassRatePrecision {
                warnings.append("\(agent.agentKey): \(agent.drawn) of \(agent.available) calls give ±\(Self.number(agent.passRateMargin)) "
                    + "percentage points on the pass rate, not the ±\(rate) asked for; that needs "
                    + "\(Self.needed(agent.neededForPassRate, agent.available)).")
            }
        }
    }

    static func needed(_ needed: Int, _ available: Int) -> String {
        needed >= available ? "all \(available) of the agent's calls in the period (there are too few to sample)"
            : "\(needed) calls"
    }

    /// A margin as the plan writes it (one decimal).
    public static func number(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
