import Evaluator
import QAModel
import Scoring
import Workspace

/// A team's figures over recent weeks, as its dashboard shows them: the weekly mean score and pass rate, each
/// agent's results and their share of possible points on each criterion (the heat map), and the critical
/// failures. Built only from the evaluations the person may see (a team leader: released official ones).
public struct TeamDashboard: Sendable {
    /// One week (Monday to Sunday).
    public struct Week: Sendable, Hashable {
        public var monday: CalendarDay
        public var evaluations: Int
        public var meanScore: Double?
        public var passRate: Double?
    }

    /// One agent's row of the heat map.
    public struct AgentRow: Sendable, Hashable {
        public var agent: String
        public var evaluations: Int
        public var meanScore: Double?
        public var passRate: Double?
        public var criticalFailures: Int
        /// Share of possible points (0–1) by criterion id; missing when never applicable.
        public var criterionShares: [String: Double]
    }

    /// A critical failure on one evaluation.
    public struct CriticalFailureRow: Sendable, Hashable {
        public var evaluation: String
        public var agent: String
        public var callDate: String
        public var question: String
        public var effect: String
    }

    public var team: String
    public var from: CalendarDay?
    public var to: CalendarDay?
    public var weeks: [Week]
    public var agents: [AgentRow]
    /// The heat map's columns: criterion id and question, in the newest template's order.
    public var criteria: [(id: String, prompt: String)]
    public var criticalFailures: [CriticalFailureRow]
    public var evaluations: Int
    /// When the team's evaluations used several forms: the one whose questions the heat map shows.
    public var heatMapForm: String?

    /// How many weeks the dashboard covers, ending with the week of the newest evaluation it may show.
    public static let weeksShown = 13

