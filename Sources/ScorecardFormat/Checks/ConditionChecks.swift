import QAModel

/// Conditions must name criteria of this template (earlier or later ones), not sections or unknown ids.
public enum ConditionReferences: ScorecardCheck {
    public static let rule = "condition-references"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="resolution">
            <title>Resolution</title>
            <criterion id="complaint-logged" category="empathy">
              <prompt>Was the complaint logged?</prompt><yes-no/>
              <applies-when criterion="customer-complained" is="yes"/>
            </criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        let criteria = Set(scorecard.criteria.map(\.id))
        let sections = Set(scorecard.sections.map(\.id))
        var conditions = scorecard.sections.compactMap(\.condition)
        conditions += scorecard.criteria.compactMap(\.condition)
        return conditions.flatMap(\.leaves).compactMap { leaf in
            if criteria.contains(leaf.criterion) { return nil }
            if sections.contains(leaf.criterion) {
                return Finding(
                    leaf.position, "'\(leaf.criterion)' is a section; a condition tests a criterion's answer — "
                        + "name a criterion, or use na=\"allowed\" on the section")
            }
            return Finding(
                leaf.position, "the condition names '\(leaf.criterion)', but no criterion has that id; "
                    + "correct the id or add the criterion")
        }
    }
}

/// Conditions must not go round in a circle: a criterion cannot depend on its own answer, directly, through
/// other criteria, or through its section's condition.
public enum ConditionCycles: ScorecardCheck {
    public static let rule = "condition-cycles"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="resolution">
            <title>Resolution</title>
            <criterion id="fix-confirmed" category="empathy">
              <prompt>Was the fix confirmed?</prompt><yes-no/>
              <applies-when criterion="fix-confirmed" is="yes"/>
            </criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        let criteria = scorecard.criteria
        let index = Dictionary(criteria.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let sectionOf = scorecard.sectionOfCriterion
        // Edges: criterion → criteria its applicability reads, each with the position of the test.
        var edges: [[(target: Int, position: SourcePosition, viaSection: String?)]] = Array(repeating: [], count: criteria.count)
        for (i, criterion) in criteria.enumerated() {
            for leaf in criterion.condition?.leaves ?? [] {
                if let target = index[leaf.criterion] { edges[i].append((target, leaf.position, nil)) }
            }
            if let section = sectionOf[criterion.id] {
                for leaf in section.condition?.leaves ?? [] {
                    if let target = index[leaf.criterion] { edges[i].append((target, leaf.position, section.id)) }
                }
            }
        }
        var findings: [Finding] = []
        var reportedSectionLoops = Set<String>()
        // Self-loops first: clearer messages.
        for (i, criterion) in criteria.enumerated() {
            for edge in edges[i] where edge.target == i {
                if let section = edge.viaSection {
                    guard reportedSectionLoops.insert(section + "/" + criterion.id).inserted else { continue }
                    findings.append(Finding(
                        edge.position, "section '\(section)' applies only depending on '\(criterion.id)', but "
                            + "'\(criterion.id)' is inside that section; test a criterion from another section"))
                } else {
                    findings.append(Finding(
                        edge.position, "criterion '\(criterion.id)' applies only depending on its own answer; "
                            + "point applies-when at another criterion or remove it"))
                }
            }
        }
        // Longer cycles: strongly connected components of two or more criteria.
        for component in stronglyConnectedComponents(count: criteria.count, edges: edges.map { $0.map(\.target) })
        where component.count > 1 {
            let members = Set(component)
            guard let first = component.min(),
                  let edge = edges[first].first(where: { members.contains($0.target) && $0.target != first })
            else { continue }
            let sortedNames = component.sorted().map { criteria[$0].id }
            let names = sortedNames.count <= 6 ? quoted(sortedNames)
                : quoted(Array(sortedNames.prefix(5))) + " and \(sortedNames.count - 5) more"
            if let section = edge.viaSection, sectionOf[criteria[edge.target].id]?.id == section {
                findings.append(Finding(
                    edge.position, "section '\(section)' applies only depending on '\(criteria[edge.target].id)', "
                        + "but that criterion is inside the section; test a criterion from another section"))
                continue
            }
            findings.append(Finding(
                edge.position, "conditions go round in a circle: \(names) each apply only depending on "
                    + "another of them; break the circle by removing or changing one applies-when"))
        }
        return findings
    }

