import Diagnostics
import Testing

private func record(_ file: String, line: Int, row: Int? = nil, id: String, criterion: String? = nil,
                    rule: String = "answer.missing", message: String = "no answer, but the criterion applies to this call",
                    plural: String? = nil) -> Diagnostic {
    Diagnostic(DiagnosticLocation(file: file, line: line, row: row, recordID: id, criterion: criterion), rule: rule,
               message: message, plural: plural)
}

/// Runs `body` against a collector and returns the lines it printed.
private func lines(_ limits: DiagnosticLimits = DiagnosticLimits(),
                   _ body: (DiagnosticCollector) -> Void) -> (DiagnosticCollector, [String]) {
    final class Lines { var all: [String] = [] }
    let out = Lines()
    let collector = DiagnosticCollector(limits: limits) { out.all.append($0) }
    body(collector)
    collector.finish()
    return (collector, out.all)
}

@Suite("Rendering: one compiler-style line per problem")
struct DiagnosticRendererTests {
    @Test("templates give file:line:column, records file:line (row N) with the evaluation and criterion")
    func shapes() {
        let template = Diagnostic(DiagnosticLocation(file: "t.xml", line: 3, column: 7), rule: "template.schema",
                                  message: "unknown attribute 'wieght'")
        #expect(template.text == "t.xml:3:7: error: unknown attribute 'wieght'")
        let csv = record("w.csv", line: 4, row: 3, id: "E-2", criterion: "greeting")
        #expect(csv.text == "w.csv:4 (row 3): error: evaluation E-2: criterion 'greeting': no answer, but the criterion applies to this call")
        let run = Diagnostic(DiagnosticLocation(), rule: "calibration.none", message: "no calls were scored twice")
        #expect(run.text == "error: no calls were scored twice")
        let file = Diagnostic(DiagnosticLocation(file: "a.csv", field: "agent_id"), .warning, rule: "x", message: "m")
        #expect(file.text == "a.csv: warning: agent_id: m")
    }

    @Test("control characters in ids cannot forge a line; long ids are cut")
    func sanitised() {
        let forged = record("a.jsonl", line: 1, id: "E-1\nb.jsonl:99: error: \u{1B}[2J")
        #expect(!forged.text.contains("\n"))
        #expect(!forged.text.contains("\u{1B}"))
        let long = record("a.jsonl", line: 1, id: String(repeating: "x", count: 10_000))
        #expect(long.text.count < 300)
    }

    @Test("the exit policy: a file failure beats an error, an error beats success, warnings do not count")
    func exitPolicy() {
        #expect(ExitStatus.for(errors: 0, fileFailures: 0) == .success)
        #expect(ExitStatus.for(errors: 5, fileFailures: 0) == .problemsFound)
        #expect(ExitStatus.for(errors: 5, fileFailures: 1) == .cannotReadOrWrite)
        let (collector, _) = lines { $0.add(Diagnostic(DiagnosticLocation(file: "t.xml", line: 1, column: 1), .warning, rule: "w", message: "m")) }
        #expect(collector.exitStatus == .success)
        #expect(collector.warnings == 1)
    }
}

