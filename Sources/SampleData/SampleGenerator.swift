import QAModel
import Scoring

/// Why a sample data set cannot be generated: the configuration's or the template's problems, all of them.
public struct SampleSetupError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}

/// Generates a deterministic synthetic data set for a scorecard: calls with KPIs, routine evaluations and
/// weekly calibration sessions, with planted effects (a lenient, a severe and a drifting assessor; one weak
/// criterion per agent) that calibration, drift and coaching checks must find.
///
/// Output is streamed in call order, so any size can be generated in constant memory. The same scorecard,
/// seed and configuration give identical output on every machine.
public struct SampleGenerator: Sendable {
    public let scorecard: Scorecard
    public let config: SampleConfig
    /// The answer key: who is biased, how much, and each agent's weak criterion.
    public let planted: PlantedEffects

    /// Routine evaluations plus every assessor's evaluation of every calibration call.
    public var evaluationCount: Int { config.evaluations + calibrationCallCount * config.assessors }
    /// Routine calls plus calibration calls (one `CallRecord` each).
    public var callCount: Int { config.evaluations + calibrationCallCount }
    public var calibrationCallCount: Int { config.weeks * config.calibrationCallsPerSession }

    /// Assessor ids: `assessor-1` … then the expert.
    public let assessorIDs: [String]
    /// Agent ids, `agent-01` …, team by team.
    public let agentIDs: [String]

    private enum Role: Sendable { case expert, ordinary, lenient, severe, drifting }

    private let models: [CriterionModel]
    /// The template compiled for the scoring kernel (which criteria apply, what each is worth).
    private let plan: ScoringPlan
    private let indexByID: [String: Int]
    private let sectionMayBeNotApplicable: [Bool]
    private let sectionKeys: [String]
    private let roles: [Role]
    private let teamOfAgent: [String]
    private let weakOfAgent: [Int]
    private let handleTimeBase: [Double]
    private let start: CalendarDay
    private let lenientRate: Double
    private let severeRate: Double
    private let driftFinalRate: Double
    private let resolutionCriteria: [Int]
    private let empathyCriteria: [Int]

