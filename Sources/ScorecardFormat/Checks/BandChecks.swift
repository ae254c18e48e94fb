import QAModel

/// Each band lies inside 0–100 and has min below max.
public enum BandLimits: ScorecardCheck {
    public static let rule = "band-limits"
    public static let triggeringExample = CheckExample.template(
        bands: #"<bands><band id="pass" min="80" max="110">Pass</band><band id="fail" min="0" max="80">Fail</band></bands>"#,
        body: """
          <section id="opening">
            <title>Opening</title>
            <criterion id="greeting" category="empathy"><prompt>Greeted?</prompt><yes-no/></criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        scorecard.bands.compactMap { band in
            if band.min < 0 || band.max > 100 {
                return Finding(
                    band.position, "band '\(band.id)' runs \(formatNumber(band.min))–\(formatNumber(band.max)); "
                        + "scores run from 0 to 100, so keep min and max inside 0–100")
            }
            if band.min >= band.max {
                return Finding(
                    band.position, "band '\(band.id)': min (\(formatNumber(band.min))) must be below max "
                        + "(\(formatNumber(band.max)))")
            }
            return nil
        }
    }
}

/// Bands are listed highest first, as reports show them.
public enum BandOrder: ScorecardCheck {
    public static let rule = "band-order"
    public static let triggeringExample = CheckExample.template(
        bands: #"<bands><band id="fail" min="0" max="80">Fail</band><band id="pass" min="80" max="100">Pass</band></bands>"#,
        body: """
          <section id="opening">
            <title>Opening</title>
            <criterion id="greeting" category="empathy"><prompt>Greeted?</prompt><yes-no/></criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        zip(scorecard.bands, scorecard.bands.dropFirst()).compactMap { upper, lower in
            guard lower.min > upper.min else { return nil }
            return Finding(
                lower.position, "list bands highest first: move band '\(lower.id)' (from \(formatNumber(lower.min))) "
                    + "above band '\(upper.id)' (from \(formatNumber(upper.min)))")
        }
    }
}

/// Bands cover 0–100 without gaps or overlaps, so every total lands in exactly one band.
public enum BandCoverage: ScorecardCheck {
    public static let rule = "band-coverage"
    public static let triggeringExample = CheckExample.template(
        bands: #"<bands><band id="pass" min="85" max="100">Pass</band><band id="fail" min="0" max="80">Fail</band></bands>"#,
        body: """
          <section id="opening">
            <title>Opening</title>
            <criterion id="greeting" category="empathy"><prompt>Greeted?</prompt><yes-no/></criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        let bands = scorecard.bands.filter { $0.min < $0.max }.sorted { $0.min > $1.min }
        guard let top = bands.first, let bottom = bands.last else { return [] }
        var findings: [Finding] = []
        if top.max < 100 {
            findings.append(Finding(
                top.position, "scores above \(formatNumber(top.max)) fall in no band; set max=\"100\" on band "
                    + "'\(top.id)' or add a band above it"))
        }
        for (upper, lower) in zip(bands, bands.dropFirst()) {
            if upper.min > lower.max {
                findings.append(Finding(
                    lower.position, "scores from \(formatNumber(lower.max)) to \(formatNumber(upper.min)) fall in no "
                        + "band; set max=\"\(formatNumber(upper.min))\" on band '\(lower.id)' or add a band for them"))
            } else if upper.min < lower.max {
                findings.append(Finding(
                    lower.position, "bands '\(upper.id)' and '\(lower.id)' overlap from \(formatNumber(upper.min)) to "
                        + "\(formatNumber(lower.max)); set max=\"\(formatNumber(upper.min))\" on band '\(lower.id)'"))
            }
        }
        if bottom.min > 0 {
            findings.append(Finding(
                bottom.position, "scores below \(formatNumber(bottom.min)) fall in no band; set min=\"0\" on band "
                    + "'\(bottom.id)' or add a band below it"))
        }
        return findings
    }
}

/// The pass mark is a total between 0 and 100.
public enum PassMark: ScorecardCheck {
    public static let rule = "pass-mark"
    public static let triggeringExample = CheckExample.template(passMark: "<pass-mark>800</pass-mark>", body: """
          <section id="opening">
            <title>Opening</title>
            <criterion id="greeting" category="empathy"><prompt>Greeted?</prompt><yes-no/></criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        guard scorecard.passMark < 0 || scorecard.passMark > 100 else { return [] }
        return [Finding(
            sourceMap.passMark, "the pass mark is \(formatNumber(scorecard.passMark)); totals run from 0 to 100, so set "
                + "<pass-mark> to a value in 0–100")]
    }
}

/// A deduction form starts above zero; `deduction-start` means nothing in other scoring modes.
public enum DeductionStart: ScorecardCheck {
    public static let rule = "deduction-start"
    public static let triggeringExample = CheckExample.template(
        scoring: "deduction", passMark: "<pass-mark>80</pass-mark><deduction-start>0</deduction-start>", body: """
          <section id="opening">
            <title>Opening</title>
            <criterion id="greeting" category="empathy" weight="5"><prompt>Greeted?</prompt><yes-no/></criterion>
          </section>
        """)

    public static func findings(in scorecard: Scorecard, sourceMap: SourceMap) -> [Finding] {
        let anchor = sourceMap.deductionStart ?? sourceMap.root
        if scorecard.scoring == .deduction, !(scorecard.deductionStart > 0) {
            return [Finding(
                anchor, "<deduction-start> is \(formatNumber(scorecard.deductionStart)); a deduction form starts "
                    + "above 0 (usually 100)")]
        }
        if scorecard.scoring != .deduction, scorecard.deductionStart != 100 {
            return [Finding(
                anchor, "<deduction-start> only applies to scoring=\"deduction\"; remove it or change the scoring",
                severity: .warning)]
        }
        return []
    }
}
