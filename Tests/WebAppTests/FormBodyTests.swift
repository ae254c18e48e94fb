import Testing
@testable import WebApp

@Suite("Form bodies")
struct FormBodyTests {
    @Test("names and values are percent-decoded, + is a space, repeated names are kept in order")
    func decodes() throws {
        let form = try #require(FormBody.parse(Array("a=1&answer.q2=x&answer.q2=y&c=hello+there%21&empty=".utf8)))
        #expect(form["a"] == "1")
        #expect(form.all("answer.q2") == ["x", "y"])
        #expect(form["c"] == "hello there!")
        #expect(form["empty"] == "")
    }

    @Test("bad percent-encoding and invalid UTF-8 are refused")
    func refuses() {
        #expect(FormBody.parse(Array("a=%zz".utf8)) == nil)
        #expect(FormBody.parse(Array("a=%".utf8)) == nil)
        #expect(FormBody.parse(Array("a=%ff%fe".utf8)) == nil)
    }
}
