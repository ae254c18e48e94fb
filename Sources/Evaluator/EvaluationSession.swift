import FileIO
import Foundation
import QAModel
import Scoring
import TextEscaping

/// An interactive evaluation of one call: walks the assessor through the template section by section, reads
/// answers and comments line by line, keeps a draft after every confirmed answer, and ends with a summary to
/// confirm. It knows nothing of terminals: it reads a `LineInput` and writes a `TextOutput`, so piped input
/// and tests drive it exactly as a keyboard does.
public struct EvaluationSession<Input: LineInput, Output: TextOutput> {
    public let setup: SessionSetup
    public private(set) var progress: EvaluationProgress
    public private(set) var output: Output
    private var input: Input
    private let drafts: any DraftStore
    private var pager: TranscriptPager?
    /// Answers taken back with `b` or `e`: offered again with Enter.
    private var revising: [String: (answer: AnswerValue?, comment: String?)] = [:]
    private var announcedSkips: Set<String> = []
    private var shownSection: Int?
    /// The keys numbered in the last summary, for `e`.
    private var summaryKeys: [String] = []
    /// Whether the assessor has been told that the draft cannot be saved (told once, not after every answer).
    private var draftProblemReported = false
    /// Why the latest save of the draft failed, in the assessor's words; nil when it succeeded (or none was due).
    private var draftFailure: String?

    public init(scorecard: Scorecard, setup: SessionSetup, input: Input, output: Output, drafts: any DraftStore) {
        self.setup = setup
        self.progress = EvaluationProgress(plan: ScoringPlan(scorecard))
        self.input = input
        self.output = output
        self.drafts = drafts
        self.pager = setup.transcript.map { TranscriptPager(text: $0) }
    }

    private var plan: ScoringPlan { progress.plan }
    private var scorecard: Scorecard { plan.scorecard }

    /// Runs the session to its end and says how it ended.
    public mutating func run() -> SessionOutcome {
        writeHeader()
        if let outcome = offerResume() { return outcome }
        if pager != nil {
            write("\nCall transcript:\n")
            showTranscript(from: nil)
        }
        write("\nType ? at any prompt for help, b to go back, q to stop and continue later.\n")
        while true {
            let walk = progress.walk()
            announce(walk)
            let step: Step
            if let next = walk.next {
                step = askCriterion(next)
            } else {
                step = review()
            }
            if case .finished(let outcome) = step { return outcome }
        }
    }

    private enum Step {
        case moved
        case finished(SessionOutcome)
    }

    // MARK: - Start

    private mutating func writeHeader() {
        let t = { (text: String) in Escaping.terminal(text) }
        let team = setup.teamID.map { " (team \(t($0)))" } ?? ""
        write("Evaluating call \(t(setup.callID)) · agent \(t(setup.agentID))\(team) · assessor \(t(setup.assessorID))"
              + " · call date \(setup.callDate)\n")
        write("Scorecard: \(t(scorecard.title)) (\(t(scorecard.id)), version \(t(scorecard.version)))\n")
        write("\(scorecard.sections.count) sections, \(plan.criteria.count) questions · pass mark "
              + "\(formatScore(scorecard.passMark))\n")
    }

