import QAModel
import SafeXML

/// Maps a schema-valid `<scorecard>` element into the model, noting the structural problems the schema cannot
/// express (the two forms of `applies-when`).
struct ScorecardBuilder {
    var findings: [Finding] = []

    mutating func build(_ root: XMLElement) -> Scorecard {
        let categories = root.child("categories")?.children("category").map {
            Category(id: $0[attribute: "id"] ?? "", title: text($0), kind: $0[attribute: "kind"].flatMap(CategoryKind.init(rawValue:)),
                     position: position($0))
        } ?? []
        let bands = root.child("bands")?.children("band").map {
            Band(id: $0[attribute: "id"] ?? "", title: text($0), min: number($0[attribute: "min"]),
                 max: number($0[attribute: "max"]), position: position($0))
        } ?? []
        let sections = root.children("section").map { buildSection($0) }
        return Scorecard(
            id: root[attribute: "id"] ?? "", version: root[attribute: "version"] ?? "",
            title: root.child("title").map(text) ?? "", description: root.child("description").map(text) ?? "",
            owner: root.child("owner").map(text) ?? "", effectiveDate: effectiveDate(root.child("effective-date")),
            scoring: root[attribute: "scoring"].flatMap { ScoringMode(rawValue: $0.trimmed) } ?? .weighted,
            categories: categories, sections: sections,
            passMark: number(root.child("pass-mark")?.text), bands: bands,
            deductionStart: root.child("deduction-start").map { number($0.text) } ?? 100)
    }

    /// `<effective-date>` as a day. The schema's `xs:date` also admits negative and five-digit years and a time
    /// zone (`-2026-01-01`, `12026-01-01`, `2026-01-01Z`); a template's date is a plain day 0001–9999.
    private mutating func effectiveDate(_ element: XMLElement?) -> CalendarDay? {
        guard let element else { return nil }
        let value = text(element)
        if let day = CalendarDay(value) { return day }
        findings.append(Finding(
            position(element), "<effective-date> '\(value)' is not a date; write it as YYYY-MM-DD with a year "
                + "0001–9999, e.g. 2026-01-31", rule: "effective-date"))
        return nil
    }

    private mutating func buildSection(_ element: XMLElement) -> Section {
        Section(
            id: element[attribute: "id"] ?? "", title: element.child("title").map(text) ?? "",
            weight: element[attribute: "weight"].map { number($0) },
            condition: element.child("applies-when").flatMap { buildAppliesWhen($0) },
            allowsNotApplicable: element[attribute: "na"]?.trimmed == "allowed",
            defaultsToTop: boolean(element[attribute: "default-to-top"]),
            thresholds: element.children("threshold").map(threshold),
            criteria: element.children("criterion").map { buildCriterion($0) },
            platformID: element[attribute: "platform-id"], position: position(element))
    }

    private mutating func buildCriterion(_ element: XMLElement) -> Criterion {
        let answerType = answerType(of: element)
        let critical = element.child("critical").map { critical -> CriticalRule in
            let scope = critical[attribute: "scope"].flatMap { CriticalScope(rawValue: $0.trimmed) } ?? .form
            let failOn = critical[attribute: "fail-on"].map(answerMatch) ?? .answers([])
            return CriticalRule(scope: scope, failingAnswers: failOn,
                                countsInCriticalScore: critical[attribute: "in-critical-score"].map(boolean) ?? true)
        }
        return Criterion(
            id: element[attribute: "id"] ?? "", category: element[attribute: "category"] ?? "",
            prompt: element.child("prompt").map(text) ?? "", guidance: element.child("guidance").map(text) ?? "",
            answerType: answerType, weight: element[attribute: "weight"].map { number($0) } ?? 1,
            allowsNotApplicable: element[attribute: "na"]?.trimmed == "allowed",
            scored: element[attribute: "scored"].map(boolean) ?? true,
            bonus: boolean(element[attribute: "bonus"]), critical: critical,
            condition: element.child("applies-when").flatMap { buildAppliesWhen($0) },
            commentRequired: element.child("comment-required")?[attribute: "on"].map(answerMatch),
            thresholds: element.children("threshold").map(threshold),
            platformID: element[attribute: "platform-id"], position: position(element))
    }

    private func answerType(of criterion: XMLElement) -> AnswerType {
        for element in criterion.children {
            switch element.name {
            case "yes-no":
                return .yesNo(points: element[attribute: "points"].map { number($0) } ?? 1)
            case "scale":
                let labels = element.children("anchor").map {
                    ScaleLabel(value: Int(($0[attribute: "value"] ?? "").trimmed) ?? 0, label: text($0))
                }
                return .scale(
                    min: Int((element[attribute: "min"] ?? "").trimmed) ?? 0,
                    max: Int((element[attribute: "max"] ?? "").trimmed) ?? 0, labels: labels)
            case "choice":
                return .choice(options: element.children("option").map(option))
            case "points":
                return .points(max: number(element[attribute: "max"]))
            case "multi-select":
                let options = element.children("option").map(option)
                let max = element[attribute: "max"].map { number($0) }
                    ?? options.filter { !$0.bonus && $0.points > 0 }.map(\.points).reduce(0, +)
                return .multiSelect(options: options, max: max)
            case "numeric":
                return .numeric(ranges: element.children("range").map {
                    NumericRange(
                        min: $0[attribute: "min"].map { number($0) }, max: $0[attribute: "max"].map { number($0) },
                        points: number($0[attribute: "points"]), fails: boolean($0[attribute: "fails"]))
                })
            default:
                continue
            }
        }
        return .yesNo(points: 1)
    }

