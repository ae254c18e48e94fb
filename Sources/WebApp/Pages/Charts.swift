/// Charts drawn by the server as SVG (no script, no file from elsewhere). Every chart has a text title for
/// screen readers, and its numbers are also in a table on the same page.
enum Charts {
    /// A line of values over labelled points (nil values leave a gap), on a 0–100 scale.
    static func line(_ points: [(label: String, value: Double?)], title: String, width: Int = 640, height: Int = 220) -> String {
        bars(points, title: title, width: width, height: height, asLine: true)
    }

    /// Bars of values (0–100) over labelled points.
    static func bars(_ points: [(label: String, value: Double?)], title: String, width: Int = 640, height: Int = 220,
                     asLine: Bool = false) -> String {
        let left = 40.0, right = 10.0, top = 10.0, bottom = 40.0
        let plotW = Double(width) - left - right, plotH = Double(height) - top - bottom
        let n = max(points.count, 1)
        let step = plotW / Double(n)
        func x(_ i: Int) -> Double { left + step * (Double(i) + 0.5) }
        func y(_ v: Double) -> Double { top + plotH * (1 - min(max(v, 0), 100) / 100) }
        var svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" "
            + "preserveAspectRatio=\"xMidYMid meet\"><title>\(Show.escape(title))</title>"
        for tick in stride(from: 0, through: 100, by: 25) {
            let ty = y(Double(tick))
            svg += "<line class=\"grid\" x1=\"\(left)\" y1=\"\(ty)\" x2=\"\(Double(width) - right)\" y2=\"\(ty)\"/>"
            svg += "<text class=\"axis\" x=\"\(left - 6)\" y=\"\(ty + 4)\" text-anchor=\"end\">\(tick)</text>"
        }
        for (i, point) in points.enumerated() where i % max(1, n / 7) == 0 {
            svg += "<text class=\"axis\" x=\"\(x(i))\" y=\"\(Double(height) - bottom + 16)\" text-anchor=\"middle\">"
                + "\(Show.escape(point.label))</text>"
        }
        if asLine {
            var path = ""
            var pen = false
            for (i, point) in points.enumerated() {
                guard let v = point.value else { pen = false; continue }
                path += (pen ? " L" : " M") + " \(x(i)) \(y(v))"
                pen = true
            }
            svg += "<path class=\"series\" d=\"\(path)\" fill=\"none\"/>"
            for (i, point) in points.enumerated() {
                if let v = point.value { svg += "<circle class=\"dot\" cx=\"\(x(i))\" cy=\"\(y(v))\" r=\"3.5\"/>" }
            }
        } else {
            for (i, point) in points.enumerated() {
                guard let v = point.value else { continue }
                let barW = step * 0.7
                svg += "<rect class=\"bar\" x=\"\(x(i) - barW / 2)\" y=\"\(y(v))\" width=\"\(barW)\" height=\"\(y(0) - y(v))\"/>"
            }
        }
        return svg + "</svg>"
    }
}
