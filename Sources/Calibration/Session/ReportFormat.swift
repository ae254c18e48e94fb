import Foundation
import JSON
import TextEscaping

/// The output formats of `qa calibrate` and `qa drift`.
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
        body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:72em}
        table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
        th{background:#f3f3f3}.flag{color:#a00}.note{color:#555}svg{background:#fafafa;border:1px solid #ddd}
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
