import TextEscaping
import QAModel

/// One criterion's decided answer on an answer sheet.
public struct AnswerSlot: Sendable, Hashable {
    /// Whether the criterion applies, and how it was answered.
    public enum State: UInt8, Sendable, Hashable {
        /// Its condition (or its section's) does not hold, or its section was marked N/A.
        case inapplicable
        /// Answered N/A.
        case notApplicable
        /// Answered (or defaulted to its top answer); the answer itself is in `AnswerSheet.answers`.
        case answered
    }

    public var state: State
    /// Points earned (bonus included); 0 unless answered.
    public var earnedPoints: Double
    /// Whether the answer is one of the criterion's critical failing answers.
    public var failing: Bool
    /// Whether the answer was filled in by a section that defaults answers to the top.
    public var defaulted: Bool
    /// The answer's code for coded answer kinds (yes/no, scale, choice); −1 otherwise.
    var code: Int32 = -1

    /// Whether the criterion applies and was answered (not N/A).
    public var isAnswered: Bool { state == .answered }

    public static let inapplicable = AnswerSlot(state: .inapplicable, earnedPoints: 0, failing: false, defaulted: false)
}

/// An evaluation's answers checked against a template and decided: which criteria apply, what each earned.
/// Produced only by `ScoringPlan.check`, so a sheet is always valid for its plan.
public struct AnswerSheet: Sendable, Hashable {
    /// One slot per criterion, in plan order.
    public var slots: [AnswerSlot]
    /// The answer each applicable criterion counts with (a defaulted answer filled in), in plan order.
    public var answers: [AnswerValue?]
    /// Comments by criterion index (nil when none).
    public var comments: [String?]
    /// Whether each section applies (false when marked N/A or its condition does not hold).
    public var sectionApplies: [Bool]
}

/// Where a recorded answer or comment key belongs in a template, resolved once per key.
public enum AnswerKeyTarget: Sendable, Hashable {
    case criterion(Int)
    case section(Int)
    case unknownSection
    case unknown
}

/// A problem found when checking an evaluation's answers against its template.
public struct AnswerProblem: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of problem, as rule ids (listed in docs/diagnostics.md).
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        case templateMismatch = "record.template-mismatch"
        case unknownCriterion = "answer.unknown-criterion"
        case unknownSection = "answer.unknown-section"
        case unknownComment = "answer.unknown-comment"
        case sectionNotApplicable = "answer.section-na-not-allowed"
        case sectionAnswer = "answer.section-answer"
        case commentRequired = "answer.comment-required"
        case answeredButNotApplicable = "answer.not-applicable"
        case missingAnswer = "answer.missing"
        case notApplicableNotAllowed = "answer.na-not-allowed"
        case nothingApplies = "answer.nothing-applies"
        case invalidAnswer = "answer.invalid"
    }

    /// The criterion (or `section:<id>` key) the problem is about, if any.
    public var criterion: String?
    public var rule: Rule
    public var message: String

    public init(criterion: String?, rule: Rule, message: String) {
        self.criterion = criterion
        self.rule = rule
        self.message = message
    }

    public var description: String {
        criterion.map { "criterion '\($0)': \(message)" } ?? message
    }
}

/// Raw answers indexed by criterion, as a reader that knows the plan can produce them without dictionaries.
/// An answer is held either as a value (`answers`) or, for coded answer kinds, as its code (`codes`, placed with
/// `ScoringPlan.place(code:criterion:into:)`); `ScoringPlan.recordedAnswer(_:in:)` reads either.
public struct IndexedAnswers: Sendable {
    /// Answers placed as values; an answer placed by code is not repeated here (its entry is ignored).
    public var answers: [AnswerValue?]
    public var comments: [String?]
    /// Sections marked N/A with `section:<id>` = `na`.
    public var sectionMarkedNotApplicable: [Bool]
    /// Each answer's code when it was placed by code, −1 otherwise. A code takes precedence over `answers`.
    public internal(set) var codes: [Int32]

    public init(criteria: Int, sections: Int) {
        answers = Array(repeating: nil, count: criteria)
        comments = Array(repeating: nil, count: criteria)
        sectionMarkedNotApplicable = Array(repeating: false, count: sections)
        codes = Array(repeating: -1, count: criteria)
    }

