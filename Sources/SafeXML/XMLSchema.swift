internal import CLibXML2

/// A compiled XSD, for validating parsed documents. Only ever compile schemas the tool ships: libxml2 compiles
/// schemas with entity substitution and may fetch `xs:include` locations.
public final class XMLSchema {
    private let schema: xmlSchemaPtr

    /// Compiles the schema text; throws the schema's own problems (a bug in the shipped schema).
    public init(trustedXSD text: String) throws(XMLSchemaCompileError) {
        LibXMLSetup.ensure()
        let bytes = Array(text.utf8)
        let collector = MessageCollector()
        let unmanaged = Unmanaged.passRetained(collector)
        defer { unmanaged.release() }
        // The memory parser context keeps a pointer to the buffer, so compile while the buffer is pinned.
        let compiled: xmlSchemaPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars -> xmlSchemaPtr? in
                    guard let parserContext = xmlSchemaNewMemParserCtxt(chars, Int32(buffer.count)) else { return nil }
                    defer { xmlSchemaFreeParserCtxt(parserContext) }
                    xmlSchemaSetParserStructuredErrors(parserContext, collectSchemaMessage, unmanaged.toOpaque())
                    return xmlSchemaParse(parserContext)
                }
            }
        }
        guard let compiled else {
            throw XMLSchemaCompileError(messages: collector.messages.isEmpty ? ["could not read the schema"] : collector.messages)
        }
        schema = compiled
    }

    deinit { xmlSchemaFree(schema) }

    /// Validates `document`, keeping its problems (up to the policy's cap) in `state.schemaProblems`.
    func validate(_ document: xmlDocPtr, state: ParseState) {
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            state.schemaProblems.append(
                XMLProblem(kind: .schema, position: .start, message: "could not start schema validation"))
            return
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        let unmanaged = Unmanaged.passRetained(state)
        defer { unmanaged.release() }
        xmlSchemaSetValidStructuredErrors(context, collectValidationError, unmanaged.toOpaque())
        _ = xmlSchemaValidateDoc(context, document)
    }
}

/// The shipped schema failed to compile: a defect in the tool, not in a user's template.
public struct XMLSchemaCompileError: Error, Sendable {
    public var messages: [String]
}

private final class MessageCollector {
    var messages: [String] = []
}

private let collectSchemaMessage: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    let collector = Unmanaged<MessageCollector>.fromOpaque(userData).takeUnretainedValue()
    collector.messages.append("\(error.pointee.line): \(tidyLibXMLMessage(error.pointee.message))")
}

private let collectValidationError: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    let state = Unmanaged<ParseState>.fromOpaque(userData).takeUnretainedValue()
    guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    state.keep(validationProblem(error.pointee, state: state), schema: true)
}

/// A schema error with the position of the element, or of the attribute it is about.
private func validationProblem(_ error: xmlError, state: ParseState) -> XMLProblem {
    var position = XMLPosition(line: max(Int(error.line), 1), column: 1)
    if let raw = error.node {
        let node = raw.assumingMemoryBound(to: xmlNode.self)
        if node.pointee.type == XML_ATTRIBUTE_NODE, let parent = node.pointee.parent {
            let name = String(xmlChars: node.pointee.name) ?? ""
            position = state.position(ofAttribute: name, in: parent)
        } else if node.pointee.type == XML_ELEMENT_NODE {
            position = state.position(of: node)
        }
    }
    let message = tidyLibXMLMessage(error.message)
    // Attribute errors arrive on the element; the message names the attribute ("…, attribute 'weight': …").
    if let raw = error.node, let name = attributeName(in: message) {
        let node = raw.assumingMemoryBound(to: xmlNode.self)
        if node.pointee.type == XML_ELEMENT_NODE {
            position = state.position(ofAttribute: name, in: node)
        }
    }
    return XMLProblem(kind: .schema, position: position, message: message)
}

/// The attribute a libxml2 schema message is about, from its "…, attribute 'name': …" prefix.
private func attributeName(in message: String) -> String? {
    let marker = Array(", attribute '".utf8)
    let bytes = Array(message.utf8)
    guard bytes.count > marker.count else { return nil }
    for start in 0...(bytes.count - marker.count) where bytes[start..<(start + marker.count)].elementsEqual(marker) {
        let nameStart = start + marker.count
        guard let end = bytes[nameStart...].firstIndex(of: UInt8(ascii: "'")), end > nameStart else { return nil }
        return String(decoding: bytes[nameStart..<end], as: UTF8.self)
    }
    return nil
}
