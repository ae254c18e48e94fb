/// The small statistics coaching plans use: means, a least-squares slope, a quantile.
enum Statistics {
    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Least-squares slope of y against x; `nil` when x does not vary.
    static func slope(_ points: [(x: Double, y: Double)]) -> Double? {
        guard points.count >= 2 else { return nil }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.x } / n
        let meanY = points.reduce(0) { $0 + $1.y } / n
        var sxy = 0.0, sxx = 0.0
        for p in points {
            sxy += (p.x - meanX) * (p.y - meanY)
            sxx += (p.x - meanX) * (p.x - meanX)
        }
        return sxx > 0 ? sxy / sxx : nil
    }

    /// The q-quantile by linear interpolation between order statistics (Hyndman & Fan type 7, as in
    /// spreadsheets' PERCENTILE.INC and NumPy's default); `nil` for no values.
    static func quantile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let h = Double(sorted.count - 1) * q
        let lower = Int(h.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
    }

    /// The widest 95% margin of error of a proportion measured on n observations (at p = 0.5), 0–1:
    /// 1.96 × √(0.25 / n) = 0.98 / √n.
    static func worstCaseMargin(_ n: Int) -> Double {
        n > 0 ? 0.98 / Double(n).squareRoot() : 1
    }
}
