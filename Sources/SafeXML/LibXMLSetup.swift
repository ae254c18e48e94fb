internal import CLibXML2

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
    // "{urn:…}name" → "name": authors never wrote the namespace braces. Other braces (value sets) stay.
    var result = ""
    var index = text.startIndex
    while index < text.endIndex {
        if text[index] == "{", let close = text[index...].firstIndex(of: "}") {
            let inside = text[text.index(after: index)..<close]
            if inside.hasPrefix("urn:") || inside.hasPrefix("http:") || inside.hasPrefix("https:") {
                index = text.index(after: close)
                continue
            }
        }
        result.append(text[index])
        index = text.index(after: index)
    }
    return result
}