    /// Clears every answer, comment and section mark, keeping the storage (through raw buffers: once per record).
    public mutating func reset() {
        answers.withUnsafeMutableBufferPointer { answers in
            for i in answers.indices where answers[i] != nil { answers[i] = nil }
        }
        comments.withUnsafeMutableBufferPointer { comments in
            for i in comments.indices where comments[i] != nil { comments[i] = nil }
        }
        codes.withUnsafeMutableBufferPointer { codes in
            for i in codes.indices { codes[i] = -1 }
        }
        sectionMarkedNotApplicable.withUnsafeMutableBufferPointer { marks in
            for s in marks.indices { marks[s] = false }
        }
    }
}

extension ScoringPlan {
    /// Checks an evaluation against the template: template id and version, unknown criteria, answer types
    /// and ranges, N/A where forbidden, missing answers for applicable criteria, answers to criteria that do
    /// not apply, missing required comments. Returns every problem found, or the decided answer sheet.
    public func check(_ evaluation: Evaluation) -> Result<AnswerSheet, CheckFailure> {
        var raw = IndexedAnswers(criteria: criteria.count, sections: sectionRanges.count)
        let problems = index(evaluation, into: &raw)
        switch check(raw) {
        case .success(let sheet):
            return problems.isEmpty ? .success(sheet) : .failure(CheckFailure(problems: problems))
        case .failure(let failure):
            return .failure(CheckFailure(problems: problems + failure.problems))
        }
    }

    /// Checks and scores an evaluation using a reusable workspace (no per-call scratch allocation): the way
    /// to score a long stream of evaluations.
    public func score(_ evaluation: Evaluation, in ws: inout ScoringWorkspace) -> Result<EvaluationScore, CheckFailure> {
        let problems = index(evaluation, into: &ws.input)
        return scoreInput(in: &ws, problems: problems)
    }

    /// Checks and scores the answers placed in `ws.input` (see `place`), after earlier `problems`.
    public func scoreInput(in ws: inout ScoringWorkspace, problems: [AnswerProblem]) -> Result<EvaluationScore, CheckFailure> {
        var problems = problems
        problems += checkInput(&ws)
        if !problems.isEmpty { return .failure(CheckFailure(problems: problems)) }
        let summary = summarize(&ws, withShares: true)
        return .success(details(&ws, summary))
    }

    /// Places an evaluation's answers and comments by criterion index, reporting the template mismatch and
    /// every answer or comment key the template does not know (in key order).
    public func index(_ evaluation: Evaluation, into raw: inout IndexedAnswers) -> [AnswerProblem] {
        var problems = templateProblems(evaluation)
        raw.reset()
        var keyProblems: [AnswerProblem] = []
        for (key, value) in evaluation.answers {
            place(value, at: answerTarget(key), key: key, into: &raw, problems: &keyProblems)
        }
        for (key, text) in evaluation.comments {
            place(comment: text, at: commentTarget(key), key: key, into: &raw, problems: &keyProblems)
        }
        keyProblems.sort { ($0.criterion ?? "", $0.message) < ($1.criterion ?? "", $1.message) }
        problems += keyProblems
        return problems
    }

    /// The template mismatch, if the evaluation names another template or version.
    public func templateProblems(_ evaluation: Evaluation) -> [AnswerProblem] {
        guard evaluation.scorecardID != scorecard.id || evaluation.scorecardVersion != scorecard.version else { return [] }
        return [AnswerProblem(
            criterion: nil,
            rule: .templateMismatch, message: "scored against template \(Quoting.quoted(evaluation.scorecardID, kind: "id")) version \(Quoting.quoted(evaluation.scorecardVersion, kind: "version")), "
                + "but this is '\(scorecard.id)' version '\(scorecard.version)'; score it with the matching template")]
    }

    /// Where an answer key goes: a criterion, a section's N/A mark, or nowhere (unknown).
    public func answerTarget(_ key: String) -> AnswerKeyTarget {
        if let i = criterionIndex[key] { return .criterion(i) }
        if key.hasPrefix("section:") {
            if let s = sectionIndex[String(key.dropFirst("section:".count))] { return .section(s) }
            return .unknownSection
        }
        return .unknown
    }

    /// Where a comment key goes.
    public func commentTarget(_ key: String) -> AnswerKeyTarget {
        criterionIndex[key].map(AnswerKeyTarget.criterion) ?? .unknown
    }