    /// Prepares a generator; throws `SampleSetupError` listing every problem with the configuration or the
    /// template (e.g. no scored criterion that can be answered below full credit).
    public init(scorecard: Scorecard, config: SampleConfig) throws {
        var problems = config.problems
        self.scorecard = scorecard
        self.config = config

        // Criteria read by a condition never get N/A, and their sections are never marked N/A, so that
        // every consumer agrees on which criteria apply.
        var referenced = Set<String>()
        for section in scorecard.sections {
            section.condition.map { referenced.formUnion($0.referencedCriteria) }
            for criterion in section.criteria { criterion.condition.map { referenced.formUnion($0.referencedCriteria) } }
        }
        let criticalCount = scorecard.criteria.filter { $0.critical != nil && $0.scored }.count
        // Spread over the critical criteria (rate / n is within a few percent of 1 − (1 − rate)^(1/n) here).
        let perCritical = criticalCount > 0 ? config.criticalFailureRate / Double(criticalCount) : 0
        var models: [CriterionModel] = []
        var indexByID: [String: Int] = [:]
        for (s, section) in scorecard.sections.enumerated() {
            for criterion in section.criteria {
                indexByID[criterion.id] = models.count
                models.append(CriterionModel(
                    criterion: criterion, sectionIndex: s, referencedByCondition: referenced.contains(criterion.id),
                    config: config, criticalRatePerCriterion: perCritical))
            }
        }
        for model in models where model.answers.isEmpty {
            problems.append("criterion \"\(model.criterion.id)\" has no answer the generator can give")
        }
        self.models = models
        self.plan = ScoringPlan(scorecard)
        self.indexByID = indexByID
        sectionKeys = scorecard.sections.map { Evaluation.sectionKey($0.id) }
        sectionMayBeNotApplicable = scorecard.sections.map { section in
            section.allowsNotApplicable && !section.criteria.contains { referenced.contains($0.id) }
        }

        // People.
        let teamCount = max(config.teams, 1)
        let perTeam = max(config.agentsPerTeam, 1)
        let agentCount = teamCount * perTeam
        let agentWidth = max(2, String(agentCount).count)
        agentIDs = (0..<agentCount).map { "agent-" + Self.pad($0 + 1, agentWidth) }
        teamOfAgent = (0..<agentCount).map { "team-" + SampleGenerator.teamLetters($0 / perTeam) }
        let assessorCount = max(config.assessors, 4)
        let assessorIDs = (1..<assessorCount).map { "assessor-\($0)" } + [config.expertID]
        self.assessorIDs = assessorIDs
        var roleRNG = SeededRandom(seed: config.seed, stream: 4)
        let order = roleRNG.shuffled(Array(0..<(assessorCount - 1)))
        var roles = [Role](repeating: .ordinary, count: assessorCount)
        roles[assessorCount - 1] = .expert
        roles[order[0]] = .lenient
        roles[order[1]] = .severe
        roles[order[2]] = .drifting
        self.roles = roles

        // What each criterion is worth on the total, to turn the bias knobs (points) into probabilities.
        let worth = SampleGenerator.pointsWorth(scorecard: scorecard, models: models)

        // Weak criteria: scored, not critical, always asked, and worth at least a third of the most valuable.
        let eligible = models.indices.filter { i in
            models[i].kind == .scored && models[i].hasBelowTop
        }
        let unconditional = eligible.filter { i in
            models[i].criterion.condition == nil && scorecard.sections[models[i].sectionIndex].condition == nil
        }
        let pool = unconditional.isEmpty ? eligible : unconditional
        let maxWorth = pool.map { worth[$0] }.max() ?? 0
        // (With a margin far below any real difference, so a criterion worth exactly a third counts however the
        // division rounds.)
        let valuable = pool.filter { 3 * worth[$0] >= maxWorth - 1e-9 }
        var weakRNG = SeededRandom(seed: config.seed, stream: 3)
        let weakOrder = weakRNG.shuffled(valuable)
        if weakOrder.isEmpty {
            problems.append("the scorecard has no scored criterion that can be answered below full credit")
        }
        weakOfAgent = (0..<agentCount).map { weakOrder.isEmpty ? -1 : weakOrder[$0 % weakOrder.count] }
        var agentRNG = SeededRandom(seed: config.seed, stream: 5)
        handleTimeBase = (0..<agentCount).map { _ in 300 + 240 * agentRNG.unit() }

        // Expected points gained by upgrading every below-top answer / lost by downgrading every top answer.
        var gain = 0.0
        var loss = 0.0
        for i in models.indices where models[i].kind == .scored {
            let weakShare = Double(weakOfAgent.filter { $0 == i }.count) / Double(agentCount)
            let m = models[i]
            let weakTop = 1 - (m.weakCDF.indices.contains(m.topCount - 1) ? 1 - m.weakCDF[m.topCount - 1] : 0)
            gain += worth[i] * ((1 - weakShare) * m.ordinaryDeficit + weakShare * m.weakDeficit)
            loss += worth[i] * ((1 - weakShare) * m.ordinaryTopRate + weakShare * weakTop) * m.downgradeDeficit
        }
        lenientRate = gain > 0 ? min(1, config.lenientPoints / gain) : 0
        severeRate = loss > 0 ? min(1, config.severePoints / loss) : 0
        let driftCapacity = config.driftDirection == .lenient ? gain : loss
        driftFinalRate = driftCapacity > 0 ? min(1, config.driftFinalPoints / driftCapacity) : 0

        func matching(_ kind: CategoryKind) -> [Int] {
            models.indices.filter {
                models[$0].kind != .informational && scorecard.categoryKind(of: models[$0].criterion.category) == kind
            }
        }
        resolutionCriteria = matching(.resolution)
        empathyCriteria = matching(.empathy)

        guard problems.isEmpty, let start = CalendarDay(config.periodStart) else {
            throw SampleSetupError(problems: problems)
        }
        self.start = start

        // Call numbering: week by week, routine calls first, then the session's calibration calls.
        var number = 0
        var sessions: [[Int]] = []
        for week in 0..<config.weeks {
            number += SampleGenerator.routineRange(week: week, config: config).count
            sessions.append(Array((number + 1)..<(number + 1 + config.calibrationCallsPerSession)))
            number += config.calibrationCallsPerSession
        }

        var weakByAgent: [String: String] = [:]
        var teamByAgent: [String: String] = [:]
        for (a, id) in agentIDs.enumerated() {
            if weakOfAgent[a] >= 0 { weakByAgent[id] = models[weakOfAgent[a]].criterion.id }
            teamByAgent[id] = teamOfAgent[a]
        }
        let driftStartIndex = config.driftStartWeek - 1
        planted = PlantedEffects(
            seed: config.seed, scorecardID: scorecard.id, scorecardVersion: scorecard.version,
            expertAssessorID: config.expertID,
            lenientAssessorID: assessorIDs[order[0]], lenientExpectedPoints: lenientRate * gain,
            severeAssessorID: assessorIDs[order[1]], severeExpectedPoints: severeRate * loss,
            driftingAssessorID: assessorIDs[order[2]], driftDirection: config.driftDirection,
            driftStartWeek: config.driftStartWeek,
            driftStartDate: start.adding(days: 7 * driftStartIndex),
            driftFinalExpectedPoints: config.weeks - 1 > driftStartIndex ? driftFinalRate * driftCapacity : 0,
            ordinaryAssessorIDs: order.dropFirst(3).sorted().map { assessorIDs[$0] },
            weakCriterionByAgent: weakByAgent, teamByAgent: teamByAgent,
            calibrationSessions: sessions.enumerated().map { week, numbers in
                PlantedEffects.CalibrationSession(
                    week: week + 1, weekStart: start.adding(days: 7 * week),
                    callIDs: numbers.map { SampleGenerator.callID($0, prefix: config.idPrefix) })
            })
    }

