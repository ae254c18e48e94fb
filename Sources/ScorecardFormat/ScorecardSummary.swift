import JSON
import QAModel

/// What `qa scorecard show` prints: the template as a readable tree, or as stable JSON
/// (shape documented in docs/scorecard-format.md, "The `show` JSON").
public struct ScorecardSummary: Sendable {
    public let scorecard: Scorecard
    /// Criterion id → share of the total in percent, as the scoring kernel computes it
    /// (`ScoringPlan.effectiveWeightPercentages`; this module only shows it).
    public let effectiveWeights: [String: Double]

    public init(_ scorecard: Scorecard, effectiveWeights: [String: Double]) {
        self.scorecard = scorecard
        self.effectiveWeights = effectiveWeights
    }

    /// Each section's share of the total in percent (the sum of its criteria's effective weights).
    var sectionShares: [String: Double] {
        var result: [String: Double] = [:]
        for section in scorecard.sections {
            result[section.id] = section.criteria.map { effectiveWeights[$0.id] ?? 0 }.reduce(0, +)
        }
        return result
    }

    /// Each category's share of the total in percent.
    var categoryShares: [String: Double] {
        var result: [String: Double] = [:]
        for category in scorecard.categories { result[category.id] = 0 }
        for criterion in scorecard.criteria { result[criterion.category, default: 0] += effectiveWeights[criterion.id] ?? 0 }
        return result
    }

    // MARK: Text

    public var text: String {
        let card = scorecard
        var lines: [String] = []
        lines.append("\(card.title)  (id \(card.id), version \(card.version))")
        if !card.owner.isEmpty || card.effectiveDate != nil {
            lines.append("Owner: \(card.owner) · effective from \(card.effectiveDate?.description ?? "")")
        }
        var scoring = "Scoring: \(card.scoring.rawValue) · pass mark \(formatNumber(card.passMark))"
        if card.scoring == .deduction { scoring += " · starts at \(formatNumber(card.deductionStart))" }
        lines.append(scoring)
        if !card.bands.isEmpty {
            lines.append("Bands: " + card.bands.map {
                "\($0.title) \(formatNumber($0.min))–\(formatNumber($0.max))"
            }.joined(separator: " · "))
        }
        let sectionShares = self.sectionShares
        for section in card.sections {
            lines.append("")
            var head = "Section \(section.id) — \(section.title)"
            if let weight = section.weight { head += "  weight \(formatNumber(weight))" }
            head += "  (\(percent(sectionShares[section.id] ?? 0)) of total)"
            if section.allowsNotApplicable { head += "  [section N/A allowed]" }
            if section.defaultsToTop { head += "  [unanswered → top answer]" }
            lines.append(head)
            if let platformID = section.platformID { lines.append("  platform id: \(platformID)") }
            if let condition = section.condition { lines.append("  applies when \(Self.describe(condition))") }
            for threshold in section.thresholds {
                lines.append("  threshold: \(threshold.title) below \(formatNumber(threshold.below))")
            }
            for criterion in section.criteria {
                var line = "  \(criterion.id)  [\(criterion.category)]  \(Self.describe(criterion.answerType))"
                line += "  weight \(formatNumber(criterion.weight))"
                if !criterion.scored {
                    line += "  unscored"
                } else if criterion.bonus {
                    line += "  bonus"
                } else {
                    line += "  → \(percent(effectiveWeights[criterion.id] ?? 0))"
                }
                if criterion.allowsNotApplicable { line += "  N/A allowed" }
                if let critical = criterion.critical { line += "  CRITICAL (\(critical.scope.rawValue))" }
                lines.append(line)
                lines.append("      \(criterion.prompt)")
                if let references = Self.platformReferences(criterion) { lines.append("      platform ids: \(references)") }
                if let critical = criterion.critical {
                    lines.append("      critical: \(Self.describe(critical.scope)) on \(Self.describe(critical.failingAnswers, for: criterion))"
                                 + (critical.countsInCriticalScore ? "" : "; scores with the non-critical criteria"))
                }
                if let condition = criterion.condition { lines.append("      applies when \(Self.describe(condition))") }
                if let rule = criterion.commentRequired {
                    lines.append("      comment required on \(Self.describe(rule, for: criterion))")
                }
                for threshold in criterion.thresholds {
                    lines.append("      threshold: \(threshold.title) below \(formatNumber(threshold.below))")
                }
            }
        }
        lines.append("")
        let categoryShares = self.categoryShares
        lines.append("Category shares: " + card.categories.map {
            "\($0.id) \(percent(categoryShares[$0.id] ?? 0))"
        }.joined(separator: " · "))
        return lines.joined(separator: "\n") + "\n"
    }

    private func percent(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return "\(formatNumber(tenths))%"
    }

