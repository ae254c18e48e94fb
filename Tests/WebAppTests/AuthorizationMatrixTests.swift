import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WebApp
import Workbench
import Workspace

/// Every route tried as every role and as nobody, against a table of what each may do. The table is written
/// here, apart from the code it checks: any difference fails.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    /// Who tries: a role's account (leader-a leads team-a; agent-02 is in team-a), or nobody.
    enum Who: String, CaseIterable, Sendable {
        case nobody, admin, qaLead = "qa-lead", assessor = "assessor-2", teamLeader = "leader-a", agent = "agent-02"
    }

    /// What a route gives: the page or action (2xx, or a redirect after a form), the same "not found" as for
    /// anything that does not exist, a redirect to sign in, or refused (a POST without a session).
    enum Outcome: String, Sendable {
        case allowed, notFound, signIn, refused
    }

    struct Route: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: @Sendable (TeamFixture) -> String
        var form: [(String, String)] = []
        var name: String
        /// The outcome for each who; anyone not named gets `notFound` (nobody: `signIn` for GET, `refused` for POST).
        var allowed: Set<Who>
        var description: String { "\(method) \(name)" }
    }

    static let routes: [Route] = [
        Route(method: .get, path: { _ in "/" }, name: "/ (home)", allowed: [.admin, .qaLead, .assessor, .teamLeader, .agent]),
        Route(method: .get, path: { _ in "/calls" }, name: "/calls", allowed: [.qaLead]),
        Route(method: .post, path: { _ in "/assignments" }, form: [("call", "call-000003"), ("assessor", "assessor-2"), ("template", "1")],
              name: "/assignments", allowed: [.qaLead]),
        Route(method: .get, path: { "/calls/\($0.assignedCall)/score" }, name: "score an assigned call", allowed: [.qaLead, .assessor]),
        Route(method: .get, path: { "/calls/\($0.unassignedCall)/score" }, name: "score a call not assigned", allowed: [.qaLead]),
        Route(method: .post, path: { "/calls/\($0.assignedCall)/draft" }, form: [("answer.greeting", "yes")],
              name: "autosave a draft", allowed: [.qaLead, .assessor]),
        Route(method: .post, path: { "/calls/\($0.assignedCall)/score" }, form: [("action", "save"), ("answer.greeting", "yes")],
              name: "save a draft", allowed: [.qaLead, .assessor]),
        Route(method: .post, path: { "/calls/\($0.unassignedCall)/score" }, form: [("action", "save")],
              name: "save a draft of a call not assigned", allowed: [.qaLead]),
        Route(method: .get, path: { "/evaluations/\($0.agentOwnReleased)" }, name: "agent-02's released evaluation",
              allowed: [.qaLead, .teamLeader, .agent]),
        Route(method: .get, path: { "/evaluations/\($0.agentOwnUnreleased)" }, name: "agent-02's unreleased evaluation",
              allowed: [.qaLead]),
        Route(method: .get, path: { "/evaluations/\($0.otherAgentReleased)" }, name: "agent-01's released evaluation",
              allowed: [.qaLead, .teamLeader]),
        Route(method: .get, path: { "/evaluations/\($0.otherTeamReleased)" }, name: "a team-b evaluation", allowed: [.qaLead]),
        Route(method: .get, path: { "/evaluations/\($0.calibration)" }, name: "a calibration evaluation of agent-02",
              allowed: [.qaLead]),
        Route(method: .get, path: { "/evaluations/\($0.byAssessor)" }, name: "an evaluation by assessor-2",
              allowed: [.qaLead, .assessor, .teamLeader]),
        Route(method: .get, path: { _ in "/evaluations/no-such-evaluation" }, name: "an evaluation that does not exist",
              allowed: []),
        // The release, acknowledgement and dispute workflow (in this order: each changes what the next finds).
        Route(method: .post, path: { "/evaluations/\($0.agentOwnUnreleased)/release" }, form: [("on", "2026-12-10")],
              name: "schedule the release of an evaluation", allowed: [.qaLead]),
        Route(method: .post, path: { "/evaluations/\($0.agentOwnUnreleased)/cancel-release" },
              name: "cancel a scheduled release", allowed: [.qaLead]),
        Route(method: .post, path: { "/evaluations/\($0.agentSecondReleased)/acknowledge" },
              name: "acknowledge an evaluation", allowed: [.agent]),
        Route(method: .get, path: { "/evaluations/\($0.agentOwnReleased)/dispute" }, name: "the dispute form",
              allowed: [.agent]),
        Route(method: .post, path: { "/evaluations/\($0.agentOwnReleased)/dispute" },
              form: [("whole", "yes"), ("comment.whole", "The customer was helped.")], name: "raise a dispute",
              allowed: [.agent]),
        Route(method: .get, path: { _ in "/disputes" }, name: "/disputes",
              allowed: [.qaLead, .assessor, .teamLeader, .agent]),
        Route(method: .get, path: { "/disputes/\($0.disputeID)" }, name: "a dispute of agent-02 (assessor-2's evaluation)",
              allowed: [.qaLead, .assessor, .teamLeader, .agent]),
        Route(method: .get, path: { _ in "/disputes/999999" }, name: "a dispute that does not exist", allowed: []),
        Route(method: .post, path: { "/disputes/\($0.disputeID)/assign" }, form: [("arbitrator", "assessor-2")],
              name: "assign a dispute's arbitrator", allowed: [.qaLead]),
        Route(method: .post, path: { "/disputes/\($0.disputeID)/review" }, name: "start reviewing a dispute",
              allowed: [.assessor]),
        Route(method: .post, path: { "/disputes/\($0.disputeID)/decide" }, form: [("reason.whole", "The answers stand.")],
              name: "decide a dispute", allowed: [.assessor]),
        Route(method: .get, path: { _ in "/dispute-report" }, name: "/dispute-report", allowed: [.qaLead]),
        Route(method: .get, path: { _ in "/dispute-rules/inbound-customer-service" }, name: "a form's dispute rules",
              allowed: [.qaLead]),
        Route(method: .post, path: { _ in "/dispute-rules/inbound-customer-service" },
              form: [("window", "10"), ("limit", "2"), ("arbitrator", "assessor")], name: "set a form's dispute rules",
              allowed: [.qaLead]),
        Route(method: .post, path: { "/evaluations/\($0.agentOwnUnreleased)/release" }, name: "release an evaluation",
              allowed: [.qaLead]),
        Route(method: .get, path: { _ in "/teams" }, name: "/teams", allowed: [.qaLead, .teamLeader]),
        Route(method: .get, path: { _ in "/teams/team-a" }, name: "team-a's dashboard", allowed: [.qaLead, .teamLeader]),
        Route(method: .get, path: { _ in "/teams/team-b" }, name: "team-b's dashboard", allowed: [.qaLead]),
        Route(method: .get, path: { _ in "/templates" }, name: "/templates", allowed: [.qaLead]),
        Route(method: .get, path: { _ in "/agents/agent-02/plan" }, name: "agent-02's coaching plan",
              allowed: [.qaLead, .teamLeader, .agent]),
        Route(method: .get, path: { _ in "/agents/agent-01/plan" }, name: "agent-01's coaching plan",
              allowed: [.qaLead, .teamLeader]),
        Route(method: .get, path: { _ in "/agents/agent-04/plan" }, name: "a team-b agent's coaching plan", allowed: [.qaLead]),
        Route(method: .post, path: { _ in "/agents/agent-02/sessions" }, form: sessionForm("further-help"),
              name: "record a one-to-one with agent-02", allowed: [.qaLead, .teamLeader]),
        Route(method: .post, path: { _ in "/agents/agent-04/sessions" }, form: sessionForm("further-help"),
              name: "record a one-to-one with a team-b agent", allowed: [.qaLead]),
        Route(method: .post, path: { _ in "/agents/no-such-agent/sessions" }, form: sessionForm("further-help"),
              name: "record a one-to-one with an agent that does not exist", allowed: []),
        Route(method: .get, path: { _ in "/reports" }, name: "/reports", allowed: [.qaLead]),
        Route(method: .get, path: { _ in "/reports/calibration/1" }, name: "a calibration report", allowed: [.qaLead]),
        Route(method: .get, path: { _ in "/reports/drift/1" }, name: "a drift report", allowed: [.qaLead]),
        Route(method: .get, path: { _ in "/calibration" }, name: "/calibration (sessions)", allowed: [.qaLead, .assessor]),
        Route(method: .post, path: { _ in "/calibration" },
              form: [("name", "Matrix"), ("template", "1"), ("assessor", "assessor-1"), ("assessor", "assessor-2"),
                     ("reference", "consensus"), ("call", "call-000005")],
              name: "open a calibration session", allowed: [.qaLead]),
        Route(method: .get, path: { "/calibration/\($0.openSession)" }, name: "an open calibration session",
              allowed: [.qaLead, .assessor]),
        Route(method: .get, path: { "/calibration/\($0.openSession)/calls/\($0.calibrationCalls[0])/score" },
              name: "score a call in a calibration session", allowed: [.assessor]),
        Route(method: .post, path: { "/calibration/\($0.openSession)/calls/\($0.calibrationCalls[0])/draft" },
              form: [("answer.greeting", "yes")], name: "autosave a calibration draft", allowed: [.assessor]),
        Route(method: .post, path: { "/calibration/\($0.openSession)/calls/\($0.calibrationCalls[0])/score" },
              form: [("action", "save"), ("answer.greeting", "yes")], name: "save a calibration draft", allowed: [.assessor]),
        Route(method: .get, path: { "/calibration/\($0.revealedSession)" }, name: "a revealed calibration session",
              allowed: [.qaLead, .assessor]),
        Route(method: .post, path: { "/calibration/\($0.revealedSession)/key" },
              form: [("call", "call-000003"), ("criterion", "greeting"), ("answer", "yes"), ("note", "agreed")],
              name: "record an agreed answer", allowed: [.qaLead]),
        Route(method: .get, path: { _ in "/calibration/assessors/assessor-2" }, name: "assessor-2's calibration history",
              allowed: [.qaLead, .assessor]),
        Route(method: .get, path: { _ in "/calibration/assessors/assessor-1" }, name: "assessor-1's calibration history",
              allowed: [.qaLead]),
        Route(method: .post, path: { "/calibration/\($0.openSession)/reveal" }, name: "reveal a calibration session",
              allowed: [.qaLead]),
        Route(method: .post, path: { "/calibration/\($0.revealedSession)/close" }, name: "close a calibration session",
              allowed: [.qaLead]),
        Route(method: .get, path: { _ in "/notifications" }, name: "/notifications (one's own)",
              allowed: [.admin, .qaLead, .assessor, .teamLeader, .agent]),
        Route(method: .post, path: { _ in "/notifications/read" }, name: "mark one's notifications read",
              allowed: [.admin, .qaLead, .assessor, .teamLeader, .agent]),
        Route(method: .get, path: { _ in "/accounts" }, name: "/accounts", allowed: [.admin]),
        Route(method: .post, path: { _ in "/accounts" },
              form: [("username", "new-agent"), ("role", "agent"), ("team", "team-a"), ("password", "long-enough-password")],
              name: "add an account", allowed: [.admin]),
        Route(method: .post, path: { _ in "/accounts/leader-b/disable" }, name: "disable an account", allowed: [.admin]),
        // The retention policy on the administrator's page (a 120-month policy touches none of the fixture's calls).
        Route(method: .post, path: { _ in "/accounts/retention" }, form: [("months", "120"), ("action", "pseudonymise")],
              name: "set the retention policy", allowed: [.admin]),
        Route(method: .post, path: { _ in "/accounts/retention/run" }, form: [("confirm", "yes")],
              name: "run the retention policy", allowed: [.admin]),
        // Sampling and the queues. Assignment 1 is the fixture's call assigned to assessor-2 by hand; run 1 exists
        // only once the QA lead's draw just before has made it.
        Route(method: .get, path: { _ in "/sampling" }, name: "/sampling", allowed: [.qaLead]),
        Route(method: .post, path: { _ in "/sampling/preview" }, form: samplingForm, name: "preview a draw", allowed: [.qaLead]),
        Route(method: .post, path: { _ in "/sampling/draw" }, form: samplingForm, name: "draw and assign", allowed: [.qaLead]),
        Route(method: .get, path: { _ in "/sampling/runs/1" }, name: "a sampling run's progress", allowed: [.qaLead]),
        Route(method: .get, path: { _ in "/sampling/runs/999" }, name: "a sampling run that does not exist", allowed: []),
        Route(method: .get, path: { _ in "/queue" }, name: "/queue", allowed: [.qaLead, .assessor]),
        Route(method: .post, path: { _ in "/queue/1/claim" }, name: "claim assessor-2's assignment", allowed: [.assessor]),
        Route(method: .post, path: { _ in "/queue/1/release" }, name: "release assessor-2's assignment",
              allowed: [.qaLead, .assessor]),
        Route(method: .post, path: { _ in "/queue/1/replace" }, form: [("reason", "no audio")],
              name: "replace assessor-2's assignment", allowed: [.qaLead, .assessor]),
        Route(method: .post, path: { _ in "/queue/999/claim" }, name: "claim an assignment that does not exist", allowed: []),
        Route(method: .post, path: { _ in "/queue/1/delete" }, name: "an action on an assignment that does not exist",
              allowed: []),
        // Last: it erases leader-b from this role's fixture.
        Route(method: .post, path: { _ in "/accounts/erase" }, form: [("person", "leader-b"), ("confirm", "yes")],
              name: "erase a person who has left", allowed: [.admin]),
    ]

    /// A valid one-to-one ("further-help" is a development area of agent-02's and agent-04's plans in the fixture).
    static func sessionForm(_ area: String) -> [(String, String)] {
        [("held", "2025-03-14"), ("area", area), ("actions", "Listen to two calls together"),
         ("target", "Full credit in 9 of the next 10"), ("followUp", "2025-04-14")]
    }

    /// A valid sampling policy: one call per agent of January 2025 for assessor-2, with the first form.
    static let samplingForm: [(String, String)] = [
        ("template", "1"), ("quota", "per-agent"), ("per-agent", "1"), ("from", "2025-01-01"), ("to", "2025-01-31"),
        ("assessor", "assessor-2"), ("seed", "5"), ("due-in", "7"),
    ]

    static func expected(_ route: Route, _ who: Who) -> Outcome {
        if who == .nobody { return route.method == .get ? .signIn : .refused }
        return route.allowed.contains(who) ? .allowed : .notFound
    }

    static func outcome(_ response: TestResponse) -> Outcome {
        switch response.status.code {
        case 200..<300: return .allowed
        case 303 where response.headers[.location]?.hasPrefix("/sign-in") == true: return .signIn
        case 300..<400: return .allowed
        case 404: return .notFound
        case 403: return .refused
        default: return .refused
        }
    }

    @Test("every route as every role and as nobody matches the table", arguments: TestEngine.available)
    func matrix(engine: TestEngine) async throws {
        var differences: [String] = []
        for who in Who.allCases {
            // A fresh team for each person: what one may change (an account disabled, a release) must not decide
            // what the next one sees.
            let team = try TeamFixture(engine)
            let session = who == .nobody ? nil : try team.session(who.rawValue)
            differences += try await team.withClient { client -> [String] in
                var differences: [String] = []
                for route in Self.routes {
                    let path = route.path(team)
                    let response: TestResponse
                    if route.method == .get {
                        response = try await client.get(path, cookie: session?.cookie)
                    } else {
                        response = try await client.post(path, cookie: session?.cookie,
                                                          form: [("csrf", session?.csrf ?? "")] + route.form)
                    }
                    let got = Self.outcome(response)
                    let want = Self.expected(route, who)
                    if got != want {
                        differences.append("\(who.rawValue) \(route): expected \(want), got \(got) (\(response.status.code))")
                    }
                    if want == .notFound {
                        #expect(response.text.contains("There is nothing here, or it is not yours to see."))
                    }
                }
                return differences
            }
        }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }
}
