import QAModel

/// A small inbound-call template built in Swift (the XML loader is another module): four weighted sections
/// with yes/no, scale, choice, points and an informational choice; a condition, a form-level critical item,
/// comment rules, criterion N/A and section N/A.
enum TestScorecard {
    static let inbound = Scorecard(
        id: "test-inbound", version: "1", title: "Inbound test form",
        categories: [
            Category(id: "compliance", title: "Compliance"), Category(id: "empathy", title: "Empathy"),
            Category(id: "resolution", title: "Resolution"), Category(id: "process", title: "Process"),
        ],
        sections: [
            Section(id: "opening", title: "Opening", weight: 20, criteria: [
                Criterion(id: "greeting", category: "process", prompt: "Did the agent greet the caller?",
                          answerType: .yesNo(points: 1)),
                Criterion(id: "verify-id", category: "compliance", prompt: "Did the agent verify the caller's identity?",
                          answerType: .yesNo(points: 1), weight: 2,
                          critical: CriticalRule(scope: .form, failingAnswers: .answers(["no"])),
                          commentRequired: .answers(["no"])),
            ]),
            Section(id: "discovery", title: "Discovery", weight: 40, criteria: [
                Criterion(id: "call-type", category: "process", prompt: "What kind of call was it?",
                          answerType: .choice(options: [
                              ChoiceOption(id: "query", label: "Query", points: 0),
                              ChoiceOption(id: "complaint", label: "Complaint", points: 0),
                          ]), scored: false),
                Criterion(id: "empathy", category: "empathy", prompt: "How well did the agent acknowledge feelings?",
                          answerType: .scale(min: 1, max: 5, labels: []), weight: 2, commentRequired: .belowTop),
                Criterion(id: "questions", category: "resolution", prompt: "Did the agent ask the right questions?",
                          answerType: .choice(options: [
                              ChoiceOption(id: "full", label: "All", points: 2),
                              ChoiceOption(id: "partial", label: "Some", points: 1),
                              ChoiceOption(id: "none", label: "None", points: 0),
                          ])),
                Criterion(id: "complaint-logged", category: "process", prompt: "Was the complaint logged?",
                          answerType: .yesNo(points: 1), allowsNotApplicable: true,
                          condition: .answerIs(criterion: "call-type", anyOf: ["complaint"], position: .unknown)),
            ]),
            Section(id: "close", title: "Close", weight: 40, criteria: [
                Criterion(id: "resolution-confirmed", category: "resolution",
                          prompt: "Did the agent confirm the issue was resolved?", answerType: .yesNo(points: 1),
                          weight: 2, commentRequired: .answers(["no"])),
                Criterion(id: "summary", category: "resolution", prompt: "How complete was the summary?",
                          answerType: .points(max: 4), allowsNotApplicable: true),
                Criterion(id: "next-steps", category: "process", prompt: "Were next steps explained?",
                          answerType: .yesNo(points: 1)),
            ]),
            Section(id: "offers", title: "Offers", weight: 10, allowsNotApplicable: true, criteria: [
                Criterion(id: "offer", category: "process", prompt: "Was a relevant offer made?",
                          answerType: .yesNo(points: 1)),
            ]),
        ],
        passMark: 80)

    /// A one-section plain points form of yes/no criteria, each worth 1 point of 4 (25 points of the total).
    static let flat = Scorecard(
        id: "flat", version: "2", title: "Flat yes/no form",
        categories: [Category(id: "process", title: "Process")],
        sections: [
            Section(id: "all", title: "All", criteria: (1...4).map { n in
                Criterion(id: "c\(n)", category: "process", prompt: "Item \(n)?", answerType: .yesNo(points: 1))
            }),
        ],
        passMark: 80)
}
