import JSON
import QAModel

/// Renders coaching plans as JSON: `{"format": "qa-coaching-plan", "version": 1, "plans": [...]}` with the
/// keys documented in `docs/coaching.md`, always present (`null` when unknown), in a fixed order.
/// Rates are fractions 0–1, scores 0–100, dates `YYYY-MM-DD`; nothing is rounded. Written by `JSONWriter`, which
/// refuses a figure that is not a finite number (`JSONWriteError` naming its path) rather than writing it.
public enum JSONRenderer {
    public static func render(_ plans: [CoachingPlan]) throws(JSONWriteError) -> String {
        let document = JSONValue.object([
            ("format", .string("qa-coaching-plan")),
            ("version", .number(1)),
            ("plans", .array(plans.map(value))),
        ])
        return try JSONWriter.write(document, style: .pretty) + "\n"
    }

    static func value(_ plan: CoachingPlan) -> JSONValue {
        .object([
            ("agentId", .string(plan.agentID)),
            ("teamId", .optional(plan.teamID.map(JSONValue.string))),
            ("scorecard", .object([("id", .string(plan.scorecardID)), ("version", .string(plan.scorecardVersion)),
                                   ("title", .string(plan.scorecardTitle)), ("passMark", .number(plan.passMark))])),
            ("period", .object([("from", .string(plan.period.from.description)), ("to", .string(plan.period.to.description))])),
            ("evaluations", .int(plan.evaluationCount)),
            ("calls", .int(plan.callCount)),
            ("evidenceWarning", .optional(plan.evidenceWarning.map { warning in
                .object([("evaluations", .int(warning.evaluations)), ("needed", .int(warning.needed)),
                         ("passRateMarginPoints", .number(warning.passRateMarginPoints)),
                         ("message", .string(Wording.evidenceWarning(warning)))])
            })),
            ("agent", figures(plan.agent)),
            ("team", .optional(plan.team.map(figures))),
            ("categories", .array(plan.categories.map { category in
                .object([("id", .string(category.id)), ("title", .string(category.title)),
                         ("agent", .optionalNumber(category.agent)), ("team", .optionalNumber(category.team)),
                         ("difference", .optionalNumber(category.difference))])
            })),
            ("strengths", .array(plan.strengths.map { strength in
                .object([("criterionId", .string(strength.criterionID)), ("prompt", .string(strength.prompt)),
                         ("category", .string(strength.category)), ("observations", .int(strength.observations)),
                         ("fullCreditRate", .number(strength.fullCreditRate)),
                         ("teamFullCreditRate", .number(strength.teamFullCreditRate))])
            })),
            ("developmentAreas", .array(plan.developmentAreas.map(area))),
            ("kpis", .optional(plan.kpis.map(kpis))),
            ("exclusions", .array(plan.exclusions.map { excluded in
                .object([("start", .string(excluded.window.start.description)),
                         ("end", .string(excluded.window.end.description)),
                         ("reason", .string(excluded.window.reason)),
                         ("evaluationsLeftOut", .int(excluded.evaluationsLeftOut))])
            })),
            ("reviewDate", .string(plan.reviewDate.description)),
            ("scoreHistory", .array(plan.scoreHistory.map { point in
                .object([("date", .string(point.date.description)), ("score", .number(point.score)),
                         ("passed", .bool(point.passed))])
            })),
        ])
    }

    private static func figures(_ figures: PerformanceFigures) -> JSONValue {
        .object([
            ("evaluations", .int(figures.evaluations)),
            ("calls", .int(figures.calls)),
            ("averageScore", .optionalNumber(figures.averageScore)),
            ("band", .optional(figures.band.map(JSONValue.string))),
            ("passRate", .optionalNumber(figures.passRate)),
            ("criticalFailures", .int(figures.criticalFailures)),
            ("criticalFailureRate", .optionalNumber(figures.criticalFailureRate)),
            ("trend", .optional(figures.trend.map { trend in
                .object([("pointsPerWeek", .number(trend.pointsPerWeek)),
                         ("changeOverPeriod", .number(trend.changeOverPeriod)),
                         ("spanDays", .int(trend.spanDays)),
                         ("summary", .string(Wording.trend(trend)))])
            })),
        ])
    }

    private static func area(_ area: DevelopmentArea) -> JSONValue {
        .object([
            ("rank", .int(area.rank)),
            ("reason", .string(area.reason.rawValue)),
            ("criterionId", .string(area.criterionID)),
            ("prompt", .string(area.prompt)),
            ("category", .string(area.category)),
            ("observations", .int(area.observations)),
            ("failureRate", .number(area.failureRate)),
            ("teamFailureRate", .optionalNumber(area.teamFailureRate)),
            ("fullCreditRate", .number(area.fullCreditRate)),
            ("teamFullCreditRate", .optionalNumber(area.teamFullCreditRate)),
            ("weightShare", .number(area.weightShare)),
            ("cost", .number(area.cost)),
            ("criticalFailures", .int(area.criticalFailures)),
            ("callsShowingIt", .int(area.callsShowingIt)),
            ("evidence", .array(area.evidence.map { evidence in
                .object([("callId", .string(evidence.callID)), ("date", .string(evidence.date.description)),
                         ("critical", .bool(evidence.critical)),
                         ("comment", .optional(evidence.comment.map(JSONValue.string)))])
            })),
            ("target", .object([
                ("specific", .string(area.target.behaviour)),
                ("currentFullCreditRate", .number(area.target.currentFullCreditRate)),
                ("targetFullCreditRate", .number(area.target.targetFullCreditRate)),
                ("teamUpperQuartile", .optionalNumber(area.target.teamUpperQuartile)),
                ("basis", .string(area.target.basis.rawValue)),
                ("relevant", .string(area.target.relevance)),
                ("reviewDate", .string(area.target.reviewDate.description)),
            ])),
        ])
    }

    private static func kpis(_ context: KPIContext) -> JSONValue {
        func figures(_ f: KPIFigures) -> JSONValue {
            .object([
                ("calls", .int(f.calls)),
                ("averageHandleTimeSeconds", .optionalNumber(f.averageHandleTimeSeconds)),
                ("firstContactResolutionRate", .optionalNumber(f.firstContactResolutionRate)),
                ("averageCsat", .optionalNumber(f.averageCSAT)),
                ("other", .array(f.other.map { .object([("name", .string($0.name)), ("mean", .number($0.mean)),
                                                        ("calls", .int($0.calls))]) })),
            ])
        }
        func mean(_ m: MeanOverCalls?) -> JSONValue {
            .optional(m.map { .object([("mean", .number($0.mean)), ("calls", .int($0.calls))]) })
        }
        return .object([
            ("agent", figures(context.agent)),
            ("team", .optional(context.team.map(figures))),
            ("links", .array(context.links.map { link in
                .object([("kpi", .string(link.kpi)), ("category", .string(link.category)), ("scope", .string(link.scope)),
                         ("whenMet", mean(link.whenMet)), ("whenNotMet", mean(link.whenNotMet))])
            })),
            ("caution", .string(Wording.kpiCaution)),
        ])
    }
}
