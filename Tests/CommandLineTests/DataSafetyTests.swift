#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// A `qa` process whose standard input stays open until it is signalled. Started the way a shell starts a
/// program — no blocked signals, default signal actions — whatever the test runner blocks in its own threads
/// (Foundation's `Process` would pass that mask on, and the signals would never arrive). Its output goes to
/// /dev/null.
final class RunningQA {
    let pid: pid_t
    private let input: Int32
    /// How it ended: the signal that ended it, or nil when it exited.
    private(set) var endingSignal: Int32?
    private(set) var exitStatus: Int32?

    init(_ arguments: [String], in folder: URL) throws {
        let binary = try #require(qaBinary)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw POSIXError(.EMFILE) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[1])
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        // sh changes into the folder, then becomes qa (exec keeps the clean signal state).
        let argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", folder.path, binary.path] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, "/bin/sh", &actions, &attributes, &cArguments, environ)
        close(fds[0])
        guard spawned == 0 else {
            close(fds[1])
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL)
        }
        pid = child
        input = fds[1]
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
    }

    /// Sends `signal` and waits for the process to end.
    func signal(_ signal: Int32) {
        kill(pid, signal)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        close(input)
        let terminating = status & 0x7f
        if terminating == 0 {
            exitStatus = (status >> 8) & 0xff
        } else {
            endingSignal = terminating
        }
    }
}

/// Waits up to 10 s for `condition`.
func eventually(_ condition: () -> Bool) -> Bool {
    for _ in 0..<1000 {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

func names(in folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
}

func permissions(_ url: URL) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions] as? Int
}

func isCharacterDevice(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR
}