@Suite("Grouping and limits")
struct DiagnosticCollectorTests {
    @Test("the same problem in many records of a file is one line with a count and the first places")
    func grouped() {
        let (collector, out) = lines { c in
            for i in 0..<57 { c.recordInvalid([record("a.jsonl", line: 10 + i, id: "E-\(i)", criterion: "greeting")]) }
            c.recordValid(file: "a.jsonl")
        }
        #expect(out == ["a.jsonl:10: error: criterion 'greeting': no answer, but the criterion applies to this call "
                        + "(the same in 57 records: lines 10, 11, 12, 13, 14 and 52 more)"])
        #expect(collector.invalidRecords == 57)
        #expect(collector.validRecords == 1)
        #expect(collector.exitStatus == .problemsFound)
        #expect(collector.summary() == "summary: 1 evaluation scored; 57 invalid records in 1 file not scored")
    }

    @Test("answers that differ only in the value quoted are one kind; CSV groups list rows")
    func sameKind() {
        let (_, out) = lines { c in
            for (i, v) in ["6", "7", "9"].enumerated() {
                c.recordInvalid([record("w.csv", line: 2 + i, row: 2 + i, id: "E-\(i)", criterion: "tone",
                                        rule: "answer.invalid", message: "'\(v)' is not a valid answer; expected 1 to 5")])
            }
        }
        #expect(out == ["w.csv:2 (row 2): error: criterion 'tone': '6' is not a valid answer; expected 1 to 5 "
                        + "(3 records with a problem like this: rows 2, 3, 4)"])
    }

    @Test("a file whose records are all for another template gets one line naming both templates")
    func wholeFile() {
        let plural = "are for template 'inbound' version '1', but the template given is 'tech' version '1'; score them with the matching template"
        let (collector, out) = lines { c in
            for i in 1...240 {
                c.recordInvalid([record("in.jsonl", line: i, id: "E-\(i)", rule: Rule.templateMismatch,
                                        message: "scored against template 'inbound' version '1', but …", plural: plural)])
            }
        }
        #expect(out == ["in.jsonl: error: all 240 records " + plural])
        #expect(collector.summary() == "summary: 0 evaluations scored; 240 invalid records in 1 file not scored")
    }

    @Test("no more than 20 lines per file; the rest is counted in a note, per file")
    func capped() {
        let (_, out) = lines { c in
            for file in ["a.jsonl", "b.jsonl"] {
                for k in 0..<30 {
                    for i in 0..<3 { c.recordInvalid([record(file, line: k * 3 + i + 1, id: "E", criterion: "c\(k)")]) }
                }
            }
        }
        #expect(out.count == 2 * 21)
        #expect(out[20] == "a.jsonl: note: 30 more problems (10 more kinds) not shown; add --all-problems to list every one")
        #expect(out[41].hasPrefix("b.jsonl: note: 30 more problems"))
    }

    @Test("one record with the same problem in many fields names the fields once (a file that is not an evaluation)")
    func fieldsMerged() {
        func field(_ name: String, _ message: String) -> Diagnostic {
            Diagnostic(DiagnosticLocation(file: "x.json", line: 2, field: name), rule: "record.shape", message: message)
        }
        let (_, out) = lines { c in
            c.recordInvalid(["a", "b", "c", "d", "e", "f"].map { field($0, "unknown field") }
                            + [field("id", "missing required field"), field("callId", "missing required field")])
            c.recordInvalid(Array(repeating: field("greeting", "this column appears twice in the header"), count: 500))
        }
        #expect(out == ["x.json:2: error: a, b, c, d and 2 more fields: unknown field",
                        "x.json:2: error: id: missing required field",
                        "x.json:2: error: callId: missing required field",
                        "x.json:2: error: greeting (500 times): this column appears twice in the header"])
    }

    @Test("--all-problems: every problem on its own line, as found")
    func everything() {
        let (_, out) = lines(.everything) { c in
            for k in 0..<30 {
                for i in 0..<3 { c.recordInvalid([record("a.jsonl", line: k * 3 + i + 1, id: "E-\(k * 3 + i)", criterion: "c\(k)")]) }
            }
        }
        #expect(out.count == 90)
        #expect(out[0] == "a.jsonl:1: error: evaluation E-0: criterion 'c0': no answer, but the criterion applies to this call")
    }

    @Test("memory stays bounded: 1,000,000 problems of 1,000,000 kinds keep at most the cap")
    func bounded() {
        let limits = DiagnosticLimits()
        var peak = 0
        let (collector, out) = lines(limits) { c in
            for i in 0..<1_000_000 {
                c.recordInvalid([record("big.csv", line: i + 2, row: i + 2, id: "E-\(i)", criterion: "criterion-\(i)")])
                if i % 1000 == 0 { peak = max(peak, c.retainedCount) }
            }
            peak = max(peak, c.retainedCount)
        }
        #expect(peak <= limits.groupsPerFile * (1 + limits.placesPerGroup))
        #expect(collector.invalidRecords == 1_000_000)
        #expect(out.count == 21)
        #expect(out.last == "big.csv: note: 999980 more problems (180 more kinds) not shown; add --all-problems to list every one")
    }
}
