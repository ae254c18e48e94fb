#if canImport(Glibc)
import Glibc
#endif
import QAModel
import Records
import ScorecardFormat
import Testing
@testable import Workspace

/// The engines the workspace tests run on: SQLite always; PostgreSQL when `QA_TEST_POSTGRES_URL` names a server
/// (`.ci/run` starts one). Each test gets a fresh database.
enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    static var available: [TestEngine] {
        ProcessEnvironment.values["QA_TEST_POSTGRES_URL"].map { $0.isEmpty ? [.sqlite] : [.sqlite, .postgres] } ?? [.sqlite]
    }
}

/// A temporary folder removed at the end of the test.
final class TemporaryFolder {
    let path: String

    init() {
        var template = Array("/tmp/qa-workspace-test-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, let made = mkdtemp(base) else { return "/tmp/qa-workspace-test-fallback" }
            return String(cString: made)
        }
    }

    deinit {
        _ = system("rm -rf '\(path)'")
    }
}

/// Where the repository's files are (the package root).
let packageRoot: String = {
    var path = #filePath
    for _ in 0..<3 {
        if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
    }
    return path
}()

/// A fresh workspace on `engine`, with a fixed clock and actor.
func makeWorkspace(_ engine: TestEngine, in folder: TemporaryFolder, actor: String = "tester") throws -> Workspace {
    let clock: @Sendable () -> Timestamp = { Timestamp("2026-12-01T09:00:00Z") ?? Timestamp(secondsSinceEpoch: 0) }
    switch engine {
    case .sqlite:
        let database = try SQLiteDatabase(path: folder.path + "/workspace.sqlite")
        return try Workspace(database: database, actor: actor, now: clock)
    case .postgres:
        let database = try PostgresDatabase.freshTestDatabase(
            serverURL: ProcessEnvironment.values["QA_TEST_POSTGRES_URL"] ?? "")
        return try Workspace(database: database, actor: actor, now: clock)
    }
}

/// Loads a template file and stores it.
@discardableResult
func importTemplate(_ path: String, into workspace: Workspace) throws -> Scorecard {
    let bytes = try readFile(path)
    let result = ScorecardLoader.load(bytes: bytes, path: path)
    guard let card = result.scorecard else { throw WorkspaceError("template \(path) does not load") }
    _ = try workspace.change { session in
        try TemplateStore.add(card, xml: bytes, source: path, in: workspace, session: session)
    }
    return card
}

/// Imports every record of `path`; returns the summary and the invalid records.
func importEvaluations(_ path: String, into workspace: Workspace) throws -> (EvaluationImportSummary, [String]) {
    var invalid: [String] = []
    let summary = try workspace.change { session in
        let importer = EvaluationImporter(workspace: workspace, session: session, reason: "imported from test")
        var reader = try EvaluationReader(source: .file(path: path, format: RecordFormat(pathExtensionOf: path) ?? .jsonLines))
        while let item = try reader.next() {
            switch item {
            case .evaluation(let evaluation, let location):
                if let problem = try importer.add(evaluation, location: location) { invalid.append("\(problem)") }
            case .invalid(let problems):
                invalid.append(problems.map { "\($0)" }.joined(separator: "; "))
            }
        }
        try importer.flush()
        return importer.summary
    }
    return (summary, invalid)
}

func readFile(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else { throw WorkspaceError("cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        if n <= 0 { break }
        bytes += chunk[0..<n]
    }
    return bytes
}

func writeFile(_ path: String, _ text: String) {
    guard let file = fopen(path, "wb") else { return }
    _ = text.utf8CString.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count - 1, file) }
    fclose(file)
}