    private mutating func offerResume() -> SessionOutcome? {
        let draft: EvaluationDraft?
        do {
            draft = try drafts.load()
        } catch is DraftTooLarge {
            write("The draft at \(drafts.location) is larger than \(DraftFile.maxBytes >> 20) MiB, the limit for a draft, "
                  + "so it was not read. Nothing was changed. Move it away, or choose another place with --output.\n")
            return .draftBelongsElsewhere
        } catch {
            write("The draft at \(drafts.location) could not be read, so this evaluation starts from the beginning; "
                  + "the draft will be replaced when you confirm your first answer.\n")
            return nil
        }
        guard let draft else { return nil }
        guard draft.belongs(callID: setup.callID, assessorID: setup.assessorID, scorecard: scorecard) else {
            write("The draft at \(drafts.location) belongs to another evaluation (call \(draft.callID), assessor "
                  + "\(draft.assessorID), scorecard \(draft.scorecardID) version \(draft.scorecardVersion)).\n"
                  + "Nothing was changed. Finish that evaluation first, or choose another place with --output.\n")
            return .draftBelongsElsewhere
        }
        write("\nA draft of this evaluation was saved at \(draft.savedAt) with \(draft.answers.count) "
              + "answer\(draft.answers.count == 1 ? "" : "s").\n")
        while true {
            guard let text = readLine("Resume it? [y = continue where you left off, n = start again]: ") else {
                write("Input ended; the draft is unchanged at \(drafts.location).\n")
                return .inputEnded
            }
            switch text.lowercased() {
            case "y", "yes", "":
                let (restored, ignored) = EvaluationProgress.resumed(from: draft, plan: plan)
                progress = restored
                write("Resumed with \(progress.answers.count + progress.sectionsNotApplicable.count) answers.\n")
                if !ignored.isEmpty {
                    write("Left out (no longer on this scorecard or no longer applicable): \(ignored.joined(separator: ", ")).\n")
                }
                return nil
            case "n", "no":
                write("Starting again; the old draft is replaced when you confirm your first answer.\n")
                return nil
            default:
                write("Please type y or n.\n")
            }
        }
    }

    // MARK: - Asking

    private mutating func announce(_ walk: EvaluationProgress.Walk) {
        for i in plan.criteria.indices where progress.applies(i) { announcedSkips.remove(plan.criteria[i].id) }
        for (s, section) in scorecard.sections.enumerated() where progress.sectionApplies(s) {
            announcedSkips.remove(Evaluation.sectionKey(section.id))
        }
        for s in walk.skippedSections {
            let section = scorecard.sections[s]
            let key = Evaluation.sectionKey(section.id)
            guard !announcedSkips.contains(key) else { continue }
            announcedSkips.insert(key)
            let why = section.condition.map { " (it applies only when \(describe($0)))" } ?? ""
            write("\nSection \"\(section.title)\" does not apply to this call\(why); skipped.\n")
        }
        for i in walk.skippedCriteria {
            let criterion = plan.criteria[i]
            guard !announcedSkips.contains(criterion.id) else { continue }
            announcedSkips.insert(criterion.id)
            let why = criterion.condition.map { ": it applies only when \(describe($0))" } ?? ""
            write("Skipped \(criterion.id) (\(oneLine(criterion.prompt, 50)))\(why).\n")
        }
    }

    private mutating func showSection(_ s: Int) {
        guard shownSection != s else { return }
        shownSection = s
        let section = scorecard.sections[s]
        let weight = section.weight.map { " · weight \(formatNumber($0))" } ?? ""
        write("\n== Section \(s + 1) of \(scorecard.sections.count): \(section.title)\(weight) ==\n")
        if section.allowsNotApplicable {
            write("If this whole section does not apply to the call, type: section na\n")
        }
        if section.defaultsToTop {
            write("Press Enter on a question to give it the top answer (this section defaults to it).\n")
        }
    }

    private mutating func showQuestion(_ i: Int) {
        let criterion = plan.criteria[i]
        let section = scorecard.sections[plan.sectionOfCriterion[i]]
        var notes: [String] = [criterion.category]
        if !criterion.scored { notes.append("for information, not scored") }
        if criterion.bonus { notes.append("bonus") }
        write("\nQuestion \(i + 1) of \(plan.criteria.count) · \(criterion.id) · \(notes.joined(separator: " · "))\n")
        for line in TranscriptPager.wrap(oneLine(criterion.prompt, nil), width: 80) { write(line + "\n") }
        if !criterion.guidance.isBlank {
            for line in TranscriptPager.wrap("Guidance: " + oneLine(criterion.guidance, nil), width: 76) {
                write("  \(line)\n")
            }
        }
        if let rule = criterion.critical {
            write("  Critical: \(describe(rule.failingAnswers, of: criterion)) \(describe(rule.scope)).\n")
        }
        if let rule = criterion.commentRequired {
            write("  A comment is required for \(describe(rule, of: criterion)).\n")
        }
        write("  Answers:\n")
        for line in AnswerReader(criterion, in: section).choices {
            for (k, piece) in TranscriptPager.wrap(line, width: 74).enumerated() {
                write((k == 0 ? "    " : "       ") + piece + "\n")
            }
        }
        if section.defaultsToTop, let top = criterion.answerType.topAnswer {
            write("  Enter = \(AnswerReader(criterion).display(top)) (the top answer)\n")
        }
        if let previous = revising[criterion.id]?.answer {
            write("  Previous answer: \(AnswerReader(criterion).display(previous)) — press Enter to keep it\n")
        }
    }

