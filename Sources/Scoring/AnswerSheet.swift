import QAModel

/// One criterion's decided answer on an answer sheet.
public struct AnswerSlot: Sendable, Hashable {
    /// Whether the criterion applies, and how it was answered.
    public enum State: Sendable, Hashable {
        /// Its condition (or its section's) does not hold, or its section was marked N/A.
        case inapplicable
        /// Answered N/A.
        case notApplicable
        case answered(AnswerValue)
    }

    public var state: State
    /// Points earned (bonus included); 0 unless answered.
    public var earnedPoints: Double
    /// Whether the answer is one of the criterion's critical failing answers.
    public var failing: Bool
    /// Whether the answer was filled in by a section that defaults answers to the top.
    public var defaulted: Bool

    public static let inapplicable = AnswerSlot(state: .inapplicable, earnedPoints: 0, failing: false, defaulted: false)
}

/// An evaluation's answers checked against a template and decided: which criteria apply, what each earned.
/// Produced only by `ScoringPlan.check`, so a sheet is always valid for its plan.
public struct AnswerSheet: Sendable, Hashable {
    /// One slot per criterion, in plan order.
    public var slots: [AnswerSlot]
    /// Comments by criterion index (nil when none).
    public var comments: [String?]
    /// Whether each section applies (false when marked N/A or its condition does not hold).
    public var sectionApplies: [Bool]
}

/// A problem found when checking an evaluation's answers against its template.
public struct AnswerProblem: Sendable, Hashable, CustomStringConvertible {
    /// The criterion (or `section:<id>` key) the problem is about, if any.
    public var criterion: String?
    public var message: String

    public init(criterion: String?, message: String) {
        self.criterion = criterion
        self.message = message
    }

    public var description: String {
        criterion.map { "criterion '\($0)': \(message)" } ?? message
    }
}

/// Raw answers indexed by criterion, as a reader that knows the plan can produce them without dictionaries.
public struct IndexedAnswers: Sendable {
    public var answers: [AnswerValue?]
    public var comments: [String?]
    /// Sections marked N/A with `section:<id>` = `na`.
    public var sectionMarkedNotApplicable: [Bool]

    public init(criteria: Int, sections: Int) {
        answers = Array(repeating: nil, count: criteria)
        comments = Array(repeating: nil, count: criteria)
        sectionMarkedNotApplicable = Array(repeating: false, count: sections)
    }
}

extension ScoringPlan {
    /// Checks an evaluation against the template: template id and version, unknown criteria, answer types
    /// and ranges, N/A where forbidden, missing answers for applicable criteria, answers to criteria that do
    /// not apply, missing required comments. Returns every problem found, or the decided answer sheet.
    public func check(_ evaluation: Evaluation) -> Result<AnswerSheet, CheckFailure> {
        var problems: [AnswerProblem] = []
        if evaluation.scorecardID != scorecard.id || evaluation.scorecardVersion != scorecard.version {
            problems.append(AnswerProblem(
                criterion: nil,
                message: "scored against template '\(evaluation.scorecardID)' version '\(evaluation.scorecardVersion)', "
                    + "but this is '\(scorecard.id)' version '\(scorecard.version)'; score it with the matching template"))
        }
        var raw = IndexedAnswers(criteria: criteria.count, sections: sectionRanges.count)
        for key in evaluation.answers.keys.sorted() {
            guard let value = evaluation.answers[key] else { continue }
            if let i = criterionIndex[key] {
                raw.answers[i] = value
            } else if key.hasPrefix("section:") {
                let sectionID = String(key.dropFirst("section:".count))
                if let s = sectionIndex[sectionID] {
                    if value.isNotApplicable {
                        raw.sectionMarkedNotApplicable[s] = true
                    } else {
                        problems.append(AnswerProblem(criterion: key, message: "a section answer can only be 'na', not '\(value)'"))
                    }
                } else {
                    problems.append(AnswerProblem(criterion: key, message: "unknown section '\(sectionID)' in template '\(scorecard.id)'"))
                }
            } else {
                problems.append(AnswerProblem(criterion: key, message: "unknown criterion: template '\(scorecard.id)' version '\(scorecard.version)' has no criterion with this id"))
            }
        }
        for key in evaluation.comments.keys.sorted() {
            guard let text = evaluation.comments[key] else { continue }
            if let i = criterionIndex[key] {
                raw.comments[i] = text
            } else {
                problems.append(AnswerProblem(criterion: key, message: "comment for an unknown criterion"))
            }
        }
        switch check(raw) {
        case .success(let sheet):
            return problems.isEmpty ? .success(sheet) : .failure(CheckFailure(problems: problems))
        case .failure(let failure):
            return .failure(CheckFailure(problems: problems + failure.problems))
        }
    }

