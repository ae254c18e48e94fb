/// What every agreement statistic needs from a ratings table, gathered in one pass over its rows: per unit, how
/// many ratings fell into each category; per rater, how their ratings pair with the other raters' on the same
/// units; and, for the intraclass correlations, the sums of the two-way analysis of variance.
///
/// Built either from a `RatingsTable` (every cell held) or straight from CSV bytes by `RatingsScanner`
/// (nothing per cell held). Both go through the same row accumulator, so both give the same figures, bit for bit.
/// Memory is linear in the number of ratings: at most two integers per rating, usually far fewer.
public struct RatingsCounts: Sendable {
    public let raterNames: [String]
    /// Units (rows) in the table, including units nobody rated.
    public let unitCount: Int
    /// The distinct rated values in ascending order (category numbers for labels).
    public let categories: [Double]
    /// For label data, the label of each category; nil for numbers.
    public let labels: [String]?
    let units: UnitCategoryCounts
    /// Pieces of each rater's agreement with the others; nil when not gathered.
    let raterParts: RaterParts?
    /// The sums behind the intraclass correlations; nil when not gathered.
    let iccSums: ICCSums?

    public var raterCount: Int { raterNames.count }

    /// What to gather besides the per-unit counts (which every statistic needs).
    public struct Gather: Hashable, Sendable {
        /// Each rater against the others (`RaterAgreement`).
        public var raters: Bool
        /// The intraclass correlations' sums (numeric ratings only).
        public var icc: Bool
        public init(raters: Bool, icc: Bool) { self.raters = raters; self.icc = icc }
        public static let everything = Gather(raters: true, icc: true)
    }

    /// The counts of a table held in memory.
    public init(table: RatingsTable, gather: Gather = .everything) {
        var builder = RatingsCountsBuilder(raterCount: table.raterCount, gather: gather)
        let raters = table.raterCount
        let values = table.labels == nil ? table.categories : []
        table.codes.withUnsafeBufferPointer { codes in
            guard let base = codes.baseAddress else {
                for _ in 0..<table.unitCount { builder.addEmptyRow() }
                return
            }
            for u in 0..<table.unitCount {
                builder.addRow(base + u * raters, values: values)
            }
        }
        self = builder.finish(raterNames: table.raterNames, categories: table.categories, labels: table.labels,
                              rank: nil)
    }

    init(raterNames: [String], unitCount: Int, categories: [Double], labels: [String]?, units: UnitCategoryCounts,
         raterParts: RaterParts?, iccSums: ICCSums?) {
        self.raterNames = raterNames
        self.unitCount = unitCount
        self.categories = categories
        self.labels = labels
        self.units = units
        self.raterParts = raterParts
        self.iccSums = iccSums
    }
}

/// Per rater r, the table of pairs (r's rating, another rater's rating of the same unit) over units with two or
/// more ratings, kept as its margins and diagonal (all a kappa needs). Integers, so exact in any order.
/// Per-category figures are `[rater * categories + category]`.
struct RaterParts: Sendable {
    /// Σ (m_u − 1): pairs.
    var pairs: [Int]
    /// Σ (n_u,c(r) − 1): agreeing pairs.
    var agreeing: [Int]
    /// r's side: Σ over units where r gave c of (m_u − 1).
    var own: [Int]
    /// Ratings in c on units r did not rate.
    var missed: [Int]
    /// r's own ratings in c.
    var given: [Int]
    /// Over all units with two or more ratings: ratings in c.
    var total: [Int]
    let categories: Int

    /// Ratings in c by the others on units r rated: the other side of r's pairs.
    func others(_ r: Int, _ c: Int) -> Int { total[c] - missed[r * categories + c] - given[r * categories + c] }
}

/// The sums of a two-way analysis of variance over the units every rater scored, gathered unit by unit (a
/// running mean of unit means, so no second pass and no cancellation).
struct ICCSums: Sendable {
    var units = 0
    /// Running mean of the unit means and Σ (unit mean − running mean)² (Welford).
    var meanOfMeans = 0.0
    var spreadOfMeans = 0.0
    /// Σ over units of Σ (x − unit mean)².
    var within = 0.0
    /// Per rater, the sum of their scores.
    var columnSums: [Double]
}

/// The one row accumulator behind `RatingsCounts`: both the table path and the byte scanner feed it rows of
/// category codes (for the scanner, codes in first-seen order, renumbered by `finish`).
struct RatingsCountsBuilder {
    let raterCount: Int
    let gather: RatingsCounts.Gather
    private(set) var rows = 0
    var units = UnitCategoryCounts(categoryCount: 0)
    /// Room for category codes below this.
    private var stride = 0
    private var scratch: [Int32] = []
    private var touched: [Int32] = []
    // Each rater against the others (RaterParts), per-category arrays with `stride` columns.
    private var pairs: [Int] = []
    private var agreeing: [Int] = []
    private var own: [Int] = []
    private var missed: [Int] = []
    private var given: [Int] = []
    private var total: [Int] = []
    private var icc: ICCSums
    private var rowValues: [Double] = []

    init(raterCount: Int, gather: RatingsCounts.Gather) {
        self.raterCount = raterCount
        self.gather = gather
        touched = [Int32](repeating: 0, count: raterCount + 1)
        if gather.raters {
            pairs = [Int](repeating: 0, count: raterCount)
            agreeing = pairs
        }
        icc = ICCSums(columnSums: [Double](repeating: 0, count: gather.icc ? raterCount : 0))
        if gather.icc { rowValues = [Double](repeating: 0, count: raterCount) }
    }