    private mutating func askCriterion(_ i: Int) -> Step {
        let criterion = plan.criteria[i]
        let s = plan.sectionOfCriterion[i]
        let section = scorecard.sections[s]
        showSection(s)
        showQuestion(i)
        let reader = AnswerReader(criterion, in: section)
        let previous = revising[criterion.id]
        while true {
            guard let text = readLine("Answer: ") else { return .finished(endOfInput()) }
            var answer: AnswerValue
            if text.isEmpty {
                if let before = previous?.answer {
                    answer = before
                } else if section.defaultsToTop, let top = criterion.answerType.topAnswer {
                    answer = top
                } else {
                    write("Please type an answer (type ? for help).\n")
                    continue
                }
            } else if let command = Command(text) {
                switch command {
                case .back:
                    if goBack() { return .moved }
                    continue
                case .score: showRunningScore(); continue
                case .help: showHelp(); continue
                case .quit: return .finished(quit())
                case .transcript(let line): showTranscript(from: line); continue
                case .sectionNotApplicable:
                    guard section.allowsNotApplicable else {
                        write("This section cannot be marked not applicable; please answer the question.\n")
                        continue
                    }
                    markSectionNotApplicable(s)
                    return .moved
                }
            } else {
                switch reader.read(text) {
                case .answer(let value): answer = value
                case .invalid(let message):
                    write(message + "\n")
                    continue
                }
            }
            switch askComment(criterion, answer: answer, previous: previous?.comment) {
            case .comment(let comment):
                confirm(i, answer: answer, comment: comment)
                return .moved
            case .again:
                write("Answer question \(criterion.id) again:\n")
            case .finished(let outcome):
                return .finished(outcome)
            }
        }
    }

    private enum CommentStep {
        case comment(String?)
        case again
        case finished(SessionOutcome)
    }

    private mutating func askComment(_ criterion: Criterion, answer: AnswerValue, previous: String?) -> CommentStep {
        let required = criterion.requiresComment(answer)
        let prompt = required ? "Comment (required for this answer): "
            : previous != nil ? "Comment (Enter keeps the previous one, - removes it): " : "Comment (Enter to skip): "
        while true {
            guard let text = readLine(prompt) else { return .finished(endOfInput()) }
            if text.isEmpty {
                if let previous { return .comment(previous) }
                if required {
                    write("This answer needs a comment: say briefly what happened on the call.\n")
                    continue
                }
                return .comment(nil)
            }
            if text == "-", !required { return .comment(nil) }
            switch Command(text) {
            case .back?: return .again
            case .quit?: return .finished(quit())
            case .score?: showRunningScore()
            case .help?: showHelp()
            case .transcript(let line)?: showTranscript(from: line)
            case .sectionNotApplicable?: write("Finish this question first, or type b to answer it again.\n")
            case nil: return .comment(text)
            }
        }
    }

    private mutating func confirm(_ i: Int, answer: AnswerValue, comment: String?) {
        let criterion = plan.criteria[i]
        let s = plan.sectionOfCriterion[i]
        revising[criterion.id] = nil
        let dropped = progress.confirm(i, answer: answer, comment: comment)
        reportDropped(dropped)
        saveDraft()
        let next = progress.walk().next
        if next.map({ plan.sectionOfCriterion[$0] != s }) ?? true {
            showSectionScore(s)
        }
    }

    private mutating func markSectionNotApplicable(_ s: Int) {
        let section = scorecard.sections[s]
        let dropped = progress.markSectionNotApplicable(s)
        write("Section \"\(section.title)\" marked not applicable.\n")
        reportDropped(dropped.filter { id in plan.criterionIndex[id].map { plan.sectionOfCriterion[$0] != s } ?? true })
        saveDraft()
        if let total = progress.runningScore()?.total {
            write("Running total: \(formatScore(total))\n")
        }
    }

