import Foundation
import JSON
import TextEscaping

/// The output formats of `qa calibrate` and `qa drift`.
/// The calibration and drift reports' style sheet, for a page that links it rather than inlining it (the workbench
/// allows no inline style).
public enum CalibrationReportStyle {
    public static var stylesheet: String { ReportText.css }
    /// The `<style>` element the HTML reports carry, exactly as written.
    public static var inlineElement: String { "<style>\(ReportText.css)</style>" }
}

public enum CalibrationOutputFormat: String, Hashable, Sendable, CaseIterable {
    case table, json, markdown, html
}

/// Small text helpers shared by the calibration and drift renderers.
enum ReportText {
    /// The report as pretty JSON with sorted keys; an undefined figure (infinity, NaN) is written as the string
    /// `"inf"`, `"-inf"` or `"nan"`, as `docs/calibration.md` describes.
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONValueEncoder(sortedKeys: true, nonFiniteNumbers: .strings)
        // With non-finite numbers turned into strings the writer has nothing to refuse; the report types
        // encode only numbers, strings, lists and objects.
        guard let text = try? encoder.text(value, style: .pretty) else { return "{}\n" }
        return text + "\n"
    }

    static func escape(_ text: String) -> String { Escaping.html(text) }

    /// Markdown table cell: markup, pipes and controls escaped, newlines flattened (`Escaping.markdown`).
    static func cell(_ text: String) -> String { Escaping.markdown(text) }

    /// Text from the input in a Markdown line, or in a terminal line (controls replaced).
    static func inline(_ text: String, markdown: Bool) -> String {
        markdown ? Escaping.markdown(text) : Escaping.terminal(text)
    }

    /// A fixed-width text table.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let header = header.map { Escaping.terminal($0) }
        let rows = rows.map { $0.map { Escaping.terminal($0) } }
        var widths = header.map(\.count)
        for row in rows { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line))
            .joined(separator: "\n") + "\n"
    }

    static func markdownTable(_ header: [String], _ rows: [[String]]) -> String {
        var out = "| " + header.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in " --- |" }.joined() + "\n"
        for row in rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        return out
    }

    static func optional(_ value: Double?, _ format: (Double) -> String) -> String {
        value.map(format) ?? "—"
    }

    static let css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;padding:0 1.5em;color:#222;max-width:60em;line-height:1.45}
        h1{font-size:1.7em;border-bottom:3px solid #236;padding-bottom:.2em}h2{font-size:1.3em;color:#236;margin-top:1.6em}
        h3{font-size:1.05em;margin:1.2em 0 .3em}p{margin:.4em 0}
        table{border-collapse:collapse;margin:.6em 0 1em;font-size:.9em}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
        th{background:#eef3f8}tr:nth-child(even) td{background:#fafbfc}.flag{color:#a00}.note{color:#555;font-size:.9em}
        .summary{background:#f6f8fa;border-left:4px solid #236;padding:.6em 1em}
        .agenda-call{border-top:1px solid #ddd;padding-top:.4em}.agenda-table td{min-width:5em}.agenda-table .note{font-size:.85em}
        svg{max-width:100%;height:auto;background:#fff;border:1px solid #ddd}details summary{cursor:pointer;color:#236}
        @page{size:A4;margin:15mm}
        @media print{body{margin:0;padding:0;max-width:none;font-size:10.5pt}details{display:block}details>summary{display:none}
        section.assessor,section.agenda{break-before:page}h2,h3{break-after:avoid}
        tr,svg,.agenda-call{break-inside:avoid}a{color:inherit}}
        """

    static func page(title: String, body: String) -> String {
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(escape(title))</title>"
            + "<style>\(css)</style></head><body>\n<h1>\(escape(title))</h1>\n\(body)</body></html>\n"
    }

    static func htmlTable(_ header: [String], _ rows: [[String]]) -> String {
        var out = "<table><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows { out += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        return out + "</table>\n"
    }

    static func n(_ v: Double) -> String { String(format: "%.1f", v) }
}
