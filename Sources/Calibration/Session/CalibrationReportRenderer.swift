/// Renders a `CalibrationReport` as a terminal table, JSON, Markdown or a self-contained HTML page (inline
/// CSS and an SVG chart of each assessor's mean deviation with the tolerance band and 95% interval).
public enum CalibrationReportRenderer {
    public static func render(_ report: CalibrationReport, as format: CalibrationOutputFormat) -> String {
        switch format {
        case .json: return ReportText.json(report)
        case .table: return text(report, markdown: false)
        case .markdown: return text(report, markdown: true)
        case .html: return html(report)
        }
    }

    /// The first line: the reference in plain words, how many assessors formed it, and the session's size.
    static func headline(_ r: CalibrationReport) -> String {
        let formed = r.referenceAssessorsFewest == r.referenceAssessorsMost
            ? "\(r.referenceAssessorsMost)" : "\(r.referenceAssessorsFewest) to \(r.referenceAssessorsMost)"
        let who = r.reference == "consensus"
            ? "; \(formed) assessor\(r.referenceAssessorsMost == 1 ? "" : "s") formed it on each call" : ""
        return "Reference: \(r.reference) — \(r.referenceMethod)\(who). \(r.calibrationCalls) calibration calls; "
            + "\(r.assessorCount) assessors; tolerance ±\(formatPoints(r.tolerance, signed: false)) points"
    }

    /// What was found, in plain words: who scores differently, which questions the room reads differently,
    /// and what to do next.
    static func plainSummary(_ r: CalibrationReport) -> [String] {
        var lines: [String] = []
        let byKind = Dictionary(grouping: r.flags, by: \.kind)
        for kind in [CalibrationFlag.Kind.missedCritical, .lenient, .severe, .inconsistent] {
            for f in byKind[kind] ?? [] {
                let what: String
                switch kind {
                case .missedCritical: what = "let through a critical fail others recorded"
                case .lenient: what = "scores higher than the reference"
                case .severe: what = "scores lower than the reference"
                default: what = "is right on average but far off call by call"
                }
                lines.append("\(f.subject) \(what): \(f.reason).")
            }
        }
        if lines.isEmpty { lines.append("No assessor scores differently from the reference beyond the tolerance of ±\(formatPoints(r.tolerance, signed: false)) points.") }
        let questions = r.flags.filter { $0.kind == .lowAgreement || $0.kind == .tentativeAgreement }.map(\.subject)
        if !questions.isEmpty {
            lines.append("Questions the assessors read differently (enough calls to be sure): \(questions.joined(separator: ", ")).")
        }
        var next: [String] = []
        if let first = r.agenda.first {
            next.append("go through the agenda below, starting with \(first.callID) (totals \(ReportText.n(first.range)) points apart)")
        }
        let coached = r.flags.filter { [.missedCritical, .lenient, .severe, .inconsistent].contains($0.kind) }.map(\.subject)
        if !coached.isEmpty { next.append("talk with \(Array(Set(coached)).sorted().joined(separator: ", ")) about the calls where they differ most") }
        if !questions.isEmpty { next.append("agree clearer guidance for \(questions.joined(separator: ", "))") }
        if !next.isEmpty { lines.append("Next: " + next.joined(separator: "; ") + ".") }
        return lines
    }

    static func assessorRows(_ r: CalibrationReport) -> [[String]] {
        r.assessors.map { a in
            [a.assessor, String(a.calls), ReportText.optional(a.meanDeviation) { formatPoints($0) },
             a.ci95Lower.flatMap { lo in a.ci95Upper.map { "\(formatPoints(lo)) to \(formatPoints($0))" } } ?? "—",
             ReportText.optional(a.meanAbsoluteDeviation) { formatPoints($0, signed: false) },
             "\(a.withinTolerance) of \(a.calls)", String(a.missedCriticals.count),
             a.mostDifferentCriteria.prefix(3).map { "\($0.criterion) (\($0.differentCalls)/\($0.comparedCalls))" }.joined(separator: ", "),
             a.flags.map(\.rawValue).joined(separator: ", ")]
        }
    }

    /// Calls of the agenda shown in the table, Markdown and HTML reports (a meeting discusses a dozen at most);
    /// the JSON report has them all.
    static let agendaCallsShown = 12

    static let assessorHeader = ["assessor", "calls", "mean dev", "95% CI", "mean abs dev", "within ±tol", "missed critical", "differs most on", "flags"]
    static let criterionHeader = ["criterion", "type", "calls", "alpha", "agreement", "matches reference", "differences"]
    static let callHeader = ["call", "date", "min", "max", "range", "SD", "questions split"]

    static func criterionRows(_ r: CalibrationReport) -> [[String]] {
        r.criteria.map { c in
            [c.criterion, "\(c.answerType) (\(c.level.rawValue))", String(c.calls), c.alpha.map(formatAlpha) ?? "undefined", c.agreement,
             c.exactAgreement.map { "\(formatPercent($0)) (\(c.agreedPairs)/\(c.comparedPairs))" } ?? "—",
             String(c.differences.count)]
        }
    }

