import Coaching
import Foundation
import QAModel
import Records
import SampleData
import ScorecardFormat
import Testing
import Workbench
@testable import Workspace

/// The follow-up made from a workspace (both engines) on generated data: the shipped inbound template, `qa sample`'s
/// generator, and coaching planted for half the agents (their weak criterion gets full credit on 90% of the calls
/// after the one-to-one). The one-to-ones are recorded from each agent's plan, as the command line does.
@Suite("Coaching follow-up in the workspace, on generated data")
struct CoachingFollowUpWorkspaceTests {
    @Test("helped agents show a change more than chance; the others do not", arguments: TestEngine.available)
    func helpedAndNot(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let clock: @Sendable () -> Timestamp = { Timestamp("2026-12-01T09:00:00Z") ?? Timestamp(secondsSinceEpoch: 0) }
        let database: SQLDatabase
        switch engine {
        case .sqlite: database = try SQLiteDatabase(path: folder.path + "/workspace.sqlite")
        case .postgres:
            database = try PostgresDatabase.freshTestDatabase(serverURL: ProcessEnvironment.values["QA_TEST_POSTGRES_URL"] ?? "")
        }
        let workspace = try Workspace(database: database, actor: "tester", now: clock)
        defer { workspace.close() }
        let path = packageRoot + "/scorecards/inbound-customer-service.xml"
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let card = try #require(ScorecardLoader.load(bytes: bytes, path: path).scorecard)
        _ = try workspace.change { session in
            try TemplateStore.add(card, xml: bytes, source: path, in: workspace, session: session)
        }
        var config = SampleConfig()
        config.seed = 11
        config.teams = 2
        config.agentsPerTeam = 4
        config.evaluations = 800
        config.calibrationCallsPerSession = 0
        config.criticalFailureRate = 0
        let generator = try SampleGenerator(scorecard: card, config: config)
        let weak = generator.planted.weakCriterionByAgent
        let agents = generator.agentIDs
        let heldOn = try #require(CalendarDay("2025-02-17"))
        let today = try #require(CalendarDay("2025-03-30"))
        var rng = SeededRandom(seed: 11, stream: 99)
        try workspace.change { session in
            let importer = EvaluationImporter(workspace: workspace, session: session, reason: "generated")
            importer.releasedAt = clock()
            try generator.generate(evaluation: { evaluation in
                var evaluation = evaluation
                if let index = agents.firstIndex(of: evaluation.agentID), index % 2 == 0, evaluation.callDate > heldOn,
                   let id = weak[evaluation.agentID], let criterion = card.criteria.first(where: { $0.id == id }),
                   let answer = evaluation.answers[id], !answer.isNotApplicable, rng.unit() < 0.9 {
                    switch criterion.answerType {
                    case .scale(_, let max, _): evaluation.answers[id] = .number(Double(max))
                    case .choice(let options):
                        if let top = options.max(by: { $0.points < $1.points }) { evaluation.answers[id] = .token(top.id) }
                    default: evaluation.answers[id] = .yes
                    }
                    evaluation.comments[id] = nil
                }
                _ = try importer.add(evaluation, location: RecordLocation(file: "generated", line: 1))
            }, call: { _ in })
            try importer.flush()
        }
        let templates = TemplateCache()
        var helped = 0
        var others = 0
        for (index, agent) in agents.enumerated() {
            let area = try #require(weak[agent])
            let draft = CoachingSessionDraft(agent: agent, heldOn: heldOn.description, areas: [area],
                                             actions: "Practise it", target: "Full credit in 9 of 10", followUpOn: "2025-03-17")
            let id = try #require(try CoachingSessions.record(draft, by: .commandLine("lead"), in: workspace,
                                                              templates: templates, today: today), "\(agent)")
            let session = try #require(try CoachingSessions.find(id, for: .commandLine("lead"), in: workspace))
            let followUp = try #require(try CoachingSessions.followUp(session, for: .commandLine("lead"), in: workspace,
                                                                      templates: templates, today: today))
            let item = try #require(followUp.criteria.first)
            let words = FollowUpWording.line(item, rules: followUp.rules)
            #expect(item.before.evaluations >= 10 && item.after.evaluations >= 10, "\(agent): \(words)")
            if index % 2 == 0 {
                #expect(item.verdict == .improved, "\(agent): \(words)")
                if item.verdict == .improved { helped += 1 }
            } else {
                #expect(item.verdict == .noClearChange, "\(agent): \(words)")
                if item.verdict == .noClearChange { others += 1 }
            }
            // Five days after: too little evidence, whoever it is.
            let early = try #require(try CoachingSessions.followUp(session, for: .commandLine("lead"), in: workspace,
                                                                   templates: templates, today: heldOn.adding(days: 5)))
            #expect(early.criteria.first?.verdict == .tooLittleEvidence, "\(agent)")
        }
        #expect(helped == 4 && others == 4)
    }
}
