/// Renders a `DriftReport` as a terminal table, JSON, Markdown or a self-contained HTML page with an SVG
/// chart (EWMA and its limits) for each flagged assessor.
public enum DriftReportRenderer {
    public static func render(_ report: DriftReport, as format: CalibrationOutputFormat) -> String {
        switch format {
        case .json: return ReportText.json(report)
        case .table: return text(report, markdown: false)
        case .markdown: return text(report, markdown: true)
        case .html: return html(report)
        }
    }

    static let header = ["period", "calls", "mean dev", "expected", "z", "EWMA", "limit", "CUSUM+", "CUSUM−"]

    static func rows(_ a: AssessorDrift) -> [[String]] {
        a.points.map { p in
            [p.period + (p.inBaseline ? " (baseline)" : ""), String(p.calls), formatPoints(p.meanDeviation),
             p.inBaseline ? "" : formatPoints(p.expectedDeviation), String(format: "%.2f", p.standardized), ReportText.optional(p.ewma) { String(format: "%.2f", $0) },
             ReportText.optional(p.ewmaLimit) { String(format: "±%.2f", $0) },
             ReportText.optional(p.cusumUpper) { String(format: "%.2f", $0) },
             ReportText.optional(p.cusumLower) { String(format: "%.2f", $0) }]
        }
    }

    static func summary(_ r: DriftReport) -> String {
        let o = r.options
        return "Reference: \(o.reference); period: \(o.period.rawValue); EWMA λ = \(o.lambda), L = \(o.L); CUSUM k = \(o.k), h = \(o.h); "
            + "flag when \(o.signal == .both ? "both charts cross" : "either chart crosses"); baseline: first \(o.baselinePeriods) periods; σ = \(String(format: "%.2f", r.sigma)) points (\(r.sigmaSource))"
    }

    /// What was found, in plain words: who moved, which way, since when, how sure, and what to do next.
    static func plainSummary(_ r: DriftReport) -> [String] {
        let reference = r.options.reference == "consensus" ? "the consensus of the other assessors" : r.options.reference
        let comparisons = r.periods.reduce(0) { $0 + $1.comparisons }
        var lines = ["Each assessor's total was compared with \(reference) on the calls they both scored (\(comparisons) "
            + "comparisons over \(r.periods.count) \(r.options.period == .week ? "weeks" : "sessions")), and each assessor "
            + "with their own first \(r.options.baselinePeriods) periods: drift is a change from how they scored at the start."]
        if r.flags.isEmpty {
            lines.append("No assessor's scoring has moved away from how they scored at the start (\(r.assessors.count) assessors checked).")
        }
        for f in r.flags {
            let moved = f.direction == "lenient" ? "higher (more leniently)" : "lower (more severely)"
            lines.append("\(f.assessor) has been scoring \(moved) than at their start since \(f.period). How sure: both charts "
                + "crossed their limits, which a steady assessor does in about 1 of 100 series like these. Next: go through "
                + "\(f.assessor)'s calls since \(f.period) in the next calibration session, question by question (qa calibrate "
                + "--from the start of \(f.period)).")
        }
        return lines
    }

    static func text(_ r: DriftReport, markdown: Bool) -> String {
        let table = markdown ? ReportText.markdownTable : ReportText.table
        func heading(_ s: String) -> String { markdown ? "\n## \(s)\n\n" : "\n\(s)\n\n" }
        func v(_ s: String) -> String { ReportText.inline(s, markdown: markdown) }
        var out = markdown ? "# Drift\n\n" : ""
        out += plainSummary(r).map { v($0) }.joined(separator: "\n") + "\n"
        out += heading("Settings")
        out += v(summary(r)) + "\n"
        out += heading("Flags")
        if r.flags.isEmpty { out += "No assessor has drifted.\n" }
        for f in r.flags { out += (markdown ? "- **\(v(f.assessor))** (\(v(f.direction)), \(v(f.period))): " : "\(v(f.assessor))  \(v(f.direction))  \(v(f.period)): ") + v(f.reason) + "\n" }
        for a in r.assessors {
            out += heading("\(v(a.assessor)): baseline \(formatPoints(a.baselineMean)) over \(a.baselineCalls) calls")
            out += table(header, rows(a))
        }
        out += heading("Rolling agreement (Krippendorff's alpha over the last \(r.options.agreementWindow) periods)")
        let periods = r.periods.map(\.period)
        out += table(["criterion"] + periods, r.criterionAgreement.map { s in
            [s.criterion] + s.windows.map { $0.alpha.map(formatAlpha) ?? "—" }
        })
        if !r.notes.isEmpty {
            out += heading("Notes")
            for n in r.notes { out += (markdown ? "- " : "") + v(n) + "\n" }
        }
        return out
    }

