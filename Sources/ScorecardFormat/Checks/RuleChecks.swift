import QAModel

/// A critical criterion names at least one failing answer that it can actually be given, never its top answer;
/// numeric criteria fail through ranges marked `fails="true"` instead of `fail-on`.
public enum CriticalAnswers: ScorecardCheck {
    public static let rule = "critical-answers"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="compliance">
            <title>Compliance</title>
            <criterion id="id-verified" category="compliance">
              <prompt>Was the caller's identity verified?</prompt><yes-no/>
              <critical scope="form" fail-on="yes"/>
            </criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        var findings: [Finding] = []
        for criterion in scorecard.criteria {
            let id = criterion.id
            if case .numeric(let ranges) = criterion.answerType {
                let failingRanges = ranges.filter(\.fails)
                guard let critical = criterion.critical else {
                    if !failingRanges.isEmpty {
                        findings.append(Finding(
                            criterion.position, "criterion '\(id)' marks ranges fails=\"true\" but has no "
                                + "<critical scope=\"…\"/>; add one, or remove fails=\"true\"", severity: .warning))
                    }
                    continue
                }
                switch critical.failingAnswers {
                case .answers(let tokens) where !tokens.isEmpty:
                    findings.append(Finding(
                        criterion.position, "criterion '\(id)' is numeric: it fails through its ranges, so remove "
                            + "fail-on and mark the failing ranges fails=\"true\""))
                case .any:
                    findings.append(Finding(
                        criterion.position, "criterion '\(id)': fail-on=\"any\" would fail every call; mark the "
                            + "failing ranges fails=\"true\" instead"))
                case .answers, .belowTop:
                    if critical.failingAnswers != .belowTop, failingRanges.isEmpty {
                        findings.append(Finding(
                            criterion.position, "critical criterion '\(id)' has no failing range; mark at least one "
                                + "<range … fails=\"true\"/>"))
                    }
                    let top = ranges.map(\.points).max() ?? 0
                    if failingRanges.contains(where: { $0.points == top && top > 0 }) {
                        findings.append(Finding(
                            criterion.position, "criterion '\(id)': a range marked fails=\"true\" earns full points; "
                                + "a failing range should earn less — lower its points or remove fails"))
                    }
                }
                continue
            }
            guard let critical = criterion.critical else { continue }
            switch critical.failingAnswers {
            case .belowTop:
                continue
            case .any:
                findings.append(Finding(
                    criterion.position, "criterion '\(id)': fail-on=\"any\" would fail every call; list the failing "
                        + "answers (\(criterion.answerDescription)) or use fail-on=\"below-top\""))
            case .answers(let tokens) where tokens.isEmpty:
                findings.append(Finding(
                    criterion.position, "critical criterion '\(id)' names no failing answer; add fail-on=\"…\" with "
                        + "the answers that fail (\(criterion.answerDescription)) or fail-on=\"below-top\""))
            case .answers(let tokens):
                let accepts = criterion.tokenAcceptor
                for token in tokens.sorted() where token == "na" || !accepts(token) {
                    let reason = token == "na" ? "an N/A answer cannot fail a call" : "it is not one of its answers"
                        + " (\(criterion.answerDescription))"
                    findings.append(Finding(
                        criterion.position, "criterion '\(id)': fail-on names '\(token)', but \(reason); remove it"))
                }
                let isTop = topTest(of: criterion)
                if let top = tokens.sorted().first(where: isTop) {
                    findings.append(Finding(
                        criterion.position, "criterion '\(id)': fail-on names '\(top)', the answer that earns full "
                            + "credit; a critical criterion fails on poor answers — reword the prompt so that '\(top)' "
                            + "is the good answer, fail on the others, or use fail-on=\"below-top\""))
                }
            }
        }
        return findings
    }

    /// Whether a token is the criterion's top answer (the top answers are worked out once, not per token).
    static func topTest(of criterion: Criterion) -> (String) -> Bool {
        if case .points(let max) = criterion.answerType { return { Double($0) == max } }
        let top = criterion.topAnswers
        return { top.contains($0) }
    }
}

/// Comment rules name answers the criterion can be given, or `any` / `below-top`.
public enum CommentRule: ScorecardCheck {
    public static let rule = "comment-rule"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="compliance">
            <title>Compliance</title>
            <criterion id="recording-notice" category="compliance">
              <prompt>Was the call-recording notice given?</prompt><yes-no/>
              <comment-required on="never"/>
            </criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        let sectionOf = scorecard.sectionOfCriterion
        var findings: [Finding] = []
        for criterion in scorecard.criteria {
            guard case .answers(let tokens)? = criterion.commentRequired else { continue }
            let naAllowed = sectionOf[criterion.id]?.allowsNotApplicable(on: criterion) ?? criterion.allowsNotApplicable
            let accepts = criterion.tokenAcceptor
            for token in tokens.sorted() {
                if token == "na" ? naAllowed : accepts(token) { continue }
                findings.append(Finding(
                    criterion.position, "criterion '\(criterion.id)': comment-required on=\"…\" names '\(token)', "
                        + "which is not one of its answers (\(criterion.answerDescription)\(naAllowed ? ", na" : "")); "
                        + "use those, \"below-top\" or \"any\""))
            }
        }
        return findings
    }
}