    /// A criterion's platform id and its options' (`Q1; options a1 = A1, a2 = A2`), or nil when it has none.
    static func platformReferences(_ criterion: Criterion) -> String? {
        let options: [ChoiceOption]
        switch criterion.answerType {
        case .choice(let list), .multiSelect(let list, _): options = list
        default: options = []
        }
        let kept = options.filter { $0.platformID != nil }
        guard criterion.platformID != nil || !kept.isEmpty else { return nil }
        var text = criterion.platformID ?? "(none)"
        let renamed = kept.filter { $0.platformID != $0.id }
        if !renamed.isEmpty {
            text += "; options " + renamed.compactMap { option in option.platformID.map { "\(option.id) = \($0)" } }
                .joined(separator: ", ")
            if renamed.count < kept.count { text += "; the other options keep their ids" }
        } else if !kept.isEmpty {
            text += "; options keep their ids"
        }
        return text
    }

    /// An answer type as readable text: `yes/no (yes = 1 pt)`, `scale 1–5`, `choice: full 2, partial 1`.
    public static func describe(_ type: AnswerType) -> String {
        switch type {
        case .yesNo(let points): return "yes/no (yes = \(formatNumber(points)) pt)"
        case .scale(let min, let max, _): return "scale \(min)–\(max)"
        case .choice(let options):
            return "choice: " + options.map { "\($0.id) \(formatNumber($0.points))\($0.bonus ? " bonus" : "")" }
                .joined(separator: ", ")
        case .points(let max): return "points 0–\(formatNumber(max))"
        case .multiSelect(let options, let max):
            return "multi-select (max \(formatNumber(max))): " + options.map { "\($0.id) \(formatNumber($0.points))" }
                .joined(separator: ", ")
        case .numeric(let ranges):
            return "numeric: " + ranges.map {
                "\($0.min.map(formatNumber) ?? "…")–\($0.max.map(formatNumber) ?? "…") → \(formatNumber($0.points))"
                    + ($0.fails ? " (fails)" : "")
            }.joined(separator: ", ")
        }
    }

    /// What a critical failure of this scope does, in words.
    public static func describe(_ scope: CriticalScope) -> String {
        switch scope {
        case .form: return "fails the whole form"
        case .section: return "zeroes its section"
        case .flag: return "flagged only (score untouched)"
        }
    }

    /// A set of answers (failing answers, answers needing a comment) as readable text.
    public static func describe(_ match: AnswerMatch, for criterion: Criterion) -> String {
        switch match {
        case .answers(let tokens):
            if tokens.isEmpty, case .numeric = criterion.answerType { return "a value in a range marked fails" }
            return tokens.sorted().joined(separator: " or ")
        case .belowTop: return "any answer below the top"
        case .any: return "any answer"
        }
    }

    /// A condition as readable text: `call-type is complaint`, `all of (a is yes, b is not no)`.
    public static func describe(_ condition: Condition) -> String {
        switch condition {
        case .answerIs(let id, let tokens, _): return "\(id) is \(tokens.sorted().joined(separator: " or "))"
        case .answerIsNot(let id, let tokens, _): return "\(id) is not \(tokens.sorted().joined(separator: " or "))"
        case .all(let parts): return "all of (" + parts.map(describe).joined(separator: ", ") + ")"
        case .any(let parts): return "any of (" + parts.map(describe).joined(separator: ", ") + ")"
        }
    }

    // MARK: JSON

    /// Stable JSON (ordered keys, numbers rounded to 4 decimals); see docs/scorecard-format.md.
    public var json: String {
        let card = scorecard
        let sectionShares = self.sectionShares
        let categoryShares = self.categoryShares
        let root: JSONValue = .object([
            ("formatVersion", .number(1)),
            ("id", .string(card.id)),
            ("version", .string(card.version)),
            ("title", .string(card.title)),
            ("description", .string(card.description)),
            ("owner", .string(card.owner)),
            ("effectiveDate", .string(card.effectiveDate?.description ?? "")),
            ("scoring", .string(card.scoring.rawValue)),
            ("passMark", .number(card.passMark)),
            ("deductionStart", card.scoring == .deduction ? .number(card.deductionStart) : .null),
            ("categories", .array(card.categories.map {
                .object([("id", .string($0.id)), ("title", .string($0.title)),
                         ("share", .number(categoryShares[$0.id] ?? 0))])
            })),
            ("bands", .array(card.bands.map {
                .object([("id", .string($0.id)), ("title", .string($0.title)), ("min", .number($0.min)),
                         ("max", .number($0.max))])
            })),
            ("sections", .array(card.sections.map { section in
                .object(JSONObject([
                    ("id", .string(section.id)),
                    ("title", .string(section.title)),
                    ("weight", section.weight.map(JSONValue.number) ?? .null),
                    ("share", .number(sectionShares[section.id] ?? 0)),
                    ("notApplicableAllowed", .bool(section.allowsNotApplicable)),
                    ("defaultsToTop", .bool(section.defaultsToTop)),
                    ("condition", section.condition.map { .string(Self.describe($0)) } ?? .null),
                    ("thresholds", Self.json(section.thresholds)),
                    ("criteria", .array(section.criteria.map(criterionJSON))),
                ] + Self.platformIDPair(section.platformID)))
            })),
        ])
        // Non-finite numbers cannot come from a loaded template (the schema's decimals are finite); the rounding
        // turns any into null, so the writer has nothing to refuse.
        return ((try? JSONWriter.write(Self.rounded(root), style: .pretty)) ?? "{}") + "\n"
    }

