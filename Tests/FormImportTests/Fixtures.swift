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
    /// The answer type with its options' platform ids left out, to compare with options written in a test.
    var withoutPlatformIDs: AnswerType {
        switch self {
        case .choice(let options): return .choice(options: options.map { var plain = $0; plain.platformID = nil; return plain })
        case .multiSelect(let options, let max):
            return .multiSelect(options: options.map { var plain = $0; plain.platformID = nil; return plain }, max: max)
        default: return self
        }
    }

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
