import JSON
import QAModel

/// `qa scorecard diff`'s output: the changes as plain text for a QA lead, or as stable JSON for other tools
/// (shape in docs/revisions.md).
public enum TemplateDiffRenderer {
    /// The changes grouped by what they are about, in the new template's order.
    public static func text(_ diff: TemplateDiff) -> String {
        var lines = ["Comparing \(diff.old.id) version \(diff.old.version) with "
            + (diff.new.id == diff.old.id ? "" : "\(diff.new.id) ") + "version \(diff.new.version) (\(diff.new.title))"]
        guard diff.hasChanges else {
            lines.append("No changes: the two versions ask the same questions and score them the same way.")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append(headline(diff))
        var current: TemplateChange.Subject?
        for change in diff.changes {
            if change.subject != current {
                current = change.subject
                lines.append("")
                lines.append(heading(change.subject, diff))
            }
            lines += describe(change).map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line counting the changes: `Criteria: 1 added, 2 reworded, 1 reweighted; sections: 1 reweighted; …`.
    static func headline(_ diff: TemplateDiff) -> String {
        func counts(_ subjectKind: String, _ kinds: [(TemplateChange.Kind, String)]) -> String? {
            let parts = kinds.compactMap { kind, word -> String? in
                let n = diff.count(kind, of: subjectKind)
                return n > 0 ? "\(n) \(word)" : nil
            }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        }
        let criterionKinds: [(TemplateChange.Kind, String)] = [
            (.added, "added"), (.removed, "removed"), (.reworded, "reworded"), (.reweighted, "reweighted"),
            (.moved, "moved"), (.answerChanged, "with changed answers"), (.criticalChanged, "with a changed critical rule"),
            (.notApplicableChanged, "with a changed N/A rule"), (.conditionChanged, "with a changed condition"),
            (.commentRuleChanged, "with a changed comment rule"), (.categoryChanged, "in another category"),
            (.scoringRoleChanged, "scored differently"), (.thresholdsChanged, "with changed thresholds"),
            (.shareChanged, "whose share of the total moved with the other changes"),
        ]
        var parts: [String] = []
        if let criteria = counts("criterion", criterionKinds) { parts.append("criteria: " + criteria) }
        if let sections = counts("section", [(.added, "added"), (.removed, "removed"), (.reweighted, "reweighted"),
                                             (.reworded, "retitled"), (.shareChanged, "whose share moved"),
                                             (.conditionChanged, "with a changed condition"),
                                             (.notApplicableChanged, "with a changed N/A rule"),
                                             (.defaultAnswerChanged, "with a changed default answer"),
                                             (.thresholdsChanged, "with changed thresholds")]) {
            parts.append("sections: " + sections)
        }
        let rules = diff.changes.filter {
            switch $0.subject {
            case .template, .band, .category: return true
            default: return false
            }
        }.count
        if rules > 0 { parts.append("template details, rules, bands and categories: \(rules) \(rules == 1 ? "change" : "changes")") }
        let text = parts.joined(separator: "; ")
        return text.prefix(1).uppercased() + text.dropFirst() + "."
    }

    static func heading(_ subject: TemplateChange.Subject, _ diff: TemplateDiff) -> String {
        switch subject {
        case .template: return "Template"
        case .category(let id): return "Category \(id)"
        case .band(let id): return "Band \(id)"
        case .section(let id): return "Section \(id)"
        case .criterion(let id, let section): return "Criterion \(id) (section \(section))"
        }
    }

    /// A change in one or three lines: `weight: 1 → 2`, or a long text as `was:` / `now:` lines.
    static func describe(_ change: TemplateChange) -> [String] {
        switch change.kind {
        case .added: return ["added: \(change.new ?? "")"]
        case .removed: return ["removed (was: \(change.old ?? ""))"]
        default: break
        }
        switch (change.old, change.new) {
        case (let before?, nil): return ["\(change.aspect) removed (was: \(before))"]
        case (nil, let after?): return ["\(change.aspect) added: \(after)"]
        default: break
        }
        let before = change.old ?? "none", after = change.new ?? "none"
        if change.kind == .moved { return ["moved from section \(before) to section \(after)"] }
        if before.count + after.count > 60 {
            let what = change.kind == .reworded ? "\(change.aspect) reworded" : "\(change.aspect) changed"
            return [what, "  was: \(before)", "  now: \(after)"]
        }
        return ["\(change.aspect): \(before) → \(after)"]
    }

    /// The stable JSON form (pretty, keys in a fixed order).
    public static func json(_ diff: TemplateDiff) throws(JSONWriteError) -> String {
        let root: JSONValue = .object([
            ("old", version(diff.old)),
            ("new", version(diff.new)),
            ("hasChanges", .bool(diff.hasChanges)),
            ("changes", .array(diff.changes.map { change in
                var section: JSONValue = .null
                if case .criterion(_, let id) = change.subject { section = .string(id) }
                return .object([
                    ("subject", .string(change.subject.kindName)),
                    ("id", .optionalString(change.subject.id)),
                    ("section", section),
                    ("change", .string(change.kind.rawValue)),
                    ("aspect", .string(change.aspect)),
                    ("old", .optionalString(change.old)),
                    ("new", .optionalString(change.new)),
                ])
            })),
        ])
        return try JSONWriter.write(root, style: .pretty) + "\n"
    }

    static func version(_ version: TemplateVersion) -> JSONValue {
        .object([("id", .string(version.id)), ("version", .string(version.version)), ("title", .string(version.title))])
    }
}
