import Foundation
import QAModel

/// Writes a `Scorecard` as a template in format version 1 (used by importers and round-trip tests).
/// Positions are not written; defaults (weight 1, na forbidden, scored, not bonus) are left out.
///
/// The output is always well-formed XML whatever the model's text holds: `&`, `<`, `>` and quotes are escaped;
/// characters XML 1.0 cannot hold (control characters other than tab, line feed and carriage return, U+FFFE,
/// U+FFFF) and the C1 controls are replaced with U+FFFD (�); in the comment, hyphens never follow each other.
public enum ScorecardWriter {
    /// The template as XML text; `comment`, when given, is placed above the root element.
    public static func xml(_ scorecard: Scorecard, comment: String? = nil) -> String {
        var out = XMLText()
        out.line(0, #"<?xml version="1.0" encoding="UTF-8"?>"#)
        if let comment, !comment.isEmpty {
            let safe = commentText(comment)
            out.line(0, "<!--")
            for line in safe.split(separator: "\n", omittingEmptySubsequences: false) {
                out.line(0, "  " + line)
            }
            out.line(0, "-->")
        }
        var rootAttributes = [("xmlns", EmbeddedSchema.namespace), ("id", scorecard.id), ("version", scorecard.version)]
        rootAttributes.append(("scoring", scorecard.scoring.rawValue))
        out.line(0, "<scorecard\(attributes(rootAttributes))>")
        out.element(1, "title", scorecard.title)
        if !scorecard.description.isEmpty { out.element(1, "description", scorecard.description) }
        out.element(1, "owner", scorecard.owner)
        out.element(1, "effective-date", scorecard.effectiveDate?.description ?? "")
        out.line(1, "<categories>")
        for category in scorecard.categories {
            out.element(2, "category", category.title, [("id", category.id)] + (category.kind.map { [("kind", $0.rawValue)] } ?? []))
        }
        out.line(1, "</categories>")
        out.element(1, "pass-mark", formatNumber(scorecard.passMark))
        if scorecard.scoring == .deduction || scorecard.deductionStart != 100 {
            out.element(1, "deduction-start", formatNumber(scorecard.deductionStart))
        }
        out.line(1, "<bands>")
        for band in scorecard.bands {
            out.element(2, "band", band.title, [
                ("id", band.id), ("min", formatNumber(band.min)), ("max", formatNumber(band.max)),
            ])
        }
        out.line(1, "</bands>")
        for section in scorecard.sections { write(section, to: &out) }
        out.line(0, "</scorecard>")
        return out.text
    }

    private static func write(_ section: Section, to out: inout XMLText) {
        var attrs = [("id", section.id)]
        if let weight = section.weight { attrs.append(("weight", formatNumber(weight))) }
        if section.allowsNotApplicable { attrs.append(("na", "allowed")) }
        if section.defaultsToTop { attrs.append(("default-to-top", "true")) }
        if let platformID = section.platformID { attrs.append(("platform-id", platformID)) }
        out.line(1, "<section\(attributes(attrs))>")
        out.element(2, "title", section.title)
        if let condition = section.condition { write(condition, level: 2, to: &out) }
        for threshold in section.thresholds { write(threshold, level: 2, to: &out) }
        for criterion in section.criteria { write(criterion, to: &out) }
        out.line(1, "</section>")
    }

    private static func write(_ criterion: Criterion, to out: inout XMLText) {
        var attrs = [("id", criterion.id), ("category", criterion.category)]
        if criterion.weight != 1 { attrs.append(("weight", formatNumber(criterion.weight))) }
        if criterion.allowsNotApplicable { attrs.append(("na", "allowed")) }
        if !criterion.scored { attrs.append(("scored", "false")) }
        if criterion.bonus { attrs.append(("bonus", "true")) }
        if let platformID = criterion.platformID { attrs.append(("platform-id", platformID)) }
        out.line(2, "<criterion\(attributes(attrs))>")
        out.element(3, "prompt", criterion.prompt)
        if !criterion.guidance.isEmpty { out.element(3, "guidance", criterion.guidance) }
        switch criterion.answerType {
        case .yesNo(let points):
            out.line(3, points == 1 ? "<yes-no/>" : "<yes-no points=\"\(formatNumber(points))\"/>")
        case .scale(let min, let max, let labels):
            out.line(3, "<scale min=\"\(min)\" max=\"\(max)\">")
            for label in labels { out.element(4, "anchor", label.label, [("value", String(label.value))]) }
            out.line(3, "</scale>")
        case .choice(let options):
            out.line(3, "<choice>")
            for option in options { write(option, to: &out) }
            out.line(3, "</choice>")
        case .points(let max):
            out.line(3, "<points max=\"\(formatNumber(max))\"/>")
        case .multiSelect(let options, let max):
            out.line(3, "<multi-select max=\"\(formatNumber(max))\">")
            for option in options { write(option, to: &out) }
            out.line(3, "</multi-select>")
        case .numeric(let ranges):
            out.line(3, "<numeric>")
            for range in ranges {
                var rangeAttrs: [(String, String)] = []
                if let min = range.min { rangeAttrs.append(("min", formatNumber(min))) }
                if let max = range.max { rangeAttrs.append(("max", formatNumber(max))) }
                rangeAttrs.append(("points", formatNumber(range.points)))
                if range.fails { rangeAttrs.append(("fails", "true")) }
                out.line(4, "<range\(attributes(rangeAttrs))/>")
            }
            out.line(3, "</numeric>")
        }
        if let condition = criterion.condition { write(condition, level: 3, to: &out) }
        if let critical = criterion.critical {
            var criticalAttrs = [("scope", critical.scope.rawValue)]
            if let tokens = tokens(critical.failingAnswers) { criticalAttrs.append(("fail-on", tokens)) }
            if !critical.countsInCriticalScore { criticalAttrs.append(("in-critical-score", "false")) }
            out.line(3, "<critical\(attributes(criticalAttrs))/>")
        }
        if let rule = criterion.commentRequired, let tokens = tokens(rule) {
            out.line(3, "<comment-required\(attributes([("on", tokens)]))/>")
        }
        for threshold in criterion.thresholds { write(threshold, level: 3, to: &out) }
        out.line(2, "</criterion>")
    }

    private static func write(_ option: ChoiceOption, to out: inout XMLText) {
        var attrs = [("id", option.id), ("points", formatNumber(option.points))]
        if option.bonus { attrs.append(("bonus", "true")) }
        if let platformID = option.platformID { attrs.append(("platform-id", platformID)) }
        out.element(4, "option", option.label, attrs)
    }

    private static func write(_ threshold: Threshold, level: Int, to out: inout XMLText) {
        out.element(level, "threshold", threshold.title, [("below", formatNumber(threshold.below))])
    }

    private static func write(_ condition: Condition, level: Int, to out: inout XMLText) {
        switch condition {
        case .answerIs(let id, let tokens, _):
            out.line(level, "<applies-when\(attributes([("criterion", id), ("is", tokens.sorted().joined(separator: " "))]))/>")
        case .answerIsNot(let id, let tokens, _):
            out.line(level, "<applies-when\(attributes([("criterion", id), ("is-not", tokens.sorted().joined(separator: " "))]))/>")
        case .all, .any:
            out.line(level, "<applies-when>")
            writePredicate(condition, level: level + 1, to: &out)
            out.line(level, "</applies-when>")
        }
    }

    private static func writePredicate(_ condition: Condition, level: Int, to out: inout XMLText) {
        switch condition {
        case .answerIs(let id, let tokens, _):
            out.line(level, "<answer\(attributes([("criterion", id), ("is", tokens.sorted().joined(separator: " "))]))/>")
        case .answerIsNot(let id, let tokens, _):
            out.line(level, "<answer\(attributes([("criterion", id), ("is-not", tokens.sorted().joined(separator: " "))]))/>")
        case .all(let parts), .any(let parts):
            let name = if case .all = condition { "all-of" } else { "any-of" }
            out.line(level, "<\(name)>")
            for part in parts { writePredicate(part, level: level + 1, to: &out) }
            out.line(level, "</\(name)>")
        }
    }

    private static func tokens(_ match: AnswerMatch) -> String? {
        switch match {
        case .answers(let set): return set.isEmpty ? nil : set.sorted().joined(separator: " ")
        case .belowTop: return "below-top"
        case .any: return "any"
        }
    }

    private static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(escape($0.1, quotes: true))\"" }.joined()
    }

    /// Text for element content (`quotes: false`) or a double-quoted attribute value (`quotes: true`).
    static func escape(_ text: String, quotes: Bool = false) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            // A parser turns a raw carriage return into a line feed, and white space in attributes into spaces.
            case "\r": result += "&#13;"
            case "\t" where quotes: result += "&#9;"
            case "\n" where quotes: result += "&#10;"
            default: result.unicodeScalars.append(writable(scalar))
            }
        }
        return result
    }

    /// The scalar, or U+FFFD when a template should not or cannot hold it: C0 controls other than tab, line feed
    /// and carriage return (not allowed in XML 1.0), DEL and the C1 controls (allowed, but they drive terminals),
    /// and the non-characters U+FFFE and U+FFFF (not allowed).
    static func writable(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return scalar
        case 0x00..<0x20, 0x7F...0x9F, 0xFFFE, 0xFFFF: return "\u{FFFD}"
        default: return scalar
        }
    }

    /// `text` with every character a template cannot hold replaced (see `writable`), as a loader reads it back.
    public static func writableText(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.append(contentsOf: text.unicodeScalars.map(writable))
        return result
    }

    /// Whether `text` holds a character the writer has to replace.
    public static func needsReplacement(_ text: String) -> Bool {
        text.unicodeScalars.contains { writable($0) != $0 }
    }

    /// Comment text that cannot end the comment early: unwritable characters replaced, and a space put between
    /// two hyphens, so neither `--` nor `-->` can appear (`--->` becomes `- - ->`).
    static func commentText(_ text: String) -> String {
        var result = ""
        var previousWasHyphen = false
        for scalar in text.unicodeScalars {
            if scalar == "-", previousWasHyphen { result += " " }
            result.unicodeScalars.append(writable(scalar))
            previousWasHyphen = scalar == "-"
        }
        return result
    }

    /// Indented lines of XML.
    private struct XMLText {
        var text = ""

        mutating func line(_ level: Int, _ content: some StringProtocol) {
            text += String(repeating: "  ", count: level) + content + "\n"
        }

        mutating func element(_ level: Int, _ name: String, _ content: String, _ attrs: [(String, String)] = []) {
            line(level, "<\(name)\(ScorecardWriter.attributes(attrs))>\(ScorecardWriter.escape(content))</\(name)>")
        }
    }
}
