import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WebApp
import Workbench

/// Every value a page shows is escaped by the project's one HTML escape (the pages' Mustache content type):
/// markup in what people type comes back as text, and control characters are dropped.
@Suite("Pages escape what people type")
struct PageEscapingTests {
    @Test("a comment with markup, quotes and control characters comes back escaped on the scoring form",
          arguments: TestEngine.available)
    func commentEscaped(engine: TestEngine) async throws {
        let team = try TeamFixture(engine)
        let lead = try team.session("qa-lead")
        let typed = "<script>alert(\"x\")</script> & 'quoted'\u{1B}[31m\u{85}end"
        try await team.withClient { client in
            let saved = try await client.post("/calls/\(team.unassignedCall)/score", cookie: lead.cookie, form: [
                ("csrf", lead.csrf), ("action", "save"), ("answer.greeting", "no"), ("comment.greeting", typed)])
            #expect(saved.status == .seeOther)
            let page = try await client.get("/calls/\(team.unassignedCall)/score", cookie: lead.cookie)
            #expect(page.status == .ok)
            #expect(page.text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;[31mend"))
            #expect(!page.text.contains("<script>alert"))
            #expect(!page.text.contains("\u{1B}"))
            #expect(!page.text.contains("\u{85}"))
        }
    }
}
