/// The figures `qa agreement --statistic` can choose; Krippendorff's alpha is always computed (the report's
/// counts of pairable values and units come from it, and it is linear in the table's size).
///
/// `raters` is each rater against all the others (linear in the table's size); `cohen` is Cohen's kappa for every
/// pair of raters (work grows with pairs × units), computed only when asked for.
public enum AgreementStatistic: String, Hashable, Sendable, CaseIterable {
    case alpha, percent, fleiss, gwet, raters, cohen, icc

    /// What the report holds when no figure is chosen: every figure but the pairwise Cohen's kappas.
    public static let defaults: Set<AgreementStatistic> = Set(allCases).subtracting([.cohen])
}

/// Everything `qa agreement` reports for one ratings table at one level of measurement.
///
/// Undefined figures are encoded as JSON `null`, and `notes` says why each one is undefined.
public struct AgreementReport: Sendable, Encodable {
    public let level: AgreementLevel
    /// Units (rows) in the table.
    public let units: Int
    public let raters: Int
    /// Ratings in units with at least two ratings: the values alpha works on.
    public let pairableValues: Int
    /// Units with at least two ratings.
    public let pairableUnits: Int
    public let krippendorffAlpha: KrippendorffAlpha
    /// Pairwise observed agreement (irrCAC `pa.coeff.raw`), nominal: the share of agreeing pairs.
    /// Each figure below is nil when it was not chosen (`statistics`).
    public let percentAgreement: Statistic?
    public let fleissKappa: Statistic?
    /// Gwet's AC1 (nominal level) or AC2 (other levels, weights in `gwet.weights`).
    public let gwet: GwetAgreement?
    /// Each rater against all the others, in column order.
    public let raterAgreement: [RaterAgreement]?
    public let cohenKappa: [CohenKappa]?
    /// Shrout & Fleiss ICCs; nil at the nominal and ordinal levels, or when not chosen.
    public let icc: IntraclassCorrelation?
    /// The figures computed.
    public let statistics: Set<AgreementStatistic>
    public let bootstrap: AlphaBootstrap?
    /// Plain-language reasons for every undefined figure, prefixed with the figure's key.
    public let notes: [String]

    /// A bootstrap interval to compute along with the report.
    public struct BootstrapRequest: Hashable, Sendable {
        public var samples: Int
        public var seed: UInt64
        public init(samples: Int, seed: UInt64) { self.samples = samples; self.seed = seed }
    }

    /// What to gather in the one pass over the rows for these figures at this level.
    public static func gather(for statistics: Set<AgreementStatistic>, level: AgreementLevel) -> RatingsCounts.Gather {
        .init(raters: statistics.contains(.raters),
              icc: statistics.contains(.icc) && (level == .interval || level == .ratio))
    }

    /// The report of a table held in memory (the only way to get the pairwise Cohen's kappas).
    public init(table: RatingsTable, level: AgreementLevel, bootstrap request: BootstrapRequest? = nil,
                statistics: Set<AgreementStatistic> = AgreementStatistic.defaults) {
        let counts = RatingsCounts(table: table, gather: Self.gather(for: statistics, level: level))
        self.init(counts: counts, level: level, bootstrap: request, statistics: statistics,
                  pairs: statistics.contains(.cohen) ? CohenKappa.allPairs(table) : nil)
    }

