import QAModel
import Scoring

/// How far an assessor has got through a template: the confirmed answers and comments, sections marked N/A,
/// and the order answers were confirmed in. Decides what to ask next and what no longer applies; no I/O.
public struct EvaluationProgress: Sendable {
    public let plan: ScoringPlan
    public private(set) var answers: [String: AnswerValue] = [:]
    public private(set) var comments: [String: String] = [:]
    public private(set) var sectionsNotApplicable: Set<String> = []
    /// Confirmed keys (criterion ids, `section:<id>`), oldest first.
    public private(set) var history: [String] = []

    public init(plan: ScoringPlan) {
        self.plan = plan
    }

    var scorecard: Scorecard { plan.scorecard }

    /// Where the walk through the template stands.
    public struct Walk: Hashable, Sendable {
        /// The next criterion to ask (plan index), or nil when every applicable criterion is answered.
        public var next: Int?
        /// Criteria before `next` that do not apply (condition not met), in template order.
        public var skippedCriteria: [Int]
        /// Sections before `next` that do not apply (their condition does not hold), in template order.
        public var skippedSections: [Int]
    }

    /// Which sections and criteria apply to the answers so far, decided by the scoring kernel exactly as scoring
    /// will decide it (`ScoringPlan.applicability`).
    public func applicability() -> Applicability {
        var raw = IndexedAnswers(criteria: plan.criteria.count, sections: plan.sectionRanges.count)
        for (id, value) in answers { if let i = plan.criterionIndex[id] { raw.answers[i] = value } }
        for id in sectionsNotApplicable { if let s = plan.sectionIndex[id] { raw.sectionMarkedNotApplicable[s] = true } }
        var workspace = ScoringWorkspace(plan)
        return plan.applicability(raw, in: &workspace)
    }

    /// Whether a section takes part (not marked N/A, its condition holds).
    public func sectionApplies(_ s: Int) -> Bool { applicability().sections[s] }

    /// Whether a criterion applies: its section takes part and its own condition holds.
    public func applies(_ i: Int) -> Bool { applicability().criteria[i] }

    /// The first applicable, unanswered criterion in template order, and what was skipped before it.
    public func walk() -> Walk {
        var walk = Walk(next: nil, skippedCriteria: [], skippedSections: [])
        let applicable = applicability()
        for (s, section) in scorecard.sections.enumerated() {
            if sectionsNotApplicable.contains(section.id) { continue }
            if !applicable.sections[s] {
                walk.skippedSections.append(s)
                continue
            }
            for i in plan.sectionRanges[s] {
                if !applicable.criteria[i] {
                    walk.skippedCriteria.append(i)
                } else if answers[plan.criteria[i].id] == nil {
                    walk.next = i
                    return walk
                }
            }
        }
        return walk
    }

    /// Records a confirmed answer (and its comment), then drops answers that no longer apply; returns their ids.
    @discardableResult
    public mutating func confirm(_ i: Int, answer: AnswerValue, comment: String?) -> [String] {
        let id = plan.criteria[i].id
        answers[id] = answer
        comments[id] = comment.flatMap { $0.isBlank ? nil : $0 }
        history.removeAll { $0 == id }
        history.append(id)
        return dropInapplicable()
    }

    /// Marks a whole section not applicable, clearing any answers in it.
    public mutating func markSectionNotApplicable(_ s: Int) -> [String] {
        let section = scorecard.sections[s]
        sectionsNotApplicable.insert(section.id)
        var dropped: [String] = []
        for i in plan.sectionRanges[s] {
            let id = plan.criteria[i].id
            if answers.removeValue(forKey: id) != nil { dropped.append(id) }
            comments[id] = nil
            history.removeAll { $0 == id }
        }
        let key = Evaluation.sectionKey(section.id)
        history.removeAll { $0 == key }
        history.append(key)
        return dropped + dropInapplicable()
    }

    /// Takes back the last confirmed step so it can be asked again; returns the key and the answer and comment
    /// it had, or nil when nothing has been confirmed yet.
    public mutating func takeBackLast() -> (key: String, answer: AnswerValue?, comment: String?)? {
        guard let key = history.last else { return nil }
        return reopen(key).map { (key, $0.answer, $0.comment) }
    }

