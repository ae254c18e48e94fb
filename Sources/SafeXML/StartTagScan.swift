/// A linear pre-scan of the raw bytes for start tags with too many attributes, run before libxml2 sees them:
/// libxml2 2.9 checks each new attribute (and namespace declaration) against all earlier ones of the same tag and
/// appends it at the end of a linked list, so one tag with N attributes costs N² (80,000 attributes: 14 s).
///
/// The scan skips comments, CDATA sections, processing instructions and end tags, and counts the `=` signs
/// outside quoted values in each start tag: in well-formed XML, exactly its attributes and namespace declarations.
/// It stops at `<!DOCTYPE` (refused by the parser anyway). On malformed input it may count wrongly, which only
/// decides whether this refusal or the parser's own error is reported.
enum StartTagScan {
    /// The offset of the `<` of the first start tag with more than `limit` attributes, or nil.
    static func firstTag(in bytes: [UInt8], withMoreAttributesThan limit: Int) -> Int? {
        let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), equals = UInt8(ascii: "=")
        let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'")
        let count = bytes.count
        var index = 0

        /// Moves `index` past the next occurrence of `terminator`, or to the end.
        func skip(past terminator: [UInt8]) {
            while index < count {
                if bytes[index] == terminator[0], index + terminator.count <= count,
                   bytes[index..<(index + terminator.count)].elementsEqual(terminator) {
                    index += terminator.count
                    return
                }
                index += 1
            }
        }
        func startsHere(_ text: String) -> Bool {
            let pattern = Array(text.utf8)
            return index + pattern.count <= count && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
        }

        while index < count {
            guard bytes[index] == lt else {
                index += 1
                continue
            }
            let tagStart = index
            if startsHere("<!--") {
                index += 4
                skip(past: Array("-->".utf8))
            } else if startsHere("<![CDATA[") {
                index += 9
                skip(past: Array("]]>".utf8))
            } else if startsHere("<?") {
                index += 2
                skip(past: Array("?>".utf8))
            } else if startsHere("<!") {
                return nil  // a DOCTYPE: the parser refuses it
            } else {
                // A start or end tag: to its `>`, counting `=` outside quoted values.
                index += 1
                var attributes = 0
                var inQuote: UInt8? = nil
                while index < count {
                    let byte = bytes[index]
                    index += 1
                    if let open = inQuote {
                        if byte == open { inQuote = nil }
                    } else if byte == quote || byte == apostrophe {
                        inQuote = byte
                    } else if byte == equals {
                        attributes += 1
                        if attributes > limit { return tagStart }
                    } else if byte == gt || byte == lt {
                        if byte == lt { index -= 1 }  // malformed: let the parser report it
                        break
                    }
                }
            }
        }
        return nil
    }
}