    /// Streams the data set: for each call, first its `CallRecord`, then its evaluations (one for a routine
    /// call, one per assessor for a calibration call). Calls come week by week.
    public func generate(
        evaluation: (Evaluation) throws -> Void, call: (CallRecord) throws -> Void
    ) rethrows {
        var truth = [Int](repeating: 0, count: models.count)
        var perceived = truth
        var applicable = [Bool](repeating: true, count: models.count)
        var sectionNA = [Bool](repeating: false, count: scorecard.sections.count)
        var callNumber = 0
        var evaluationNumber = 0
        var routineIndex = 0
        let agentCount = agentIDs.count
        for week in 0..<config.weeks {
            let weekStart = start.adding(days: 7 * week)
            for _ in SampleGenerator.routineRange(week: week, config: config) {
                callNumber += 1
                let agent = routineIndex % agentCount
                routineIndex += 1
                var rng = SeededRandom(seed: config.seed, stream: 1, UInt64(callNumber))
                let date = weekStart.adding(days: rng.below(5))
                drawTruth(agent: agent, rng: &rng, truth: &truth, sectionNA: &sectionNA)
                try call(callRecord(number: callNumber, agent: agent, date: date, truth: truth,
                                    sectionNA: sectionNA, applicable: &applicable, rng: &rng))
                let assessor = rng.below(assessorIDs.count)
                evaluationNumber += 1
                try evaluation(makeEvaluation(
                    number: evaluationNumber, callNumber: callNumber, agent: agent, assessor: assessor, week: week,
                    date: date, truth: truth, sectionNA: sectionNA, perceived: &perceived, applicable: &applicable))
            }
            for k in 0..<config.calibrationCallsPerSession {
                callNumber += 1
                let agent = (week * config.calibrationCallsPerSession + k) % agentCount
                var rng = SeededRandom(seed: config.seed, stream: 1, UInt64(callNumber))
                let date = weekStart.adding(days: rng.below(3))
                drawTruth(agent: agent, rng: &rng, truth: &truth, sectionNA: &sectionNA)
                try call(callRecord(number: callNumber, agent: agent, date: date, truth: truth,
                                    sectionNA: sectionNA, applicable: &applicable, rng: &rng))
                for assessor in assessorIDs.indices {
                    evaluationNumber += 1
                    try evaluation(makeEvaluation(
                        number: evaluationNumber, callNumber: callNumber, agent: agent, assessor: assessor,
                        week: week, date: date, truth: truth, sectionNA: sectionNA, perceived: &perceived,
                        applicable: &applicable, purpose: .calibration))
                }
            }
        }
    }