    /// Tarjan's algorithm with an explicit stack, so a long chain of conditions cannot overflow the call stack.
    static func stronglyConnectedComponents(count: Int, edges: [[Int]]) -> [[Int]] {
        var nextIndex = 0
        var indices = Array(repeating: -1, count: count)
        var lowlink = Array(repeating: 0, count: count)
        var onStack = Array(repeating: false, count: count)
        var stack: [Int] = []
        var components: [[Int]] = []
        for root in 0..<count where indices[root] < 0 {
            // Each frame: a vertex and how many of its edges have been followed.
            var frames: [(vertex: Int, edge: Int)] = [(root, 0)]
            indices[root] = nextIndex
            lowlink[root] = nextIndex
            nextIndex += 1
            stack.append(root)
            onStack[root] = true
            while let frame = frames.last {
                let v = frame.vertex
                if frame.edge < edges[v].count {
                    frames[frames.count - 1].edge += 1
                    let w = edges[v][frame.edge]
                    if indices[w] < 0 {
                        indices[w] = nextIndex
                        lowlink[w] = nextIndex
                        nextIndex += 1
                        stack.append(w)
                        onStack[w] = true
                        frames.append((w, 0))
                    } else if onStack[w] {
                        lowlink[v] = min(lowlink[v], indices[w])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.vertex { lowlink[parent] = min(lowlink[parent], lowlink[v]) }
                if lowlink[v] == indices[v] {
                    var component: [Int] = []
                    while let w = stack.popLast() {
                        onStack[w] = false
                        component.append(w)
                        if w == v { break }
                    }
                    components.append(component)
                }
            }
        }
        return components
    }
}

/// The answers a condition tests must be answers the referenced criterion can be given.
public enum ConditionTokens: ScorecardCheck {
    public static let rule = "condition-tokens"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="resolution">
            <title>Resolution</title>
            <criterion id="customer-complained" category="empathy" scored="false">
              <prompt>Did the customer complain?</prompt><yes-no/>
            </criterion>
            <criterion id="complaint-logged" category="empathy">
              <prompt>Was the complaint logged?</prompt><yes-no/>
              <applies-when criterion="customer-complained" is="true"/>
            </criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        let sectionOf = scorecard.sectionOfCriterion
        let byID = Dictionary(scorecard.criteria.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var conditions = scorecard.sections.compactMap(\.condition)
        conditions += scorecard.criteria.compactMap(\.condition)
        var findings: [Finding] = []
        // One acceptor per criterion, however many conditions test it.
        var acceptors: [String: (String) -> Bool] = [:]
        for leaf in conditions.flatMap(\.leaves) {
            guard let target = byID[leaf.criterion] else { continue }
            let accepts = acceptors[target.id] ?? target.tokenAcceptor
            acceptors[target.id] = accepts
            let naAllowed = sectionOf[target.id]?.allowsNotApplicable(on: target) ?? target.allowsNotApplicable
            for token in leaf.tokens.sorted() {
                if token == "na" {
                    if !naAllowed {
                        findings.append(Finding(
                            leaf.position, "the condition tests '\(target.id)' for 'na', but that criterion cannot be "
                                + "answered N/A; remove 'na' or add na=\"allowed\" to '\(target.id)'"))
                    }
                } else if !accepts(token) {
                    findings.append(Finding(
                        leaf.position, "the condition tests '\(target.id)' for '\(token)', which is not one of its "
                            + "answers (\(target.answerDescription)); use one of those"))
                }
            }
        }
        return findings
    }
}
