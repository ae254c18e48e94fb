internal import CLibXML2

/// Parses untrusted XML from memory under a hardened policy into an immutable `XMLElement` tree.
///
/// No network, no external entities, no DTD loading, and any `<!DOCTYPE` is refused; size, depth and element
/// count are limited by `XMLParsePolicy`. Every element keeps its exact `line:column`. Optionally validates the
/// document against a compiled `XMLSchema` before the C tree is freed.
public struct SafeXMLParser: Sendable {
    public var policy: XMLParsePolicy

    public init(policy: XMLParsePolicy = .standard) {
        self.policy = policy
    }

    static let parseOptions: Int32 = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)

    /// Parses `bytes` (UTF-8) and, when `schema` is given and the document is well-formed, validates it.
    public func parse(_ bytes: [UInt8], validatingWith schema: XMLSchema? = nil) -> XMLParseResult {
        LibXMLSetup.ensure()
        if bytes.count > policy.maxBytes || bytes.count > Int(Int32.max) {
            return XMLParseResult(root: nil, problems: [XMLProblem(
                kind: .policy, position: .start,
                message: "the file is \(bytes.count) bytes, over the \(policy.maxBytes)-byte limit for a template; "
                    + "split it or remove unused content")])
        }
        if bytes.isEmpty {
            return XMLParseResult(root: nil, problems: [XMLProblem(
                kind: .syntax, position: .start, message: "the file is empty; a template starts with <scorecard …>")])
        }
        let state = ParseState(bytes: bytes, policy: policy)
        if let tag = StartTagScan.firstTag(in: bytes, withMoreAttributesThan: policy.maxAttributes) {
            return XMLParseResult(root: nil, problems: [XMLProblem(
                kind: .policy, position: state.lines.position(ofByte: tag),
                message: "an element has more than \(policy.maxAttributes) attributes, over the limit for a template; "
                    + "remove the ones the format does not use")])
        }
        guard let context = xmlNewParserCtxt() else {
            return XMLParseResult(root: nil, problems: [XMLProblem(
                kind: .syntax, position: .start, message: "could not start the XML parser (out of memory)")])
        }
        defer { xmlFreeParserCtxt(context) }
        let unmanaged = Unmanaged.passRetained(state)
        defer { unmanaged.release() }
        context.pointee._private = unmanaged.toOpaque()
        if let sax = context.pointee.sax {
            sax.pointee.internalSubset = refuseDoctype
            sax.pointee.externalSubset = refuseDoctype
            sax.pointee.startElementNs = recordElementStart
            sax.pointee.serror = collectParserError
        }
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    xmlCtxtReadMemory(context, chars, Int32(buffer.count), "template.xml", "UTF-8", Self.parseOptions)
                }
            }
        }
        defer { if let document { xmlFreeDoc(document) } }
        let wellFormed = context.pointee.wellFormed != 0
        var problems = state.problems
        if !state.policyProblems.isEmpty {
            problems = state.policyProblems
        }
        guard let document, wellFormed, state.policyProblems.isEmpty, problems.isEmpty else {
            if problems.isEmpty {
                problems.append(XMLProblem(kind: .syntax, position: .start, message: "the file is not well-formed XML"))
            }
            return XMLParseResult(
                root: nil, problems: problems, omittedProblems: state.policyProblems.isEmpty ? state.omittedProblems : 0,
                positionWork: state.lines.bytesScanned)
        }
        guard let rootNode = xmlDocGetRootElement(document) else {
            return XMLParseResult(root: nil, problems: [XMLProblem(
                kind: .syntax, position: .start, message: "the file has no root element")])
        }
        let root = state.convert(rootNode)
        if let schema {
            schema.validate(document, state: state)
            problems.append(contentsOf: state.schemaProblems)
        }
        return XMLParseResult(
            root: root, problems: problems, omittedProblems: state.omittedProblems,
            positionWork: state.lines.bytesScanned)
    }
}

/// Per-parse state reached from the C callbacks through `ctxt->_private`.
final class ParseState {
    let lines: LineIndex
    let policy: XMLParsePolicy
    var problems: [XMLProblem] = []
    var policyProblems: [XMLProblem] = []
    var schemaProblems: [XMLProblem] = []
    /// Problems past `policy.maxProblems`, counted but not kept.
    var omittedProblems = 0
    var elementCount = 0