    // MARK: - Drawing

    /// What actually happened on the call: an answer index per criterion (`-2` = N/A) and section N/As.
    private func drawTruth(agent: Int, rng: inout SeededRandom, truth: inout [Int], sectionNA: inout [Bool]) {
        for s in sectionNA.indices {
            sectionNA[s] = rng.chance(config.sectionNotApplicableRate) && sectionMayBeNotApplicable[s]
        }
        let weak = weakOfAgent[agent]
        for i in models.indices {
            let model = models[i]
            let notApplicable = rng.chance(config.notApplicableRate) && model.mayBeNotApplicable
            let drawn = CriterionModel.draw(i == weak ? model.weakCDF : model.ordinaryCDF, &rng)
            truth[i] = notApplicable ? -2 : drawn
        }
    }

    /// Which criteria apply given these answers (−2 = N/A) and section N/A marks: asked of the scoring kernel,
    /// which decides it exactly as scoring will.
    private func resolveApplicability(answers: [Int], sectionNA: [Bool], into applicable: inout [Bool]) {
        var raw = IndexedAnswers(criteria: models.count, sections: sectionNA.count)
        for i in models.indices {
            if answers[i] >= 0 { raw.answers[i] = models[i].answers[answers[i]] } else if answers[i] == -2 { raw.answers[i] = .notApplicable }
        }
        for s in sectionNA.indices { raw.sectionMarkedNotApplicable[s] = sectionNA[s] }
        var workspace = ScoringWorkspace(plan)
        applicable = plan.applicability(raw, in: &workspace).criteria
    }

    private func makeEvaluation(
        number: Int, callNumber: Int, agent: Int, assessor: Int, week: Int, date: CalendarDay, truth: [Int],
        sectionNA: [Bool], perceived: inout [Int], applicable: inout [Bool], purpose: EvaluationPurpose = .official
    ) -> Evaluation {
        var rng = SeededRandom(seed: config.seed, stream: 2, UInt64(callNumber), UInt64(assessor))
        let role = roles[assessor]
        var upgrade = 0.0
        var downgrade = 0.0
        switch role {
        case .lenient: upgrade = lenientRate
        case .severe: downgrade = severeRate
        case .drifting:
            let startIndex = config.driftStartWeek - 1
            let last = config.weeks - 1
            let progress = week > startIndex && last > startIndex ? Double(week - startIndex) / Double(last - startIndex) : 0
            if config.driftDirection == .lenient { upgrade = driftFinalRate * progress } else {
                downgrade = driftFinalRate * progress
            }
        case .expert, .ordinary: break
        }
        let weak = weakOfAgent[agent]
        for i in models.indices {
            var answer = truth[i]
            let model = models[i]
            if answer >= 0, model.kind == .scored, role != .expert {
                let isWeak = i == weak
                if rng.chance(isWeak ? model.weakRedrawRate : model.ordinaryRedrawRate) {
                    answer = CriterionModel.draw(isWeak ? model.weakCDF : model.ordinaryCDF, &rng)
                }
                let bias = rng.unit()
                if answer >= model.topCount, bias < upgrade {
                    answer = 0
                } else if answer < model.topCount, bias < downgrade, model.hasBelowTop {
                    answer = CriterionModel.draw(model.downgradeCDF, &rng)
                }
            } else if answer >= 0, model.kind == .critical, role == .severe, config.severeCriticalFailRate > 0,
                      !model.failingAnswers[answer], let failing = model.firstFailingAnswer,
                      rng.chance(config.severeCriticalFailRate) {
                // Drawn only when the knob is set, so that data sets without it stay byte for byte the same.
                answer = failing
            }
            perceived[i] = answer
        }
        resolveApplicability(answers: perceived, sectionNA: sectionNA, into: &applicable)

        var answers = [String: AnswerValue](minimumCapacity: models.count + 1)
        var comments: [String: String] = [:]
        for s in sectionNA.indices where sectionNA[s] { answers[sectionKeys[s]] = .notApplicable }
        for i in models.indices where applicable[i] {
            let model = models[i]
            let answer = perceived[i]
            if answer == -2 {
                answers[model.id] = .notApplicable
            } else if answer >= 0 {
                answers[model.id] = model.answers[answer]
                if let phrases = model.comments[answer] {
                    comments[model.id] = phrases[rng.below(phrases.count)]
                }
            }
        }
        let evaluated = Timestamp(
            secondsSinceEpoch: date.adding(days: 1 + rng.below(2)).daysSinceEpoch * 86_400 + (9 + rng.below(8)) * 3600
                + rng.below(60) * 60)
        return Evaluation(
            id: config.idPrefix + "ev-" + Self.pad(number, 6), callID: callID(callNumber), agentID: agentIDs[agent],
            teamID: teamOfAgent[agent], assessorID: assessorIDs[assessor], scorecardID: scorecard.id,
            scorecardVersion: scorecard.version, callDate: date, evaluatedAt: evaluated,
            answers: answers, comments: comments, purpose: purpose)
    }