    /// `applies-when`: the short form (attributes) or exactly one `answer` / `all-of` / `any-of` inside.
    private mutating func buildAppliesWhen(_ element: XMLElement) -> Condition? {
        let hasShortForm = element.attribute("criterion") != nil || element.attribute("is") != nil
            || element.attribute("is-not") != nil
        if hasShortForm, !element.children.isEmpty {
            findings.append(Finding(
                position(element), "applies-when uses both forms: keep either criterion=\"…\" is=\"…\" on "
                    + "<applies-when> or the <\(element.children[0].name)> inside it, not both", rule: "condition-form"))
            return nil
        }
        if hasShortForm { return buildAnswer(element, elementName: "applies-when") }
        guard let inner = element.children.first else {
            findings.append(Finding(
                position(element), "applies-when is empty: add criterion=\"…\" is=\"…\", or an <answer>, "
                    + "<all-of> or <any-of> inside it", rule: "condition-form"))
            return nil
        }
        return buildPredicate(inner)
    }

    private mutating func buildPredicate(_ element: XMLElement) -> Condition? {
        switch element.name {
        case "answer":
            return buildAnswer(element, elementName: "answer")
        case "all-of":
            return .all(element.children.compactMap { buildPredicate($0) })
        case "any-of":
            return .any(element.children.compactMap { buildPredicate($0) })
        default:
            return nil
        }
    }

    private mutating func buildAnswer(_ element: XMLElement, elementName: String) -> Condition? {
        let where_ = position(element)
        guard let criterion = element[attribute: "criterion"]?.trimmed else {
            findings.append(Finding(
                where_, "<\(elementName)> needs criterion=\"…\": the id of the criterion whose answer it tests",
                rule: "condition-form"))
            return nil
        }
        switch (element[attribute: "is"], element[attribute: "is-not"]) {
        case (let tokens?, nil):
            return .answerIs(criterion: criterion, anyOf: tokenSet(tokens), position: where_)
        case (nil, let tokens?):
            return .answerIsNot(criterion: criterion, noneOf: tokenSet(tokens), position: where_)
        case (.some, .some):
            findings.append(Finding(
                where_, "<\(elementName)> has both is=\"…\" and is-not=\"…\": keep one (combine tests with "
                    + "<all-of> or <any-of>)", rule: "condition-form"))
            return nil
        case (nil, nil):
            findings.append(Finding(
                where_, "<\(elementName)> on '\(criterion)' needs is=\"…\" or is-not=\"…\" with the answers it tests",
                rule: "condition-form"))
            return nil
        }
    }

    private func option(_ element: XMLElement) -> ChoiceOption {
        ChoiceOption(
            id: element[attribute: "id"] ?? "", label: text(element), points: number(element[attribute: "points"]),
            bonus: boolean(element[attribute: "bonus"]), platformID: element[attribute: "platform-id"])
    }

    private func threshold(_ element: XMLElement) -> Threshold {
        Threshold(title: text(element), below: number(element[attribute: "below"]))
    }

    private func answerMatch(_ tokens: String) -> AnswerMatch {
        let set = tokenSet(tokens)
        if set == ["below-top"] { return .belowTop }
        if set == ["any"] { return .any }
        return .answers(set)
    }
}

func tokenSet(_ tokens: String) -> Set<String> {
    Set(tokens.split(whereSeparator: \.isWhitespace).map(String.init))
}

/// Element text with runs of white space collapsed, so hand-wrapped guidance reads as one paragraph.
func text(_ element: XMLElement) -> String {
    // Fast path: plain ASCII with single inner spaces needs no work (most titles and prompts).
    var previousWasSpace = true
    var plain = true
    for byte in element.text.utf8 {
        if byte >= 0x80 || byte == 0x09 || byte == 0x0A || byte == 0x0D || (byte == 0x20 && previousWasSpace) {
            plain = false
            break
        }
        previousWasSpace = byte == 0x20
    }
    if plain, !previousWasSpace { return element.text }
    return element.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

func position(_ element: XMLElement) -> SourcePosition {
    SourcePosition(line: element.position.line, column: element.position.column)
}

func number(_ value: String?) -> Double {
    value.flatMap { Double($0.trimmed) } ?? 0
}

func boolean(_ value: String?) -> Bool {
    guard let value = value?.trimmed else { return false }
    return value == "true" || value == "1"
}

extension String {
    var trimmed: String {
        var result = Substring(self)
        while let first = result.first, first.isWhitespace { result.removeFirst() }
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return String(result)
    }
}
