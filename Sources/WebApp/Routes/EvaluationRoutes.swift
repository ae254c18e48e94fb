import Evaluator
import Hummingbird
import QAModel
import Scoring
import Workbench
import Workspace

/// An evaluation's page (scores by section and category, critical failures, answers and comments, its history)
/// and releasing it to the agent.
struct EvaluationRoutes {
    let app: WorkbenchApp

    func add(to router: Router<AppContext>) {
        router.get("/evaluations/:key") { request, context in
            let signedIn = try context.person()
            let key = try context.parameters.require("key")
            guard let (detail, workflow) = try await app.pool.run({ workspace -> (EvaluationDetail, EvaluationWorkflowState)? in
                guard let detail = try EvaluationDetail.load(key, for: signedIn.account, in: workspace, templates: app.templates),
                      let workflow = try DisputeDesk.state(of: key, for: signedIn.account, in: workspace) else { return nil }
                return (detail, workflow)
            }) else { return Page.notFound(context) }
            var data = view(detail, signedIn: signedIn)
            DisputeRoutes.addWorkflow(workflow, to: &data)
            data["justSubmitted"] = request.uri.queryParameters["submitted"] != nil
            return Page.render("evaluation", title: "Evaluation of call \(detail.summary.callKey)", context: context,
                               data: data)
        }
        router.post("/evaluations/:key/release") { request, context in
            let signedIn = try context.person()
            let key = try context.parameters.require("key")
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            // `on`: a day (or a timestamp) to release it on; empty for now.
            let onText = (form["on"] ?? "").trimmingCharacters(in: .whitespaces)
            let on = onText.isEmpty ? nil : ReleaseDesk.moment(onText)
            if !onText.isEmpty, on == nil {
                throw HTTPError(.badRequest, message: "Write the release day as YYYY-MM-DD (or pick it), or leave it empty to release now.")
            }
            do {
                let released = try await app.pool.run { workspace in
                    try ReleaseDesk.release(key, on: on, by: signedIn.account, in: workspace)
                }
                return released != nil ? Page.seeOther("/evaluations/\(Show.pathSegment(key))") : Page.notFound(context)
            } catch let refusal as WorkflowRefusal {
                return Page.error(.conflict, message: refusal.message, context: context)
            }
        }
    }

    private func view(_ detail: EvaluationDetail, signedIn: SignedIn) -> [String: Any] {
        let card = detail.template.scorecard
        let summary = detail.summary
        let score = detail.score
        var data: [String: Any] = [
            "call": summary.callKey, "agent": summary.agent, "assessor": summary.assessor,
            "date": String(summary.callDate.prefix(10)), "form": card.title, "version": card.version,
            "purpose": summary.purpose == "official" ? "official evaluation" : "\(summary.purpose) evaluation",
            "state": summary.releasedAt.map { "released \($0.prefix(10))" } ?? "not released to the agent",
            "total": Show.score(summary.total), "path": Show.pathSegment(summary.key), "csrf": signedIn.csrfToken,
            "result": summary.autoFailed ? "Fail (auto-fail)" : summary.passed ? "Pass" : "Fail",
            "resultClass": summary.passed ? "pass" : "fail", "autoFail": summary.autoFailed,
        ]
        if let team = summary.team { data["team"] = team }
        if let band = summary.band, let title = card.bands.first(where: { $0.id == band })?.title { data["band"] = title }
        if let score {
            let critical = score.criticalFailures.map { failure -> [String: String] in
                var item = ["question": card.criterion(failure.criterion)?.prompt ?? failure.criterion,
                            "effect": Wording.scope(failure.scope)]
                if let comment = failure.comment, !comment.isEmpty { item["comment"] = comment }
                return item
            }
            data["hasCritical"] = !critical.isEmpty
            data["critical"] = critical
            data["sections"] = zip(card.sections, score.sections).map { section, result -> [String: String] in
                var note = ""
                if result.zeroedByCriticalFailure { note = "set to 0 by a critical failure" }
                if result.score == nil { note = "not applicable" }
                if let threshold = result.threshold { note = note.isEmpty ? threshold : note + "; " + threshold }
                return ["title": section.title, "score": Show.score(result.score), "note": note]
            }
            data["categories"] = score.categories.map { result -> [String: String] in
                ["title": card.categories.first { $0.id == result.id }?.title ?? result.id, "score": Show.score(result.score)]
            }
            var answerSections: [[String: Any]] = []
            var i = 0
            for section in card.sections {
                var items: [[String: Any]] = []
                for criterion in section.criteria {
                    defer { i += 1 }
                    guard i < score.criteria.count else { continue }
                    let result = score.criteria[i]
                    let answer = detail.record.answers[criterion.id]
                    guard answer != nil || detail.record.answers[Evaluation.sectionKey(section.id)] != nil else { continue }
                    let reader = AnswerReader(criterion, in: section)
                    var item: [String: Any] = [
                        "prompt": criterion.prompt, "critical": criterion.critical != nil,
                        "answer": answer.map(reader.display) ?? "N/A (section)",
                    ]
                    if let comment = detail.record.comments[criterion.id], !comment.isEmpty { item["comment"] = comment }
                    if let earned = result.earned, criterion.scored {
                        let possible = criterion.answerType.possiblePoints
                        item["points"] = "\(formatNumber((earned * possible * 100).rounded() / 100)) of \(formatNumber(possible)) points"
                    }
                    items.append(item)
                }
                if !items.isEmpty { answerSections.append(["title": section.title, "items": items]) }
            }
            data["answerSections"] = answerSections
        }
        let revisions = detail.history.revisions
        data["revisions"] = revisions.map { r -> [String: String] in
            ["revision": String(r.revision), "when": r.createdAt, "author": r.author, "reason": r.reason,
             "total": Show.score(r.total), "result": r.autoFailed ? "Fail (auto-fail)" : r.passed ? "Pass" : "Fail"]
        }
        var changes: [[String: Any]] = []
        for (old, new) in zip(revisions, revisions.dropFirst()) {
            let items = EvaluationHistory.changes(from: old, to: new).map { change -> [String: String] in
                ["column": card.criterion(change.column)?.prompt ?? change.column, "before": change.before ?? "(none)",
                 "after": change.after ?? "(none)"]
            }
            if !items.isEmpty { changes.append(["revision": String(new.revision), "items": items]) }
        }
        data["changes"] = changes
        return data
    }
}