    /// The call's KPIs, driven by what actually happened: resolution criteria make first-contact resolution
    /// likelier, empathy criteria raise CSAT, unresolved calls take longer and are transferred more.
    private func callRecord(
        number: Int, agent: Int, date: CalendarDay, truth: [Int], sectionNA: [Bool], applicable: inout [Bool],
        rng: inout SeededRandom
    ) -> CallRecord {
        resolveApplicability(answers: truth, sectionNA: sectionNA, into: &applicable)
        func meanFraction(_ indices: [Int]) -> Double {
            var sum = 0.0
            var count = 0.0
            for i in indices where applicable[i] && truth[i] >= 0 {
                sum += min(models[i].fractions[truth[i]], 1)
                count += 1
            }
            return count > 0 ? sum / count : 0.85
        }
        let resolution = meanFraction(resolutionCriteria)
        let empathy = meanFraction(empathyCriteria)
        let resolved = rng.chance(0.45 + 0.45 * resolution)
        let noise = rng.gaussian()
        let extra = resolved ? 0 : 60 + rng.below(121)
        let handle = max(60, Int((handleTimeBase[agent] * (1 + 0.15 * noise)).rounded()) + extra)
        let transferred = rng.chance(resolved ? 0.06 : 0.25)
        let second = rng.chance(0.15)
        let csatValue = 2.2 + 2.2 * empathy + (resolved ? 0.5 : -0.3) + 0.7 * rng.gaussian()
        return CallRecord(
            callID: callID(number), agentID: agentIDs[agent], teamID: teamOfAgent[agent],
            date: date, handleTimeSeconds: handle, firstContactResolution: resolved,
            csat: min(5, max(1, Int(csatValue.rounded()))), transfers: transferred ? (second ? 2 : 1) : 0)
    }

    // MARK: - Layout helpers

    func callID(_ number: Int) -> String { Self.callID(number, prefix: config.idPrefix) }

    static func callID(_ number: Int, prefix: String) -> String { prefix + "call-" + pad(number, 6) }

    /// Zero-padded decimal digits (for ids).
    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Routine evaluations of a week: an even share of the total.
    static func routineRange(week: Int, config: SampleConfig) -> Range<Int> {
        let total = max(config.evaluations, 0)
        let weeks = max(config.weeks, 1)
        return (total * week / weeks)..<(total * (week + 1) / weeks)
    }

    /// `a` … `z`, `aa` … `zz` (like spreadsheet columns).
    static func teamLetters(_ index: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        var n = index + 1
        var result = ""
        while n > 0 {
            n -= 1
            result = String(letters[n % 26]) + result
            n /= 26
        }
        return result
    }

    /// Points of the 0–100 total one criterion's full credit is worth (its effective weight from the scoring
    /// kernel, everything applicable) — used to size the planted biases. Informational and bonus criteria 0.
    static func pointsWorth(scorecard: Scorecard, models: [CriterionModel]) -> [Double] {
        let plan = ScoringPlan(scorecard)
        let weights = plan.effectiveWeights
        return models.map { model in
            guard model.kind == .scored || model.kind == .critical, let i = plan.criterionIndex[model.criterion.id]
            else { return 0 }
            return 100 * weights[i]
        }
    }
}
