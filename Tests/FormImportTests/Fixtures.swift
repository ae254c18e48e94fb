import Foundation
import Testing
@testable import FormImport
import QAModel

/// Test fixtures live in `Tests/Fixtures/forms/` (see the README there for the published models they follow).
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/forms")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }
}

extension Scorecard {
    func section(_ id: String) -> Section? { sections.first { $0.id == id } }
}

extension AnswerType {
    var choiceOptions: [ChoiceOption] {
        switch self {
        case .choice(let options), .multiSelect(let options, _): return options
        default: return []
        }
    }
}

/// Imports inline JSON, returning the problems it raises (empty when it imports).
func problems(_ json: String, from platform: FormPlatform) -> [ImportProblem] {
    do {
        _ = try FormImporter.importForm(Data(json.utf8), from: platform)
        return []
    } catch {
        return error.problems
    }
}
