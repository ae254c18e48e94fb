/// Per unit, how many ratings fell into each category: the compact form every statistic starts from.
///
/// Stored as one flat list of (category, count) runs per unit, for units with at least one rating; a unit's runs
/// are in the order its categories first appear in its row. Memory is at most two integers per rating, whatever
/// the number of categories. Built by `RatingsCountsBuilder`.
struct UnitCategoryCounts: Sendable {
    /// Table row of each stored unit.
    var tableUnit: [Int] = []
    /// Number of ratings of each stored unit.
    var ratings: [Int] = []
    /// Runs of stored unit `i` are `start[i] ..< start[i + 1]`.
    var start: [Int] = [0]
    var category: [Int32] = []
    var count: [Int32] = []
    var categoryCount: Int

    init(categoryCount: Int) { self.categoryCount = categoryCount }

    init(_ table: RatingsTable) {
        self = RatingsCounts(table: table, gather: .init(raters: false, icc: false)).units
    }

    var unitCount: Int { tableUnit.count }
}
