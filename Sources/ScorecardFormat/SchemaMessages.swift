import Foundation

/// Rewords libxml2's schema messages for people editing templates by hand:
/// `Element 'section', attribute 'weight': 'lots' is not a valid value of the atomic type 'xs:decimal'.`
/// becomes `<section> weight="lots" is not a number; write a number such as 20 or 2.5`.
enum SchemaMessages {
    static func reword(_ message: String) -> String {
        guard message.hasPrefix("Element '") else { return message }
        // Split "Element 'x'[, attribute 'y']: detail".
        guard let colon = message.range(of: "': ") else { return message }
        let head = message[message.index(message.startIndex, offsetBy: 9)..<colon.lowerBound]
        let detail = String(message[colon.upperBound...])
        let parts = head.components(separatedBy: "', attribute '")
        let element = parts[0]
        let attribute = parts.count > 1 ? parts[1] : nil
        let subject = attribute.map { "<\(element)> \($0)=" } ?? "<\(element)>"
        if attribute == nil, let expected = expectedList(in: detail) {
            if detail.hasPrefix("This element is not expected") {
                return "<\(element)> is not expected here; expected: \(expected) (see docs/scorecard-format.md for the order)"
            }
            if detail.hasPrefix("Missing child element") {
                return "<\(element)> is missing an element; expected: \(expected)"
            }
        }
        if attribute == nil, detail.hasPrefix("This element is not expected") {
            return "<\(element)> is not expected here (check the spelling and the order in docs/scorecard-format.md)"
        }
        guard let value = quotedValue(in: detail) else {
            return "<\(element)>\(attribute.map { " attribute \($0)" } ?? ""): \(detail)"
        }
        let shown = attribute == nil ? "\(subject) '\(value)'" : "\(subject)\"\(value)\""
        if detail.contains("atomic type 'xs:decimal'") { return "\(shown) is not a number; write a number such as 20 or 2.5" }
        if detail.contains("atomic type 'xs:integer'") { return "\(shown) is not a whole number" }
        if detail.contains("atomic type 'xs:date'") { return "\(shown) is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31" }
        if detail.contains("atomic type 'xs:boolean'") { return "\(shown) must be true or false" }
        if detail.contains("[facet 'pattern']") {
            if detail.contains("[A-Za-z0-9][A-Za-z0-9_.") {
                return "\(shown) is not a valid id; use letters, digits, '-', '_' or '.', without spaces or ':'"
            }
            if detail.contains("[\\s\\S]*\\S") { return "<\(element)> must not be empty" }
            return "\(shown) is not a list of answers; separate answers with spaces, e.g. \"1 2\""
        }
        if detail.contains("[facet 'enumeration']"), let open = detail.range(of: "{", options: .backwards),
           let close = detail[open.upperBound...].range(of: "}") {
            let allowed = detail[open.upperBound..<close.lowerBound].replacingOccurrences(of: "'", with: "")
            return "\(shown) is not allowed; use one of: \(allowed)"
        }
        if detail.contains("[facet 'maxLength']") { return "\(shown) is too long (at most 128 characters)" }
        return "<\(element)>\(attribute.map { " attribute \($0)" } ?? ""): \(detail)"
    }

    /// "a, b or c" from libxml2's "Expected is one of ( a, b, c )." / "Expected is ( a )."
    private static func expectedList(in detail: String) -> String? {
        guard let open = detail.range(of: "Expected is"), let paren = detail[open.upperBound...].firstIndex(of: "("),
              let close = detail[paren...].firstIndex(of: ")") else { return nil }
        let names = detail[detail.index(after: paren)..<close].split(separator: ",")
            .map { "<" + $0.trimmingCharacters(in: .whitespaces) + ">" }
        guard let last = names.last else { return nil }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
    }

    /// The first 'quoted' value in a libxml2 detail ("The value 'x' …" or "'x' is not …").
    private static func quotedValue(in detail: String) -> String? {
        let text = detail.hasPrefix("[facet") ? (detail.range(of: "The value ").map { String(detail[$0.upperBound...]) } ?? detail) : detail
        guard text.hasPrefix("'"), let end = text.dropFirst().firstIndex(of: "'") else { return nil }
        return String(text[text.index(after: text.startIndex)..<end])
    }
}
