import Foundation
import Testing

/// Where the workspace of a concurrency test lives: SQLite always; PostgreSQL when `.ci/run` started a server.
enum CommandLineEngine: String, CaseIterable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }

    static var available: [CommandLineEngine] {
        (ProcessInfo.processInfo.environment["QA_TEST_POSTGRES_URL"] ?? "").isEmpty ? [.sqlite] : [.sqlite, .postgres]
    }

    /// `qa init` arguments for a new workspace on this engine (PostgreSQL: a new database on the test server).
    func initArguments() throws -> [String] {
        switch self {
        case .sqlite: return ["init"]
        case .postgres:
            let server = ProcessInfo.processInfo.environment["QA_TEST_POSTGRES_URL"] ?? ""
            let name = "qa_cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let psql = Process()
            psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
            psql.arguments = [server, "-q", "-c", "CREATE DATABASE \(name)"]
            try psql.run()
            psql.waitUntilExit()
            #expect(psql.terminationStatus == 0)
            guard let slash = server.lastIndex(of: "/") else { return ["init"] }
            return ["init", "--database", String(server[..<slash]) + "/" + name]
        }
    }
}

/// A `qa` process started without waiting for it.
struct BackgroundQA {
    let process: Process
    let output: Pipe
    let errorFile: URL

    init(_ arguments: [String], stdin: String, in folder: URL) throws {
        let binary: URL = try #require(qaBinary)
        process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let input = Pipe()
        output = Pipe()
        errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("qa-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
    }

    func wait() throws -> CommandRun {
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let err = (try? Data(contentsOf: errorFile)) ?? Data()
        try? FileManager.default.removeItem(at: errorFile)
        return CommandRun(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                          stderr: String(decoding: err, as: UTF8.self))
    }
}

@Suite("the workspace with several processes at once",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct WorkspaceConcurrencyTests {
    @Test("two imports and two evaluations at once lose nothing, and the audit chain stays whole",
          arguments: CommandLineEngine.available)
    func importsAndEvaluationsAtOnce(engine: CommandLineEngine) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let made = try runQA(try engine.initArguments(), stdin: "", in: folder)
        #expect(made.status == 0, "\(made.stderr)")
        let root = repositoryRoot.path
        let templates = try runQA(["import", root + "/scorecards"], stdin: "", in: folder)
        #expect(templates.status == 0, "\(templates.stderr)")

        let answers = (firstSix + lastEight + ["y"]).joined(separator: "\n") + "\n"
        let processes = [
            try BackgroundQA(["import", root + "/examples/inbound/evaluations.jsonl", root + "/examples/inbound/calls.csv"],
                          stdin: "", in: folder),
            try BackgroundQA(["import", root + "/examples/collections/evaluations.csv", root + "/examples/collections/calls.csv"],
                          stdin: "", in: folder),
            try BackgroundQA(["evaluate", "--scorecard", "inbound-customer-service", "--call", "call-7001", "--agent", "agent-01",
                           "--assessor", "assessor-1", "--call-date", "2025-03-20"], stdin: answers, in: folder),
            try BackgroundQA(["evaluate", "--scorecard", "inbound-customer-service", "--call", "call-7002", "--agent", "agent-02",
                           "--assessor", "assessor-2", "--call-date", "2025-03-20"], stdin: answers, in: folder),
            try BackgroundQA(["import", root + "/examples/technical-support/evaluations.jsonl"], stdin: "", in: folder),
        ]
        for running in processes {
            let run = try running.wait()
            #expect(run.status == 0, "\(running.process.arguments ?? []): \(run.stderr)")
        }
        let exported = try runQA(["export", "--purpose", "all"], stdin: "", in: folder)
        #expect(exported.status == 0, "\(exported.stderr)")
        let records = exported.stdout.split(separator: "\n")
        #expect(records.count == 240 * 3 + 2)
        #expect(records.contains { $0.contains("\"callId\":\"call-7001\"") })
        #expect(records.contains { $0.contains("\"callId\":\"call-7002\"") })
        let calls = try runQA(["export", "--calls"], stdin: "", in: folder)
        #expect(calls.stdout.split(separator: "\n").count == 1 + 120 + 120)
        let audit = try runQA(["audit", "verify"], stdin: "", in: folder)
        #expect(audit.status == 0, "\(audit.stderr)")
        // 2 migrations (schema versions 1 and 2) + 3 templates + 722 evaluations + 240 calls, every one in the chain.
        #expect(audit.stdout.contains("intact: \(2 + 3 + 722 + 240) entries"))
    }
}