    /// Puts one recorded answer in place, or records why it cannot be.
    @inline(__always)
    public func place(_ value: AnswerValue, at target: AnswerKeyTarget, key: String, into raw: inout IndexedAnswers,
                      problems: inout [AnswerProblem]) {
        switch target {
        case .criterion(let i):
            raw.answers[i] = value
            raw.codes[i] = -1
        case .section(let s):
            if value.isNotApplicable {
                raw.sectionMarkedNotApplicable[s] = true
            } else {
                problems.append(AnswerProblem(criterion: key, rule: .sectionAnswer, message: "a section answer can only be 'na', not \(value.messageText)"))
            }
        case .unknownSection:
            problems.append(AnswerProblem(criterion: key, rule: .unknownSection, message: "unknown section: template '\(scorecard.id)' has no section with this id"))
        case .unknown:
            problems.append(AnswerProblem(criterion: key, rule: .unknownCriterion, message: "unknown criterion: template '\(scorecard.id)' version '\(scorecard.version)' has no criterion with this id"))
        }
    }

    /// The answers of criterion `i` that have codes, indexed by code (`nil` for answer kinds without codes):
    /// a reader can match a cell against these once per file and hand back the code (`place(code:)`).
    public func codedAnswers(of i: Int) -> [AnswerValue]? {
        codecs[i].isGeneral ? nil : codecs[i].values
    }

    /// Puts criterion `i`'s answer in place by its code (an index into `codedAnswers(of: i)`, which must be
    /// valid): the same as placing that answer value, without working its code out again. Only the code is
    /// stored; the value is made from it when a message or report needs it (`recordedAnswer`).
    @inline(__always)
    public func place(code: Int, criterion i: Int, into raw: inout IndexedAnswers) {
        raw.codes[i] = Int32(code)
    }

    /// Puts a whole row's coded answers in place: `codes[k]` (−1 when column k was not placed by code) goes
    /// to criterion `criteria[k]` (−1 for a column of no criterion). The same as `place(code:criterion:into:)`
    /// column by column, in one pass over raw buffers (one uniqueness check per row, not one per cell).
    /// Columns name distinct criteria, so placing the codes before or after the values gives the same result.
    public func place(codes: [Int32], criteria: [Int], into raw: inout IndexedAnswers) {
        raw.codes.withUnsafeMutableBufferPointer { placed in
        codes.withUnsafeBufferPointer { codes in
        criteria.withUnsafeBufferPointer { criteria in
            for k in 0..<Swift.min(codes.count, criteria.count) where codes[k] >= 0 {
                let i = criteria[k]
                if i >= 0 && i < placed.count { placed[i] = codes[k] }
            }
        }}}
    }

    /// Criterion `i`'s answer as recorded in `raw`, whether placed as a value or by code.
    public func recordedAnswer(_ i: Int, in raw: IndexedAnswers) -> AnswerValue? {
        let code = raw.codes[i]
        return code >= 0 ? codecs[i].values[Int(code)] : raw.answers[i]
    }

    /// Puts one recorded comment in place, or records why it cannot be.
    @inline(__always)
    public func place(comment: String, at target: AnswerKeyTarget, key: String, into raw: inout IndexedAnswers,
                      problems: inout [AnswerProblem]) {
        if case .criterion(let i) = target {
            raw.comments[i] = comment
        } else {
            problems.append(AnswerProblem(criterion: key, rule: .unknownComment, message: "comment for an unknown criterion"))
        }
    }

    /// Checks answers already indexed by criterion (the fast path for readers that know the plan).
    public func check(_ raw: IndexedAnswers) -> Result<AnswerSheet, CheckFailure> {
        var workspace = ScoringWorkspace(self)
        let problems = check(raw, into: &workspace)
        if !problems.isEmpty { return .failure(CheckFailure(problems: problems)) }
        return .success(AnswerSheet(slots: workspace.slots, answers: criteria.indices.map { workspace.answer($0, self) },
                                    comments: raw.comments, sectionApplies: workspace.sectionState.map { $0 == 1 }))
    }

    /// Checks answers into a reusable workspace, ready for `summarize`; returns every problem found (none
    /// when the evaluation is valid). No allocation per call for valid evaluations.
    public func check(_ raw: IndexedAnswers, into ws: inout ScoringWorkspace) -> [AnswerProblem] {
        ws.input = raw
        return checkInput(&ws)
    }

    /// Which sections and criteria apply to an evaluation with these answers (so far), decided exactly as the
    /// check decides it when scoring: sections marked N/A and section conditions, then criterion conditions in
    /// dependency order, each reading the answers decided before it (an unanswered or N/A criterion has no
    /// answer: `answer-is` does not hold on it, `answer-is-not` does). The one place applicability is decided;
    /// the evaluator's walk and sample data ask it.
    public func applicability(_ raw: IndexedAnswers, in ws: inout ScoringWorkspace) -> Applicability {
        ws.input = raw
        _ = checkInput(&ws)
        return Applicability(sections: ws.sectionState.map { $0 == 1 }, criteria: ws.applies)
    }