    private mutating func reportDropped(_ ids: [String]) {
        for id in ids {
            write("Your answer to \(id) was removed: with the changed answer it no longer applies to this call.\n")
        }
    }

    /// Takes back the last confirmed answer; false when there is none.
    private mutating func goBack() -> Bool {
        guard let (key, answer, comment) = progress.takeBackLast() else {
            write("There is no earlier answer to go back to.\n")
            return false
        }
        if key.hasPrefix("section:") {
            let id = String(key.dropFirst("section:".count))
            let title = scorecard.sections.first { $0.id == id }?.title ?? id
            write("Section \"\(title)\" is no longer marked not applicable.\n")
        } else {
            revising[key] = (answer, comment)
            write("Going back to \(key).\n")
        }
        shownSection = nil
        saveDraft()
        return true
    }

    // MARK: - End

    private mutating func review() -> Step {
        let evaluation = record()
        var valid = false
        switch plan.check(evaluation) {
        case .success(let sheet):
            valid = true
            showSummary(plan.score(sheet))
        case .failure(let failure):
            write("\nBefore this evaluation can be saved, these need attention:\n")
            for problem in failure.problems { write("  - \(problem)\n") }
            showSummary(nil)
        }
        let prompt = valid ? "Save this evaluation? [y = save, n = don't save, e = change an answer]: "
            : "Type e to change an answer, or q to stop and continue later: "
        while true {
            guard let text = readLine(prompt) else { return .finished(endOfInput()) }
            switch text.lowercased() {
            case "y" where valid, "yes" where valid:
                return .finished(.confirmed(record()))
            case "n" where valid, "no" where valid:
                if let draftFailure {
                    write("Not saved. Your answers could not be kept either: the draft \(drafts.location) could not "
                          + "be written (\(draftFailure)).\n")
                } else {
                    write("Not saved. Your answers stay in the draft at \(drafts.location); "
                          + "run the same command again to come back to them.\n")
                }
                return .finished(.notSaved)
            case "e", "edit":
                if chooseAnswerToChange() { return .moved }
                continue
            default:
                break
            }
            switch Command(text) {
            case .back?:
                if goBack() { return .moved }
            case .quit?: return .finished(quit())
            case .score?: return .moved  // shows the summary again
            case .help?: showHelp()
            case .transcript(let line)?: showTranscript(from: line)
            case .sectionNotApplicable?, nil:
                write(valid ? "Please type y, n or e.\n" : "Please type e or q.\n")
            }
        }
    }

    private mutating func chooseAnswerToChange() -> Bool {
        while true {
            guard let text = readLine("Which answer? Type its number from the summary or its id (Enter to cancel): "),
                  !text.isEmpty
            else { return false }
            var key: String?
            if let n = Int(text), n >= 1, n <= summaryKeys.count {
                key = summaryKeys[n - 1]
            } else if summaryKeys.contains(text) {
                key = text
            } else if summaryKeys.contains(Evaluation.sectionKey(text)) {
                key = Evaluation.sectionKey(text)
            }
            guard let key, let before = progress.reopen(key) else {
                write("There is no answer \(text) in the summary; type a number from 1 to \(summaryKeys.count).\n")
                continue
            }
            if !key.hasPrefix("section:") { revising[key] = before }
            shownSection = nil
            saveDraft()
            return true
        }
    }

    /// The evaluation record for the answers so far, stamped now.
    private func record() -> Evaluation {
        let now = setup.now()
        return Evaluation(
            id: setup.evaluationID(at: now), callID: setup.callID, agentID: setup.agentID, teamID: setup.teamID,
            assessorID: setup.assessorID, scorecardID: scorecard.id, scorecardVersion: scorecard.version,
            callDate: setup.callDate, evaluatedAt: SessionSetup.timestamp(now), answers: progress.recordAnswers,
            comments: progress.comments)
    }

