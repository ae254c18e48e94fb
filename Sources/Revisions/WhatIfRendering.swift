import JSON
import QAModel

/// `qa scorecard what-if`'s output: plain text for a QA lead, or stable JSON (shape in docs/revisions.md).
public enum WhatIfRenderer {
    /// How many changed outcomes the text lists (the JSON lists every one kept).
    public static let changedOutcomesShown = 20

    /// The report as text; `groupedBy` names the grouping (`team`, `agent`) or is `nil` for none.
    public static func text(_ report: WhatIfReport, groupedBy: String?) -> String {
        let oldName = "version \(report.old.version)", newName = "version \(report.new.version)"
        var lines = ["What if the evaluations made with \(report.old.id) \(oldName) were scored with "
            + (report.new.id == report.old.id ? "" : "\(report.new.id) ") + "\(newName)?", ""]
        let counts = report.counts
        lines.append("Re-scored: \(count(counts.rescored, "evaluation"))")
        if counts.rescored > 0 {
            lines.append("  \(counts.rescoredCompletely) completely (every answer the new version needs carried over)")
            if counts.rescoredWithGaps > 0 {
                lines.append("  \(counts.rescoredWithGaps) without an answer to something the new version asks: it is left out of "
                    + "their new score, as an N/A answer is (see \"Not carried over\")")
            }
        }
        var leftOut: [String] = []
        if counts.otherTemplate > 0 { leftOut.append("\(counts.otherTemplate) for another template or version") }
        if counts.invalidForOldVersion > 0 { leftOut.append("\(counts.invalidForOldVersion) not valid under \(oldName)") }
        if counts.notRescorable > 0 { leftOut.append("\(counts.notRescorable) with nothing on the new form that applies") }
        if !leftOut.isEmpty { lines.append("Left out: " + leftOut.joined(separator: "; ")) }
        guard counts.rescored > 0 else {
            lines.append("")
            lines.append("No evaluation could be re-scored, so there is nothing to compare.")
            return lines.joined(separator: "\n") + "\n"
        }

        // Overall.
        let overall = report.overall
        lines.append("")
        var table: [[String]] = [["Overall", oldName, newName, "change"]]
        table.append(["Average total", score(overall.old.meanTotal), score(overall.new.meanTotal),
                      signed(difference(overall.new.meanTotal, overall.old.meanTotal))])
        let passMarks = report.oldPassMark == report.newPassMark
            ? "pass mark \(formatNumber(report.newPassMark))"
            : "pass mark \(formatNumber(report.oldPassMark)) → \(formatNumber(report.newPassMark))"
        table.append(["Pass rate (\(passMarks))", rate(overall.old.passRate), rate(overall.new.passRate),
                      points(overall.old.passRate, overall.new.passRate)])
        table.append(["Auto-failed (critical)", "\(overall.old.autoFailed)", "\(overall.new.autoFailed)",
                      signedCount(overall.new.autoFailed - overall.old.autoFailed)])
        for band in report.bandRows {
            let old = band.old.map { share($0, overall.old.evaluations) }
            let new = band.new.map { share($0, overall.new.evaluations) }
            table.append(["\(band.title)", old.map(rate) ?? "(no such band)", new.map(rate) ?? "(no such band)",
                          old != nil && new != nil ? points(old, new) : ""])
        }
        lines += aligned(table, rightAligned: [1, 2, 3])
        lines.append("")
        lines.append("Passes that would fail: \(overall.passToFail) · fails that would pass: \(overall.failToPass)")

        // Groups.
        if let groupedBy, !report.groups.isEmpty {
            lines.append("")
            var rows: [[String]] = [["By \(groupedBy)", "evaluations", "average total", "pass rate", "pass → fail", "fail → pass"]]
            for group in report.groups {
                let t = group.tally
                rows.append([group.key, "\(t.new.evaluations)",
                             "\(score(t.old.meanTotal)) → \(score(t.new.meanTotal)) (\(signed(difference(t.new.meanTotal, t.old.meanTotal))))",
                             "\(rate(t.old.passRate)) → \(rate(t.new.passRate))", "\(t.passToFail)", "\(t.failToPass)"])
            }
            lines += aligned(rows, rightAligned: [1, 4, 5])
        }

        // Criteria.
        lines.append("")
        var rows: [[String]] = [["By criterion", "counted", "full credit", "average credit", "share of the total"]]
        for c in report.criteria where c.scored {
            switch c.presence {
            case .both:
                rows.append([c.id, "\(c.new?.counted ?? 0)", "\(rate(c.old?.fullCreditRate)) → \(rate(c.new?.fullCreditRate))",
                             "\(rate(c.old?.meanCredit)) → \(rate(c.new?.meanCredit))",
                             "\(share(c.oldShare)) → \(share(c.newShare))"])
            case .added:
                rows.append(["\(c.id) (new)", "\(c.new?.counted ?? 0)", "– → \(rate(c.new?.fullCreditRate))",
                             "– → \(rate(c.new?.meanCredit))", "– → \(share(c.newShare))"])
            case .removed:
                rows.append(["\(c.id) (removed)", "\(c.old?.counted ?? 0)", "\(rate(c.old?.fullCreditRate)) → –",
                             "\(rate(c.old?.meanCredit)) → –", "\(share(c.oldShare)) → –"])
            }
        }
        lines += aligned(rows, rightAligned: [1])
        lines.append("counted: evaluations on which the criterion applied and was answered under the new version (the old "
            + "one for a removed criterion); full credit and average credit: where it counted")

        // Gaps and notes.
        let gapLines = report.criteria.flatMap { c in
            CarryOverGap.allCases.compactMap { gap in
                c.unanswered[gap].map { "  \(c.id): no usable answer on \(count($0, "evaluation")): \(gap.explanation)" }
            }
        }
        if !gapLines.isEmpty {
            lines.append("")
            lines.append("Not carried over (left out of the new score, as an N/A answer is)")
            lines += gapLines
        }
        let notes = report.criteria.flatMap { c -> [String] in
            var notes: [String] = []
            if c.droppedAsNoLongerApplying > 0 {
                notes.append("  \(c.id): \(count(c.droppedAsNoLongerApplying, "answer")) dropped: it no longer applies to those calls under the new conditions")
            }
            if c.commentsNowRequired > 0 {
                notes.append("  \(c.id): \(count(c.commentsNowRequired, "answer")) would now need a comment (scores are not affected)")
            }
            return notes
        }
        if !notes.isEmpty {
            lines.append("")
            lines.append("Also")
            lines += notes
        }

        // Changed outcomes.
        let changed = report.changedOutcomes.count + counts.changedOutcomesNotListed
        if changed > 0 {
            lines.append("")
            let shown = min(changedOutcomesShown, report.changedOutcomes.count)
            lines.append("Evaluations whose result would change (\(changed) in all\(shown < changed ? ", first \(shown) shown" : ""))")
            // When no evaluation carried over completely (said above), marking each one would say it again.
            let marksIncomplete = counts.rescoredCompletely > 0
            var rows: [[String]] = []
            for change in report.changedOutcomes.prefix(shown) {
                rows.append([change.evaluationID, change.agentID, change.teamID ?? "",
                             outcome(change.old), "→",
                             outcome(change.new) + (change.complete || !marksIncomplete ? "" : "  (not every answer carried over)")])
            }
            lines += aligned(rows, rightAligned: []).map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Wording of figures

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// A total with one decimal, always shown (`93.0`, `84.5`), so that a column of totals lines up.
    static func score(_ value: Double?) -> String {
        guard let value else { return "–" }
        let tenths = Int((abs(value) * 10).rounded())
        return (value < 0 && tenths > 0 ? "-" : "") + "\(tenths / 10).\(tenths % 10)"
    }

    static func rate(_ value: Double?) -> String {
        value.map { "\(formatNumber(($0 * 100).rounded()))%" } ?? "–"
    }

    static func share(_ value: Double?) -> String { value.map(percent) ?? "–" }

    static func share(_ part: Int, _ whole: Int) -> Double { whole > 0 ? Double(part) / Double(whole) : 0 }

    static func difference(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b else { return nil }
        return a - b
    }

    /// `+1.7`, `−2.4`, `0` (one decimal).
    static func signed(_ value: Double?) -> String {
        guard let value else { return "–" }
        let rounded = (value * 10).rounded() / 10
        if rounded == 0 { return "0" }
        return (rounded > 0 ? "+" : "−") + formatNumber(abs(rounded))
    }

    static func signedCount(_ value: Int) -> String { value == 0 ? "0" : (value > 0 ? "+\(value)" : "−\(-value)") }

    /// The change between two rates in percentage points: `−12 points`.
    static func points(_ old: Double?, _ new: Double?) -> String {
        guard let old, let new else { return "–" }
        let change = (new * 100).rounded() - (old * 100).rounded()
        if change == 0 { return "0" }
        return (change > 0 ? "+" : "−") + formatNumber(abs(change)) + (abs(change) == 1 ? " point" : " points")
    }

    static func outcome(_ outcome: OutcomeChange.Outcome) -> String {
        "\(score(outcome.total)) \(outcome.passed ? "pass" : "FAIL")\(outcome.band.map { " (\($0))" } ?? "")"
    }

    /// Rows padded into columns (two spaces apart); the first row is a heading when the caller gives one.
    static func aligned(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { k in rows.map { $0.indices.contains(k) ? $0[k].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { k, cell in
                let pad = String(repeating: " ", count: widths[k] - cell.count)
                return rightAligned.contains(k) ? pad + cell : (k == row.count - 1 ? cell : cell + pad)
            }.joined(separator: "  ")
        }
    }

    // MARK: JSON

    /// The stable JSON form (pretty, keys in a fixed order; rates 0–1, totals 0–100, unrounded).
    public static func json(_ report: WhatIfReport, groupedBy: String?) throws(JSONWriteError) -> String {
        let counts = report.counts
        let evaluations: JSONValue = .object([
            ("given", .int(counts.given)), ("otherTemplate", .int(counts.otherTemplate)),
            ("invalidForOldVersion", .int(counts.invalidForOldVersion)),
            ("rescoredCompletely", .int(counts.rescoredCompletely)), ("rescoredWithGaps", .int(counts.rescoredWithGaps)),
            ("notRescorable", .int(counts.notRescorable)),
        ])
        var groups = JSONValue.null
        if let groupedBy {
            let values: [JSONValue] = report.groups.map { group in
                .object(JSONObject([("key", .string(group.key))] + tallyMembers(group.tally, report)))
            }
            groups = .object([("by", .string(groupedBy)), ("values", .array(values))])
        }
        let root: JSONValue = .object([
            ("old", TemplateDiffRenderer.version(report.old)),
            ("new", TemplateDiffRenderer.version(report.new)),
            ("passMark", .object([("old", .number(report.oldPassMark)), ("new", .number(report.newPassMark))])),
            ("evaluations", evaluations),
            ("overall", .object(JSONObject(tallyMembers(report.overall, report)))),
            ("groups", groups),
            ("criteria", .array(report.criteria.map(criterionJSON))),
            ("changedOutcomes", .array(report.changedOutcomes.map(changeJSON))),
            ("changedOutcomesNotListed", .int(counts.changedOutcomesNotListed)),
        ])
        return try JSONWriter.write(root, style: .pretty) + "\n"
    }

    static func criterionJSON(_ c: CriterionComparison) -> JSONValue {
        let unanswered: [(String, JSONValue)] = CarryOverGap.allCases.compactMap { gap in
            c.unanswered[gap].map { (gap.rawValue, JSONValue.int($0)) }
        }
        return .object([
            ("id", .string(c.id)), ("prompt", .string(c.prompt)), ("presence", .string(c.presence.rawValue)),
            ("scored", .bool(c.scored)), ("oldShare", .optionalNumber(c.oldShare)), ("newShare", .optionalNumber(c.newShare)),
            ("old", c.old.map(figures) ?? .null), ("new", c.new.map(figures) ?? .null),
            ("unanswered", .object(JSONObject(unanswered))),
            ("droppedAsNoLongerApplying", .int(c.droppedAsNoLongerApplying)),
            ("commentsNowRequired", .int(c.commentsNowRequired)),
        ])
    }

    static func changeJSON(_ change: OutcomeChange) -> JSONValue {
        .object([
            ("evaluationId", .string(change.evaluationID)), ("callId", .string(change.callID)),
            ("agentId", .string(change.agentID)), ("teamId", .optionalString(change.teamID)),
            ("old", outcomeJSON(change.old)), ("new", outcomeJSON(change.new)), ("complete", .bool(change.complete)),
        ])
    }

    static func tallyMembers(_ tally: OutcomeTally, _ report: WhatIfReport) -> [(String, JSONValue)] {
        [("evaluations", .int(tally.new.evaluations)), ("complete", .int(tally.complete)),
         ("old", outcomeFigures(tally.old, bands: report.oldBands)), ("new", outcomeFigures(tally.new, bands: report.newBands)),
         ("passToFail", .int(tally.passToFail)), ("failToPass", .int(tally.failToPass))]
    }

    static func outcomeFigures(_ figures: OutcomeFigures, bands: [Band]) -> JSONValue {
        .object([
            ("meanTotal", .optionalNumber(figures.meanTotal)), ("passed", .int(figures.passed)),
            ("passRate", .optionalNumber(figures.passRate)), ("autoFailed", .int(figures.autoFailed)),
            ("bands", .object(JSONObject(bands.enumerated().map { ($0.element.id, JSONValue.int(figures.bandCounts[$0.offset])) }))),
        ])
    }

    static func figures(_ figures: CriterionFigures) -> JSONValue {
        .object([("counted", .int(figures.counted)), ("fullCredit", .int(figures.fullCredit)),
                 ("fullCreditRate", .optionalNumber(figures.fullCreditRate)), ("meanCredit", .optionalNumber(figures.meanCredit))])
    }

    static func outcomeJSON(_ outcome: OutcomeChange.Outcome) -> JSONValue {
        .object([("total", .number(outcome.total)), ("passed", .bool(outcome.passed)), ("band", .optionalString(outcome.band))])
    }
}