    /// Checks the answers in `ws.input`, deciding each criterion into `ws.slots`.
    func checkInput(_ ws: inout ScoringWorkspace) -> [AnswerProblem] {
        let raw = ws.input
        var problems: [AnswerProblem] = []
        // The slots and section states are moved out of the workspace and worked on through raw buffers (no
        // uniqueness or bounds checks per criterion); they go back when done.
        var slots = [AnswerSlot](), sectionState = [UInt8](), applies = [Bool]()
        swap(&slots, &ws.slots); swap(&sectionState, &ws.sectionState); swap(&applies, &ws.applies)
        defer { swap(&slots, &ws.slots); swap(&sectionState, &ws.sectionState); swap(&applies, &ws.applies) }
        applies.withUnsafeMutableBufferPointer { applies_ in
        slots.withUnsafeMutableBufferPointer { slots in
        sectionState.withUnsafeMutableBufferPointer { sectionState in
        raw.codes.withUnsafeBufferPointer { codes in
        facts.withUnsafeBufferPointer { facts in
        codecs.withUnsafeBufferPointer { codecs in
            for i in slots.indices { slots[i] = .inapplicable }
            for s in sectionState.indices { sectionState[s] = 0 }  // 0 unknown, 1 applies, 2 does not
            for s in sectionRanges.indices where raw.sectionMarkedNotApplicable[s] {
                let section = scorecard.sections[s]
                if section.allowsNotApplicable {
                    sectionState[s] = 2
                } else {
                    problems.append(AnswerProblem(
                        criterion: Evaluation.sectionKey(section.id),
                        rule: .sectionNotApplicable, message: "section '\(section.id)' cannot be marked N/A (the template does not allow it)"))
                }
            }
            for i in decisionOrder {
                let s = sectionOfCriterion[i]
                if sectionState[s] == 0 {
                    sectionState[s] = (sectionConditions[s]?.holds(slots, raw, self) ?? true) ? 1 : 2
                }
                let applies = sectionState[s] == 1 && (criterionConditions[i]?.holds(slots, raw, self) ?? true)
                applies_[i] = applies
                let placed = codes[i]
                if applies && placed >= 0 {
                    // Placed by code (the common case): a table lookup, no answer value unless for a message.
                    let entry = codecs[i].entries[Int(placed)]
                    if entry.needsComment, (raw.comments[i] ?? "").allSatisfy(\.isWhitespace) {
                        problems.append(AnswerProblem(criterion: criteria[i].id,
                                                      rule: .commentRequired, message: "the answer '\(codecs[i].values[Int(placed)])' needs a comment explaining it"))
                    }
                    slots[i] = AnswerSlot(state: .answered, earnedPoints: entry.earned, failing: entry.failing,
                                          defaulted: false, code: placed)
                    continue
                }
                let value = placed >= 0 ? codecs[i].values[Int(placed)] : raw.answers[i]
                guard applies else {
                    if let value, !value.isNotApplicable {
                        problems.append(AnswerProblem(
                            criterion: criteria[i].id,
                            rule: .answeredButNotApplicable, message: "answered \(value.messageText) although it does not apply to this call "
                                + "(\(sectionState[s] == 1 ? "its condition" : "its section's condition or N/A") is not met); leave it blank"))
                    }
                    continue
                }
                guard var answer = value else {
                    if facts[i].defaultsToTop, let top = criteria[i].answerType.topAnswer {
                        slots[i] = decide(i, top, defaulted: true)
                    } else {
                        problems.append(AnswerProblem(criterion: criteria[i].id, rule: .missingAnswer, message: "no answer, but the criterion applies to this call"))
                    }
                    continue
                }
                if answer.isNotApplicable {
                    if facts[i].allowsNotApplicable {
                        slots[i] = AnswerSlot(state: .notApplicable, earnedPoints: 0, failing: false, defaulted: false)
                    } else {
                        problems.append(AnswerProblem(criterion: criteria[i].id, rule: .notApplicableNotAllowed, message: "N/A is not allowed for this criterion; answer it"))
                    }
                    continue
                }
                if let code = codecs[i].code(of: answer) {
                    let entry = codecs[i].entries[code]
                    if entry.needsComment, (raw.comments[i] ?? "").allSatisfy(\.isWhitespace) {
                        problems.append(AnswerProblem(criterion: criteria[i].id, rule: .commentRequired, message: "the answer \(answer.messageText) needs a comment explaining it"))
                    }
                    slots[i] = AnswerSlot(state: .answered, earnedPoints: entry.earned, failing: entry.failing,
                                          defaulted: false, code: Int32(code))
                    continue
                }
                // Open answer kinds (points, multi-select, numeric) take the reference semantics directly.
                if case .multiSelect = criteria[i].answerType, case .token(let t) = answer {
                    answer = .tokens([t])
                }
                guard codecs[i].isGeneral, let earned = criteria[i].earnedPoints(for: answer) else {
                    problems.append(AnswerProblem(criterion: criteria[i].id, rule: .invalidAnswer, message: invalidAnswerMessage(criteria[i], answer, notApplicableAllowed: facts[i].allowsNotApplicable)))
                    continue
                }
                if criteria[i].requiresComment(answer), (raw.comments[i] ?? "").allSatisfy(\.isWhitespace) {
                    problems.append(AnswerProblem(criterion: criteria[i].id, rule: .commentRequired, message: "the answer \(answer.messageText) needs a comment explaining it"))
                }
                slots[i] = AnswerSlot(state: .answered, earnedPoints: earned, failing: criteria[i].isFailing(answer),
                                      defaulted: false, code: -1)
            }
        }}}}}}
        if problems.isEmpty, !slots.indices.contains(where: { facts[$0].scored && slots[$0].isAnswered }) {
            problems.append(AnswerProblem(
                criterion: nil,
                rule: .nothingApplies, message: "nothing on the form applies to this call: every scored criterion is N/A or does not apply, "
                    + "so there is no score to give; check the N/A answers (or leave the call out)"))
        }
        return problems
    }

    private func decide(_ i: Int, _ answer: AnswerValue, defaulted: Bool) -> AnswerSlot {
        let criterion = criteria[i]
        return AnswerSlot(state: .answered, earnedPoints: criterion.earnedPoints(for: answer) ?? 0,
                          failing: criterion.isFailing(answer), defaulted: defaulted,
                          code: codecs[i].code(of: answer).map(Int32.init) ?? -1)
    }

    private func invalidAnswerMessage(_ criterion: Criterion, _ answer: AnswerValue, notApplicableAllowed: Bool) -> String {
        let na = notApplicableAllowed ? " or na" : ""
        switch criterion.answerType {
        case .yesNo:
            return "\(answer.messageText) is not a valid answer; expected yes or no\(na)"
        case .scale(let min, let max, _):
            return "\(answer.messageText) is not a valid answer; expected a whole number from \(min) to \(max)\(na)"
        case .choice(let options):
            return "\(answer.messageText) is not one of the options: \(options.map(\.id).joined(separator: ", "))\(na)"
        case .points(let max):
            return "\(answer.messageText) is not a valid answer; expected a number of points from 0 to \(formatNumber(max))\(na)"
        case .multiSelect(let options, _):
            return "\(answer.messageText) is not a valid selection; choose from: \(options.map(\.id).joined(separator: ", "))\(na)"
        case .numeric(let ranges):
            let spans = ranges.map { "\($0.min.map(formatNumber) ?? "…")–\($0.max.map(formatNumber) ?? "…")" }
            return "\(answer.messageText) is not a valid answer; expected a number in \(spans.joined(separator: ", "))\(na)"
        }
    }
}

extension AnswerValue {
    /// The answer as a message may show it: a number, or a short code (letters, digits, `-`, `_`, `.`, `|`),
    /// quoted. Anything longer or freer — a misplaced comment, say, which can hold personal data — is described,
    /// never quoted.
    var messageText: String {
        func isCode(_ text: String) -> Bool {
            !text.isEmpty && text.count <= 24 && text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.|".unicodeScalars.contains($0)
            }
        }
        switch self {
        case .number(let n): return "'\(formatNumber(n))'"
        case .token(let t): return isCode(t) ? "'\(t)'" : "the text given (\(t.count) characters, not shown)"
        case .tokens(let ts):
            let joined = ts.joined(separator: "|")
            return isCode(joined) ? "'\(joined)'" : "the options given (not shown)"
        }
    }
}

/// Which sections and criteria apply to one evaluation (`ScoringPlan.applicability`), in plan order.
public struct Applicability: Sendable, Hashable {
    public var sections: [Bool]
    public var criteria: [Bool]
}

/// Every problem found in one evaluation; the evaluation is not scored.
public struct CheckFailure: Error, Sendable, Hashable {
    public var problems: [AnswerProblem]
}