    init(bytes: [UInt8], policy: XMLParsePolicy) {
        self.lines = LineIndex(bytes)
        self.policy = policy
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> (ParseState, xmlParserCtxtPtr)? {
        guard let context else { return nil }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let raw = parser.pointee._private else { return nil }
        return (Unmanaged<ParseState>.fromOpaque(raw).takeUnretainedValue(), parser)
    }

    /// The byte offset the parser has reached.
    static func currentOffset(_ parser: xmlParserCtxtPtr) -> Int? {
        guard let input = parser.pointee.input, let cur = input.pointee.cur, let base = input.pointee.base else {
            return nil
        }
        return Int(input.pointee.consumed) + (cur - base)
    }

    /// Offset of the element's `<`, stored in the node's `_private` as offset + 1.
    static func tagOffset(of node: xmlNodePtr) -> Int? {
        guard let raw = node.pointee._private else { return nil }
        return Int(bitPattern: raw) - 1
    }

    func position(of node: xmlNodePtr) -> XMLPosition {
        guard let offset = Self.tagOffset(of: node) else { return XMLPosition(line: Int(xmlGetLineNo(node)), column: 1) }
        return lines.position(ofByte: offset)
    }

    /// Attribute name offsets of the start tags schema errors point into, scanned once per element however many
    /// errors it has (at most `policy.maxProblems` problems are built, so this stays small).
    private var attributeOffsetCache: [Int: [String: Int]] = [:]

    func attributeOffsets(inTagAt offset: Int) -> [String: Int] {
        if let cached = attributeOffsetCache[offset] { return cached }
        let offsets = lines.attributeOffsets(inTagAt: offset)
        attributeOffsetCache[offset] = offsets
        return offsets
    }

    func position(ofAttribute name: String, in node: xmlNodePtr) -> XMLPosition {
        guard let offset = Self.tagOffset(of: node) else { return position(of: node) }
        if let attributeOffset = attributeOffsets(inTagAt: offset)[name] {
            return lines.position(ofByte: attributeOffset)
        }
        return lines.position(ofByte: offset)
    }

    /// Keeps a syntax or schema problem unless the policy's cap is reached; past it, only counts it (the problem is
    /// not even built, so its position costs nothing).
    func keep(_ problem: @autoclosure () -> XMLProblem, schema: Bool) {
        guard problems.count + schemaProblems.count < policy.maxProblems else {
            omittedProblems += 1
            return
        }
        if schema { schemaProblems.append(problem()) } else { problems.append(problem()) }
    }

    func stop(_ parser: xmlParserCtxtPtr, _ message: String) {
        let position = Self.currentOffset(parser).map { lines.position(ofByte: $0) } ?? .start
        if policyProblems.isEmpty {
            policyProblems.append(XMLProblem(kind: .policy, position: position, message: message))
        }
        xmlStopParser(parser)
    }

    /// Copies a C element (and its subtree) into Swift values.
    func convert(_ node: xmlNodePtr) -> XMLElement {
        let name = String(xmlChars: node.pointee.name) ?? ""
        let namespace = node.pointee.ns.flatMap { String(xmlChars: $0.pointee.href) }
        var attributes: [XMLAttribute] = []
        let offsets = node.pointee.properties == nil ? [:]
            : Self.tagOffset(of: node).map { lines.attributeOffsets(inTagAt: $0) } ?? [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            let attributeName = String(xmlChars: current.pointee.name) ?? ""
            let prefix = current.pointee.ns.flatMap { String(xmlChars: $0.pointee.prefix) }
            let qualified = prefix.map { "\($0):\(attributeName)" } ?? attributeName
            var value = ""
            var child = current.pointee.children
            while let text = child {
                if text.pointee.type == XML_TEXT_NODE, let content = String(xmlChars: text.pointee.content) {
                    value += content
                }
                child = text.pointee.next
            }
            let position = offsets[qualified].map { lines.position(ofByte: $0) } ?? position(of: node)
            attributes.append(XMLAttribute(
                name: attributeName, namespace: current.pointee.ns.flatMap { String(xmlChars: $0.pointee.href) },
                value: value, position: position))
            attribute = current.pointee.next
        }
        var children: [XMLElement] = []
        var text = ""
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(convert(current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = String(xmlChars: current.pointee.content) { text += content }
            default:
                break  // comments, processing instructions; entity references cannot occur (no DOCTYPE)
            }
            child = current.pointee.next
        }
        return XMLElement(
            name: name, namespace: namespace, attributes: attributes, children: children, text: text,
            position: position(of: node))
    }
}

// MARK: - C callbacks (no captures; state comes from the parser context)

private let refuseDoctype: internalSubsetSAXFunc = { context, _, _, _ in
    guard let (state, parser) = ParseState.from(context) else { return }
    state.stop(parser, "a <!DOCTYPE …> declaration is not allowed in a template (it can define entities that "
        + "read files or expand without limit); remove it")
}

private let recordElementStart: startElementNsSAX2Func = {
    context, localname, prefix, uri, namespaceCount, namespaces, attributeCount, defaulted, attributes in
    guard let (state, parser) = ParseState.from(context) else { return }
    state.elementCount += 1
    if state.elementCount > state.policy.maxElements {
        state.stop(parser, "the file has more than \(state.policy.maxElements) elements, over the limit for a template")
        return
    }
    if Int(parser.pointee.nodeNr) + 1 > state.policy.maxDepth {
        state.stop(parser, "elements are nested more than \(state.policy.maxDepth) deep, over the limit for a template")
        return
    }
    let tagStart = ParseState.currentOffset(parser).flatMap { state.lines.tagStart(before: $0) }
    xmlSAX2StartElementNs(
        context, localname, prefix, uri, namespaceCount, namespaces, attributeCount, defaulted, attributes)
    if let node = parser.pointee.node, let tagStart {
        node.pointee._private = UnsafeMutableRawPointer(bitPattern: tagStart + 1)
    }
}

private let collectParserError: xmlStructuredErrorFunc = { context, error in
    guard let (state, _) = ParseState.from(context), let error else { return }
    guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    let line = Int(error.pointee.line)
    let column = Int(error.pointee.int2)
    state.keep(XMLProblem(
        kind: .syntax, position: XMLPosition(line: max(line, 1), column: max(column, 1)),
        message: friendlierSyntaxMessage(tidyLibXMLMessage(error.pointee.message))), schema: false)
}

/// Rewords the libxml2 messages people meet most often; others pass through with line breaks flattened.
func friendlierSyntaxMessage(_ message: String) -> String {
    if message.hasPrefix("Input is not proper UTF-8") {
        return "the file is not valid UTF-8 text here; save it as UTF-8 (templates are always UTF-8)"
    }
    return message.split(separator: "\n").map { $0.trimmingSpaces }.joined(separator: "; ")
}

extension Substring {
    var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first.isWhitespace { result.removeFirst() }
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return result
    }
}
