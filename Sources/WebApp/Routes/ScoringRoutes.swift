import Evaluator
import Foundation
import Hummingbird
import JSON
import QAModel
import Scoring
import TextEscaping
import Workbench
import Workspace

/// The scoring form: open (resuming the draft), save the draft (a button, or the page's script as answers
/// change), submit.
struct ScoringRoutes {
    let app: WorkbenchApp

    /// Where a scoring form lives: an ordinary call (`/calls/:call`) or a call of a blind calibration session
    /// (`/calibration/:session/calls/:call`).
    enum FormScope: Sendable {
        case ordinary
        case calibration(Int64)

        /// The scope a request's path names; nil when the session id is not a number.
        init?(_ context: AppContext) {
            if let text = context.parameters.get("session") {
                guard let id = Int64(text) else { return nil }
                self = .calibration(id)
            } else {
                self = .ordinary
            }
        }

        /// The form's path without `/score` or `/draft`.
        func path(_ call: String) -> String {
            switch self {
            case .ordinary: return "/calls/\(Show.pathSegment(call))"
            case .calibration(let id): return "/calibration/\(id)/calls/\(Show.pathSegment(call))"
            }
        }
    }

    /// The scoring context of a call in `scope`, when `account` may score it there.
    func open(_ scope: FormScope, call: String, template: Int64?, account: Account, workspace: Workspace,
              forShowing: Bool = false) throws -> ScoringContext? {
        switch scope {
        case .ordinary:
            return try ScoringDesk.open(call: call, template: template, for: account, in: workspace,
                                        templates: app.templates, forShowing: forShowing)
        case .calibration(let id):
            return try ScoringDesk.open(call: call, inCalibrationSession: id, for: account, in: workspace,
                                        templates: app.templates, forShowing: forShowing)
        }
    }

    func add(to router: Router<AppContext>) {
        for base in ["/calls/:call", "/calibration/:session/calls/:call"] {
            addForm(to: router, base: base)
        }
    }

    private func addForm(to router: Router<AppContext>, base: String) {
        router.get("\(base)/score") { request, context in
            let signedIn = try context.person()
            let call = try context.parameters.require("call")
            guard let scope = FormScope(context) else { return Page.notFound(context) }
            let requested = request.uri.queryParameters["template"].flatMap { Int64(String($0)) }
            guard let (scoring, state) = try await app.pool.run({ workspace -> (ScoringContext, ScoringFormState)? in
                guard let scoring = try open(scope, call: call, template: requested, account: signedIn.account,
                                             workspace: workspace, forShowing: true) else { return nil }
                return (scoring, try ScoringDesk.resume(scoring))
            }) else { return Page.notFound(context) }
            let saved = request.uri.queryParameters["saved"] != nil
            return formPage(scoring, state, signedIn: signedIn, context: context, release: true,
                            notice: saved ? "just now" : nil, status: .ok, forms: scoring.templateChoices)
        }
        router.post("\(base)/score") { request, context in
            let signedIn = try context.person()
            let call = try context.parameters.require("call")
            guard let scope = FormScope(context) else { return Page.notFound(context) }
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            let template = form["template"].flatMap { Int64($0) }
            let submitting = form["action"] == "submit"
            let release = form["release"] == "yes"
            let result = try await app.pool.run { workspace -> (ScoringContext, ScoringFormState, String?)? in
                guard let scoring = try open(scope, call: call, template: template, account: signedIn.account,
                                             workspace: workspace) else { return nil }
                let state = ScoringFormState(fields: ScoringFormFields(pairs: form.pairs), plan: scoring.plan)
                let acting = workspace.acting(as: signedIn.account.username)
                try ScoringDesk.saveDraft(state, scoring, by: signedIn.account, in: acting)
                guard submitting else { return (scoring, state, nil) }
                switch try ScoringDesk.submit(state, scoring, release: release, by: signedIn.account, in: acting) {
                case .stored(let key): return (scoring, state, key)
                case .problems(let checked): return (scoring, checked, nil)
                }
            }
            guard let (scoring, state, stored) = result else { return Page.notFound(context) }
            if let stored {
                if case .calibration(let id) = scope {
                    return Page.seeOther("/calibration/\(id)?scored=\(Show.pathSegment(call))")
                }
                return Page.seeOther("/evaluations/\(Show.pathSegment(stored))?submitted=1")
            }
            if !submitting {
                return Page.seeOther("\(scope.path(call))/score?template=\(scoring.template.rowID)&saved=1")
            }
            return formPage(scoring, state, signedIn: signedIn, context: context, release: release, notice: nil,
                            status: .unprocessableContent)
        }
        router.post("\(base)/draft") { request, context in
            let signedIn = try context.person()
            let call = try context.parameters.require("call")
            guard let scope = FormScope(context) else { return Page.notFound(context) }
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            let template = form["template"].flatMap { Int64($0) }
            guard let state = try await app.pool.run({ workspace -> ScoringFormState? in
                guard let scoring = try open(scope, call: call, template: template, account: signedIn.account,
                                             workspace: workspace) else { return nil }
                let state = ScoringFormState(fields: ScoringFormFields(pairs: form.pairs), plan: scoring.plan)
                try ScoringDesk.saveDraft(state, scoring, by: signedIn.account,
                                          in: workspace.acting(as: signedIn.account.username))
                return state
            }) else { return Page.notFound(context) }
            return json(live(state))
        }
    }

