internal import CLibXML2

/// A well-formedness check for generated HTML reports (tests use it): libxml2's HTML parser, no network,
/// errors collected per parse. Unknown-tag complaints are ignored (the parser predates HTML5 elements).
public enum HTMLCheck {
    /// Every problem libxml2's HTML parser reports for `html`, as `line:column: message` values.
    public static func problems(in html: String) -> [XMLProblem] {
        LibXMLSetup.ensure()
        guard let context = htmlNewParserCtxt() else {
            return [XMLProblem(kind: .syntax, position: .start, message: "could not start the HTML parser")]
        }
        defer { htmlFreeParserCtxt(context) }
        let collector = HTMLCollector()
        let unmanaged = Unmanaged.passRetained(collector)
        defer { unmanaged.release() }
        context.pointee._private = unmanaged.toOpaque()
        if let sax = context.pointee.sax {
            // The structured handler is only consulted on SAX2-initialised handlers.
            sax.pointee.initialized = XML_SAX2_MAGIC
            sax.pointee.serror = collectHTMLError
        }
        let bytes = Array(html.utf8)
        guard bytes.count <= Int(Int32.max) else {
            return [XMLProblem(kind: .policy, position: .start, message: "the document is too large to check")]
        }
        let options = Int32(HTML_PARSE_NONET.rawValue)
        let document: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    htmlCtxtReadMemory(context, $0, Int32(buffer.count), "report.html", "UTF-8", options)
                }
            }
        }
        if let document { xmlFreeDoc(document) }
        if bytes.isEmpty {
            return [XMLProblem(kind: .syntax, position: .start, message: "the document is empty")]
        }
        return collector.problems
    }
}

private final class HTMLCollector {
    var problems: [XMLProblem] = []
}

private let collectHTMLError: xmlStructuredErrorFunc = { context, error in
    guard let context, let error else { return }
    let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let raw = parser.pointee._private else { return }
    let collector = Unmanaged<HTMLCollector>.fromOpaque(raw).takeUnretainedValue()
    guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    guard error.pointee.code != Int32(XML_HTML_UNKNOWN_TAG.rawValue) else { return }
    collector.problems.append(XMLProblem(
        kind: .syntax, position: XMLPosition(line: Int(error.pointee.line), column: max(Int(error.pointee.int2), 1)),
        message: tidyLibXMLMessage(error.pointee.message)))
}
