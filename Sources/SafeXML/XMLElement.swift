/// A line:column position in an XML source (1-based; columns count Unicode scalars). `0:0` when unknown.
public struct XMLPosition: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static let unknown = XMLPosition(line: 0, column: 0)
    public static let start = XMLPosition(line: 1, column: 1)

    public var description: String { "\(line):\(column)" }
}

/// An attribute as written in the source, with the position of its name.
public struct XMLAttribute: Hashable, Sendable {
    public var name: String
    public var namespace: String?
    public var value: String
    public var position: XMLPosition

    public init(name: String, namespace: String? = nil, value: String, position: XMLPosition) {
        self.name = name
        self.namespace = namespace
        self.value = value
        self.position = position
    }
}

/// An immutable element of a parsed document: everything the C tree held that a reader needs, with positions.
public struct XMLElement: Hashable, Sendable {
    public var name: String
    public var namespace: String?
    public var attributes: [XMLAttribute]
    public var children: [XMLElement]
    /// The element's own character data (text and CDATA children, concatenated; child elements excluded).
    public var text: String
    /// Where the element's `<` is.
    public var position: XMLPosition

    public init(
        name: String, namespace: String?, attributes: [XMLAttribute], children: [XMLElement], text: String,
        position: XMLPosition
    ) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
        self.text = text
        self.position = position
    }

    /// The attribute with this local name (no namespace), if present.
    public func attribute(_ name: String) -> XMLAttribute? {
        attributes.first { $0.name == name && $0.namespace == nil }
    }

    /// The value of the attribute with this local name, if present.
    public subscript(attribute name: String) -> String? { attribute(name)?.value }

    /// The first child element with this local name.
    public func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }

    /// All child elements with this local name, in document order.
    public func children(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }
}

/// A problem found while parsing or validating a document, with its position.
public struct XMLProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem, so callers can word or filter messages.
    public enum Kind: String, Hashable, Sendable {
        /// Refused by the safety policy (DOCTYPE, size, depth, node count).
        case policy
        /// Not well-formed XML.
        case syntax
        /// Does not match the schema.
        case schema
    }

    public var kind: Kind
    public var position: XMLPosition
    public var message: String

    public init(kind: Kind, position: XMLPosition, message: String) {
        self.kind = kind
        self.position = position
        self.message = message
    }

    public var description: String { "\(position): \(message)" }
}

/// Limits applied to untrusted input before and while it is parsed.
public struct XMLParsePolicy: Hashable, Sendable {
    /// Largest accepted document, in bytes (checked before parsing).
    public var maxBytes: Int
    /// Deepest accepted element nesting (the root is depth 1).
    public var maxDepth: Int
    /// Most elements accepted in one document.
    public var maxElements: Int

    /// Most attributes (namespace declarations included) on one element; checked by a linear scan before
    /// parsing, because libxml2's own handling of one element's attributes is quadratic.
    public var maxAttributes: Int
    /// Most problems kept from one document; the rest are only counted (`XMLParseResult.omittedProblems`), so a
    /// hostile file cannot flood memory or the terminal.
    public var maxProblems: Int

    public init(
        maxBytes: Int = 4 * 1024 * 1024, maxDepth: Int = 64, maxElements: Int = 200_000, maxAttributes: Int = 256,
        maxProblems: Int = 100
    ) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxElements = maxElements
        self.maxAttributes = maxAttributes
        self.maxProblems = max(1, maxProblems)
    }

    public static let standard = XMLParsePolicy()
}

/// The outcome of parsing: the tree when the document was well-formed, and every problem found.
public struct XMLParseResult: Sendable {
    public var root: XMLElement?
    /// The problems kept, at most `XMLParsePolicy.maxProblems`.
    public var problems: [XMLProblem]
    /// Problems found past the cap: counted, not kept.
    public var omittedProblems: Int
    /// Bytes looked at to find positions after the line table was built (linear in the input; for tests).
    var positionWork = 0

    public init(root: XMLElement?, problems: [XMLProblem], omittedProblems: Int = 0) {
        self.root = root
        self.problems = problems
        self.omittedProblems = omittedProblems
    }

    init(root: XMLElement?, problems: [XMLProblem], omittedProblems: Int, positionWork: Int) {
        self.init(root: root, problems: problems, omittedProblems: omittedProblems)
        self.positionWork = positionWork
    }
}