    /// Numbers rounded to 4 decimals (plenty for percentages and points, and stable output); non-finite → null.
    private static func rounded(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let number):
            guard number.isFinite else { return .null }
            return .number((number * 10_000).rounded() / 10_000)
        case .array(let items): return .array(items.map(rounded))
        case .object(let object):
            return .object(JSONObject(object.members.map { .init(key: $0.key, value: rounded($0.value)) }))
        default: return value
        }
    }

    private func criterionJSON(_ criterion: Criterion) -> JSONValue {
        .object(JSONObject([
            ("id", .string(criterion.id)),
            ("category", .string(criterion.category)),
            ("prompt", .string(criterion.prompt)),
            ("guidance", .string(criterion.guidance)),
            ("answerType", Self.json(criterion.answerType)),
            ("weight", .number(criterion.weight)),
            ("effectiveWeight", .number(effectiveWeights[criterion.id] ?? 0)),
            ("notApplicableAllowed", .bool(criterion.allowsNotApplicable)),
            ("scored", .bool(criterion.scored)),
            ("bonus", .bool(criterion.bonus)),
            ("critical", criterion.critical.map {
                .object(JSONObject([("scope", .string($0.scope.rawValue)), ("failOn", Self.json($0.failingAnswers))]
                                   + ($0.countsInCriticalScore ? [] : [("inCriticalScore", JSONValue.bool(false))])))
            } ?? .null),
            ("condition", criterion.condition.map { .string(Self.describe($0)) } ?? .null),
            ("commentRequired", criterion.commentRequired.map(Self.json) ?? .null),
            ("thresholds", Self.json(criterion.thresholds)),
        ] + Self.platformIDPair(criterion.platformID)))
    }

    /// `("platformId", id)` for an imported item, nothing otherwise (templates written here keep their output).
    private static func platformIDPair(_ platformID: String?) -> [(String, JSONValue)] {
        platformID.map { [("platformId", .string($0))] } ?? []
    }

    private static func json(_ thresholds: [Threshold]) -> JSONValue {
        .array(thresholds.map { .object([("title", .string($0.title)), ("below", .number($0.below))]) })
    }

    /// `["no"]`, `"below-top"` or `"any"`.
    private static func json(_ match: AnswerMatch) -> JSONValue {
        switch match {
        case .answers(let tokens): return .array(tokens.sorted().map(JSONValue.string))
        case .belowTop: return .string("below-top")
        case .any: return .string("any")
        }
    }

    private static func json(_ type: AnswerType) -> JSONValue {
        func options(_ list: [ChoiceOption]) -> JSONValue {
            .array(list.map {
                .object(JSONObject([("id", .string($0.id)), ("label", .string($0.label)), ("points", .number($0.points)),
                                    ("bonus", .bool($0.bonus))] + platformIDPair($0.platformID)))
            })
        }
        var pairs: [(String, JSONValue)] = [("kind", .string(type.kindName)), ("possiblePoints", .number(type.possiblePoints))]
        switch type {
        case .yesNo(let points):
            pairs.append(("points", .number(points)))
        case .scale(let min, let max, let labels):
            pairs += [("min", .number(Double(min))), ("max", .number(Double(max))),
                      ("anchors", .array(labels.map {
                          .object([("value", .number(Double($0.value))), ("label", .string($0.label))])
                      }))]
        case .choice(let list):
            pairs.append(("options", options(list)))
        case .points(let max):
            pairs.append(("max", .number(max)))
        case .multiSelect(let list, let max):
            pairs += [("max", .number(max)), ("options", options(list))]
        case .numeric(let ranges):
            pairs.append(("ranges", .array(ranges.map {
                .object([("min", $0.min.map(JSONValue.number) ?? .null), ("max", $0.max.map(JSONValue.number) ?? .null),
                         ("points", .number($0.points)), ("fails", .bool($0.fails))])
            })))
        }
        return .object(JSONObject(pairs))
    }
}
