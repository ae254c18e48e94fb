import QAModel

/// Criterion and section weights must be above zero.
public enum PositiveWeights: ScorecardCheck {
    public static let rule = "positive-weights"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="opening">
            <title>Opening</title>
            <criterion id="greeting" category="empathy" weight="0"><prompt>Greeted?</prompt><yes-no/></criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        var findings: [Finding] = []
        for section in scorecard.sections {
            if let weight = section.weight, !(weight > 0) {
                findings.append(Finding(
                    section.position, "section '\(section.id)' has weight \(formatNumber(weight)); a weight must be "
                        + "above 0 — give it a positive weight or remove the section"))
            }
            for criterion in section.criteria where !(criterion.weight > 0) {
                findings.append(Finding(
                    criterion.position, "criterion '\(criterion.id)' has weight \(formatNumber(criterion.weight)); a "
                        + "weight must be above 0 — to record a criterion without scoring it, use scored=\"false\""))
            }
        }
        return findings
    }
}

/// A scale runs from a lower to a higher number, and its anchors label points on it, once each.
public enum ScaleRange: ScorecardCheck {
    public static let rule = "scale-range"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="tone">
            <title>Tone</title>
            <criterion id="warmth" category="empathy">
              <prompt>How warm was the agent?</prompt>
              <scale min="5" max="1"><anchor value="1">Cold</anchor><anchor value="5">Warm</anchor></scale>
            </criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        var findings: [Finding] = []
        for criterion in scorecard.criteria {
            guard case .scale(let min, let max, let labels) = criterion.answerType else { continue }
            if min >= max {
                findings.append(Finding(
                    criterion.position, "criterion '\(criterion.id)': scale min (\(min)) must be below max (\(max)); "
                        + "swap them or correct one"))
                continue
            }
            var seen = Set<Int>()
            for label in labels {
                if label.value < min || label.value > max {
                    findings.append(Finding(
                        criterion.position, "criterion '\(criterion.id)': anchor \(label.value) is outside the scale "
                            + "\(min)–\(max); change its value or the scale's range"))
                }
                if !seen.insert(label.value).inserted {
                    findings.append(Finding(
                        criterion.position, "criterion '\(criterion.id)': anchor \(label.value) is given twice; "
                            + "keep one label per point"))
                }
            }
        }
        return findings
    }
}

/// A scored criterion must be able to earn something, and no answer may be worth negative points.
public enum PossiblePoints: ScorecardCheck {
    public static let rule = "possible-points"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="resolution">
            <title>Resolution</title>
            <criterion id="steps" category="empathy"><prompt>Steps followed</prompt><points max="0"/></criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        var findings: [Finding] = []
        for criterion in scorecard.criteria {
            let id = criterion.id
            switch criterion.answerType {
            case .choice(let options), .multiSelect(let options, _):
                for option in options where option.points < 0 {
                    findings.append(Finding(
                        criterion.position, "criterion '\(id)': option '\(option.id)' has negative points "
                            + "(\(formatNumber(option.points))); use 0 for an answer that earns nothing"))
                }
            case .numeric(let ranges):
                if ranges.contains(where: { $0.points < 0 }) {
                    findings.append(Finding(
                        criterion.position, "criterion '\(id)': a range has negative points; use 0 for values that "
                            + "earn nothing"))
                }
            default:
                break
            }
            guard criterion.scored, !criterion.bonus, !(criterion.answerType.possiblePoints > 0) else { continue }
            let fix: String
            switch criterion.answerType {
            case .yesNo: fix = "<yes-no points=\"…\"/> must be above 0"
            case .points: fix = "<points max=\"…\"/> must be above 0"
            case .multiSelect: fix = "<multi-select max=\"…\"> must be above 0 (or give options points)"
            case .choice: fix = "give at least one option points above 0"
            case .numeric: fix = "give at least one range points above 0"
            case .scale: continue  // reported by scale-range
            }
            findings.append(Finding(
                criterion.position, "criterion '\(id)' can never earn points: \(fix), or mark it scored=\"false\" "
                    + "if it is only recorded"))
        }
        return findings
    }
}

/// Choice and multi-select criteria need at least two options with distinct, non-reserved ids.
public enum ChoiceOptions: ScorecardCheck {
    public static let rule = "choice-options"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="resolution">
            <title>Resolution</title>
            <criterion id="outcome" category="empathy">
              <prompt>How was the issue resolved?</prompt>
              <choice><option id="full" points="2">Fully</option><option id="full" points="1">Partly</option></choice>
            </criterion>
          </section>
        """)

    static let reserved: Set<String> = ["na", "any", "below-top"]

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        var findings: [Finding] = []
        for criterion in scorecard.criteria {
            let options: [ChoiceOption]
            switch criterion.answerType {
            case .choice(let list), .multiSelect(let list, _): options = list
            default: continue
            }
            if options.count < 2 {
                findings.append(Finding(
                    criterion.position, "criterion '\(criterion.id)' has \(options.count) option; a "
                        + "\(criterion.answerType.kindName) needs at least two — add one, or use <yes-no/>"))
            }
            var seen = Set<String>()
            for option in options {
                if !seen.insert(option.id).inserted {
                    findings.append(Finding(
                        criterion.position, "criterion '\(criterion.id)' has two options with id '\(option.id)'; "
                            + "give each option its own id"))
                }
                if reserved.contains(option.id) {
                    findings.append(Finding(
                        criterion.position, "criterion '\(criterion.id)': option id '\(option.id)' is reserved "
                            + "(it means something in answers and rules); choose another id"))
                }
            }
        }
        return findings
    }
}

/// Numeric ranges must run from low to high and must not overlap, so every value falls into one range.
public enum NumericRanges: ScorecardCheck {
    public static let rule = "numeric-ranges"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="handling">
            <title>Handling</title>
            <criterion id="hold-time" category="empathy">
              <prompt>Longest hold, in seconds</prompt>
              <numeric unit="seconds"><range min="0" max="30" points="2"/><range min="20" max="60" points="1"/></numeric>
            </criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        var findings: [Finding] = []
        for criterion in scorecard.criteria {
            guard case .numeric(let ranges) = criterion.answerType else { continue }
            func describe(_ range: NumericRange) -> String {
                "\(range.min.map(formatNumber) ?? "…")–\(range.max.map(formatNumber) ?? "…")"
            }
            for range in ranges {
                if let low = range.min, let high = range.max, low > high {
                    findings.append(Finding(
                        criterion.position, "criterion '\(criterion.id)': range \(describe(range)) has min above max; "
                            + "swap them"))
                }
            }
            let valid = ranges.filter { ($0.min ?? -.infinity) <= ($0.max ?? .infinity) }
            let sorted = valid.sorted { ($0.min ?? -.infinity) < ($1.min ?? -.infinity) }
            for (lower, upper) in zip(sorted, sorted.dropFirst()) {
                if (upper.min ?? -.infinity) <= (lower.max ?? .infinity) {
                    findings.append(Finding(
                        criterion.position, "criterion '\(criterion.id)': ranges \(describe(lower)) and "
                            + "\(describe(upper)) overlap; a value must fall into one range only — adjust min or max"))
                }
            }
        }
        return findings
    }
}