    /// Checks answers already indexed by criterion (the fast path for readers that know the plan).
    public func check(_ raw: IndexedAnswers) -> Result<AnswerSheet, CheckFailure> {
        var problems: [AnswerProblem] = []
        var slots = [AnswerSlot](repeating: .inapplicable, count: criteria.count)
        var sectionApplies = [UInt8](repeating: 0, count: sectionRanges.count)  // 0 unknown, 1 yes, 2 no
        for (s, section) in scorecard.sections.enumerated() where raw.sectionMarkedNotApplicable[s] {
            if section.allowsNotApplicable {
                sectionApplies[s] = 2
            } else {
                problems.append(AnswerProblem(
                    criterion: Evaluation.sectionKey(section.id),
                    message: "section '\(section.id)' cannot be marked N/A (the template does not allow it)"))
            }
        }
        for i in decisionOrder {
            let criterion = criteria[i]
            let s = sectionOfCriterion[i]
            if sectionApplies[s] == 0 {
                sectionApplies[s] = (sectionConditions[s]?.holds(slots) ?? true) ? 1 : 2
            }
            let value = raw.answers[i]
            let applies = sectionApplies[s] == 1 && (criterionConditions[i]?.holds(slots) ?? true)
            guard applies else {
                if let value, !value.isNotApplicable {
                    problems.append(AnswerProblem(
                        criterion: criterion.id,
                        message: "answered '\(value)' although it does not apply to this call "
                            + "(\(sectionApplies[s] == 1 ? "its condition" : "its section's condition or N/A") is not met); leave it blank"))
                }
                continue
            }
            guard var answer = value else {
                if scorecard.sections[s].defaultsToTop, let top = criterion.answerType.topAnswer {
                    slots[i] = decide(i, top, defaulted: true)
                } else {
                    problems.append(AnswerProblem(criterion: criterion.id, message: "no answer, but the criterion applies to this call"))
                }
                continue
            }
            if answer.isNotApplicable {
                if criterion.allowsNotApplicable {
                    slots[i] = AnswerSlot(state: .notApplicable, earnedPoints: 0, failing: false, defaulted: false)
                } else {
                    problems.append(AnswerProblem(criterion: criterion.id, message: "N/A is not allowed for this criterion; answer it"))
                }
                continue
            }
            if case .multiSelect = criterion.answerType, case .token(let t) = answer {
                answer = .tokens([t])
            }
            guard criterion.earnedPoints(for: answer) != nil else {
                problems.append(AnswerProblem(criterion: criterion.id, message: invalidAnswerMessage(criterion, answer)))
                continue
            }
            if criterion.requiresComment(answer), (raw.comments[i] ?? "").allSatisfy(\.isWhitespace) {
                problems.append(AnswerProblem(criterion: criterion.id, message: "the answer '\(answer)' needs a comment explaining it"))
            }
            slots[i] = decide(i, answer, defaulted: false)
        }
        if !problems.isEmpty { return .failure(CheckFailure(problems: problems)) }
        return .success(AnswerSheet(slots: slots, comments: raw.comments, sectionApplies: sectionApplies.map { $0 == 1 }))
    }

    private func decide(_ i: Int, _ answer: AnswerValue, defaulted: Bool) -> AnswerSlot {
        let criterion = criteria[i]
        return AnswerSlot(state: .answered(answer), earnedPoints: criterion.earnedPoints(for: answer) ?? 0,
                          failing: criterion.isFailing(answer), defaulted: defaulted)
    }

    private func invalidAnswerMessage(_ criterion: Criterion, _ answer: AnswerValue) -> String {
        let na = criterion.allowsNotApplicable ? " or na" : ""
        switch criterion.answerType {
        case .yesNo:
            return "'\(answer)' is not a valid answer; expected yes or no\(na)"
        case .scale(let min, let max, _):
            return "'\(answer)' is not a valid answer; expected a whole number from \(min) to \(max)\(na)"
        case .choice(let options):
            return "'\(answer)' is not one of the options: \(options.map(\.id).joined(separator: ", "))\(na)"
        case .points(let max):
            return "'\(answer)' is not a valid answer; expected a number of points from 0 to \(formatNumber(max))\(na)"
        case .multiSelect(let options, _):
            return "'\(answer)' is not a valid selection; choose from: \(options.map(\.id).joined(separator: ", "))\(na)"
        case .numeric(let ranges):
            let spans = ranges.map { "\($0.min.map(formatNumber) ?? "…")–\($0.max.map(formatNumber) ?? "…")" }
            return "'\(answer)' is not a valid answer; expected a number in \(spans.joined(separator: ", "))\(na)"
        }
    }
}

/// Every problem found in one evaluation; the evaluation is not scored.
public struct CheckFailure: Error, Sendable, Hashable {
    public var problems: [AnswerProblem]
}
