import Foundation
import QAModel
import ScorecardFormat
import Testing
@testable import FormImport

// Issue 15: an import never writes an invalid template. What would fail validation becomes the nearest faithful
// rule (an all-zero question: unscored; a negative answer: 0 points) or a listed loss; only forms whose questions
// enable each other in a circle (which no evaluation could answer) give no template.

/// Every form fixture and the platform it is in.
private func everyFormFixture() throws -> [(String, FormPlatform)] {
    var fixtures: [(String, FormPlatform)] = []
    for platform in FormPlatform.allCases {
        let folder = Fixture.directory.appendingPathComponent(platform.rawValue)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".json") {
            fixtures.append(("\(platform.rawValue)/\(name)", platform))
        }
    }
    return fixtures
}

@Suite("Imports never write an invalid template (issue 15)")
struct ImportNeverWritesInvalidTemplatesTests {
    @Test("every fixture form: a valid template, or (circular conditions only) none and the reason")
    func everyFixture() throws {
        let fixtures = try everyFormFixture()
        #expect(fixtures.count >= 12)
        for (name, platform) in fixtures {
            let result = try FormImporter.importForm(Fixture.data(name), from: platform)
            let template = result.template(source: name, platform: platform)
            if name.contains("cyclic") {
                #expect(!template.isWritable, "\(name)")
                continue
            }
            let xml = try #require(template.xml, "\(name): \(template.invalidity)")
            let loaded = ScorecardLoader.load(bytes: Array(xml.utf8), path: name)
            #expect(loaded.isValid && loaded.diagnostics.allSatisfy { $0.severity != .error }, "\(name)")
            // Every imported section, criterion and option keeps its platform id, and the XML keeps them too.
            let card = try #require(loaded.scorecard)
            #expect(card.sections.allSatisfy { $0.platformID != nil }, "\(name)")
            #expect(card.criteria.allSatisfy { $0.platformID != nil }, "\(name)")
            #expect(card.criteria.allSatisfy { $0.answerType.choiceOptions.allSatisfy { $0.platformID != nil } }, "\(name)")
        }
    }

    @Test("generated Connect and Genesys forms, weights and points of every kind, always give a valid template",
          arguments: Array(0..<60))
    func generatedForms(seed: Int) throws {
        var generator = FormGenerator(seed: UInt64(seed) &+ 0x9E37_79B9)
        for platform in FormPlatform.allCases {
            let json = platform == .connect ? generator.connectForm() : generator.genesysForm()
            let result: ImportResult
            do {
                result = try FormImporter.importForm(Data(json.utf8), from: platform)
            } catch {
                // Only forms a template cannot hold are refused, each problem saying what to change: nothing to
                // carry over (every question of a kind templates lack), no question that earns points, a
                // question with a single answer.
                let refusable = ["no question that can be carried over", "no question on this form can earn points",
                                 "needs at least two answers"]
                #expect(error.problems.allSatisfy { problem in refusable.contains { problem.message.contains($0) } },
                        "seed \(seed) \(platform): \(error)\n\(json)")
                continue
            }
            let template = result.template(source: "generated-\(seed).json", platform: platform)
            #expect(template.isWritable, "seed \(seed) \(platform): \(template.invalidity)\n\(json)")
        }
    }

    @Test("platform ids: renamed ids keep the platform's, so the import stays exact")
    func renamedIdsKeepThePlatformIds() throws {
        let result = try FormImporter.importConnect(data: Fixture.data("connect/multiselect-percentage.json"))
        let card = result.scorecard
        // Connect RefIds Q.1 and Q_1 both slug to q-1: the second becomes q-1-2, and each keeps its RefId.
        #expect(card.criterion("q-1")?.platformID == "Q.1")
        #expect(card.criterion("q-1-2")?.platformID == "Q_1")
        #expect(card.sections.map(\.platformID) == ["S.open", "S.sell"])
        #expect(card.criterion("q-2")?.answerType.choiceOptions.map(\.platformID) == ["savings", "card", "insurance"])
        // No loss speaks of ids: nothing was renamed away.
        #expect(!result.losses.contains { $0.what.contains("id") && $0.what.contains("without") })

        let genesys = try FormImporter.importGenesys(data: Fixture.data("genesys/worked-example-group-weights.json"))
        #expect(genesys.isExact)
        #expect(genesys.scorecard.criteria.map(\.platformID) == [
            "9b000000-0000-4000-8000-000000000011", "9b000000-0000-4000-8000-000000000012",
            "9b000000-0000-4000-8000-000000000021",
        ])
        #expect(genesys.scorecard.sections.first?.platformID == "9a000000-0000-4000-8000-000000000001")
    }

    @Test("a Genesys form without ids: the import says it is not exact")
    func missingGenesysIdsAreALoss() throws {
        let json = """
            {"name": "No ids", "questionGroups": [{"name": "G", "weight": 1, "questions": [
              {"text": "Greeted?", "type": "multipleChoiceQuestion",
               "answerOptions": [{"text": "Yes", "value": 1}, {"text": "No", "value": 0}]}]}]}
            """
        let result = try FormImporter.importGenesys(data: Data(json.utf8))
        #expect(!result.isExact)
        #expect(result.losses.contains { $0.what.hasPrefix("4 groups, questions or answers without an \"id\"") })
    }
}

