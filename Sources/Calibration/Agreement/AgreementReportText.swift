import TextEscaping
extension AgreementReport {
    /// The report as plain text for a QA lead: each figure with a one-line meaning; undefined figures
    /// show "—" and the reason.
    public func text() -> String {
        var out: [String] = []
        func number(_ x: Double) -> String { AgreementReport.fixed(x, decimals: 3) }
        func line(_ name: String, _ statistic: Statistic, _ meaning: String, percent: Bool = false) {
            let figure: String
            switch statistic {
            case .value(let x): figure = percent ? AgreementReport.fixed(x * 100, decimals: 1) + "%" : number(x)
            case .undefined: figure = "—"
            }
            out.append(pad(name, 26) + pad(figure, 9) + meaning)
            if let reason = statistic.undefinedReason { out.append(String(repeating: " ", count: 35) + "undefined: \(reason)") }
        }
        out.append("Agreement of \(raters) rater\(raters == 1 ? "" : "s") on \(units) unit\(units == 1 ? "" : "s"), \(level.rawValue) level")
        out.append("\(pairableValues) ratings in \(pairableUnits) units with two or more ratings are compared; units with a single rating are left out.")
        out.append("")
        line("Krippendorff's alpha", krippendorffAlpha.alpha,
             "Agreement beyond chance: 1 perfect, 0 no better than chance. 0.80+ reliable, 0.667–0.80 tentative.")
        if let bootstrap {
            let range: String
            if let low = bootstrap.lower.value, let high = bootstrap.upper.value {
                range = "\(number(low)) to \(number(high))"
            } else {
                range = "—"
            }
            out.append(pad("  95% interval", 26)
                       + "\(range)   alpha would fall in this range for 95% of similar sets of calls (\(bootstrap.samples) resamples, seed \(bootstrap.seed)).")
        }
        if let percentAgreement {
            line("Percent agreement", percentAgreement, "Of all pairs of raters who scored the same unit, the share who gave the same rating.", percent: true)
        }
        if let fleissKappa {
            line("Fleiss' kappa", fleissKappa, "Agreement beyond chance on the answer given, when every rater scored every unit.")
        }
        if let gwet, level == .nominal {
            line("Gwet's AC1", gwet.coefficient, "Agreement beyond chance; stays stable when one answer is far more common than the others.")
        } else if let gwet {
            line("Gwet's AC2 (\(gwet.weights.rawValue))", gwet.coefficient, "Like AC1, but near misses count as partial agreement.")
        }
        if let raterAgreement {
            out.append("")
            out.append("Each rater against the others: of every pair (this rater's rating, another rater's rating of the same unit),")
            out.append("the share that agree, and Cohen's kappa of those pairs (1 perfect, 0 chance):")
            func raterLine(_ rater: RaterAgreement) -> String {
                let share = rater.agreement.value.map { AgreementReport.fixed($0 * 100, decimals: 1) + "%" } ?? "—"
                return "  \(Escaping.terminal(rater.rater)): \(rater.pairs) pairs, agree \(share), kappa \(rater.kappa.value.map(number) ?? "—")"
            }
            if raterAgreement.isEmpty { out.append("  (no raters)") }
            if raterAgreement.count > Self.ratersListedInFull {
                let values = raterAgreement.compactMap(\.kappa.value).sorted()
                if let low = values.first, let high = values.last {
                    out.append("  \(raterAgreement.count) raters (\(values.count) defined): kappa from \(number(low)) to \(number(high)), "
                        + "median \(number(values[values.count / 2])); the \(Self.lowestPairsListed) lowest (JSON lists every rater):")
                }
                let lowest = raterAgreement.filter { $0.kappa.value != nil }
                    .sorted { ($0.kappa.value ?? 0) < ($1.kappa.value ?? 0) }.prefix(Self.lowestPairsListed)
                for rater in lowest { out.append(raterLine(rater)) }
            } else {
                for rater in raterAgreement { out.append(raterLine(rater)) }
            }
        }
        if let cohenKappa {
            out.append("")
            out.append("Cohen's kappa for each pair of raters (units both rated; 1 perfect, 0 chance):")
            if cohenKappa.isEmpty { out.append("  (fewer than two raters)") }
        }
        let pairs = cohenKappa ?? []
        func figure(_ s: Statistic) -> String { s.value.map(number) ?? "—" }
        func pairLine(_ pair: CohenKappa) -> String {
            "  \(Escaping.terminal(pair.raterA)) – \(Escaping.terminal(pair.raterB)): \(pair.units) units, unweighted \(figure(pair.unweighted)), linear \(figure(pair.linear)), quadratic \(figure(pair.quadratic))"
        }
        if pairs.count > Self.pairsListedInFull {
            // Hundreds of pairs are not read line by line: summarise them and list the pairs to look at.
            let values = pairs.compactMap(\.unweighted.value).sorted()
            if let low = values.first, let high = values.last {
                out.append("  \(pairs.count) pairs (\(values.count) defined): unweighted kappa from \(number(low)) to \(number(high)), "
                    + "median \(number(values[values.count / 2])); the \(Self.lowestPairsListed) lowest (JSON lists every pair):")
            }
            let lowest = pairs.filter { $0.unweighted.value != nil }
                .sorted { ($0.unweighted.value ?? 0) < ($1.unweighted.value ?? 0) }.prefix(Self.lowestPairsListed)
            for pair in lowest { out.append(pairLine(pair)) }
        } else {
            for pair in pairs { out.append(pairLine(pair)) }
        }
        if let icc {
            out.append("")
            out.append("Intraclass correlation on the \(icc.units) units every rater scored (share of score variation due to real differences between units):")
            let meanings = [
                "ICC1": "one rater's score, raters assigned at random to units",
                "ICC2": "one rater's score, raters a sample of all possible raters; counts systematic leniency/severity",
                "ICC3": "one rater's score, these raters only; ignores systematic leniency/severity",
                "ICC1k": "the mean of \(icc.raters) raters, as ICC1",
                "ICC2k": "the mean of \(icc.raters) raters, as ICC2",
                "ICC3k": "the mean of \(icc.raters) raters, as ICC3",
            ]
            for form in icc.forms {
                let figure = form.value.value.map(number) ?? "—"
                out.append("  \(pad(form.name, 6)) \(pad(figure, 7)) \(meanings[form.name] ?? "")")
            }
        }
        let otherNotes = notes.filter { !$0.hasPrefix("krippendorffAlpha:") && !$0.hasPrefix("percentAgreement:")
            && !$0.hasPrefix("fleissKappa:") && !$0.hasPrefix("gwetAC") }
        if !otherNotes.isEmpty {
            out.append("")
            out.append("Notes:")
            for note in otherNotes { out.append("  - \(Self.readable(note))") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Up to this many pairs of raters (10 raters) the table lists every pair's kappa; beyond it, a summary and
    /// the lowest pairs.
    static let pairsListedInFull = 45
    /// Up to this many raters the table lists each one against the others; beyond it, a summary and the lowest.
    static let ratersListedInFull = 12
    static let lowestPairsListed = 10

    /// A note with its statistic's name as the report's reader knows it: the notes carry the JSON keys
    /// (`cohenKappa a–b: …`, `icc: …`) for other tools; the table says "Cohen's kappa a–b: …".
    static func readable(_ note: String) -> String {
        let names = [("cohenKappa ", "Cohen's kappa "), ("raterAgreement ", "Kappa against the others, "), ("icc: ", "Intraclass correlation (ICC): "),
                     ("bootstrap: ", "Confidence interval for alpha: ")]
        for (key, name) in names where note.hasPrefix(key) { return name + note.dropFirst(key.count) }
        return note
    }

    /// `x` with exactly `decimals` decimals, rounded half away from zero ("0.650", "-0.006").
    static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return "—" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let units = Int64((abs(x) * scale).rounded())
        let digits = String(units)
        let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
        let whole = padded.dropLast(decimals), fraction = padded.suffix(decimals)
        let sign = x < 0 && units != 0 ? "-" : ""
        return decimals == 0 ? sign + whole : sign + whole + "." + fraction
    }
}

private func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
}
