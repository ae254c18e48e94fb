import Foundation
import Testing
import FormImport
import QAModel
import ScorecardFormat

/// Every imported fixture, written as a template, must load without a single diagnostic and mean the same thing.
@Suite("Imported forms are valid templates")
struct ImportedTemplateValidityTests {
    static let fixtures: [(String, FormPlatform)] = [
        ("connect/worked-example-percentage.json", .connect),
        ("connect/rich-form.json", .connect),
        ("genesys/worked-example-group-weights.json", .genesys),
        ("genesys/rich-form.json", .genesys),
    ]

    @Test("written, loaded and validated without diagnostics", arguments: fixtures)
    func roundTrip(fixture: String, platform: FormPlatform) throws {
        let result = try FormImporter.importForm(Fixture.data(fixture), from: platform)
        let xml = ScorecardWriter.xml(result.scorecard, comment: "imported")
        let loaded = ScorecardLoader.load(data: Data(xml.utf8), path: fixture)
        // Warnings are allowed (e.g. a section whose questions are all unscored); errors are not.
        #expect(loaded.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        let reloaded = try #require(loaded.scorecard)
        #expect(reloaded.sections.map(\.id) == result.scorecard.sections.map(\.id))
        #expect(reloaded.criteria.map(\.id) == result.scorecard.criteria.map(\.id))
        #expect(reloaded.criteria.map(\.answerType) == result.scorecard.criteria.map(\.answerType))
        #expect(reloaded.criteria.map(\.critical) == result.scorecard.criteria.map(\.critical))
        #expect(reloaded.criteria.map { $0.condition.map(withoutPositions) } == result.scorecard.criteria.map(\.condition))
        #expect(reloaded.sections.map { $0.condition.map(withoutPositions) } == result.scorecard.sections.map(\.condition))
        #expect(reloaded.sections.map(\.weight) == result.scorecard.sections.map(\.weight))
        #expect(reloaded.scoring == result.scorecard.scoring)
    }
}

/// The condition with every source position cleared (a loaded template knows where each condition was written).
private func withoutPositions(_ condition: Condition) -> Condition {
    switch condition {
    case .answerIs(let criterion, let tokens, _): return .answerIs(criterion: criterion, anyOf: tokens, position: .unknown)
    case .answerIsNot(let criterion, let tokens, _): return .answerIsNot(criterion: criterion, noneOf: tokens, position: .unknown)
    case .all(let parts): return .all(parts.map(withoutPositions))
    case .any(let parts): return .any(parts.map(withoutPositions))
    }
}