/// Random forms in each platform's shape (seeded, so a failure can be replayed): weights of 0 and above, answers
/// worth 0, negative points, all-zero questions, multi-select and numeric questions, bonus and excluded questions,
/// critical and fatal questions, weight modes on and off.
struct FormGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func points(_ top: Int) -> Int {
        if chance(8) { return -int(1...3) }
        return int(0...top)
    }

    mutating func connectForm() -> String {
        let modes = ["QUESTION_ONLY", "SECTION_ONLY", "POINTS_BASED"]
        let mode = modes[int(0...2)]
        var sections: [String] = []
        for s in 0..<int(1...3) {
            var questions: [String] = []
            for q in 0..<int(1...4) {
                let ref = "Q\(s).\(q)"
                let kind = int(0...5)
                let allZero = chance(15)
                func option(_ o: Int, multi: Bool) -> String {
                    let value = allZero ? 0 : points(10)
                    let bonus = mode == "POINTS_BASED" && chance(10) ? ", \"IsBonus\": true" : ""
                    return """
                        {"RefId": "o\(o)", "Text": "Option \(o)", "Score": \(Swift.max(0, value)), \
                        "PointsConfiguration": {"PointValue": \(value)\(bonus)}\(chance(10) ? ", \"AutomaticFail\": true" : "")}
                        """
                }
                let scoring = chance(15) ? "\"ScoringConfiguration\": {\"IsExcludedFromScoring\": true}, "
                    : chance(10) ? "\"ScoringConfiguration\": {\"PointsConfiguration\": {\"IsBonus\": true}}, "
                    : chance(15) ? "\"ScoringConfiguration\": {\"PointsConfiguration\": {\"MaxPointValue\": \(int(0...12))}}, " : ""
                let weight = chance(15) ? 0 : int(1...40)
                let properties: String
                let type: String
                switch kind {
                case 0, 1, 2:
                    type = "SINGLESELECT"
                    properties = "{\"SingleSelect\": {\"Options\": [\((0..<int(1...4)).map { option($0, multi: false) }.joined(separator: ", "))]}}"
                case 3, 4:
                    type = "MULTISELECT"
                    properties = "{\"MultiSelect\": {\"Options\": [\((0..<int(1...4)).map { option($0, multi: true) }.joined(separator: ", "))]}}"
                default:
                    type = "NUMERIC"
                    // Percentage forms score a range by Score; points-based forms by PointsConfiguration.PointValue.
                    func range(_ low: Int, _ high: Int) -> String {
                        let bonus = chance(10) ? ", \"IsBonus\": true" : ""
                        return "{\"MinValue\": \(low), \"MaxValue\": \(high), \"Score\": \(Swift.max(0, points(10))), "
                            + "\"PointsConfiguration\": {\"PointValue\": \(points(10))\(bonus)}}"
                    }
                    let ranges = allZero ? "" : ", \"Options\": [\(range(0, 5)), \(range(6, 10))]"
                    properties = "{\"Numeric\": {\"MinValue\": 0, \"MaxValue\": 10\(ranges)}}"
                }
                questions.append("""
                    {"Question": {"RefId": "\(ref)", "Title": "Question \(s).\(q)", "QuestionType": "\(type)", \
                    "NotApplicableEnabled": \(chance(30)), "Weight": \(weight), \(scoring)"QuestionTypeProperties": \(properties)}}
                    """)
            }
            let weight = chance(15) ? 0 : int(1...60)
            sections.append("""
                {"Section": {"RefId": "S\(s)", "Title": "Section \(s)", "Weight": \(weight), "Items": [\(questions.joined(separator: ", "))]}}
                """)
        }
        return """
            {"EvaluationForm": {"Title": "Generated", "EvaluationFormVersion": 1, "LastModifiedTime": 1735722000, \
            "ScoringStrategy": {"Mode": "\(mode)", "Status": "ENABLED"}, "Items": [\(sections.joined(separator: ", "))]}}
            """
    }

    mutating func genesysForm() -> String {
        var groups: [String] = []
        for g in 0..<int(1...3) {
            var questions: [String] = []
            for q in 0..<int(1...4) {
                let allZero = chance(20)
                let answers = (0..<int(1...4)).map { a in
                    "{\"id\": \"a\(g)-\(q)-\(a)\", \"text\": \"Answer \(a)\", \"value\": \(allZero ? 0 : points(3))}"
                }
                let type = chance(10) ? "npsQuestion" : "multipleChoiceQuestion"
                questions.append("""
                    {"id": "q\(g)-\(q)", "text": "Question \(g) \(q)", "type": "\(type)", "naEnabled": \(chance(30)), \
                    "isKill": \(chance(15)), "isCritical": \(chance(15)), "answerOptions": [\(answers.joined(separator: ", "))]}
                    """)
            }
            let weight = chance(15) ? 0 : int(1...50)
            groups.append("""
                {"id": "g\(g)", "name": "Group \(g)", "weight": \(weight), "naEnabled": \(chance(20)), \
                "defaultAnswersToHighest": \(chance(20)), "questions": [\(questions.joined(separator: ", "))]}
                """)
        }
        let weightMode = chance(30) ? ", \"weightMode\": \"OFF\"" : ""
        return """
            {"id": "form", "name": "Generated", "modifiedDate": "2025-01-01T00:00:00Z"\(weightMode), \
            "questionGroups": [\(groups.joined(separator: ", "))]}
            """
    }
}
