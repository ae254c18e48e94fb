@testable import Coaching
import Foundation
import SafeXML
import Testing

private func plans() throws -> [CoachingPlan] {
    try HandBuiltSet.run().plans
}

@Test func htmlIsWellFormedSelfContainedAndPrintable() throws {
    let html = HTMLRenderer.render(try plans())
    // libxml2's HTML parser finds nothing wrong.
    let problems = HTMLCheck.problems(in: html)
    #expect(problems.isEmpty, "\(problems)")
    // No scripts, no network references of any kind.
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.contains("http://"))
    #expect(!html.contains("https://"))
    #expect(!html.lowercased().contains("<link"))
    #expect(!html.lowercased().contains("url("))
    // Inline CSS with print rules, and the two charts per plan (two plans).
    #expect(html.contains("<style>"))
    #expect(html.contains("@media print"))
    #expect(html.components(separatedBy: "<svg ").count - 1 == 4)
    // The pass mark line is drawn: 80 on a 0–100 axis 180 px high starting at 12 → y = 12 + 180 × 0.2 = 48.
    #expect(html.contains("y1=\"48.0\""))
    #expect(html.contains("pass mark 80"))
}

@Test func htmlCheckCatchesBrokenMarkup() {
    // The check used above does find problems (so its silence means something).
    #expect(!HTMLCheck.problems(in: "<html><body><p>unclosed <b>bold</i></p></body></html>").isEmpty)
}

@Test func htmlEscapesTextFromRecords() throws {
    var plan = try #require(try plans().first)
    plan.developmentAreas[1].evidence[2].comment = "Said <b>\"no\"</b> & hung up"
    let html = HTMLRenderer.render([plan])
    #expect(html.contains("Said &lt;b&gt;&quot;no&quot;&lt;/b&gt; &amp; hung up"))
    #expect(HTMLCheck.problems(in: html).isEmpty)
}

@Test func markdownReadsAsAPlan() throws {
    let markdown = MarkdownRenderer.render(try #require(try plans().first))
    // Trend: 4480/2956 × 18 = 27.28 → "up 27.3 points"; a week 10.61 → "about 10.6 a week".
    #expect(markdown.contains("up 27.3 points over the period (about 10.6 a week)"))
    #expect(markdown.contains("| Average score | 70.0 (Needs improvement) | 75.4 (Good) |"))
    #expect(markdown.contains("| Pass rate (pass mark 80) | 63% | 69% |"))
    #expect(markdown.contains("## What's going well"))
    #expect(markdown.contains("### 1. Verifies the caller's identity before discussing the account"))
    #expect(markdown.contains("**Critical compliance item**"))
    // .375 → 38%, .69375 → 69%.
    #expect(markdown.contains("Measurable: from 38% to 69% full credit on this criterion"))
    #expect(markdown.contains("c04 (2026-11-09) — “Promised a call back instead of fixing the address”"))
    #expect(markdown.contains("## Agreed actions"))
    #expect(markdown.contains("## Review on 29 December 2026"))
    #expect(markdown.contains("2026-11-16 to 2026-11-17 — Telephony outage: 1 evaluation left out"))
    #expect(markdown.contains("Only 8 evaluations in this period: at least 10 are needed"))
    #expect(markdown.contains("do not chase it at the cost of resolution"))
    // Handle time 2630/7 = 375.7 s → 6 min 16 s; team 355 s → 5 min 55 s.
    #expect(markdown.contains("| Average handle time | 6 min 16 s | 5 min 55 s |"))
    // Supportive, not disciplinary.
    #expect(!markdown.lowercased().contains("warning letter"))
    #expect(!markdown.lowercased().contains("disciplinary action"))
}

@Test func csvHasOneRowPerAgentAndArea() throws {
    let csv = CSVRenderer.render(try plans())
    let lines = csv.split(separator: "\r\n", omittingEmptySubsequences: true).map(String.init)
    // Header + agent-a's 3 areas + agent-b's 2.
    #expect(lines.count == 6)
    #expect(lines[0] == "agent_id,team_id,period_from,period_to,rank,criterion_id,prompt,category,failure_rate,team_failure_rate,target,review_date,evidence_calls")
    // resolve: failure 37.5%, team 3.5/13 = 26.9%, target 69.375 → 69.4.
    #expect(lines[2] == "agent-a,t1,2026-11-02,2026-11-29,2,resolve,Resolves the customer's issue on the call,resolution,37.5,26.9,69.4,2026-12-29,c02 (2026-11-04); c03 (2026-11-06); c04 (2026-11-09); c05 (2026-11-11); c08 (2026-11-20)")
    #expect(lines[4].hasPrefix("agent-b,t1,2026-11-02,2026-11-29,1,greet,"))
}

@Test func csvQuotesAndDefusesFormulas() {
    #expect(CSVRenderer.quote("plain") == "plain")
    #expect(CSVRenderer.quote("a, b") == "\"a, b\"")
    #expect(CSVRenderer.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(CSVRenderer.quote("=SUM(A1)") == "'=SUM(A1)")
    #expect(CSVRenderer.quote("-5") == "-5")
    // The shared guard (CSVWriter.escape) also catches a leading tab or carriage return.
    #expect(CSVRenderer.quote("\t=cmd") == "'\t=cmd")
    #expect(CSVRenderer.quote("\r=cmd") == "\"'\r=cmd\"")
}

@Test func jsonHasTheDocumentedKeys() throws {
    let json = try JSONRenderer.render(try plans())
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(object["format"] as? String == "qa-coaching-plan")
    #expect(object["version"] as? Int == 1)
    let list = try #require(object["plans"] as? [[String: Any]])
    #expect(list.count == 2)
    let plan = list[0]
    #expect(Set(plan.keys) == ["agentId", "teamId", "scorecard", "period", "evaluations", "calls", "evidenceWarning",
                               "agent", "team", "categories", "strengths", "developmentAreas", "kpis", "exclusions",
                               "reviewDate", "scoreHistory"])
    #expect(plan["agentId"] as? String == "agent-a")
    #expect(plan["evaluations"] as? Int == 8)
    let agent = try #require(plan["agent"] as? [String: Any])
    #expect(agent["averageScore"] as? Double == 70)
    #expect(agent["passRate"] as? Double == 0.625)
    let areas = try #require(plan["developmentAreas"] as? [[String: Any]])
    #expect(areas.map { $0["criterionId"] as? String } == ["verify", "resolve", "empathise"])
    #expect(areas[0]["reason"] as? String == "critical-compliance")
    let target = try #require(areas[1]["target"] as? [String: Any])
    // .375 + .75 × (.8 − .375) = .69375 (to rounding).
    #expect(abs((target["targetFullCreditRate"] as? Double ?? 0) - 0.69375) < 1e-12)
    #expect(target["basis"] as? String == "team-upper-quartile")
    // Keys are written in a fixed order: the same plans give the same bytes.
    #expect(try JSONRenderer.render(try plans()) == json)
}