    /// Makes room for category codes below `count` (doubling, so codes met one by one cost little).
    mutating func reserveCategories(_ count: Int) {
        guard count > stride else { return }
        let old = stride
        stride = max(count, 2 * old, 8)
        scratch.append(contentsOf: repeatElement(0, count: stride - old))
        guard gather.raters else { return }
        total.append(contentsOf: repeatElement(0, count: stride - old))
        func widened(_ xs: [Int]) -> [Int] {
            var out = [Int](repeating: 0, count: raterCount * stride)
            for r in 0..<raterCount { for c in 0..<old { out[r * stride + c] = xs[r * old + c] } }
            return out
        }
        own = widened(own)
        missed = widened(missed)
        given = widened(given)
    }

    mutating func addEmptyRow() { rows += 1 }

    /// One unit's codes (`raterCount` of them, -1 missing); `values[code]` is the code's number (empty for labels:
    /// no intraclass correlation).
    mutating func addRow(_ codes: UnsafePointer<Int32>, values: [Double]) {
        let u = rows
        rows += 1
        var largest: Int32 = -1
        for r in 0..<raterCount { largest = max(largest, codes[r]) }
        if Int(largest) >= stride { reserveCategories(Int(largest) + 1) }
        // Count the unit's ratings per category, noting each category the first time it appears (written always,
        // kept when new: no branch to mispredict on random ratings).
        let raters = raterCount
        let (m, distinct): (Int, Int) = scratch.withUnsafeMutableBufferPointer { sc in
            touched.withUnsafeMutableBufferPointer { seen in
                var m = 0, t = 0
                for r in 0..<raters {
                    let c = codes[r]
                    guard c >= 0 else { continue }
                    let i = Int(c)
                    seen[t] = c
                    t &+= sc[i] == 0 ? 1 : 0
                    sc[i] &+= 1
                    m &+= 1
                }
                return (m, t)
            }
        }
        guard m > 0 else { return }
        units.tableUnit.append(u)
        units.ratings.append(m)
        if m >= 2, gather.raters { addPairs(codes, m: m, distinct: distinct) }
        for j in 0..<distinct {
            let c = touched[j]
            units.category.append(c)
            units.count.append(scratch[Int(c)])
            scratch[Int(c)] = 0
        }
        units.start.append(units.category.count)
        if m == raterCount, gather.icc, !values.isEmpty { addComplete(codes, values: values) }
    }

    /// Each rater's pairs with the others on this unit (scratch still holds the unit's counts).
    private mutating func addPairs(_ codes: UnsafePointer<Int32>, m: Int, distinct: Int) {
        let touched = self.touched[0..<distinct]
        for c in touched { total[Int(c)] += Int(scratch[Int(c)]) }
        for r in 0..<raterCount {
            let c = codes[r]
            if c >= 0 {
                let i = Int(c)
                pairs[r] += m - 1
                agreeing[r] += Int(scratch[i]) - 1
                own[r * stride + i] += m - 1
                given[r * stride + i] += 1
            } else {
                for t in touched { missed[r * stride + Int(t)] += Int(scratch[Int(t)]) }
            }
        }
    }

    /// A unit every rater scored: its part of the analysis of variance.
    private mutating func addComplete(_ codes: UnsafePointer<Int32>, values: [Double]) {
        var sum = 0.0
        for r in 0..<raterCount {
            let x = values[Int(codes[r])]
            rowValues[r] = x
            sum += x
            icc.columnSums[r] += x
        }
        let mean = sum / Double(raterCount)
        var within = 0.0
        for r in 0..<raterCount { let d = rowValues[r] - mean; within += d * d }
        icc.within += within
        icc.units += 1
        let delta = mean - icc.meanOfMeans
        icc.meanOfMeans += delta / Double(icc.units)
        icc.spreadOfMeans += delta * (mean - icc.meanOfMeans)
    }

    /// The counts, with codes renumbered by `rank` (old code → new code) when given.
    mutating func finish(raterNames: [String], categories: [Double], labels: [String]?, rank: [Int32]?) -> RatingsCounts {
        reserveCategories(categories.count)
        let k = categories.count
        var units = self.units
        self.units = UnitCategoryCounts(categoryCount: 0)  // so renumbering below does not copy the runs
        units.categoryCount = k
        if let rank {
            for i in units.category.indices { units.category[i] = rank[Int(units.category[i])] }
        }
        var parts: RaterParts?
        if gather.raters {
            // Renumbered (or only narrowed to the categories) per rater.
            func laidOut(_ xs: [Int], raters: Int) -> [Int] {
                var out = [Int](repeating: 0, count: raters * k)
                for r in 0..<raters {
                    for old in 0..<k { out[r * k + Int(rank?[old] ?? Int32(old))] = xs[r * stride + old] }
                }
                return out
            }
            parts = RaterParts(pairs: pairs, agreeing: agreeing, own: laidOut(own, raters: raterCount),
                               missed: laidOut(missed, raters: raterCount), given: laidOut(given, raters: raterCount),
                               total: laidOut(total, raters: 1), categories: k)
        }
        return RatingsCounts(raterNames: raterNames, unitCount: rows, categories: categories, labels: labels,
                             units: units, raterParts: parts, iccSums: gather.icc && labels == nil ? icc : nil)
    }
}
