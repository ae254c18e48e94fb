import QAModel

/// Turns what an assessor typed into an answer for one criterion, and lists the answers the criterion accepts.
///
/// Options are accepted by number (1, 2, …) or by id or label; scale, points and numeric answers by their value;
/// `na` where the criterion allows N/A. Anything else gets a message saying what to type instead.
public struct AnswerReader: Sendable {
    public let criterion: Criterion
    /// Whether `na` is an answer here (allowed on the criterion or its section).
    public let notApplicableAllowed: Bool

    public init(_ criterion: Criterion, in section: Section? = nil) {
        self.criterion = criterion
        notApplicableAllowed = section?.allowsNotApplicable(on: criterion) ?? criterion.allowsNotApplicable
    }

    /// The outcome of reading one typed line.
    public enum Reading: Hashable, Sendable {
        case answer(AnswerValue)
        /// Not a valid answer; the message says what to type instead.
        case invalid(String)
    }

    /// Reads a typed line (already trimmed of surrounding spaces, not empty).
    public func read(_ typed: String) -> Reading {
        let text = typed.trimmed
        let word = text.lowercased()
        if ["na", "n/a", "n.a.", "not applicable"].contains(word) {
            return notApplicableAllowed
                ? .answer(.notApplicable)
                : .invalid("N/A is not allowed for this question; please answer it.")
        }
        switch criterion.answerType {
        case .yesNo:
            switch word {
            case "yes", "y", "1": return .answer(.yes)
            case "no", "n", "2": return .answer(.no)
            default: return .invalid("'\(text)' is not an answer here; type yes or no (or 1 or 2)\(naHint).")
            }
        case .scale(let min, let max, let labels):
            if let v = Int(word), criterion.accepts(.number(Double(v))) { return .answer(.number(Double(v))) }
            if let label = labels.first(where: { $0.label.lowercased() == word }) {
                return .answer(.number(Double(label.value)))
            }
            return .invalid("'\(text)' is not on the scale; type a whole number from \(min) to \(max)\(naHint).")
        case .choice(let options):
            if let option = pick(word, from: options) { return .answer(.token(option.id)) }
            return .invalid("'\(text)' is not one of the options; type an option number (1–\(options.count)) "
                            + "or its name (\(options.map(\.id).joined(separator: ", ")))\(naHint).")
        case .points(let max):
            if let v = Double(word), v.isFinite, criterion.accepts(.number(v)) { return .answer(.number(v)) }
            return .invalid("'\(text)' is not a valid number of points; type a number from 0 to \(formatNumber(max))\(naHint).")
        case .multiSelect(let options, _):
            let parts = word.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init)
            var chosen = Set<String>()
            for part in parts {
                guard let option = pick(part, from: options) else {
                    return .invalid("'\(part)' is not one of the options; type option numbers or names separated "
                                    + "by commas, e.g. 1,3\(naHint).")
                }
                chosen.insert(option.id)
            }
            guard !chosen.isEmpty else {
                return .invalid("Choose at least one option: type option numbers or names separated by commas, e.g. 1,3.")
            }
            return .answer(.tokens(options.map(\.id).filter { chosen.contains($0) }))
        case .numeric(let ranges):
            if let v = Double(word), v.isFinite, criterion.accepts(.number(v)) {
                return .answer(.number(v))
            }
            return .invalid("'\(text)' is not a valid value; type a number in \(ranges.map(Self.span).joined(separator: ", "))\(naHint).")
        }
    }

    /// The accepted answers, one line each, for showing under the question.
    public var choices: [String] {
        var lines: [String] = []
        switch criterion.answerType {
        case .yesNo:
            lines = ["1  yes", "2  no"]
        case .scale(let min, let max, let labels):
            if min <= max {
                for v in min...max {
                    let label = labels.first { $0.value == v }?.label
                    let text = label ?? (v == min ? "lowest" : v == max ? "highest" : "")
                    lines.append(text.isEmpty ? "\(v)" : "\(v)  \(text)")
                }
            }
        case .choice(let options):
            for (n, option) in options.enumerated() {
                lines.append("\(n + 1)  \(optionLine(option))")
            }
        case .points(let max):
            lines = ["a number of points from 0 to \(formatNumber(max))"]
        case .multiSelect(let options, let max):
            lines = ["choose one or more, separated by commas (e.g. 1,3); worth at most \(Self.points(max))"]
            for (n, option) in options.enumerated() {
                lines.append("\(n + 1)  \(optionLine(option))")
            }
        case .numeric(let ranges):
            lines = ["a number; it scores by the range it falls in:"]
            for range in ranges {
                lines.append("\(Self.span(range)): \(Self.points(range.points))\(range.fails ? " (a critical failure)" : "")")
            }
        }
        if notApplicableAllowed { lines.append("na  not applicable") }
        return lines
    }

    /// How an answer reads in the summary: option labels rather than ids, scale anchors beside the value.
    public func display(_ answer: AnswerValue) -> String {
        if answer.isNotApplicable { return "N/A" }
        switch (criterion.answerType, answer) {
        case (.scale(_, _, let labels), .number(let v)):
            let label = labels.first { Double($0.value) == v }?.label
            return label.map { "\(formatNumber(v)) (\($0))" } ?? formatNumber(v)
        case (.choice(let options), .token(let id)):
            return options.first { $0.id == id }?.label ?? id
        case (.multiSelect(let options, _), .tokens(let ids)):
            return ids.map { id in options.first { $0.id == id }?.label ?? id }.joined(separator: ", ")
        default:
            return answer.description
        }
    }

    private var naHint: String { notApplicableAllowed ? ", or na" : "" }

    private func pick(_ word: String, from options: [ChoiceOption]) -> ChoiceOption? {
        if let n = Int(word), n >= 1, n <= options.count { return options[n - 1] }
        return options.first { $0.id.lowercased() == word } ?? options.first { $0.label.lowercased() == word }
    }

    private func optionLine(_ option: ChoiceOption) -> String {
        let name = option.label.isEmpty || option.label == option.id ? option.id : "\(option.id) — \(option.label)"
        return "\(name) (\(option.bonus ? "bonus " : "")\(Self.points(option.points)))"
    }

    static func points(_ value: Double) -> String {
        value == 1 ? "1 point" : "\(formatNumber(value)) points"
    }

    static func span(_ range: NumericRange) -> String {
        switch (range.min, range.max) {
        case (let lo?, let hi?): return lo == hi ? formatNumber(lo) : "\(formatNumber(lo)) to \(formatNumber(hi))"
        case (let lo?, nil): return "\(formatNumber(lo)) or more"
        case (nil, let hi?): return "up to \(formatNumber(hi))"
        case (nil, nil): return "any number"
        }
    }
}
