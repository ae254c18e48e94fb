import Foundation
import Testing

/// `--output` pointing somewhere a file cannot go: the command says so before doing the work, exits 3, names the
/// path once, and leaves nothing behind.
@Suite("--output that cannot be written, the built executable",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct OutputPathTests {
    let inbound = repositoryRoot.appendingPathComponent("scorecards/inbound-customer-service.xml").path
    let examples = repositoryRoot.appendingPathComponent("examples/inbound/evaluations.jsonl").path

    @Test("qa score --output FOLDER: exit 3, 'this is a folder', no temporary file left in the folder")
    func scoreIntoAFolder() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("reports"),
                                                withIntermediateDirectories: false)
        let run = try runQA(["score", "--scorecard", inbound, "--output", "reports", examples], stdin: "", in: folder)
        #expect(run.status == 3)
        #expect(run.stderr.contains("reports: error: this is a folder; give a file name"))
        // The path is named once, not repeated inside the reason.
        #expect(run.stderr.components(separatedBy: "reports").count == 3, "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["reports"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("reports").path).isEmpty)
    }

    @Test("qa evaluate --output FOLDER is refused before the first question, and no draft is written beside it")
    func evaluateIntoAFolder() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("done"), withIntermediateDirectories: false)
        let run = try runQA(["evaluate", "--scorecard", inbound, "--call", "C-1", "--agent", "A-1", "--assessor", "Q-1",
                             "--output", "done"], stdin: "yes\n\n", in: folder)
        #expect(run.status == 3)
        #expect(run.stderr.contains("done: error: this is a folder; give --output a file name, e.g. done/C-1.json"))
        #expect(!run.stdout.contains("Question 1"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["done"])
    }

    @Test("qa sample --output under a file: exit 3 with a message a user can act on (no Cocoa error number)")
    func sampleUnderAFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data().write(to: folder.appendingPathComponent("notes"))
        let run = try runQA(["sample", "--scorecard", inbound, "--evaluations", "10", "--output", "notes/set"],
                            stdin: "", in: folder)
        #expect(run.status == 3)
        #expect(run.stderr.contains("notes/set: error: cannot create this folder"))
        #expect(!run.stderr.contains("NSCocoaErrorDomain"))
    }
}

/// Standard input that is closed (a script run with `<&-`): a message that says what to do, exit 3.
@Suite("closed standard input, the built executable",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct ClosedStandardInputTests {
    @Test("qa score - with standard input closed: exit 3, 'standard input is closed', no crash")
    func scoreFromClosedStandardInput() throws {
        let binary = try #require(qaBinary)
        let inbound = repositoryRoot.appendingPathComponent("scorecards/inbound-customer-service.xml").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \"$0\" score --scorecard \"$1\" - <&-", binary.path, inbound]
        let errors = Pipe(), output = Pipe()
        process.standardError = errors
        process.standardOutput = output
        try process.run()
        _ = output.fileHandleForReading.readDataToEndOfFile()
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 3)
        #expect(err.contains("-: error: standard input is closed; pipe the evaluations in"), "\(err)")
    }
}

/// `qa scorecard import` checks the template it made before writing it (issue 17).
@Suite("qa scorecard import writes only valid templates, the built executable",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct ImportValidityCommandTests {
    let forms = repositoryRoot.appendingPathComponent("Tests/Fixtures/forms")

    @Test("a cyclic condition: exit 1, the circle listed, no file written")
    func cyclicConditionWritesNothing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let form = forms.appendingPathComponent("connect/cyclic-condition.json").path
        let run = try runQA(["scorecard", "import", "--from", "connect", form, "--output", "t.xml"], stdin: "", in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: $: the imported template would not be valid: conditions go round in a circle"))
        #expect(run.stderr.contains("no template written"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        // Printed to standard output instead: nothing printed either.
        let printed = try runQA(["scorecard", "import", "--from", "connect", form], stdin: "", in: folder)
        #expect(printed.status == 1)
        #expect(printed.stdout.isEmpty)
    }

    @Test("titles with --> and control characters: exit 1 (listed), and the written template validates")
    func hostileTitlesStillValidate() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let form = forms.appendingPathComponent("genesys/hostile-text.json").path
        let run = try runQA(["scorecard", "import", "--from", "genesys", form, "--output", "t---> x.xml"], stdin: "", in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("not exact: control characters in "))
        let check = try runQA(["scorecard", "validate", "t---> x.xml"], stdin: "", in: folder)
        #expect(check.status == 0, "\(check.stderr)")
    }
}