/// Section weights: all or none in `weighted`; required on every section in `section-only` and `scaled-points`;
/// not allowed where sections carry no weight (`points`, `deduction`, `question-only`).
public enum SectionWeights: ScorecardCheck {
    public static let rule = "section-weights"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="opening" weight="30">
            <title>Opening</title>
            <criterion id="greeting" category="empathy"><prompt>Greeted?</prompt><yes-no/></criterion>
          </section>
          <section id="closing">
            <title>Closing</title>
            <criterion id="summary" category="empathy"><prompt>Summarised?</prompt><yes-no/></criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        let weighted = scorecard.sections.filter { $0.weight != nil }
        // A section of only unscored (or bonus) criteria never enters the total, so it needs no weight.
        let unweighted = scorecard.sections.filter {
            $0.weight == nil && $0.criteria.contains { $0.scored && !$0.bonus }
        }
        switch scorecard.scoring {
        case .weighted:
            guard let first = unweighted.first, !weighted.isEmpty else { return [] }
            return [Finding(
                first.position, "some sections have weights and some do not: add weight=\"…\" to sections "
                    + "\(quoted(unweighted.map(\.id))) or remove it from \(quoted(weighted.map(\.id)))")]
        case .sectionOnly, .scaledPoints:
            guard let first = unweighted.first else { return [] }
            return [Finding(
                first.position, "scoring=\"\(scorecard.scoring.rawValue)\" weighs every section: add weight=\"…\" "
                    + "to sections \(quoted(unweighted.map(\.id)))")]
        case .points, .deduction, .questionOnly:
            let why = scorecard.scoring == .deduction ? "each criterion's weight is the points it deducts"
                : scorecard.scoring == .points ? "the total is earned points over possible points"
                : "only criterion weights count"
            return weighted.map {
                Finding(
                    $0.position, "section '\($0.id)' has a weight, but in scoring=\"\(scorecard.scoring.rawValue)\" "
                        + "\(why); remove weight=\"\(formatNumber($0.weight ?? 0))\"")
            }
        }
    }
}

/// Every section should hold a scored criterion, and the template as a whole must have one.
public enum ScoredSections: ScorecardCheck {
    public static let rule = "scored-sections"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="call-details">
            <title>Call details</title>
            <criterion id="call-type" category="empathy" scored="false"><prompt>Complaint?</prompt><yes-no/></criterion>
          </section>
          <section id="opening">
            <title>Opening</title>
            <criterion id="greeting" category="empathy"><prompt>Greeted?</prompt><yes-no/></criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        let scored = { (criterion: Criterion) in criterion.scored && !criterion.bonus }
        guard scorecard.criteria.contains(where: scored) else {
            return [Finding(
                sourceMap.root, "no criterion is scored, so every call would score nothing; make at least one "
                    + "criterion scored (remove scored=\"false\" or bonus=\"true\")")]
        }
        return scorecard.sections.filter { !$0.criteria.contains(where: scored) }.map {
            Finding(
                $0.position, "section '\($0.id)' has no scored criteria, so it never changes the score"
                    + ($0.weight != nil ? " and its weight is ignored" : "") + "; fine for call details, otherwise "
                    + "score at least one of its criteria", severity: .warning)
        }
    }
}

/// Flag combinations that cannot work: a bonus criterion must be scored.
public enum ScoringFlags: ScorecardCheck {
    public static let rule = "scoring-flags"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="opening">
            <title>Opening</title>
            <criterion id="greeting" category="empathy"><prompt>Greeted?</prompt><yes-no/></criterion>
            <criterion id="name-used" category="empathy" scored="false" bonus="true"><prompt>Name?</prompt><yes-no/></criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        scorecard.criteria.filter { $0.bonus && !$0.scored }.map {
            Finding(
                $0.position, "criterion '\($0.id)' is both a bonus and unscored, so the bonus can never count; "
                    + "remove bonus=\"true\" or scored=\"false\"")
        }
    }
}

/// Thresholds name a level below a score in 0–100, each level once.
public enum ThresholdLimits: ScorecardCheck {
    public static let rule = "thresholds"
    public static let triggeringExample = CheckExample.template(body: """
          <section id="opening">
            <title>Opening</title>
            <threshold below="150">Needs improvement</threshold>
            <criterion id="greeting" category="empathy"><prompt>Greeted?</prompt><yes-no/></criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        var findings: [Finding] = []
        func check(_ thresholds: [Threshold], owner: String, position: SourcePosition) {
            var seen = Set<Double>()
            for threshold in thresholds {
                if !(threshold.below > 0 && threshold.below <= 100) {
                    findings.append(Finding(
                        position, "\(owner): threshold '\(threshold.title)' is below=\"\(formatNumber(threshold.below))\";"
                            + " scores run from 0 to 100, so use a value above 0 and at most 100"))
                }
                if !seen.insert(threshold.below).inserted {
                    findings.append(Finding(
                        position, "\(owner): two thresholds use below=\"\(formatNumber(threshold.below))\"; keep one"))
                }
            }
        }
        for section in scorecard.sections {
            check(section.thresholds, owner: "section '\(section.id)'", position: section.position)
            for criterion in section.criteria {
                check(criterion.thresholds, owner: "criterion '\(criterion.id)'", position: criterion.position)
            }
        }
        return findings
    }
}
