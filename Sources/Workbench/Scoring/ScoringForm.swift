import Evaluator
import QAModel
import Scoring

/// The scoring form's fields as the browser sends them: `answer.<criterion>` (several values for a
/// multi-select), `comment.<criterion>`, `section-na.<section>`.
public struct ScoringFormFields: Sendable, Hashable {
    public var answers: [String: [String]] = [:]
    public var comments: [String: String] = [:]
    public var sectionsNotApplicable: Set<String> = []

    public init() {}

    /// Reads the fields from the form's name/value pairs (other names are ignored).
    public init(pairs: [(String, String)]) {
        for (name, value) in pairs {
            if name.hasPrefix("answer.") {
                let id = String(name.dropFirst(7))
                let trimmed = value.trimmingSpaces
                if !trimmed.isEmpty { answers[id, default: []].append(trimmed) }
            } else if name.hasPrefix("comment.") {
                let text = value.trimmingSpaces
                if !text.isEmpty { comments[String(name.dropFirst(8))] = text }
            } else if name.hasPrefix("section-na."), value == "on" || value == "yes" {
                sectionsNotApplicable.insert(String(name.dropFirst(11)))
            }
        }
    }
}

/// What the form's answers amount to: the progress (answers that apply, read and checked one by one), the
/// problem with each field that has one, and the running score. The same rules as `qa evaluate` and `qa score`:
/// answers are read by `AnswerReader`, applicability and scoring decided by the scoring kernel.
public struct ScoringFormState: Sendable {
    public var progress: EvaluationProgress
    /// Problems by field key (criterion id, or `section:<id>`), in words for the assessor.
    public var problems: [String: String]
    /// What was typed, by criterion, when it could not be read (shown back in the field).
    public var unreadable: [String: [String]]

    public var plan: ScoringPlan { progress.plan }

    /// Reads the fields against the template's plan. Answers to criteria that no longer apply (a condition that
    /// does not hold, a section marked N/A) are dropped, as the kernel would ignore them.
    public init(fields: ScoringFormFields, plan: ScoringPlan) {
        var progress = EvaluationProgress(plan: plan)
        var problems: [String: String] = [:]
        var unreadable: [String: [String]] = [:]
        for (s, section) in plan.scorecard.sections.enumerated() {
            if fields.sectionsNotApplicable.contains(section.id) {
                if section.allowsNotApplicable {
                    _ = progress.markSectionNotApplicable(s)
                } else {
                    problems[Evaluation.sectionKey(section.id)] = "This section cannot be marked N/A."
                }
            }
        }
        for (i, criterion) in plan.criteria.enumerated() {
            guard let values = fields.answers[criterion.id], !values.isEmpty else { continue }
            let section = plan.scorecard.sections.first { $0.criteria.contains { $0.id == criterion.id } }
            let reader = AnswerReader(criterion, in: section)
            let typed: String
            if case .multiSelect = criterion.answerType, !values.contains("na") {
                typed = values.joined(separator: ",")
            } else {
                typed = values[values.count - 1]
            }
            switch reader.read(typed) {
            case .answer(let value):
                _ = progress.confirm(i, answer: value, comment: fields.comments[criterion.id])
            case .invalid(let message):
                problems[criterion.id] = message
                unreadable[criterion.id] = values
            }
        }
        // Answers given before a condition turned them off are dropped (confirm drops them as it goes; a second
        // pass catches those answered before the answer that switched them off).
        self.progress = progress
        self.problems = problems
        self.unreadable = unreadable
    }

    /// Whether each criterion (plan order) applies to the answers so far.
    public var applies: [Bool] { progress.applicability().criteria }

    /// Whether each section (template order) takes part.
    public var sectionApplies: [Bool] { progress.applicability().sections }

    /// The score of what is answered so far (unanswered as N/A); nil before anything scored is answered.
    public var runningScore: EvaluationScore? { progress.runningScore() }

    /// The evaluation record, when the form is complete and every rule holds; otherwise the problems are added
    /// to `problems` (a missing answer, a comment the template requires, …) and nil is returned.
    public mutating func record(id: String, callID: String, agentID: String, teamID: String?, assessorID: String,
                                callDate: CalendarDay, evaluatedAt: Timestamp) -> Evaluation? {
        let applicable = applies
        for (i, criterion) in plan.criteria.enumerated() where applicable[i] && progress.answers[criterion.id] == nil {
            if problems[criterion.id] == nil { problems[criterion.id] = "Answer this question." }
        }
        let evaluation = Evaluation(
            id: id, callID: callID, agentID: agentID, teamID: teamID, assessorID: assessorID,
            scorecardID: plan.scorecard.id, scorecardVersion: plan.scorecard.version, callDate: callDate,
            evaluatedAt: evaluatedAt, answers: progress.recordAnswers, comments: progress.comments)
        if case .failure(let failure) = plan.check(evaluation) {
            for problem in failure.problems {
                let key = problem.criterion ?? "form"
                if problems[key] == nil { problems[key] = Self.plainWords(problem) }
            }
        }
        return problems.isEmpty ? evaluation : nil
    }

    private static func plainWords(_ problem: AnswerProblem) -> String {
        switch problem.rule {
        case .commentRequired: return "A comment is required for this answer: say what you heard on the call."
        case .missingAnswer: return "Answer this question."
        case .notApplicableNotAllowed: return "N/A is not allowed for this question; please answer it."
        case .nothingApplies: return "Nothing on this form applies with these answers: answer at least one question."
        default: return problem.message
        }
    }
}

extension String {
    /// The text without leading and trailing white space (spaces, tabs, line ends).
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