    static func callRows(_ r: CalibrationReport) -> [[String]] {
        r.calls.map { c in
            [c.callID, c.callDate.description, ReportText.n(c.minimum), ReportText.n(c.maximum), ReportText.n(c.range),
             ReportText.optional(c.standardDeviation, ReportText.n), String(c.splitCriteria.count)]
        }
    }

    static func text(_ r: CalibrationReport, markdown: Bool) -> String {
        let table = markdown ? ReportText.markdownTable : ReportText.table
        func heading(_ s: String) -> String { markdown ? "\n## \(s)\n\n" : "\n\(s)\n\n" }
        func v(_ s: String) -> String { ReportText.inline(s, markdown: markdown) }
        var out = markdown ? "# Calibration\n\n" : ""
        out += v(headline(r)) + "\n"
        out += heading("What was found")
        out += plainSummary(r).map { (markdown ? "- " : "") + v($0) }.joined(separator: "\n") + "\n"
        out += heading("Flags")
        if r.flags.isEmpty { out += "No flags.\n" }
        for f in r.flags { out += (markdown ? "- **\(f.kind.rawValue)** \(v(f.subject)): " : "\(f.kind.rawValue)  \(v(f.subject)): ") + v(f.reason) + "\n" }
        out += heading("Assessors (deviation of the total from the reference; + lenient, − severe)")
        out += table(assessorHeader, assessorRows(r))
        out += heading("Criteria")
        out += table(criterionHeader, criterionRows(r))
        let explained = r.criteria.compactMap { c in c.alphaNote.map { "\(c.criterion): \($0)" } }
        if !explained.isEmpty {
            out += heading("Agreement explained, not flagged")
            for e in explained { out += (markdown ? "- " : "") + v(e) + "\n" }
        }
        out += heading("Agenda: the calls to discuss, most disagreement first")
        if r.agenda.isEmpty { out += "The assessors answered every question alike on every call.\n" }
        for (n, call) in r.agenda.prefix(agendaCallsShown).enumerated() {
            let head = "\(n + 1). \(call.callID) (\(call.callDate)): totals \(ReportText.n(call.lowestTotal)) to "
                + "\(ReportText.n(call.highestTotal)) (\(ReportText.n(call.range)) points apart); \(call.questions.count) "
                + "question\(call.questions.count == 1 ? "" : "s") answered differently"
            out += (markdown ? "\n### " : "\n") + v(head) + "\n"
            for q in call.questions {
                out += (markdown ? "\n- " : "   ") + v("\(q.question) (\(q.criterion)) — reference: \(q.referenceAnswer)") + "\n"
                for a in q.answers {
                    let comment = a.comment.map { " — “\($0)”" } ?? ""
                    out += (markdown ? "  - " : "      ") + v("\(a.assessor): \(a.answer)\(comment)") + "\n"
                }
            }
        }
        if r.agenda.count > agendaCallsShown {
            out += "\n" + v("\(r.agenda.count - agendaCallsShown) more calls with differing answers are in the JSON report (agenda); "
                + "choose one session with --from and --to.") + "\n"
        }
        out += heading("Calls")
        out += table(callHeader, callRows(r))
        if !r.notes.isEmpty {
            out += heading("Notes")
            for n in r.notes { out += (markdown ? "- " : "") + v(n) + "\n" }
        }
        return out
    }

