import QAModel
import Scoring
import Testing
@testable import ScorecardFormat

@Test func summaryJSONCarriesEffectiveWeightsAndIsStable() throws {
    let loaded = try #require(try ScorecardLoader.load(path: Fixtures.scorecard("all-features.xml")).scorecard)
    let json = ScorecardSummary(loaded, effectiveWeights: ScoringPlan(loaded).effectiveWeightPercentages).json
    // greeting: opening share 30/90 × 2/5 = 13.3333 % (four decimals in JSON).
    #expect(json.contains("\"effectiveWeight\": 13.3333"))
    #expect(json.hasPrefix("{\n  \"formatVersion\": 1,\n  \"id\": \"all-features\""))
    #expect(json == ScorecardSummary(loaded, effectiveWeights: ScoringPlan(loaded).effectiveWeightPercentages).json)
    let text = ScorecardSummary(loaded, effectiveWeights: ScoringPlan(loaded).effectiveWeightPercentages).text
    #expect(text.contains("greeting  [empathy]  yes/no (yes = 2 pt)  weight 2  → 13.3%"))
    // Categories: empathy = greeting 13.33 + warmth 20 = 33.3 %.
    #expect(text.contains("Category shares: empathy 33.3%"))
}
