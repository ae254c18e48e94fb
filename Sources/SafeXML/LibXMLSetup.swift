import CLibXML2

/// Initialises libxml2 exactly once per process (never cleaned up: other code in the process may use it).
enum LibXMLSetup {
    static let initialised: Bool = {
        xmlInitParser()
        xmlSchemaInitTypes()
        return true
    }()

    static func ensure() { _ = initialised }
}

extension String {
    /// A Swift string from a libxml2 `xmlChar *` (UTF-8), or nil.
    init?(xmlChars pointer: UnsafePointer<xmlChar>?) {
        guard let pointer else { return nil }
        self = String(cString: pointer)
    }
}

/// Drops libxml2's trailing newline and its `{namespace}` prefixes from a message.
func tidyLibXMLMessage(_ raw: UnsafeMutablePointer<CChar>?) -> String {
    guard let raw else { return "unknown XML error" }
    var text = String(cString: raw)
    while let last = text.last, last.isWhitespace { text.removeLast() }
    // "{urn:…}name" → "name": assessors never wrote the braces.
    var result = ""
    var skipping = false
    for character in text {
        if character == "{" { skipping = true; continue }
        if skipping { if character == "}" { skipping = false }; continue }
        result.append(character)
    }
    return result
}
