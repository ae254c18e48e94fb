import Coaching
import QAModel
import Scoring

// A small hand-built data set: one team (t1) of two agents, scored on a five-criterion template, where every
// figure of agent-a's plan is worked out by hand in PlanFiguresTests.swift.
//
// Template (plain points form: no section weights, so total = 100 × Σ weight × earned / Σ applicable weight):
//   opening:  greet      yes/no   empathy     weight 1
//             verify     yes/no   compliance  weight 2, critical (form) on "no", comment required on "no"
//   handling: empathise  yes/no   empathy     weight 2
//             resolve    choice   resolution  weight 4 (full = 2, partial = 1, none = 0 points)
//             recap      yes/no   resolution  weight 1, N/A allowed
// Pass mark 80; bands Excellent 90–100, Good 75–90, Needs improvement 0–75.
enum HandBuiltSet {
    static let scorecard = Scorecard(
        id: "inbound", version: "2", title: "Inbound service",
        categories: [Category(id: "empathy", title: "Empathy", kind: .empathy), Category(id: "compliance", title: "Compliance", kind: .compliance),
                     Category(id: "resolution", title: "Resolution", kind: .resolution)],
        sections: [
            Section(id: "opening", title: "Opening", criteria: [
                Criterion(id: "greet", category: "empathy", prompt: "Greets the customer warmly and gives their name",
                          answerType: .yesNo(points: 1), weight: 1),
                Criterion(id: "verify", category: "compliance", prompt: "Verifies the caller's identity before discussing the account",
                          answerType: .yesNo(points: 1), weight: 2,
                          critical: CriticalRule(scope: .form, failingAnswers: .answers(["no"])),
                          commentRequired: .answers(["no"])),
            ]),
            Section(id: "handling", title: "Handling", criteria: [
                Criterion(id: "empathise", category: "empathy", prompt: "Acknowledges the customer's feelings",
                          answerType: .yesNo(points: 1), weight: 2),
                Criterion(id: "resolve", category: "resolution", prompt: "Resolves the customer's issue on the call",
                          answerType: .choice(options: [ChoiceOption(id: "full", label: "Fully", points: 2),
                                                        ChoiceOption(id: "partial", label: "Partly", points: 1),
                                                        ChoiceOption(id: "none", label: "Not at all", points: 0)]),
                          weight: 4),
                Criterion(id: "recap", category: "resolution", prompt: "Recaps the next steps before closing",
                          answerType: .yesNo(points: 1), weight: 1, allowsNotApplicable: true),
            ]),
        ],
        passMark: 80,
        bands: [Band(id: "excellent", title: "Excellent", min: 90, max: 100),
                Band(id: "good", title: "Good", min: 75, max: 90),
                Band(id: "poor", title: "Needs improvement", min: 0, max: 75)])

    /// One evaluation; answers default to full credit, `changes` overrides some.
    static func evaluation(
        _ id: String, call: String, agent: String, date: String, assessor: String = "qa-1",
        _ changes: [String: AnswerValue] = [:], comments: [String: String] = [:]
    ) -> Evaluation {
        var answers: [String: AnswerValue] = [
            "greet": .yes, "verify": .yes, "empathise": .yes, "resolve": .token("full"), "recap": .yes,
        ]
        for (key, value) in changes { answers[key] = value }
        return Evaluation(id: id, callID: call, agentID: agent, teamID: "t1", assessorID: assessor,
                          scorecardID: "inbound", scorecardVersion: "2", callDate: testDay(date),
                          evaluatedAt: testStamp(date + "T16:00:00Z"), answers: answers, comments: comments)
    }

    static let partial = AnswerValue.token("partial")