    /// One assessor's points against the reference period by period (dots and solid line), what their
    /// baseline expects for those calls (dashed), the baseline periods shaded and the flagged period marked.
    static func chart(_ a: AssessorDrift) -> String {
        let points = a.points
        let width = 680.0, height = 240.0, left = 56.0, right = 40.0, top = 24.0, bottom = 44.0
        let values: [Double] = points.flatMap { [$0.meanDeviation, $0.expectedDeviation] } + [0]
        let span = max(values.map(abs).max() ?? 5, 5) * 1.15
        let stepX = points.count > 1 ? (width - left - right) / Double(points.count - 1) : 0
        func x(_ i: Int) -> Double { left + Double(i) * stepX }
        func y(_ v: Double) -> Double { top + (span - v) / (2 * span) * (height - top - bottom) }
        let label = "Points above or below the reference per period for \(a.assessor)"
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(ReportText.escape(label))\">"
        let baselineCount = points.filter(\.inBaseline).count
        if baselineCount > 0 {
            let x1 = baselineCount == points.count ? width - right : (x(baselineCount - 1) + x(baselineCount)) / 2
            svg += "<rect x=\"\(ReportText.n(left - 8))\" y=\"\(ReportText.n(top))\" width=\"\(ReportText.n(x1 - left + 8))\" height=\"\(ReportText.n(height - top - bottom))\" fill=\"#eef3f8\"/>"
            svg += "<text x=\"\(ReportText.n(left))\" y=\"\(ReportText.n(top - 8))\" font-size=\"12\" fill=\"#456\">their start (baseline)</text>"
        }
        for v in [-span / 1.15, 0, span / 1.15] {
            let rounded = (v * 10).rounded() / 10
            svg += "<line x1=\"\(left)\" y1=\"\(ReportText.n(y(rounded)))\" x2=\"\(width - right)\" y2=\"\(ReportText.n(y(rounded)))\" stroke=\"\(rounded == 0 ? "#888" : "#ddd")\"/>"
            svg += "<text x=\"\(ReportText.n(left - 6))\" y=\"\(ReportText.n(y(rounded) + 4))\" font-size=\"12\" text-anchor=\"end\">\(formatPoints(rounded))</text>"
        }
        if let flag = a.flag, let i = points.firstIndex(where: { $0.period == flag.period }) {
            svg += "<line x1=\"\(ReportText.n(x(i)))\" y1=\"\(ReportText.n(top))\" x2=\"\(ReportText.n(x(i)))\" y2=\"\(ReportText.n(height - bottom))\" stroke=\"#c00\" stroke-dasharray=\"3,3\"/>"
            svg += "<text x=\"\(ReportText.n(x(i) - 4))\" y=\"\(ReportText.n(top - 8))\" font-size=\"12\" fill=\"#c00\" text-anchor=\"end\">flagged \(ReportText.escape(flag.period))</text>"
        }
        func path(_ pairs: [(Int, Double)], _ color: String, dashed: Bool) -> String {
            guard !pairs.isEmpty else { return "" }
            let d = pairs.enumerated().map { k, p in (k == 0 ? "M" : "L") + "\(ReportText.n(x(p.0))),\(ReportText.n(y(p.1)))" }.joined(separator: " ")
            return "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"6,4\"" : "")/>"
        }
        svg += path(points.enumerated().map { ($0.offset, $0.element.expectedDeviation) }, "#999", dashed: true)
        svg += path(points.enumerated().map { ($0.offset, $0.element.meanDeviation) }, "#236", dashed: false)
        for (i, p) in points.enumerated() {
            let flagged = a.flag.map { f in points.firstIndex { $0.period == f.period }.map { i >= $0 } ?? false } ?? false
            svg += "<circle cx=\"\(ReportText.n(x(i)))\" cy=\"\(ReportText.n(y(p.meanDeviation)))\" r=\"4\" fill=\"\(flagged ? "#c00" : "#236")\"><title>\(ReportText.escape(p.period)): \(formatPoints(p.meanDeviation)) points over \(p.calls) calls</title></circle>"
            if i % max(1, (points.count + 7) / 8) == 0 {
                svg += "<text x=\"\(ReportText.n(x(i)))\" y=\"\(ReportText.n(height - bottom + 18))\" font-size=\"12\" text-anchor=\"middle\">\(ReportText.escape(p.period))</text>"
            }
        }
        svg += "<text x=\"\(ReportText.n(left))\" y=\"\(ReportText.n(height - 6))\" font-size=\"12\" fill=\"#555\">solid: their points against the reference; dashed: what their start expects for those calls</text>"
        return svg + "</svg>\n"
    }

    static func html(_ r: DriftReport) -> String {
        var body = "<section class=\"summary\"><h2>What was found</h2>\n" + plainSummary(r).map { "<p>\(ReportText.escape($0))</p>" }.joined(separator: "\n") + "\n"
        body += r.flags.isEmpty ? "" : "<ul>" + r.flags.map { "<li class=\"flag\"><strong>\(ReportText.escape($0.assessor))</strong> (\(ReportText.escape($0.direction)), \(ReportText.escape($0.period))): \(ReportText.escape($0.reason))</li>" }.joined() + "</ul>\n"
        body += "</section>\n"
        // Flagged assessors first, each on its own page when printed.
        let ordered = r.assessors.filter { $0.flag != nil } + r.assessors.filter { $0.flag == nil }
        for a in ordered {
            body += "<section class=\"assessor\"><h2>\(ReportText.escape(a.assessor))\(a.flag.map { " — flagged \($0.direction) from \($0.period)" } ?? "")</h2>\n"
            body += "<p>At their start: \(formatPoints(a.baselineMean)) points against the reference on average over \(a.baselineCalls) calls.</p>\n"
            body += chart(a)
            body += "<details><summary>Figures per period</summary>" + ReportText.htmlTable(header, rows(a)) + "</details></section>\n"
        }
        body += "<section><h2>Rolling agreement</h2>\n<p class=\"note\">Krippendorff's alpha per question over the last \(r.options.agreementWindow) periods (1 = full agreement; below 0.667 too low to rely on).</p>\n"
            + ReportText.htmlTable(["criterion"] + r.periods.map(\.period), r.criterionAgreement.map { s in
                [s.criterion] + s.windows.map { $0.alpha.map(formatAlpha) ?? "—" }
            }) + "</section>\n"
        body += "<section><h2>Settings</h2><p class=\"note\">\(ReportText.escape(summary(r)))</p>\n"
        if !r.notes.isEmpty { body += "<h3>Notes</h3><ul>" + r.notes.map { "<li>\(ReportText.escape($0))</li>" }.joined() + "</ul>\n" }
        body += "</section>\n"
        return ReportText.page(title: "Drift", body: body)
    }
}
