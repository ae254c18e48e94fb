// Loads and validates a generated 1,000-criterion template repeatedly and prints the median time.
// Run: swift run -c release bench-scorecard [runs]
// Hostile shapes inside the limits (issue 17), each loaded once per run and timed:
//      swift run -c release bench-scorecard shapes [runs]
import Foundation
import QAModel
import SafeXML
import ScorecardFormat

/// A template with 50 sections of 20 criteria: yes/no, scales, choices, points, conditions, critical rules.
func generatedTemplate(sections: Int = 50, perSection: Int = 20) -> String {
    var xml = """
    <?xml version="1.0" encoding="UTF-8"?>
    <scorecard xmlns="urn:qa-workbench:scorecard:1" id="bench" version="1" scoring="weighted">
      <title>Benchmark</title><owner>QA</owner><effective-date>2026-01-01</effective-date>
      <categories><category id="empathy">E</category><category id="compliance">C</category><category id="resolution">R</category></categories>
      <pass-mark>80</pass-mark>
      <bands><band id="pass" min="80" max="100">Pass</band><band id="fail" min="0" max="80">Fail</band></bands>

    """
    let categories = ["empathy", "compliance", "resolution"]
    for s in 0..<sections {
        xml += "  <section id=\"s\(s)\" weight=\"\(s % 5 + 1)\">\n    <title>Section \(s)</title>\n"
        for c in 0..<perSection {
            let id = "c\(s)-\(c)"
            xml += "    <criterion id=\"\(id)\" category=\"\(categories[c % 3])\" weight=\"\(c % 3 + 1)\">\n"
            xml += "      <prompt>Did the agent do thing \(c) of section \(s)?</prompt>\n"
            xml += "      <guidance>Yes if the agent did it before the customer asked; No otherwise.</guidance>\n"
            switch c % 4 {
            case 0: xml += "      <yes-no/>\n"
            case 1: xml += "      <scale min=\"1\" max=\"5\"><anchor value=\"1\">Poor</anchor><anchor value=\"5\">Great</anchor></scale>\n"
            case 2: xml += "      <choice><option id=\"full\" points=\"2\">Full</option><option id=\"part\" points=\"1\">Part</option><option id=\"none\" points=\"0\">None</option></choice>\n"
            default: xml += "      <points max=\"10\"/>\n"
            }
            if c % 4 == 0, c > 0 { xml += "      <applies-when criterion=\"c\(s)-0\" is=\"yes\"/>\n" }
            if c % 4 == 0 { xml += "      <critical scope=\"flag\" fail-on=\"no\"/>\n      <comment-required on=\"no\"/>\n" }
            xml += "    </criterion>\n"
        }
        xml += "  </section>\n"
    }
    return xml + "</scorecard>\n"
}

/// Shapes that were quadratic before issue 17: everything on one line, or one element with many attributes.
enum HostileShape: String, CaseIterable {
    /// A valid template of 10,000 criteria, all on one line (≈ 0.84 MB).
    case oneLineCriteria = "one-line 10,000 criteria"
    /// The root element with 10,000 attributes the schema does not know (≈ 100 KB): 10,000 schema errors before
    /// issue 17, refused by the 256-attribute limit since.
    case unknownAttributes = "10,000 unknown attributes"
    /// 10,000 criteria on one line, each with an attribute the schema does not know: 10,000 schema errors.
    case unknownAttributeEach = "10,000 criteria with an unknown attribute, one line"
    /// 199,000 empty elements on one line (just under the 200,000-element limit).
    case emptyElements = "199,000 empty elements, one line"

    var bytes: [UInt8] {
        let head = #"<?xml version="1.0" encoding="UTF-8"?><scorecard xmlns="urn:qa-workbench:scorecard:1" id="x" version="1" scoring="weighted""#
        let body = #"<title>T</title><owner>QA</owner><effective-date>2026-01-01</effective-date>"#
            + #"<categories><category id="c">C</category></categories><pass-mark>80</pass-mark>"#
            + #"<bands><band id="all" min="0" max="100">All</band></bands>"#
        var xml = head
        switch self {
        case .oneLineCriteria:
            xml += ">" + body + #"<section id="s"><title>S</title>"#
            for i in 0..<10_000 {
                xml += #"<criterion id="q\#(i)" category="c"><prompt>Did the agent do it?</prompt><yes-no/></criterion>"#
            }
            xml += "</section></scorecard>"
        case .unknownAttributes:
            for i in 0..<10_000 { xml += #" u\#(i)="1""# }
            xml += ">" + body + #"<section id="s"><title>S</title><criterion id="q" category="c"><prompt>P</prompt><yes-no/></criterion></section></scorecard>"#
        case .unknownAttributeEach:
            xml += ">" + body + #"<section id="s"><title>S</title>"#
            for i in 0..<10_000 {
                xml += #"<criterion id="q\#(i)" category="c" colour="red"><prompt>Did the agent do it?</prompt><yes-no/></criterion>"#
            }
            xml += "</section></scorecard>"
        case .emptyElements:
            xml += ">" + String(repeating: "<x/>", count: 199_000) + "</scorecard>"
        }
        return Array(xml.utf8)
    }
}

/// CPU time of this process (a shared machine makes wall time noisy).
func cpuMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
}

if CommandLine.arguments.dropFirst().first == "shapes" {
    let runs = max(1, CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 3)
    for shape in HostileShape.allCases {
        let bytes = shape.bytes
        var samples: [Double] = []
        var cpuSamples: [Double] = []
        var diagnostics = 0
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = cpuMilliseconds()
            let result = ScorecardLoader.load(bytes: bytes, path: "shape.xml")
            cpuSamples.append(cpuMilliseconds() - cpuStart)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            diagnostics = result.diagnostics.count
        }
        samples.sort()
        cpuSamples.sort()
        print("\(shape.rawValue) (\(bytes.count) bytes): median "
            + String(format: "%.1f ms CPU, %.1f ms wall", cpuSamples[runs / 2], samples[runs / 2])
            + " of \(runs) runs, \(diagnostics) diagnostics kept")
    }
    exit(0)
}

let runs = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 21
let bytes = Array(generatedTemplate().utf8)
var times: [Double] = []
var criteria = 0
for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = ScorecardLoader.load(bytes: bytes, path: "bench.xml")
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    guard let card = result.scorecard else {
        print("generated template is invalid: \(result.diagnostics.prefix(5))")
        exit(1)
    }
    criteria = card.criteria.count
    times.append(elapsed)
}
times.sort()
let median = times[times.count / 2]
print("bench-scorecard: \(criteria) criteria, \(bytes.count) bytes, \(runs) runs")
print(String(format: "load + XSD + semantic checks: median %.1f ms (min %.1f, max %.1f)", median, times[0], times[times.count - 1]))

// Where the time goes: compiling the shipped schema, and parsing + validating without the semantic checks.
func median(_ body: () -> Void) -> Double {
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return samples.sorted()[samples.count / 2]
}
let compile = median { _ = try? XMLSchema(trustedXSD: EmbeddedSchema.xsd) }
let parseOnly = median { _ = SafeXMLParser().parse(bytes) }
let schema = try XMLSchema(trustedXSD: EmbeddedSchema.xsd)
let parseAndValidate = median { _ = SafeXMLParser().parse(bytes, validatingWith: schema) }
print(String(format: "  of which: schema compile %.1f ms, parse into Swift tree %.1f ms, parse + XSD %.1f ms",
             compile, parseOnly, parseAndValidate))