    /// The dashboard of `team` for `account` (nil when they may not see it).
    public static func load(team: String, for account: Account, in workspace: Workspace,
                            templates: TemplateCache) throws -> TeamDashboard? {
        guard AccessPolicy.seesTeam(account, team) else { return nil }
        return try workspace.database.read { session in
            guard let newest = try VisibleEvaluations.newestCallDate(team: team, account: account, now: workspace.now(),
                                                                     session) else {
                return TeamDashboard(team: team, from: nil, to: nil, weeks: [], agents: [], criteria: [],
                                     criticalFailures: [], evaluations: 0, heatMapForm: nil)
            }
            let lastMonday = monday(of: newest)
            let from = CalendarDay(daysSinceEpoch: lastMonday.daysSinceEpoch - 7 * (weeksShown - 1))
            var weeks = (0..<weeksShown).map { i in
                Week(monday: CalendarDay(daysSinceEpoch: from.daysSinceEpoch + 7 * i), evaluations: 0, meanScore: nil,
                     passRate: nil)
            }
            var weekTotals = Array(repeating: (sum: 0.0, scored: 0, passed: 0), count: weeksShown)
            var agentTotals: [String: (n: Int, sum: Double, scored: Int, passed: Int, critical: Int,
                                       earned: [String: Double], possible: [String: Double])] = [:]
            var failures: [CriticalFailureRow] = []
            var templateUse: [Int64: Int] = [:]
            var count = 0
            try VisibleEvaluations.forEachScored(team: team, from: from, account: account, now: workspace.now(),
                                                 templates: templates, session) { item in
                let key = item.record.id, agent = item.record.agentID, day = item.record.callDate
                let dateText = day.description
                let template = item.template
                count += 1
                templateUse[item.templateRowID, default: 0] += 1
                let week = (day.daysSinceEpoch - from.daysSinceEpoch) / 7
                var totals = agentTotals[agent] ?? (0, 0, 0, 0, 0, [:], [:])
                totals.n += 1
                if week >= 0, week < weeksShown { weeks[week].evaluations += 1 }
                if let total = item.storedTotal {
                    totals.sum += total
                    totals.scored += 1
                    if week >= 0, week < weeksShown {
                        weekTotals[week].sum += total
                        weekTotals[week].scored += 1
                    }
                }
                if item.storedPassed {
                    totals.passed += 1
                    if week >= 0, week < weeksShown { weekTotals[week].passed += 1 }
                }
                if let score = item.score {
                    for (i, criterion) in item.plan.criteria.enumerated() where criterion.scored && !criterion.bonus {
                        let result = score.criteria[i]
                        guard result.applicable, let earned = result.earned else { continue }
                        // `earned` is the share of the criterion's credit (0–1): the cell is its mean.
                        totals.earned[criterion.id, default: 0] += min(earned, 1)
                        totals.possible[criterion.id, default: 0] += 1
                    }
                    for failure in score.criticalFailures where failure.scope != .flag {
                        totals.critical += 1
                        failures.append(CriticalFailureRow(
                            evaluation: key, agent: agent, callDate: dateText,
                            question: template.criterion(failure.criterion)?.prompt ?? failure.criterion,
                            effect: Wording.scope(failure.scope)))
                    }
                }
                agentTotals[agent] = totals
            }
            for i in weeks.indices where weekTotals[i].scored > 0 {
                weeks[i].meanScore = weekTotals[i].sum / Double(weekTotals[i].scored)
                weeks[i].passRate = Double(weekTotals[i].passed) / Double(weeks[i].evaluations)
            }
            let agents = agentTotals.keys.sorted().map { agent -> AgentRow in
                let t = agentTotals[agent] ?? (0, 0, 0, 0, 0, [:], [:])
                var shares: [String: Double] = [:]
                for (id, possible) in t.possible where possible > 0 { shares[id] = (t.earned[id] ?? 0) / possible }
                return AgentRow(agent: agent, evaluations: t.n, meanScore: t.scored > 0 ? t.sum / Double(t.scored) : nil,
                                passRate: t.n > 0 ? Double(t.passed) / Double(t.n) : nil, criticalFailures: t.critical,
                                criterionShares: shares)
            }
            // The heat map's columns: the form most of the period's evaluations used (the newest version on a tie);
            // a team scored on several forms shows that one's questions, and says so.
            var criteria: [(String, String)] = []
            var heatMapForm: String?
            if let (mostUsed, _) = templateUse.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) {
                let (template, _) = try templates.template(mostUsed, session)
                if templateUse.count > 1 { heatMapForm = template.scorecard.title }
                criteria = template.scorecard.criteria.filter { $0.scored && !$0.bonus }.map { ($0.id, $0.prompt) }
            }
            return TeamDashboard(team: team, from: from, to: newest, weeks: weeks, agents: agents, criteria: criteria,
                                 criticalFailures: Array(failures.suffix(50).reversed()), evaluations: count,
                                 heatMapForm: heatMapForm)
        }
    }

    /// The Monday on or before `day`.
    public static func monday(of day: CalendarDay) -> CalendarDay {
        // 1970-01-01 was a Thursday: days + 3 counts from a Monday.
        let offset = ((day.daysSinceEpoch + 3) % 7 + 7) % 7
        return CalendarDay(daysSinceEpoch: day.daysSinceEpoch - offset)
    }
}

/// The official evaluations of a team a person may see, read back from the workspace and scored with the template
/// version each was made with: what the dashboard and the coaching plans are built from.
public enum VisibleEvaluations {
    /// One evaluation: its record, the template version and plan, the score (nil if the stored answers no longer
    /// check, which the import prevents), and the total and pass stored with it.
    public struct Item {
        public var record: Evaluation
        public var templateRowID: Int64
        public var template: Scorecard
        public var plan: ScoringPlan
        public var score: EvaluationScore?
        public var storedTotal: Double?
        public var storedPassed: Bool
    }

    static func scope(team: String, account: Account, now: Timestamp) -> (String, [SQLValue]) {
        let scope = AccessPolicy.evaluationScope(account, now: now.description)
        return ("e.team = ? AND e.purpose = 'official' AND \(scope.sql)", [.text(team)] + scope.bindings)
    }

