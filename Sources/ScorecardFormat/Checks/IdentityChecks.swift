import QAModel

/// Ids must be unique: sections and criteria share one namespace (answers and conditions name them);
/// categories and bands each have their own.
public enum UniqueIdentifiers: ScorecardCheck {
    public static let rule = "unique-ids"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="opening">
            <title>Opening</title>
            <criterion id="opening" category="empathy"><prompt>Greeted?</prompt><yes-no/></criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        var findings: [Finding] = []
        func checkUnique(_ items: [(id: String, kind: String, position: SourcePosition)], scope: String) {
            var seen: [String: (kind: String, position: SourcePosition)] = [:]
            for item in items {
                if let first = seen[item.id] {
                    findings.append(Finding(
                        item.position, "\(item.kind) id '\(item.id)' is already used by the \(first.kind) at line "
                            + "\(first.position.line); \(scope) — rename one of them"))
                } else {
                    seen[item.id] = (item.kind, item.position)
                }
            }
        }
        var ids: [(id: String, kind: String, position: SourcePosition)] = []
        for section in scorecard.sections {
            ids.append((section.id, "section", section.position))
            ids.append(contentsOf: section.criteria.map { ($0.id, "criterion", $0.position) })
        }
        checkUnique(ids, scope: "section and criterion ids must all differ")
        checkUnique(scorecard.categories.map { ($0.id, "category", $0.position) }, scope: "category ids must differ")
        checkUnique(scorecard.bands.map { ($0.id, "band", $0.position) }, scope: "band ids must differ")
        return findings
    }
}

/// Every criterion's category must be declared in `<categories>`.
public enum DeclaredCategories: ScorecardCheck {
    public static let rule = "declared-categories"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="opening">
            <title>Opening</title>
            <criterion id="greeting" category="tone"><prompt>Greeted?</prompt><yes-no/></criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        let declared = Set(scorecard.categories.map(\.id))
        let listed = listedIDs(scorecard.categories.map(\.id))
        return scorecard.criteria.filter { !declared.contains($0.category) }.map {
            Finding(
                $0.position, "criterion '\($0.id)' uses category '\($0.category)', which is not declared; add "
                    + "<category id=\"\($0.category)\">…</category> to <categories> or use one of: " + listed)
        }
    }
}
