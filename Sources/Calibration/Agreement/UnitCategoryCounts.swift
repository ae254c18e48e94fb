/// Per unit, how many ratings fell into each category: the compact form every statistic starts from.
///
/// Stored as one flat list of (category, count) runs per unit, for units with at least one rating.
/// Memory is at most two integers per rating, whatever the number of categories.
struct UnitCategoryCounts: Sendable {
    /// Table row of each stored unit.
    var tableUnit: [Int] = []
    /// Number of ratings of each stored unit.
    var ratings: [Int] = []
    /// Runs of stored unit `i` are `start[i] ..< start[i + 1]`.
    var start: [Int] = [0]
    var category: [Int32] = []
    var count: [Int32] = []
    let categoryCount: Int

    init(_ table: RatingsTable) {
        categoryCount = table.categories.count
        let raters = table.raterCount
        var scratch = [Int32](repeating: 0, count: categoryCount)
        var touched: [Int32] = []
        touched.reserveCapacity(raters)
        table.codes.withUnsafeBufferPointer { codes in
            for u in 0..<table.unitCount {
                var m = 0
                for r in 0..<raters {
                    let c = codes[u * raters + r]
                    guard c >= 0 else { continue }
                    if scratch[Int(c)] == 0 { touched.append(c) }
                    scratch[Int(c)] += 1
                    m += 1
                }
                guard m > 0 else { continue }
                tableUnit.append(u)
                ratings.append(m)
                for c in touched {
                    category.append(c)
                    count.append(scratch[Int(c)])
                    scratch[Int(c)] = 0
                }
                touched.removeAll(keepingCapacity: true)
                start.append(category.count)
            }
        }
    }

    var unitCount: Int { tableUnit.count }
}