    /// What the page's script needs after each change: which questions and sections apply, the running score.
    private func live(_ state: ScoringFormState) -> JSONValue {
        let applies = state.applies
        let sections = state.sectionApplies
        return .object([
            ("saved", .bool(true)),
            ("applies", .array(state.plan.criteria.indices.filter { applies[$0] }.map { .string(state.plan.criteria[$0].id) })),
            ("sections", .array(state.plan.scorecard.sections.indices.filter { sections[$0] }
                .map { .string(state.plan.scorecard.sections[$0].id) })),
            ("running", .string(runningText(state))),
        ])
    }

    private func json(_ value: JSONValue) -> Response {
        let text = (try? JSONWriter.write(value, style: .compact)) ?? "{}"
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The running score in words, with the auto-fail announced when it happens.
    private func runningText(_ state: ScoringFormState) -> String {
        guard let score = state.runningScore else { return "Running score: nothing scored answered yet." }
        var text = "Running score: \(Show.score(score.total)) (\(score.passed ? "pass" : "fail") so far)"
        if score.autoFailed {
            text += ". Auto-fail: a critical item has failed the whole evaluation"
        }
        return text + "."
    }

    private func formPage(_ scoring: ScoringContext, _ state: ScoringFormState, signedIn: SignedIn, context: AppContext,
                          release: Bool, notice: String?, status: HTTPResponse.Status,
                          forms: [(rowID: Int64, scorecardID: String, version: String, title: String)] = []) -> Response {
        let card = scoring.template.scorecard
        let applies = state.applies
        let sectionApplies = state.sectionApplies
        let progress = state.progress
        var problems: [[String: String]] = []
        var sections: [[String: Any]] = []
        var index = 0
        for (s, section) in card.sections.enumerated() {
            var criteria: [[String: Any]] = []
            for criterion in section.criteria {
                let i = index
                index += 1
                var item: [String: Any] = ["id": criterion.id, "prompt": criterion.prompt]
                item["applies"] = applies[i] || !sectionApplies[s]
                if !applies[i], sectionApplies[s] {
                    item["notApplying"] = true
                }
                if let condition = criterion.condition { item["condition"] = Wording.condition(condition, in: card) }
                if !criterion.guidance.isEmpty { item["guidance"] = criterion.guidance }
                if let rule = criterion.critical {
                    item["critical"] = true
                    item["criticalText"] = "\(Wording.match(rule.failingAnswers, of: criterion, labelled: true)) \(Wording.scope(rule.scope))"
                }
                if !criterion.scored { item["optional"] = true }
                if let rule = criterion.commentRequired { item["commentRule"] = Wording.match(rule, of: criterion, labelled: true) }
                if let problem = state.problems[criterion.id] {
                    item["problem"] = problem
                    problems.append(["anchor": "q-\(criterion.id)", "question": criterion.prompt, "message": problem])
                }
                let answer = progress.answers[criterion.id]
                item["comment"] = progress.comments[criterion.id] ?? ""
                let allowsNA = section.allowsNotApplicable(on: criterion)
                addInputs(&item, criterion, answer: answer, typed: state.unreadable[criterion.id], allowsNA: allowsNA)
                criteria.append(item)
            }
            var entry: [String: Any] = ["id": section.id, "title": section.title, "criteria": criteria,
                                        "applies": sectionApplies[s] || progress.sectionsNotApplicable.contains(section.id),
                                        "allowsNA": section.allowsNotApplicable,
                                        "markedNA": progress.sectionsNotApplicable.contains(section.id)]
            if let condition = section.condition { entry["condition"] = Wording.condition(condition, in: card) }
            if let problem = state.problems[Evaluation.sectionKey(section.id)] {
                entry["sectionProblem"] = problem
                problems.append(["anchor": "s-\(section.id)", "question": section.title, "message": problem])
            }
            sections.append(entry)
        }
        if let problem = state.problems["form"] {
            problems.append(["anchor": "scoring-form", "question": "The form", "message": problem])
        }
        var data: [String: Any] = [
            "call": scoring.call.key, "callPath": Show.pathSegment(scoring.call.key), "agent": scoring.call.agent,
            "date": scoring.call.callDate, "form": card.title, "version": card.version,
            "templateID": scoring.template.rowID, "csrf": signedIn.csrfToken,
            "sectionsHTML": ScoringFormHTML.sections(sections),
            "running": runningText(state), "release": release,
            "formPath": (scoring.calibrationSession.map { FormScope.calibration($0) } ?? .ordinary).path(scoring.call.key),
        ]
        if let id = scoring.calibrationSession {
            data["calibration"] = ["session": id] as [String: Any]
        } else {
            data["canRelease"] = true
        }
        if let team = scoring.call.team { data["team"] = team }
        if signedIn.account.role == .qaLead, forms.count > 1 {
            data["otherForms"] = ["forms": forms.map { form -> [String: Any] in
                ["id": form.rowID, "title": form.title, "version": form.version,
                 "current": form.rowID == scoring.template.rowID]
            }] as [String: Any]
        }
        if let notice { data["draftSaved"] = notice }
        if !problems.isEmpty {
            data["problemCount"] = problems.count == 1 ? "1 answer" : "\(problems.count) answers"
            data["problems"] = problems
        }
        if let transcript = Transcripts.read(scoring.call.transcriptPath, workspace: app.pool.primary) {
            data["transcript"] = transcript
        }
        return Page.render("score", title: "Score call \(scoring.call.key)", context: context, data: data, status: status)
    }

    /// The answer controls for one criterion: radio buttons or check boxes with their labels, or a number field.
    private func addInputs(_ item: inout [String: Any], _ criterion: Criterion, answer: AnswerValue?, typed: [String]?,
                           allowsNA: Bool) {
        func option(_ value: String, _ label: String, kind: String = "radio") -> [String: Any] {
            var checked = false
            switch answer {
            case .token(let t): checked = t == value
            case .number(let n): checked = formatNumber(n) == value
            case .tokens(let ts): checked = ts.contains(value)
            case nil: checked = typed?.contains(value) ?? false
            }
            return ["criterion": criterion.id, "value": value, "label": label, "kind": kind, "checked": checked]
        }
        var options: [[String: Any]] = []
        switch criterion.answerType {
        case .yesNo:
            options = [option("yes", "Yes"), option("no", "No")]
        case .scale(let min, let max, let labels):
            if min <= max {
                for v in min...max {
                    let anchor = labels.first { $0.value == v }?.label
                    options.append(option(String(v), anchor.map { "\(v) – \($0)" } ?? String(v)))
                }
            }
        case .choice(let choices):
            options = choices.map { option($0.id, $0.label + ($0.bonus ? " (bonus)" : "")) }
        case .multiSelect(let choices, _):
            options = choices.map { option($0.id, $0.label, kind: "checkbox") }
        case .points(let max):
            var value = ""
            if case .number(let n) = answer { value = formatNumber(n) } else if let typed, typed.first != "na" { value = typed.first ?? "" }
            item["numberInput"] = ["criterion": criterion.id, "label": "Points (0 to \(formatNumber(max)))", "value": value,
                                   "allowsNA": allowsNA, "isNA": answer?.isNotApplicable ?? false] as [String: Any]
        case .numeric:
            var value = ""
            if case .number(let n) = answer { value = formatNumber(n) } else if let typed, typed.first != "na" { value = typed.first ?? "" }
            item["numberInput"] = ["criterion": criterion.id, "label": "Value", "value": value, "allowsNA": allowsNA,
                                   "isNA": answer?.isNotApplicable ?? false] as [String: Any]
        }
        if !options.isEmpty {
            if allowsNA {
                let kind: String
                if case .multiSelect = criterion.answerType { kind = "checkbox" } else { kind = "radio" }
                options.append(option("na", "N/A – does not apply to this call", kind: kind))
            }
            // Long labels (a scale's anchors, wordy options) one per line; short ones side by side.
            let long = options.contains { (($0["label"] as? String)?.count ?? 0) > 24 }
            item["choices"] = ["optionsHTML": Self.optionsHTML(options), "long": long] as [String: Any]
        }
    }
}

extension ScoringRoutes {
    /// The answer options of one question as HTML (a labelled radio button or check box each), every value
    /// escaped by `Escaping.html`. Built here rather than in the page template: the options are most of the
    /// form's template lookups, and each lookup costs the template engine dynamic casts (measured with perf
    /// under load: rendering was half of the form page's CPU).
    static func optionsHTML(_ options: [[String: Any]]) -> String {
        var html = ""
        html.reserveCapacity(options.count * 120)
        for option in options {
            let kind = option["kind"] as? String == "checkbox" ? "checkbox" : "radio"
            let criterion = Escaping.html(option["criterion"] as? String ?? "")
            let value = Escaping.html(option["value"] as? String ?? "")
            let label = Escaping.html(option["label"] as? String ?? "")
            let checked = option["checked"] as? Bool == true ? " checked" : ""
            html += "<label class=\"choice\"><input type=\"\(kind)\" name=\"answer.\(criterion)\" value=\"\(value)\"\(checked)> \(label)</label>"
        }
        return html
    }
}

/// Call transcripts: a text file named by the call's `transcript_path`, read only from inside the workspace's
/// project folder (never an absolute path or `..`), at most 1 MB.
enum Transcripts {
    static func read(_ path: String?, workspace: Workspace) -> String? {
        guard let path, !path.isEmpty, !path.hasPrefix("/"), !path.split(separator: "/").contains(".."),
              let folder = workspace.location?.folder else { return nil }
        let root = URL(fileURLWithPath: folder).deletingLastPathComponent().resolvingSymlinksInPath()
        let url = root.appendingPathComponent(path).resolvingSymlinksInPath()
        guard url.path.hasPrefix(root.path + "/"), let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 1 << 20) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
