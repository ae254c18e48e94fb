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

    static func text(_ r: DriftReport, markdown: Bool) -> String {
        let table = markdown ? ReportText.markdownTable : ReportText.table
        func heading(_ s: String) -> String { markdown ? "\n## \(s)\n\n" : "\n\(s)\n\n" }
        func v(_ s: String) -> String { ReportText.inline(s, markdown: markdown) }
        var out = markdown ? "# Drift\n\n" : ""
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

    /// The EWMA series of one assessor with its limits, the baseline periods shaded.
    static func chart(_ a: AssessorDrift) -> String {
        let points = a.points
        // The right margin leaves room for half of the last period label (labels are centred on their point).
        let width = 640.0, height = 220.0, left = 40.0, right = 40.0, top = 15.0, bottom = 40.0
        let values = points.flatMap { [$0.ewma, $0.ewmaLimit, $0.ewmaLimit.map { -$0 }].compactMap { $0 } }
        let span = max(values.map(abs).max() ?? 1, 1) * 1.15
        let stepX = points.count > 1 ? (width - left - right) / Double(points.count - 1) : 0
        func x(_ i: Int) -> Double { left + Double(i) * stepX }
        func y(_ v: Double) -> Double { top + (span - v) / (2 * span) * (height - top - bottom) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"EWMA chart for \(ReportText.escape(a.assessor))\">"
        svg += "<line x1=\"\(left)\" y1=\"\(ReportText.n(y(0)))\" x2=\"\(width - right)\" y2=\"\(ReportText.n(y(0)))\" stroke=\"#999\"/>"
        svg += "<text x=\"\(ReportText.n(left - 6))\" y=\"\(ReportText.n(y(0) + 3))\" font-size=\"10\" text-anchor=\"end\">0</text>"
        svg += "<text x=\"\(ReportText.n(left + 4))\" y=\"\(ReportText.n(top + 8))\" font-size=\"10\" fill=\"#555\">↑ more lenient</text>"
        svg += "<text x=\"\(ReportText.n(left + 4))\" y=\"\(ReportText.n(height - bottom))\" font-size=\"10\" fill=\"#555\">↓ more severe</text>"
        func path(_ pairs: [(Int, Double)], _ color: String, dashed: Bool) -> String {
            guard !pairs.isEmpty else { return "" }
            let d = pairs.enumerated().map { k, p in (k == 0 ? "M" : "L") + "\(ReportText.n(x(p.0))),\(ReportText.n(y(p.1)))" }.joined(separator: " ")
            return "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"5,4\"" : "")/>"
        }
        let upper = points.enumerated().compactMap { i, p in p.ewmaLimit.map { (i, $0) } }
        svg += path(upper, "#c00", dashed: true)
        svg += path(upper.map { ($0.0, -$0.1) }, "#c00", dashed: true)
        svg += path(points.enumerated().compactMap { i, p in p.ewma.map { (i, $0) } }, "#236", dashed: false)
        for (i, p) in points.enumerated() {
            if let v = p.ewma {
                let out = abs(v) > (p.ewmaLimit ?? .infinity)
                svg += "<circle cx=\"\(ReportText.n(x(i)))\" cy=\"\(ReportText.n(y(v)))\" r=\"3.5\" fill=\"\(out ? "#c00" : "#236")\"><title>\(ReportText.escape(p.period)): EWMA \(String(format: "%.2f", v))</title></circle>"
            }
            if i % max(1, points.count / 8) == 0 {
                svg += "<text x=\"\(ReportText.n(x(i)))\" y=\"\(ReportText.n(height - 15))\" font-size=\"10\" text-anchor=\"middle\">\(ReportText.escape(p.period))</text>"
            }
        }
        return svg + "</svg>\n"
    }

    static func html(_ r: DriftReport) -> String {
        var body = "<p>\(ReportText.escape(summary(r)))</p>\n<h2>Flags</h2>\n"
        body += r.flags.isEmpty ? "<p>No assessor has drifted.</p>\n" : "<ul>" + r.flags.map { "<li class=\"flag\"><strong>\(ReportText.escape($0.assessor))</strong> (\(ReportText.escape($0.direction)), \(ReportText.escape($0.period))): \(ReportText.escape($0.reason))</li>" }.joined() + "</ul>\n"
        for a in r.assessors {
            body += "<h2>\(ReportText.escape(a.assessor))</h2>\n<p>Baseline \(formatPoints(a.baselineMean)) points over \(a.baselineCalls) calls.</p>\n"
            if a.flag != nil {
                body += "<p class=\"note\">EWMA of the standardized deviation (solid) against its control limits (dashed); red points are outside the limits.</p>\n" + chart(a)
            }
            body += ReportText.htmlTable(header, rows(a))
        }
        body += "<h2>Rolling agreement</h2>\n" + ReportText.htmlTable(["criterion"] + r.periods.map(\.period), r.criterionAgreement.map { s in
            [s.criterion] + s.windows.map { $0.alpha.map(formatAlpha) ?? "—" }
        })
        if !r.notes.isEmpty { body += "<h2>Notes</h2><ul>" + r.notes.map { "<li>\(ReportText.escape($0))</li>" }.joined() + "</ul>\n" }
        return ReportText.page(title: "Drift", body: body)
    }
}