    /// The records, in input order. Totals (worked out from the weights above, all 10 when every criterion
    /// applies): see each line.
    static let evaluations: [Evaluation] = [
        // Outside the period (before 2 November): ignored everywhere.
        evaluation("a0", call: "c00", agent: "agent-a", date: "2026-10-20"),
        // agent-a
        evaluation("a1", call: "c01", agent: "agent-a", date: "2026-11-02"),                       // 10/10 → 100, pass
        evaluation("a2", call: "c02", agent: "agent-a", date: "2026-11-04",
                   ["empathise": .no, "resolve": partial]),                                         // 1+2+0+2+1 = 6 → 60
        evaluation("a3", call: "c03", agent: "agent-a", date: "2026-11-06",
                   ["verify": .no, "resolve": partial, "recap": .no],
                   comments: ["verify": "Skipped the security questions"]),                         // critical → 0
        evaluation("a4", call: "c04", agent: "agent-a", date: "2026-11-09", ["resolve": .token("none")],
                   comments: ["resolve": "Promised a call back instead of fixing the address"]),    // 1+2+2+0+1 = 6 → 60
        evaluation("a5", call: "c05", agent: "agent-a", date: "2026-11-11", ["resolve": partial]),  // 8 → 80, pass
        // In the excluded window (telephony outage 16–17 November): left out.
        evaluation("a6", call: "c06", agent: "agent-a", date: "2026-11-16",
                   ["greet": .no, "empathise": .no, "resolve": .token("none"), "recap": .no]),     // 2 → 20
        evaluation("a7", call: "c07", agent: "agent-a", date: "2026-11-18"),                        // 100, pass
        // Call c08 scored by two assessors.
        evaluation("a8", call: "c08", agent: "agent-a", date: "2026-11-20", ["resolve": partial],
                   comments: ["resolve": "Gave the refund timeline but not the reference number"]), // 80, pass
        evaluation("a9", call: "c08", agent: "agent-a", date: "2026-11-20", assessor: "qa-2", ["empathise": .no],
                   comments: ["empathise": "Talked over the customer twice"]),                      // 1+2+0+4+1 = 8 → 80
        // agent-b
        evaluation("b1", call: "c11", agent: "agent-b", date: "2026-11-03", ["greet": .no]),        // 9 → 90
        evaluation("b2", call: "c12", agent: "agent-b", date: "2026-11-05", ["greet": .no]),        // 90
        evaluation("b3", call: "c13", agent: "agent-b", date: "2026-11-10", ["recap": .notApplicable]), // 9/9 → 100
        evaluation("b4", call: "c14", agent: "agent-b", date: "2026-11-19",
                   ["greet": .no, "empathise": .no, "resolve": partial]),                           // 0+2+0+2+1 = 5 → 50
        evaluation("b5", call: "c15", agent: "agent-b", date: "2026-11-24", ["greet": .no]),        // 90
    ]

    static func scored(with card: Scorecard = scorecard) throws -> [ScoredEvaluation] {
        let plan = ScoringPlan(card)
        return try evaluations.map { ScoredEvaluation(evaluation: $0, score: try plan.score($0).get()) }
    }

    /// The calls file, as a reader would hand it over (row 1 is the header). `notes` is not numeric and is
    /// ignored; `transfers` is reported as an extra KPI.
    static let kpiRows = TableRows(
        header: ["call_id", "agent_id", "team_id", "date", "handle_time_seconds", "first_contact_resolution", "csat",
                 "transfers", "notes"],
        rows: [
            (2, ["c00", "agent-a", "t1", "2026-10-20", "200", "true", "5", "0", "before the period"]),
            (3, ["c01", "agent-a", "t1", "2026-11-02", "300", "true", "5", "0", ""]),
            (4, ["c02", "agent-a", "t1", "2026-11-04", "420", "false", "3", "1", ""]),
            (5, ["c03", "agent-a", "t1", "2026-11-06", "360", "true", "4", "0", ""]),
            (6, ["c04", "agent-a", "t1", "2026-11-09", "480", "false", "2", "2", ""]),
            (7, ["c05", "agent-a", "t1", "2026-11-11", "390", "true", "4", "0", ""]),
            (8, ["c06", "agent-a", "t1", "2026-11-16", "600", "false", "1", "3", "outage"]),
            (9, ["c07", "agent-a", "t1", "2026-11-18", "330", "true", "5", "0", ""]),
            (10, ["c08", "agent-a", "t1", "2026-11-20", "350", "true", "4", "1", ""]),
            (11, ["c11", "agent-b", "t1", "2026-11-03", "280", "true", "5", "0", ""]),
            (12, ["c12", "agent-b", "t1", "2026-11-05", "310", "true", "4", "0", ""]),
            (13, ["c13", "agent-b", "t1", "2026-11-10", "290", "true", "5", "0", ""]),
            (14, ["c14", "agent-b", "t1", "2026-11-19", "450", "false", "2", "1", ""]),
            (15, ["c15", "agent-b", "t1", "2026-11-24", "300", "true", "4", "0", ""]),
        ])

    static func settings() -> CoachingSettings {
        CoachingSettings(
            from: CalendarDay("2026-11-02"), to: CalendarDay("2026-11-29"),
            exclusions: [ExclusionWindow(start: CalendarDay(year: 2026, month: 11, day: 16) ?? CalendarDay(daysSinceEpoch: 0),
                                         end: CalendarDay(year: 2026, month: 11, day: 17) ?? CalendarDay(daysSinceEpoch: 0),
                                         reason: "Telephony outage")],
            today: CalendarDay(year: 2026, month: 11, day: 23) ?? CalendarDay(daysSinceEpoch: 0))
    }

    static func run(_ selection: AgentSelection = .team("t1"), card: Scorecard = scorecard) throws -> CoachingRun {
        let kpis = KPITable.read(kpiRows).table
        return CoachingPlanner(scorecard: card, settings: settings())
            .plans(for: selection, evaluations: try scored(with: card), kpis: kpis)
    }
}