    private mutating func showSummary(_ score: EvaluationScore?) {
        summaryKeys = []
        write("\n==== Summary ====\n")
        for (s, section) in scorecard.sections.enumerated() {
            let sectionScore = score?.sections[s].score
            if progress.sectionsNotApplicable.contains(section.id) {
                summaryKeys.append(Evaluation.sectionKey(section.id))
                write("\n\(section.title): not applicable\n")
                write("\(summaryNumber()) whole section marked N/A\n")
                continue
            }
            guard progress.sectionApplies(s) else {
                write("\n\(section.title): does not apply to this call\n")
                continue
            }
            let zeroed = score?.sections[s].zeroedByCriticalFailure == true ? " (set to 0 by a critical failure)" : ""
            write("\n\(section.title): \(sectionScore.map(formatScore) ?? "no scored answers")\(zeroed)\n")
            for i in plan.sectionRanges[s] {
                let criterion = plan.criteria[i]
                guard let answer = progress.answers[criterion.id] else {
                    write("   -  \(oneLine(criterion.prompt, 44)): not asked (does not apply)\n")
                    continue
                }
                summaryKeys.append(criterion.id)
                write("\(summaryNumber()) \(oneLine(criterion.prompt, 44)): \(oneLine(AnswerReader(criterion).display(answer), 30))"
                      + (criterion.scored ? "" : " (not scored)") + "\n")
                if let comment = progress.comments[criterion.id] {
                    write("      Comment: \(oneLine(comment, 64))\n")
                }
            }
        }
        guard let score else { return }
        let band = score.band.map { " · band \($0.title)" } ?? ""
        let verdict = score.passed ? "PASSED" : "NOT PASSED"
        let why = score.autoFailed ? "a critical failure fails the whole evaluation"
            : "pass mark \(formatScore(scorecard.passMark))"
        write("\nTotal: \(formatScore(score.total)) out of 100\(band) · \(verdict) (\(why))\n")
        if !score.criticalFailures.isEmpty {
            write("Critical failures:\n")
            for failure in score.criticalFailures {
                let comment = failure.comment.map { " — comment: \(oneLine($0, 60))" } ?? ""
                write("  - \(failure.criterion) answered \(failure.answer): \(consequence(failure))\(comment)\n")
            }
        }
        write("\n")
    }

    /// The latest summary entry's number, right-aligned: `  1.`, ` 12.`.
    private func summaryNumber() -> String {
        let number = String(summaryKeys.count)
        return String(repeating: " ", count: max(0, 3 - number.count)) + number + "."
    }

    private func consequence(_ failure: CriticalFailure) -> String {
        switch failure.scope {
        case .form: return "the whole evaluation fails"
        case .section:
            let title = scorecard.sections.first { $0.id == failure.section }?.title ?? failure.section
            return "section \"\(title)\" scores 0"
        case .flag: return "flagged for review"
        }
    }

    private mutating func quit() -> SessionOutcome {
        saveDraft()
        if let draftFailure {
            write("\nStopped. Your \(answerCount) could not be saved: the draft \(drafts.location) could not be "
                  + "written (\(draftFailure)).\n" + Self.notKeptAdvice)
        } else {
            write("\nStopped. Your \(confirmedCount) answers are saved in the draft \(drafts.location).\n"
                  + "Run the same command again to continue where you left off.\n")
        }
        return .quit
    }

    private mutating func endOfInput() -> SessionOutcome {
        saveDraft()
        if let draftFailure {
            write("\nInput ended before the evaluation was finished. Your \(answerCount) could not be saved: the "
                  + "draft \(drafts.location) could not be written (\(draftFailure)).\n" + Self.notKeptAdvice)
        } else {
            write("\nInput ended before the evaluation was finished. Your \(confirmedCount) confirmed answers are saved "
                  + "in the draft \(drafts.location).\nRun the same command again to continue where you left off.\n")
        }
        return .inputEnded
    }

    /// "1 answer", "3 answers".
    private var answerCount: String { "\(confirmedCount) answer\(confirmedCount == 1 ? "" : "s")" }

    private static var notKeptAdvice: String {
        "Make room on the disk, or choose a folder you can write to with --output, then start again.\n"
    }

    private var confirmedCount: Int { progress.answers.count + progress.sectionsNotApplicable.count }

    private mutating func saveDraft() {
        let draft = progress.draft(setup: setup, savedAt: SessionSetup.timestamp(setup.now()))
        do {
            try drafts.save(draft)
            draftProblemReported = false
            draftFailure = nil
        } catch {
            let reason = Self.reason(error)
            draftFailure = reason
            guard !draftProblemReported else { return }
            draftProblemReported = true
            write("Warning: your answers could not be saved: the draft \(drafts.location) could not be written "
                  + "(\(reason)). They are kept only while this session runs.\n")
        }
    }