    /// The report from a table's counts. Cohen's kappa for each pair needs the whole table: it is reported only
    /// when `pairs` is given (`.cohen` is otherwise left out of `statistics`).
    public init(counts: RatingsCounts, level: AgreementLevel, bootstrap request: BootstrapRequest? = nil,
                statistics chosen: Set<AgreementStatistic> = AgreementStatistic.defaults, pairs: [CohenKappa]? = nil) {
        var statistics = chosen.union([.alpha])
        if pairs == nil { statistics.remove(.cohen) }
        self.level = level
        self.statistics = statistics
        units = counts.unitCount
        raters = counts.raterCount
        let alpha = KrippendorffAlpha(counts: counts.units, categories: counts.categories, raterCount: counts.raterCount,
                                      level: level, multiplicity: nil)
        krippendorffAlpha = alpha
        pairableValues = alpha.pairableValues
        pairableUnits = alpha.pairableUnits
        percentAgreement = statistics.contains(.percent)
            ? GwetAgreement(counts: counts.units, categories: counts.categories, raterCount: counts.raterCount,
                            weights: .identity).percentAgreement
            : nil
        fleissKappa = statistics.contains(.fleiss) ? FleissKappa.compute(counts) : nil
        gwet = statistics.contains(.gwet)
            ? GwetAgreement(counts: counts.units, categories: counts.categories, raterCount: counts.raterCount,
                            weights: AgreementWeights(level: level))
            : nil
        raterAgreement = statistics.contains(.raters) ? RaterAgreement.all(counts) : nil
        cohenKappa = statistics.contains(.cohen) ? pairs : nil
        icc = statistics.contains(.icc) && (level == .interval || level == .ratio)
            ? IntraclassCorrelation(sums: counts.iccSums ?? ICCSums(columnSums: []), raters: counts.raterCount) : nil
        bootstrap = request.map { AlphaBootstrap(counts: counts, level: level, samples: $0.samples, seed: $0.seed) }

        var notes: [String] = []
        func note(_ key: String, _ statistic: Statistic?) {
            if let reason = statistic?.undefinedReason { notes.append("\(key): \(reason)") }
        }
        note("krippendorffAlpha", alpha.alpha)
        note("percentAgreement", percentAgreement)
        note("fleissKappa", fleissKappa)
        note(level == .nominal ? "gwetAC1" : "gwetAC2", gwet?.coefficient)
        for rater in raterAgreement ?? [] {
            if let reason = rater.kappa.undefinedReason { notes.append("raterAgreement \(rater.rater): \(reason)") }
        }
        for pair in cohenKappa ?? [] {
            let reasons = Set([pair.unweighted, pair.linear, pair.quadratic].compactMap(\.undefinedReason))
            for reason in reasons.sorted() { notes.append("cohenKappa \(pair.raterA)–\(pair.raterB): \(reason)") }
        }
        if let icc {
            var seen = Set<String>()
            for form in icc.forms {
                if let reason = form.value.undefinedReason, seen.insert(reason).inserted { notes.append("icc: \(reason)") }
            }
        } else if statistics.contains(.icc) {
            notes.append("icc: intraclass correlations need numeric scores (--level interval or ratio)")
        }
        if let bootstrap {
            note("bootstrap", bootstrap.lower)
            if bootstrap.undefinedSamples > 0, bootstrap.lower.value != nil {
                notes.append("bootstrap: alpha was undefined in \(bootstrap.undefinedSamples) of \(bootstrap.samples) resamples; they are left out")
            }
        }
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case level, units, raters, pairableValues, pairableUnits, krippendorffAlpha, observedDisagreement,
             expectedDisagreement, percentAgreement, fleissKappa, gwetAC1, gwetAC2, gwetAC2Weights, raterAgreement, cohenKappa,
             icc, bootstrap, notes
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(level, forKey: .level)
        try c.encode(units, forKey: .units)
        try c.encode(raters, forKey: .raters)
        try c.encode(pairableValues, forKey: .pairableValues)
        try c.encode(pairableUnits, forKey: .pairableUnits)
        try c.encode(krippendorffAlpha.alpha, forKey: .krippendorffAlpha)
        try c.encode(krippendorffAlpha.observedDisagreement, forKey: .observedDisagreement)
        try c.encode(krippendorffAlpha.expectedDisagreement, forKey: .expectedDisagreement)
        // A figure not chosen is left out; one chosen but undefined is null (with a note).
        if statistics.contains(.percent) { try c.encode(percentAgreement, forKey: .percentAgreement) }
        if statistics.contains(.fleiss) { try c.encode(fleissKappa, forKey: .fleissKappa) }
        if let gwet {
            if level == .nominal {
                try c.encode(gwet.coefficient, forKey: .gwetAC1)
            } else {
                try c.encode(gwet.coefficient, forKey: .gwetAC2)
                try c.encode(gwet.weights, forKey: .gwetAC2Weights)
            }
        }
        if let raterAgreement { try c.encode(raterAgreement, forKey: .raterAgreement) }
        if let cohenKappa { try c.encode(cohenKappa, forKey: .cohenKappa) }
        if statistics.contains(.icc) { try c.encode(icc, forKey: .icc) }
        if let bootstrap { try c.encode(bootstrap, forKey: .bootstrap) }
        try c.encode(notes, forKey: .notes)
    }
}
