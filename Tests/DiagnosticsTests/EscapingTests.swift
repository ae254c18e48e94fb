import Diagnostics
import Testing
import TextEscaping

/// The one escaping function per medium, and the one rule for naming input in messages (issue 17).
@Suite("Escaping per medium and quoting of names")
struct EscapingTests {
    static let hostile = "E\u{1B}]0;owned\u{07}\u{1B}[31m<script>alert(1)</script>\nfile:99: error: forged\u{0}\u{7F}\u{9B}\u{2028}"

    @Test("terminal: every C0, DEL and C1 control and the Unicode line separators become ?, nothing else changes")
    func terminal() {
        let out = Escaping.terminal(Self.hostile)
        #expect(out == "E?]0;owned??[31m<script>alert(1)</script>?file:99: error: forged????")
        #expect(Escaping.terminal("a\tb\nc\r", keepingLineBreaks: true) == "a\tb\nc?")
        #expect(Escaping.terminal("abcdef", limit: 3) == "abc…")
        #expect(Escaping.terminal("Zoë — ✓") == "Zoë — ✓")
    }

    @Test("HTML: markup escaped, controls dropped, tab and newline kept")
    func html() {
        #expect(Escaping.html("<img src=x onerror=\"a('1')\">&\u{1B}[2J\u{07}\u{0}\t\n")
                == "&lt;img src=x onerror=&quot;a(&#39;1&#39;)&quot;&gt;&amp;[2J\t\n")
    }

    @Test("Markdown: <, >, & as entities; backticks, pipes and markup escaped; one line; controls dropped")
    func markdown() {
        let out = Escaping.markdown("<script>x</script> & <img onerror=y>|`code`*b*_i_[l](u)\n#h\u{1B}\u{07}")
        #expect(out == "&lt;script&gt;x&lt;/script&gt; &amp; &lt;img onerror=y&gt;\\|\\`code\\`\\*b\\*\\_i\\_\\[l\\](u) #h")
        #expect(!out.contains("<"))
    }

    @Test("JSON: every control character escaped")
    func json() {
        let out = Escaping.jsonString("a\u{1B}\u{0}\n\"\\")
        #expect(out == "\"a\\u001b\\u0000\\n\\\"\\\\\"")
    }

    @Test("names: quoted when short and not free text, described otherwise")
    func quoting() {
        #expect(Quoting.quoted("greeting", kind: "key") == "'greeting'")
        #expect(Quoting.quoted("QA Lead 2", kind: "name") == "'QA Lead 2'")
        #expect(Quoting.quoted("the customer said she was unhappy", kind: "key")
                == "a 33-character key, not shown")
        #expect(Quoting.quoted(String(repeating: "i", count: 10_000_000), kind: "id")
                == "a 10,000,000-character id, not shown")
        #expect(Quoting.quoted("E\u{1B}[31m", kind: "id") == "a 6-character id with control characters, not shown")
        #expect(Quoting.quoted(String(repeating: "x", count: 80), kind: "id") == "an 80-character id, not shown")
        #expect(Quoting.quoted("", kind: "name") == "''")
    }

    @Test("a record's problem names a long id, a free-text key and field by description only")
    func diagnosticsDescribeLongNames() {
        let comment = "This agent was rude to Jane Doe and hung up"
        let d = Diagnostic(DiagnosticLocation(file: "in.jsonl", line: 3, recordID: String(repeating: "i", count: 10_000_000),
                                              criterion: comment), rule: "answer.unknown-criterion", message: "unknown criterion")
        #expect(d.text == "in.jsonl:3: error: evaluation (a 10,000,000-character id, not shown): criterion (a 43-character key, "
            + "not shown): unknown criterion")
        let f = Diagnostic(DiagnosticLocation(file: "in.csv", field: comment), rule: "record.csv-header", message: "unknown column")
        #expect(f.text == "in.csv: error: a 43-character field name, not shown: unknown column")
        let forged = Diagnostic(DiagnosticLocation(file: "a\nb:1: error: x"), rule: "r", message: "m\u{1B}[2J")
        #expect(forged.text == "a?b:1: error: x: error: m?[2J")
    }
}
