import Foundation
import QAModel
import ScorecardFormat

/// The template text an import writes, checked first by loading it back with the real template loader, so that an
/// import never writes a template that does not parse or validate.
public struct ImportedTemplate: Hashable, Sendable {
    /// The template, or nil when it did not load back without errors (then nothing may be written).
    public var xml: String?
    /// Everything not carried over exactly, as listed in the template's comment (the import's own losses, and
    /// characters a template cannot hold).
    public var losses: [ImportLoss]
    /// Why the template would not be valid: the loader's errors, each naming the criterion or section at fault.
    /// Empty when `xml` is set.
    public var invalidity: [ImportLoss]

    /// Whether there is a template to write.
    public var isWritable: Bool { xml != nil }
}

extension ImportResult {
    /// Writes the template (with the comment naming `source` and every loss) and loads it back; see
    /// `ImportedTemplate`.
    public func template(source: String, platform: FormPlatform) -> ImportedTemplate {
        var result = self
        if let replaced = result.replacedCharacters() { result.losses.append(replaced) }
        let xml = ScorecardWriter.xml(result.scorecard, comment: result.commentText(source: source, platform: platform))
        let loaded = ScorecardLoader.load(bytes: Array(xml.utf8), path: "imported template")
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        guard loaded.isValid, errors.isEmpty else {
            var invalidity = errors.map {
                ImportLoss(path: "$", what: "the imported template would not be valid", reason: $0.message)
            }
            if invalidity.isEmpty || loaded.omitted > 0 {
                invalidity.append(ImportLoss(
                    path: "$", what: "the imported template would not be valid",
                    reason: loaded.omitted > 0 ? "\(loaded.omitted) more problems not listed"
                        : "the template did not load back"))
            }
            return ImportedTemplate(xml: nil, losses: result.losses, invalidity: invalidity)
        }
        return ImportedTemplate(xml: xml, losses: result.losses, invalidity: [])
    }

    /// One loss naming the texts (at most ten) holding characters a template cannot hold, or nil when none does.
    func replacedCharacters() -> ImportLoss? {
        let card = scorecard
        var places: [String] = []
        func check(_ text: String, _ place: @autoclosure () -> String) {
            if ScorecardWriter.needsReplacement(text) { places.append(place()) }
        }
        check(card.title, "the form's title")
        check(card.description, "the form's description")
        check(card.owner, "the form's owner")
        for category in card.categories { check(category.title, "category '\(category.id)'") }
        for band in card.bands { check(band.title, "band '\(band.id)'") }
        for section in card.sections {
            check(section.title, "section '\(section.id)'")
            check(section.platformID ?? "", "the platform id of section '\(section.id)'")
            for threshold in section.thresholds { check(threshold.title, "a threshold of section '\(section.id)'") }
            for criterion in section.criteria {
                check(criterion.prompt, "the question of criterion '\(criterion.id)'")
                check(criterion.guidance, "the guidance of criterion '\(criterion.id)'")
                check(criterion.platformID ?? "", "the platform id of criterion '\(criterion.id)'")
                for threshold in criterion.thresholds {
                    check(threshold.title, "a threshold of criterion '\(criterion.id)'")
                }
                switch criterion.answerType {
                case .choice(let options), .multiSelect(let options, _):
                    for option in options {
                        check(option.label, "option '\(option.id)' of criterion '\(criterion.id)'")
                        check(option.platformID ?? "", "the platform id of option '\(option.id)' of criterion '\(criterion.id)'")
                    }
                case .scale(_, _, let labels):
                    for label in labels { check(label.label, "a scale label of criterion '\(criterion.id)'") }
                case .yesNo, .points, .numeric:
                    break
                }
            }
        }
        guard !places.isEmpty else { return nil }
        let listed = places.count > 10 ? places.prefix(10).joined(separator: ", ") + " and \(places.count - 10) more"
            : places.joined(separator: ", ")
        return ImportLoss(
            path: "$", what: "control characters in \(places.count) text\(places.count == 1 ? "" : "s") (\(listed))",
            reason: "a template cannot hold them; each is replaced with \u{FFFD} (U+FFFD)")
    }
}