    /// Reopens one confirmed criterion (or a section marked N/A) so it is asked again; returns what it had.
    public mutating func reopen(_ key: String) -> (answer: AnswerValue?, comment: String?)? {
        history.removeAll { $0 == key }
        if key.hasPrefix("section:") {
            let id = String(key.dropFirst("section:".count))
            return sectionsNotApplicable.remove(id) == nil ? nil : (nil, nil)
        }
        guard let answer = answers.removeValue(forKey: key) else { return nil }
        return (answer, comments.removeValue(forKey: key))
    }

    /// Removes answers to criteria that no longer apply (repeating, since one removal can switch off another).
    mutating func dropInapplicable() -> [String] {
        var dropped: [String] = []
        var changed = true
        while changed {
            changed = false
            let applicable = applicability()
            for i in plan.criteria.indices where answers[plan.criteria[i].id] != nil && !applicable.criteria[i] {
                let id = plan.criteria[i].id
                answers[id] = nil
                comments[id] = nil
                history.removeAll { $0 == id }
                dropped.append(id)
                changed = true
            }
        }
        return dropped
    }

    /// The answers as an evaluation record would carry them (section N/A as `section:<id>` = `na`).
    public var recordAnswers: [String: AnswerValue] {
        var result = answers
        for id in sectionsNotApplicable { result[Evaluation.sectionKey(id)] = .notApplicable }
        return result
    }

    /// The score of what is answered so far: unanswered criteria count as N/A, so sections not yet reached drop
    /// out. Nil when nothing scored has been answered yet.
    public func runningScore() -> EvaluationScore? {
        var card = scorecard
        for s in card.sections.indices {
            for c in card.sections[s].criteria.indices {
                card.sections[s].criteria[c].allowsNotApplicable = true
                // A comment still to be written does not stop the score: the rule is checked on submitting.
                card.sections[s].criteria[c].commentRequired = nil
            }
        }
        var padded = recordAnswers
        for criterion in card.criteria where padded[criterion.id] == nil { padded[criterion.id] = .notApplicable }
        let partial = Evaluation(id: "running", callID: "", agentID: "", assessorID: "", scorecardID: card.id,
                                 scorecardVersion: card.version, callDate: CalendarDay(daysSinceEpoch: 0),
                                 evaluatedAt: Timestamp(secondsSinceEpoch: 0),
                                 answers: padded, comments: comments)
        let plan = ScoringPlan(card)
        guard case .success(let sheet) = plan.check(partial),
              sheet.slots.indices.contains(where: { i in
                  if case .answered = sheet.slots[i].state { return plan.criteria[i].scored && !plan.criteria[i].bonus }
                  return false
              })
        else { return nil }
        return plan.score(sheet)
    }

    /// The draft to save for this progress.
    public func draft(setup: SessionSetup, savedAt: Timestamp) -> EvaluationDraft {
        EvaluationDraft(
            callID: setup.callID, agentID: setup.agentID, teamID: setup.teamID, assessorID: setup.assessorID,
            scorecardID: scorecard.id, scorecardVersion: scorecard.version, callDate: setup.callDate,
            savedAt: savedAt, answers: answers.mapValues(DraftAnswer.init), comments: comments,
            sectionsNotApplicable: sectionsNotApplicable.sorted(), history: history,
            position: walk().next.map { plan.criteria[$0].id })
    }

    /// Progress restored from a draft. Answers to criteria the template does not have are left out and named.
    public static func resumed(from draft: EvaluationDraft, plan: ScoringPlan) -> (EvaluationProgress, ignored: [String]) {
        var progress = EvaluationProgress(plan: plan)
        var ignored: [String] = []
        for (id, answer) in draft.answers {
            if plan.criterionIndex[id] != nil { progress.answers[id] = answer.value } else { ignored.append(id) }
        }
        for (id, text) in draft.comments where progress.answers[id] != nil { progress.comments[id] = text }
        for id in draft.sectionsNotApplicable where plan.sectionIndex[id] != nil {
            progress.sectionsNotApplicable.insert(id)
        }
        progress.history = draft.history.filter { key in
            key.hasPrefix("section:") ? progress.sectionsNotApplicable.contains(String(key.dropFirst(8)))
                : progress.answers[key] != nil
        }
        ignored += progress.dropInapplicable()
        return (progress, ignored.sorted())
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    var trimmed: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\r" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }

    /// Whether the text is empty or only white space.
    var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