    /// The newest call date among them.
    public static func newestCallDate(team: String, account: Account, now: Timestamp, _ session: SQLSession) throws
        -> CalendarDay? {
        let (condition, bindings) = scope(team: team, account: account, now: now)
        guard let text = try session.first("SELECT MAX(e.call_date) FROM evaluations e WHERE \(condition)", bindings)?.text(0)
        else { return nil }
        return CalendarDay(String(text.prefix(10)))
    }

    /// Hands each one with a call on or after `from` to `body`, oldest call first.
    public static func forEachScored(team: String, from: CalendarDay, account: Account, now: Timestamp,
                                     templates: TemplateCache, _ session: SQLSession,
                                     _ body: (Item) throws -> Void) throws {
        let (condition, bindings) = scope(team: team, account: account, now: now)
        try forEachScored(where: condition + " AND e.call_date >= ?", bindings + [.text(from.description)],
                          templates: templates, session, body)
    }

    /// The calibration and official evaluations made with one template version (for the calibration and drift
    /// reports, which only a QA lead sees), oldest call first.
    public static func forCalibration(template rowID: Int64, templates: TemplateCache, _ session: SQLSession,
                                      _ body: (Item) throws -> Void) throws {
        try forEachScored(where: "e.template_id = ? AND e.purpose IN ('calibration', 'official') AND \(AccessPolicy.unsealed)",
                          [.integer(rowID)],
                          templates: templates, session, body)
    }

    static func forEachScored(where condition: String, _ bindings: [SQLValue], templates: TemplateCache,
                              _ session: SQLSession, _ body: (Item) throws -> Void) throws {
        let joins = """
            FROM evaluations e JOIN people ag ON ag.id = e.agent_id JOIN people asr ON asr.id = e.assessor_id
            JOIN evaluation_revisions r ON r.evaluation_id = e.id AND r.revision = e.current_revision
            """
        // Every template version the rows use is in the cache before they are streamed: a query for a template
        // in the middle of a long stream would wait on PostgreSQL for the stream it is inside to end (the same
        // connection), and hang.
        for row in try session.query("SELECT DISTINCT r.template_id \(joins) WHERE \(condition)", bindings) {
            if let id = row.integer(0) { _ = try templates.template(id, session) }
        }
        try session.forEachRow("""
            SELECT e.evaluation_key, e.call_key, ag.person_key, e.call_date, r.template_id, r.answers,
                   r.evaluated_at, r.total_score, r.passed, asr.person_key, e.team, e.purpose
            FROM evaluations e JOIN people ag ON ag.id = e.agent_id JOIN people asr ON asr.id = e.assessor_id
            JOIN evaluation_revisions r ON r.evaluation_id = e.id AND r.revision = e.current_revision
            WHERE \(condition)
            ORDER BY e.call_date, e.id
            """, bindings) { row in
            guard let key = row.text(0), let agent = row.text(2), let dateText = row.text(3),
                  let templateID = row.integer(4) else { return true }
            let (stored, plan) = try templates.template(templateID, session)
            let cells = EvaluationHistory.cellMap(columns: stored.answerColumns, answers: row.text(5) ?? "")
            let summary = EvaluationSummary(
                key: key, callKey: row.text(1) ?? "", agent: agent, assessor: row.text(9) ?? "", team: row.text(10),
                callDate: dateText, purpose: "official", status: "", releasedAt: nil, templateRowID: templateID,
                templateTitle: stored.scorecard.title, templateVersion: stored.scorecard.version, revision: 0,
                total: row.real(7), passed: (row.integer(8) ?? 0) != 0, band: nil, autoFailed: false)
            var record = StoredAnswers.evaluation(cells, summary: summary, scorecard: stored.scorecard,
                                                  evaluatedAt: row.text(6) ?? "")
            record.purpose = EvaluationPurpose(rawValue: row.text(11) ?? "") ?? .official
            var score: EvaluationScore?
            if case .success(let s) = plan.score(record) { score = s }
            try body(Item(record: record, templateRowID: templateID, template: stored.scorecard, plan: plan, score: score,
                          storedTotal: row.real(7), storedPassed: (row.integer(8) ?? 0) != 0))
            return true
        }
    }
}
