import DelimitedText

/// Renders coaching plans as CSV: one row per agent × development area, for spreadsheets and LMS imports.
/// Rates are percentages rounded to one decimal; an agent with no development area gets one row with rank 0.
public enum CSVRenderer {
    public static let header = [
        "agent_id", "team_id", "period_from", "period_to", "rank", "criterion_id", "prompt", "category",
        "failure_rate", "team_failure_rate", "target", "review_date", "evidence_calls",
    ]

    public static func render(_ plans: [CoachingPlan]) -> String {
        var out = header.joined(separator: ",") + "\r\n"
        for plan in plans {
            let common = [plan.agentID, plan.teamID ?? "", plan.period.from.description, plan.period.to.description]
            if plan.developmentAreas.isEmpty {
                out += record(common + ["0", "", "", "", "", "", "", plan.reviewDate.description, ""])
            }
            for area in plan.developmentAreas {
                out += record(common + [
                    String(area.rank), area.criterionID, area.prompt, area.category, percent(area.failureRate),
                    area.teamFailureRate.map(percent) ?? "", percent(area.target.targetFullCreditRate),
                    area.target.reviewDate.description,
                    area.evidence.map { "\($0.callID) (\($0.date))" }.joined(separator: "; "),
                ])
            }
        }
        return out
    }

    /// 0.5555 → `55.6`.
    private static func percent(_ rate: Double) -> String {
        Wording.points(100 * rate).replacingOccurrencesOfMinus
    }

    private static func record(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
    }

    /// RFC 4180 quoting with the one formula guard every CSV writer shares (`CSVWriter.escape`): text a
    /// spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets an apostrophe in front.
    static func quote(_ field: String) -> String {
        CSVWriter.escape(field)
    }
}

private extension String {
    var replacingOccurrencesOfMinus: String { String(map { $0 == "−" ? "-" : $0 }) }
}
