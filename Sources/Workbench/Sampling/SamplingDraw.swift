import SampleData

/// One drawn call and the assessor it goes to.
public struct DrawnCall: Sendable, Hashable {
    public var call: SamplingCandidate
    public var assessor: SamplingAssessor
}

/// A draw: the calls picked from each agent's calls (each agent a stratum) and their spread over the assessors.
///
/// Reproducible: the candidates are put in `call_key` order first, and each agent's calls are shuffled by a
/// seeded generator (xoshiro256**, `SampleData.SeededRandom`) on its own stream derived from the seed and the
/// agent's id, so the same seed, policy and calls give the same draw whatever order the database returned them
/// in and on either engine — and one agent's draw does not change when another agent's calls do.
public struct SamplingDraw: Sendable {
    /// The candidates by agent (agent id in the data, sorted), each agent's calls sorted by call key.
    public var strata: [(agentKey: String, calls: [SamplingCandidate])]
    /// The calls drawn, by agent then call key, with their assessor.
    public var drawn: [DrawnCall]
    /// Drawn calls that no assessor could take (every assessor was the call's agent).
    public var unassignable: [SamplingCandidate]

    /// Draws `quota` from `candidates` with `seed` and spreads the calls over `assessors`.
    public init(candidates: [SamplingCandidate], quota: SamplingQuota, assessors: [SamplingAssessor], seed: UInt64) {
        var byAgent: [String: [SamplingCandidate]] = [:]
        for candidate in candidates { byAgent[candidate.agentKey, default: []].append(candidate) }
        strata = byAgent.keys.sorted().map { agent in
            (agent, (byAgent[agent] ?? []).sorted { $0.callKey < $1.callKey })
        }
        var picked: [SamplingCandidate] = []
        for (agent, calls) in strata {
            picked += Self.pick(quota.count(available: calls.count), from: calls, seed: seed,
                                stream: [Self.streamLabel(agent)])
        }
        let spread = Self.spread(picked, over: assessors)
        drawn = spread.assigned
        unassignable = spread.unassignable
    }

    /// `count` of `calls` (already in call-key order) chosen uniformly at random without replacement (a partial
    /// Fisher–Yates shuffle on the seeded stream), returned in call-key order.
    public static func pick(_ count: Int, from calls: [SamplingCandidate], seed: UInt64,
                            stream: [UInt64]) -> [SamplingCandidate] {
        guard count > 0 else { return [] }
        guard count < calls.count else { return calls }
        var random = generator(seed: seed, stream: stream)
        var pool = calls
        for i in 0..<count {
            let j = i + random.below(pool.count - i)
            pool.swapAt(i, j)
        }
        return pool[0..<count].sorted { $0.callKey < $1.callKey }
    }

    static func generator(seed: UInt64, stream: [UInt64]) -> SeededRandom {
        switch stream.count {
        case 0: return SeededRandom(seed: seed)
        case 1: return SeededRandom(seed: seed, stream: stream[0])
        default: return SeededRandom(seed: seed, stream: stream[0], stream[1])
        }
    }

    /// A stable 64-bit label for a text (FNV-1a over its UTF-8), for deriving an agent's stream.
    public static func streamLabel(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// Spreads calls over assessors evenly: each call, in turn, goes to the eligible assessor with the fewest
    /// calls so far (ties: round robin in the order the assessors were given). An assessor is never given a call
    /// they took as the agent. Calls some assessor cannot take go first, so the others still even out.
    public static func spread(_ calls: [SamplingCandidate], over assessors: [SamplingAssessor])
        -> (assigned: [DrawnCall], unassignable: [SamplingCandidate]) {
        guard !assessors.isEmpty else { return ([], calls) }
        let assessorIDs = Set(assessors.map(\.personID))
        let ordered = calls.enumerated().sorted { a, b in
            let ac = assessorIDs.contains(a.element.agentID), bc = assessorIDs.contains(b.element.agentID)
            if ac != bc { return ac }
            return a.offset < b.offset
        }.map(\.element)
        var counts = [Int](repeating: 0, count: assessors.count)
        var next = 0
        var assigned: [DrawnCall] = []
        var unassignable: [SamplingCandidate] = []
        for call in ordered {
            var best: Int?
            for step in 0..<assessors.count {
                let i = (next + step) % assessors.count
                guard assessors[i].personID != call.agentID else { continue }
                if best == nil || counts[i] < counts[best ?? 0] { best = i }
            }
            guard let chosen = best else {
                unassignable.append(call)
                continue
            }
            counts[chosen] += 1
            next = (chosen + 1) % assessors.count
            assigned.append(DrawnCall(call: call, assessor: assessors[chosen]))
        }
        let order = Dictionary(calls.enumerated().map { ($0.element.callKey, $0.offset) }, uniquingKeysWith: { a, _ in a })
        assigned.sort { (order[$0.call.callKey] ?? 0) < (order[$1.call.callKey] ?? 0) }
        return (assigned, unassignable)
    }

    /// The replacement for a call taken out of a run: one of `eligible` (another call of the same agent), chosen
    /// from the run's seed, the agent's stream and how many replacements the run has had, so it is reproducible.
    public static func replacement(from eligible: [SamplingCandidate], seed: UInt64, agentKey: String,
                                   replacementNumber: Int) -> SamplingCandidate? {
        let sorted = eligible.sorted { $0.callKey < $1.callKey }
        guard !sorted.isEmpty else { return nil }
        var random = generator(seed: seed, stream: [streamLabel(agentKey), UInt64(replacementNumber) &+ 1_000_000])
        return sorted[random.below(sorted.count)]
    }
}
