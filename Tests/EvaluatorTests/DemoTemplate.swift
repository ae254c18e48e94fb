import Foundation
import QAModel
@testable import Evaluator

/// A template with every kind of question the session must ask: yes/no, scale, choice, points, multi-select,
/// numeric ranges, an informational question, two conditional questions (one asked, one skipped), a section
/// that may be marked N/A and a section that defaults to the top answer. Section weights 20/40/20/10/10.
func sessionScorecard() -> Scorecard {
    let no: AnswerMatch = .answers(["no"])
    return Scorecard(
        id: "inbound", version: "2", title: "Inbound calls",
        categories: [Category(id: "empathy", title: "Empathy"), Category(id: "compliance", title: "Compliance"),
                     Category(id: "resolution", title: "Resolution")],
        sections: [
            Section(id: "opening", title: "Opening", weight: 20, criteria: [
                Criterion(id: "greet", category: "empathy", prompt: "Did the agent greet the customer by name?",
                          guidance: "Name used in the first 30 seconds.", answerType: .yesNo(points: 1)),
                Criterion(id: "verify", category: "compliance", prompt: "Did the agent verify the caller's identity?",
                          answerType: .yesNo(points: 1), weight: 2,
                          critical: CriticalRule(scope: .flag, failingAnswers: no), commentRequired: no),
            ]),
            Section(id: "handling", title: "Handling", weight: 40, criteria: [
                Criterion(id: "tone", category: "empathy", prompt: "How was the agent's tone?",
                          answerType: .scale(min: 1, max: 5, labels: [
                              ScaleLabel(value: 1, label: "Cold or rude"), ScaleLabel(value: 3, label: "Neutral"),
                              ScaleLabel(value: 4, label: "Friendly"), ScaleLabel(value: 5, label: "Warm throughout"),
                          ]), weight: 2),
                Criterion(id: "resolve", category: "resolution", prompt: "Was the issue resolved?",
                          answerType: .choice(options: [
                              ChoiceOption(id: "full", label: "Fully", points: 2),
                              ChoiceOption(id: "partial", label: "Partly", points: 1),
                              ChoiceOption(id: "none", label: "Not at all", points: 0),
                          ]), weight: 3),
                Criterion(id: "complained", category: "resolution", prompt: "Did the customer complain?",
                          answerType: .yesNo(points: 1), scored: false),
                Criterion(id: "logged", category: "resolution", prompt: "Was the complaint logged?",
                          answerType: .yesNo(points: 1),
                          condition: .answerIs(criterion: "complained", anyOf: ["yes"], position: .unknown)),
                Criterion(id: "thanked", category: "empathy", prompt: "Did the agent thank the customer for calling?",
                          answerType: .yesNo(points: 1),
                          condition: .answerIs(criterion: "complained", anyOf: ["no"], position: .unknown)),
                Criterion(id: "knowledge", category: "resolution", prompt: "Product knowledge (0-4 points)",
                          answerType: .points(max: 4), weight: 2),
            ]),
            Section(id: "security", title: "Security", weight: 20, criteria: [
                Criterion(id: "ids", category: "compliance", prompt: "Which identity checks were done?",
                          answerType: .multiSelect(options: [
                              ChoiceOption(id: "name", label: "Full name", points: 2),
                              ChoiceOption(id: "dob", label: "Date of birth", points: 2),
                              ChoiceOption(id: "postcode", label: "Postcode", points: 3),
                          ], max: 4), weight: 2),
                Criterion(id: "hold", category: "compliance", prompt: "Longest hold, in seconds",
                          answerType: .numeric(ranges: [
                              NumericRange(min: 0, max: 30, points: 2), NumericRange(min: 31, max: 60, points: 1),
                              NumericRange(min: 61, max: nil, points: 0, fails: true),
                          ]), critical: CriticalRule(scope: .flag, failingAnswers: .answers([]))),
            ]),
            Section(id: "closing", title: "Closing", weight: 10, allowsNotApplicable: true, criteria: [
                Criterion(id: "recap", category: "resolution", prompt: "Did the agent recap next steps?",
                          answerType: .yesNo(points: 1)),
            ]),
            Section(id: "wrapup", title: "After-call work", weight: 10, defaultsToTop: true, criteria: [
                Criterion(id: "notes", category: "compliance", prompt: "Were call notes complete?",
                          answerType: .yesNo(points: 1)),
                Criterion(id: "tagged", category: "compliance", prompt: "Was the call tagged correctly?",
                          answerType: .choice(options: [ChoiceOption(id: "correct", label: "Correct", points: 1),
                                                        ChoiceOption(id: "wrong", label: "Wrong", points: 0)])),
            ]),
        ],
        passMark: 70,
        bands: [Band(id: "good", title: "Good", min: 70, max: 100),
                Band(id: "poor", title: "Needs improvement", min: 0, max: 70)])
}

/// 2026-11-02 09:30:00 UTC.
let fixedNow = Date(timeIntervalSince1970: 1_793_611_800)

func sessionSetup(transcript: String? = nil) -> SessionSetup {
    SessionSetup(callID: "C-1001", agentID: "A-7", teamID: "T-1", assessorID: "QA-2", callDate: CalendarDay(year: 2026, month: 11, day: 1) ?? CalendarDay(daysSinceEpoch: 0),
                 transcript: transcript, echoInput: true, now: { fixedNow })
}

/// Runs one session over scripted lines; returns the outcome and everything it wrote.
func runSession(_ lines: [String], drafts: any DraftStore = DraftInMemory(), transcript: String? = nil,
                scorecard: Scorecard = sessionScorecard()) -> (SessionOutcome, String) {
    var session = EvaluationSession(scorecard: scorecard, setup: sessionSetup(transcript: transcript),
                                    input: ScriptedLines(lines), output: CollectedText(), drafts: drafts)
    let outcome = session.run()
    return (outcome, session.output.text)
}

/// The lines of a full session up to (not including) the summary confirmation; see the walk-through test.
let fullScript: [String] = [
    "maybe", "y", "",                 // greet: an invalid answer re-asked, then yes, no comment
    "no", "", "Agent skipped the date of birth check",  // verify: no; the required comment refused empty, then given
    "4", "",                          // tone 4
    "partial", "",                    // resolve partial …
    "b",                              // … at the next question, go back to resolve
    "full", "",                       // … and change it to full
    "yes", "",                        // complained yes → logged is asked, thanked is skipped
    "no", "",                         // logged no
    "5", "3", "",                     // knowledge: 5 is above the maximum, re-asked; 3
    "dob", "",                        // ids: date of birth only
    "45", "",                         // hold 45 s
    "section na",                     // closing: the whole section N/A
    "", "",                           // notes: Enter takes the top answer (yes); no comment
    "", "",                           // tagged: Enter takes the top answer (correct); no comment
]
