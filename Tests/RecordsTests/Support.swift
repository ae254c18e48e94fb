#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QAModel
@testable import Records

/// `Tests/Fixtures/records/<name>`, located from this file (tests read only what is in the repository).
func fixture(_ name: String) -> String {
    let here = #filePath
    let testsDir = here.split(separator: "/", omittingEmptySubsequences: false).dropLast(2).joined(separator: "/")
    return testsDir + "/Fixtures/records/" + name
}

/// Reads every record of the sources into (evaluations, invalid records).
func readAll(_ sources: [InputSource], options: EvaluationReader.Options = .init()) throws
    -> (good: [(Evaluation, RecordLocation)], bad: [[RecordProblem]])
{
    var good: [(Evaluation, RecordLocation)] = []
    var bad: [[RecordProblem]] = []
    try EvaluationReader.forEach(sources, options: options) { result in
        switch result {
        case .evaluation(let e, let l): good.append((e, l))
        case .invalid(let problems): bad.append(problems)
        }
    }
    return (good, bad)
}

/// Records from in-memory text through a pipe, as standard input.
func readStandardInput(_ text: String, format: RecordFormat? = nil, options: EvaluationReader.Options = .init()) throws
    -> (good: [(Evaluation, RecordLocation)], bad: [[RecordProblem]])
{
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw RecordInputError(path: "-", reason: "pipe failed") }
    let bytes = Array(text.utf8)
    precondition(bytes.count < 60_000, "test input must fit in a pipe buffer")
    _ = bytes.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
    close(fds[1])
    defer { close(fds[0]) }
    var opts = options
    opts.standardInput = fds[0]
    return try readAll([.standardInput(format: format)], options: opts)
}

/// Writes `text` to a fresh temporary file with the given extension and returns its path.
func temporaryFile(_ text: String, extension ext: String) -> String {
    let path = "/tmp/records-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).\(ext)"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    return path
}

/// The small template the fixtures and docs use.
let inboundBasic = Scorecard(
    id: "inbound-basic", version: "1", title: "Inbound basic",
    categories: [Category(id: "compliance", title: "Compliance"), Category(id: "empathy", title: "Empathy")],
    sections: [
        Section(id: "opening", title: "Opening", criteria: [
            Criterion(id: "greeting", category: "compliance", prompt: "Greeted the caller?", answerType: .yesNo(points: 1)),
            Criterion(id: "empathy", category: "empathy", prompt: "Empathy", answerType: .scale(min: 1, max: 5, labels: [])),
        ]),
        Section(id: "handling", title: "Handling", criteria: [
            Criterion(id: "resolution", category: "compliance", prompt: "Resolved?", answerType: .choice(options: [
                ChoiceOption(id: "resolved", label: "Resolved", points: 2),
                ChoiceOption(id: "partial", label: "Partly", points: 1),
                ChoiceOption(id: "unresolved", label: "Not resolved", points: 0),
            ])),
            Criterion(id: "accuracy", category: "compliance", prompt: "Accuracy", answerType: .points(max: 10)),
            Criterion(id: "disclosures", category: "compliance", prompt: "Disclosures", answerType: .multiSelect(options: [
                ChoiceOption(id: "recording", label: "Recording", points: 1),
                ChoiceOption(id: "privacy", label: "Privacy", points: 1),
                ChoiceOption(id: "terms", label: "Terms", points: 1),
            ], max: 3)),
        ]),
        Section(id: "sales", title: "Sales", allowsNotApplicable: true, criteria: [
            Criterion(id: "upsell", category: "compliance", prompt: "Offered the upgrade?", answerType: .yesNo(points: 1)),
        ]),
    ],
    passMark: 80)