    /// Why a draft could not be written, in an assessor's words (never an internal type name).
    static func reason(_ error: any Error) -> String {
        if let error = error as? FileError { return error.reason }
        return "the answers could not be turned into a draft"
    }

    // MARK: - Scores, help, transcript

    private mutating func showSectionScore(_ s: Int) {
        guard let score = progress.runningScore() else { return }
        let section = scorecard.sections[s]
        let sectionScore = score.sections[s].score.map(formatScore) ?? "no scored answers"
        write("\nSection \"\(section.title)\" scores \(sectionScore). Running total: \(formatScore(score.total))\n")
    }

    private mutating func showRunningScore() {
        guard let score = progress.runningScore() else {
            write("No scored answers yet.\n")
            return
        }
        let parts = scorecard.sections.enumerated().compactMap { s, section in
            score.sections[s].score.map { "\(section.title) \(formatScore($0))" }
        }
        write("Score so far (answered questions only): \(formatScore(score.total)) · \(parts.joined(separator: " · "))\n")
    }

    private mutating func showHelp() {
        write("""
        At any prompt you can type:
          an answer       its number (1, 2, …) or its name; for several options, e.g. 1,3
          na              not applicable (only where the question offers it)
          section na      mark the whole section not applicable (only where offered)
          Enter           keep your previous answer, or take the top answer in sections that default to it
          b or back       go back to the previous question and change its answer
          s or score      show the score so far
          t or transcript show the next page of the call transcript (t 40 starts at line 40)
          q or quit       stop now and continue later; nothing you confirmed is lost
          ? or help       this help
        Your answers are saved to the draft \(drafts.location) after every question.

        """)
    }

    private mutating func showTranscript(from line: Int?) {
        guard var pager else {
            write("No transcript was given (start with --transcript FILE to see the call text here).\n")
            return
        }
        write(pager.page(from: line))
        self.pager = pager
    }

    // MARK: - Text

    /// Everything the session shows passes through here: control characters from the template, the ids or the
    /// transcript (escape sequences, BEL, NUL, carriage returns) are replaced, line breaks kept.
    private mutating func write(_ text: String) {
        output.write(Escaping.terminal(text, keepingLineBreaks: true))
    }

    private mutating func readLine(_ prompt: String) -> String? {
        write(prompt)
        guard let line = input.readLine() else {
            write("\n")
            return nil
        }
        if setup.echoInput { write(line + "\n") }
        return line.trimmed
    }

    private func describe(_ condition: Condition) -> String { Wording.condition(condition) }

    private func describe(_ match: AnswerMatch, of criterion: Criterion) -> String { Wording.match(match, of: criterion) }

    private func describe(_ scope: CriticalScope) -> String { Wording.scope(scope) }
}

/// A command the assessor can type at any prompt instead of an answer.
enum Command: Hashable {
    case back, score, help, quit, sectionNotApplicable
    case transcript(Int?)

    init?(_ text: String) {
        let words = text.lowercased().split(separator: " ").map(String.init)
        switch words {
        case ["b"], ["back"]: self = .back
        case ["s"], ["score"]: self = .score
        case ["?"], ["help"]: self = .help
        case ["q"], ["quit"]: self = .quit
        case ["t"], ["transcript"]: self = .transcript(nil)
        case ["section", "na"], ["section", "n/a"]: self = .sectionNotApplicable
        default:
            if words.count == 2, ["t", "transcript"].contains(words[0]), let line = Int(words[1]) {
                self = .transcript(line)
            } else {
                return nil
            }
        }
    }
}

/// A score for display: at most two decimals, no trailing zeros (`76`, `49.33`).
func formatScore(_ value: Double) -> String {
    formatNumber((value * 100).rounded() / 100)
}

/// Text on one line, cut to `limit` characters with an ellipsis.
func oneLine(_ text: String, _ limit: Int?) -> String {
    let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: " ")
    guard let limit, flat.count > limit else { return flat }
    return String(flat.prefix(limit - 1)) + "…"
}