/// Issue 17, "Data lost" and "Leaks": what the built `qa` does when its output would destroy something.
@Suite("Nothing lost, nothing leaked: the built executable",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct DataSafetyTests {
    let collections = repositoryRoot.appendingPathComponent("scorecards/collections-compliance.xml").path
    let inbound = repositoryRoot.appendingPathComponent("scorecards/inbound-customer-service.xml").path
    let records = repositoryRoot.appendingPathComponent("examples/collections/evaluations.csv")

    @Test("qa score --output IN.csv IN.csv (also through a link, a folder input or standard input) is refused before any work, exit 64, the input intact")
    func outputThatIsAnInput() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try Data(contentsOf: records)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("in"), withIntermediateDirectories: false)
        try original.write(to: folder.appendingPathComponent("in/in.csv"))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link.csv").path,
                                                   withDestinationPath: "in/in.csv")
        let cases: [(output: String, inputs: [String])] = [
            ("in/in.csv", ["in/in.csv"]),
            ("link.csv", ["in/in.csv"]),
            ("in/./in.csv", ["in"]),
        ]
        for (output, inputs) in cases {
            let run = try runQA(["score", "--scorecard", collections, "--format", "csv", "--output", output] + inputs,
                                stdin: "", in: folder)
            #expect(run.status == 64, "\(output): \(run.stderr)")
            #expect(run.stderr.contains("--output \(output) is also one of the inputs"), "\(run.stderr)")
            #expect(run.stderr.contains("Choose another file for --output"))
            #expect(run.stdout.isEmpty)
            #expect(try Data(contentsOf: folder.appendingPathComponent("in/in.csv")) == original)
        }
        #expect(names(in: folder) == ["in", "link.csv"])
        #expect(names(in: folder.appendingPathComponent("in")) == ["in.csv"])

        // Standard input read from the very file named by --output.
        let binary = try #require(qaBinary)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["score", "--scorecard", collections, "--format", "csv", "--output", "in/in.csv", "-"]
        process.currentDirectoryURL = folder
        process.standardInput = try FileHandle(forReadingFrom: folder.appendingPathComponent("in/in.csv"))
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        #expect(err.contains("is also one of the inputs (standard input)"), "\(err)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("in/in.csv")) == original)
    }

    @Test("qa calibrate and qa coach refuse an --output that is their input file too")
    func otherCommandsRefuseToo() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try Data(contentsOf: records)
        try original.write(to: folder.appendingPathComponent("in.csv"))
        for command in [["calibrate"], ["coach", "--all"]] {
            let run = try runQA(command + ["--scorecard", collections, "--output", "in.csv", "in.csv"], stdin: "", in: folder)
            #expect(run.status == 64, "\(command): \(run.stderr)")
            #expect(run.stderr.contains("is also one of the inputs"))
        }
        #expect(try Data(contentsOf: folder.appendingPathComponent("in.csv")) == original)
    }

    @Test("qa evaluate with a folder where its draft goes: refused before the first question, exit 3, the folder and its files kept")
    func folderAtTheDraftPath() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inside = folder.appendingPathComponent("ev.json.draft.json/sub")
        try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
        try Data("keep me\n".utf8).write(to: inside.appendingPathComponent("notes.txt"))
        let run = try runQA(["evaluate", "--scorecard", inbound, "--call", "C-1", "--agent", "A-1", "--assessor", "Q-1",
                             "--call-date", "2026-11-01", "--output", "ev.json"],
                            stdin: (firstSix + lastEight + ["y"]).joined(separator: "\n") + "\n", in: folder)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("ev.json.draft.json: error: a folder is where the draft file goes"), "\(run.stderr)")
        #expect(!run.stdout.contains("Question 1"))
        #expect(try String(contentsOf: inside.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me\n")
        #expect(names(in: folder) == ["ev.json.draft.json"])
    }

    @Test("qa evaluate when the draft cannot be written: says so and why, never that the answers are saved")
    func draftCannotBeWritten() throws {
        let folder = try temporaryFolder()
        defer {
            chmod(folder.path, 0o700)
            try? FileManager.default.removeItem(at: folder)
        }
        // A folder the draft cannot be created in: read-only for an ordinary user; root may write anywhere on
        // a normal file system, so as root /proc (which refuses new files) stands in for it.
        let output: String
        if geteuid() == 0 {
            output = "/proc/qa-test-\(getpid())/ev.json"
        } else {
            chmod(folder.path, 0o500)
            output = folder.appendingPathComponent("ev.json").path
        }
        let run = try runQA(["evaluate", "--scorecard", inbound, "--call", "C-1", "--agent", "A-1", "--assessor", "Q-1",
                             "--call-date", "2026-11-01", "--output", output], stdin: "yes\n\nq\n", in: folder)
        if geteuid() == 0 {
            // /proc/qa-test-PID does not exist, so the command refuses the --output folder before asking anything.
            #expect(run.status == 3)
            #expect(run.stderr.contains("does not exist"), "\(run.stderr)")
            let proc = try runQA(["evaluate", "--scorecard", inbound, "--call", "C-1", "--agent", "A-1", "--assessor",
                                  "Q-1", "--call-date", "2026-11-01", "--output", "/proc/ev.json"],
                                 stdin: "yes\n\nq\n", in: folder)
            try checkUnsavedDraft(proc, draft: "/proc/ev.json.draft.json")
        } else {
            try checkUnsavedDraft(run, draft: output + ".draft.json")
        }
    }

    private func checkUnsavedDraft(_ run: CommandRun, draft: String) throws {
        #expect(run.status == 1)
        #expect(run.stdout.contains("Warning: your answers could not be saved: the draft \(draft) could not be written ("),
                "\(run.stdout)")
        #expect(run.stdout.contains("Stopped. Your 1 answer could not be saved: the draft \(draft) could not be written"))
        #expect(!run.stdout.contains("are saved in the draft"))
        #expect(!run.stdout.contains("RecordInputError"))
        #expect(!run.stdout.contains("FileError"))
        #expect(!FileManager.default.fileExists(atPath: draft))
    }

    @Test("--output /dev/stdout writes the report to standard output, in place")
    func standardOutput() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try runQA(["score", "--scorecard", collections, "--format", "csv", "--output", "/dev/stdout", records.path],
                            stdin: "", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("evaluation_id,call_id,"))
        #expect(names(in: folder).isEmpty)
    }

    @Test("a device as --output is written in place and stays a device; a full one (/dev/full) is an error, exit 3")
    func devices() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var null = "/dev/null", full = "/dev/full"
        if geteuid() == 0 {
            // As root the old writer would have replaced the device: use private copies, so that a regression
            // breaks only these.
            null = folder.appendingPathComponent("null").path
            full = folder.appendingPathComponent("full").path
            #expect(mknod(null, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0)
            #expect(mknod(full, S_IFCHR | 0o666, dev_t(1 << 8 | 7)) == 0)
        }
        let toNull = try runQA(["score", "--scorecard", collections, "--format", "csv", "--output", null, records.path],
                               stdin: "", in: folder)
        #expect(toNull.status == 0, "\(toNull.stderr)")
        #expect(isCharacterDevice(null))
        let toFull = try runQA(["score", "--scorecard", collections, "--format", "csv", "--output", full, records.path],
                               stdin: "", in: folder)
        #expect(toFull.status == 3)
        #expect(toFull.stderr.contains("\(full): error: writing failed: No space left on device"), "\(toFull.stderr)")
        #expect(isCharacterDevice(full))
        let expected = geteuid() == 0 ? ["full", "null"] : []
        #expect(names(in: folder) == expected)
    }

    @Test("interrupted while writing a report (a real signal): the private temporary file is removed, the process ends by that signal",
          arguments: [SIGINT, SIGTERM, SIGHUP])
    func interruptedReport(signal: Int32) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Reading standard input that stays open: the report's temporary file exists while qa waits for records.
        let qa = try RunningQA(["score", "--scorecard", collections, "--format", "csv", "--output", "scores.csv", "-"],
                               in: folder)
        #expect(eventually { names(in: folder).contains { $0.hasPrefix(".scores.csv.tmp-") } })
        let temporary = try #require(names(in: folder).first)
        #expect(permissions(folder.appendingPathComponent(temporary)) == 0o600)
        qa.signal(signal)
        #expect(qa.endingSignal == signal)
        #expect(names(in: folder).isEmpty)
    }

    @Test("Ctrl-C in qa evaluate: ends by SIGINT (exit 130 in a shell, as documented), the draft keeps the confirmed answer, no temporary file")
    func interruptedEvaluation() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let qa = try RunningQA(["evaluate", "--scorecard", inbound, "--call", "C-1", "--agent", "A-1", "--assessor", "Q-1",
                                "--call-date", "2026-11-01", "--output", "ev.json"], in: folder)
        qa.send("yes\n\n")
        let draft = folder.appendingPathComponent("ev.json.draft.json")
        #expect(eventually { FileManager.default.fileExists(atPath: draft.path) })
        qa.signal(SIGINT)
        #expect(qa.endingSignal == SIGINT)
        #expect(names(in: folder) == ["ev.json.draft.json"])
        #expect(permissions(draft) == 0o600)
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: draft)) as? [String: Any]
        #expect((saved?["answers"] as? [String: Any])?["greeting"] as? String == "yes")
    }

    @Test("qa score --format csv: ids a spreadsheet would run as formulas get an apostrophe; negative numbers do not")
    func formulaInjection() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = try String(contentsOf: repositoryRoot.appendingPathComponent("examples/inbound/evaluations.jsonl"),
                               encoding: .utf8).split(separator: "\n").prefix(5).map(String.init)
        let hostile = ["=HYPERLINK(\\\"http://x\\\")", "+1", "-2+3", "@SUM(A1)", "\\tcmd"]
        var text = ""
        for (i, (line, id)) in zip(lines, hostile).enumerated() {
            text += line.replacingOccurrences(of: "\"agentId\":\"agent-01\"", with: "\"agentId\":\"-7\"")
                .replacingOccurrences(of: "\"id\":\"ev-00000\(i + 1)\"", with: "\"id\":\"\(id)\"") + "\n"
        }
        try text.write(to: folder.appendingPathComponent("in.jsonl"), atomically: true, encoding: .utf8)
        let run = try runQA(["score", "--scorecard", inbound, "--format", "csv", "in.jsonl"], stdin: "", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.split(separator: "\n").dropFirst().map(String.init)
        #expect(rows.count == 5)
        for row in rows {
            #expect(row.hasPrefix("'") || row.hasPrefix("\"'"), "\(row)")
        }
        #expect(rows.contains { $0.hasPrefix("\"'=HYPERLINK(\"\"http://x\"\")\",") })
        #expect(rows.contains { $0.hasPrefix("'\tcmd,") })
        // An agent id of -7 is a number to a spreadsheet, not a formula: left as it is.
        #expect(rows.contains { $0.contains(",-7,") })
    }
}

@Suite("qa evaluate --output to a stream, the built executable",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct EvaluateToStreamTests {
    @Test("--output /dev/stdout: the draft goes to CALL.draft.json in the current folder, never into /dev")
    func draftBesideTheCall() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inbound = repositoryRoot.appendingPathComponent("scorecards/inbound-customer-service.xml").path
        let run = try runQA(["evaluate", "--scorecard", inbound, "--call", "C-77", "--agent", "A-1", "--assessor", "Q-1",
                             "--call-date", "2026-11-01", "--output", "/dev/stdout"], stdin: "yes\n\nq\n", in: folder)
        #expect(run.status == 1)
        #expect(run.stdout.contains("Stopped. Your 1 answers are saved in the draft \(folder.path)/C-77.draft.json."),
                "\(run.stdout)")
        #expect(names(in: folder) == ["C-77.draft.json"])
        #expect(!FileManager.default.fileExists(atPath: "/dev/stdout.draft.json"))
    }
}