    /// An SVG chart: one row per assessor, a dot at the mean deviation, whiskers for the 95% interval, the
    /// ±tolerance band shaded around zero.
    static func chart(_ r: CalibrationReport) -> String {
        let rows = r.assessors.filter { $0.meanDeviation != nil }
        let values = rows.flatMap { [$0.meanDeviation, $0.ci95Lower, $0.ci95Upper].compactMap { $0 } } + [r.tolerance, -r.tolerance]
        let span = max(values.map(abs).max() ?? 10, r.tolerance * 1.5, 1)
        let width = 640.0, left = 130.0, right = 20.0, rowHeight = 28.0
        let height = Double(rows.count) * rowHeight + 50
        func x(_ v: Double) -> Double { left + (v + span) / (2 * span) * (width - left - right) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"Mean deviation from the reference per assessor\">"
        svg += "<rect x=\"\(ReportText.n(x(-r.tolerance)))\" y=\"10\" width=\"\(ReportText.n(x(r.tolerance) - x(-r.tolerance)))\" height=\"\(ReportText.n(height - 40))\" fill=\"#e3f2e3\"/>"
        svg += "<line x1=\"\(ReportText.n(x(0)))\" y1=\"10\" x2=\"\(ReportText.n(x(0)))\" y2=\"\(ReportText.n(height - 30))\" stroke=\"#666\"/>"
        for (i, a) in rows.enumerated() {
            let y = 25 + Double(i) * rowHeight
            let color = a.flags.contains(.lenient) || a.flags.contains(.severe) ? "#c00" : "#236"
            svg += "<text x=\"5\" y=\"\(ReportText.n(y + 4))\" font-size=\"12\">\(ReportText.escape(a.assessor))</text>"
            if let lo = a.ci95Lower, let hi = a.ci95Upper {
                svg += "<line x1=\"\(ReportText.n(x(max(lo, -span))))\" y1=\"\(ReportText.n(y))\" x2=\"\(ReportText.n(x(min(hi, span))))\" y2=\"\(ReportText.n(y))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
            }
            if let m = a.meanDeviation {
                svg += "<circle cx=\"\(ReportText.n(x(m)))\" cy=\"\(ReportText.n(y))\" r=\"5\" fill=\"\(color)\"><title>\(ReportText.escape(a.assessor)): \(formatPoints(m)) points</title></circle>"
            }
        }
        let axisY = height - 15
        for v in [-span, -r.tolerance, 0, r.tolerance, span] {
            svg += "<text x=\"\(ReportText.n(x(v)))\" y=\"\(ReportText.n(axisY))\" font-size=\"11\" text-anchor=\"middle\">\(formatPoints(v))</text>"
        }
        return svg + "</svg>\n"
    }

    static func html(_ r: CalibrationReport) -> String {
        var body = "<section class=\"summary\"><h2>What was found</h2>\n" + plainSummary(r).map { "<p>\(ReportText.escape($0))</p>" }.joined(separator: "\n")
            + "\n<p class=\"note\">\(ReportText.escape(headline(r)))</p></section>\n"
        body += "<h2>Flags</h2>\n"
        body += r.flags.isEmpty ? "<p>No flags.</p>\n" : "<ul>" + r.flags.map { "<li class=\"flag\"><strong>\(ReportText.escape($0.kind.rawValue))</strong> \(ReportText.escape($0.subject)): \(ReportText.escape($0.reason))</li>" }.joined() + "</ul>\n"
        body += "<h2>Mean deviation from the reference</h2>\n<p class=\"note\">Dot: mean points above (+) or below (−) the reference; line: 95% confidence interval; green band: ±tolerance.</p>\n"
        body += chart(r)
        body += "<h2>Assessors</h2>\n" + ReportText.htmlTable(assessorHeader, assessorRows(r))
        body += "<h2>Criteria</h2>\n" + ReportText.htmlTable(criterionHeader, criterionRows(r))
        let explained = r.criteria.compactMap { c in c.alphaNote.map { "\(c.criterion): \($0)" } }
        if !explained.isEmpty {
            body += "<h2>Agreement explained, not flagged</h2><ul>" + explained.map { "<li>\(ReportText.escape($0))</li>" }.joined() + "</ul>\n"
        }
        body += "<section class=\"agenda\"><h2>Agenda: the calls to discuss, most disagreement first</h2>\n"
        if r.agenda.isEmpty { body += "<p>The assessors answered every question alike on every call.</p>\n" }
        for (n, call) in r.agenda.prefix(agendaCallsShown).enumerated() {
            body += "<div class=\"agenda-call\"><h3>\(n + 1). \(ReportText.escape(call.callID)) (\(call.callDate))</h3>\n"
                + "<p>Totals \(ReportText.n(call.lowestTotal)) to \(ReportText.n(call.highestTotal)) (\(ReportText.n(call.range)) points apart); "
                + "\(call.questions.count) question\(call.questions.count == 1 ? "" : "s") answered differently.</p>\n"
            let assessors = call.questions.first?.answers.map(\.assessor) ?? []
            body += "<table class=\"agenda-table\"><tr><th>question</th><th>reference</th>"
                + assessors.map { "<th>\(ReportText.escape($0))</th>" }.joined() + "</tr>\n"
            for q in call.questions {
                body += "<tr><td>\(ReportText.escape(q.question))<br><span class=\"note\">\(ReportText.escape(q.criterion))</span></td>"
                    + "<td>\(ReportText.escape(q.referenceAnswer))</td>"
                for a in q.answers {
                    body += "<td>\(ReportText.escape(a.answer))" + (a.comment.map { "<br><span class=\"note\">“\(ReportText.escape($0))”</span>" } ?? "") + "</td>"
                }
                body += "</tr>\n"
            }
            body += "</table></div>\n"
        }
        if r.agenda.count > agendaCallsShown {
            body += "<p class=\"note\">\(r.agenda.count - agendaCallsShown) more calls with differing answers are in the JSON report (agenda); "
                + "choose one session with --from and --to.</p>\n"
        }
        body += "</section>\n<h2>Calls</h2>\n" + ReportText.htmlTable(callHeader, callRows(r))
        if !r.notes.isEmpty { body += "<h2>Notes</h2><ul>" + r.notes.map { "<li>\(ReportText.escape($0))</li>" }.joined() + "</ul>\n" }
        return ReportText.page(title: "Calibration", body: body)
    }
}
