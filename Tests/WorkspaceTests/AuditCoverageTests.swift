#if canImport(Glibc)
import Glibc
#endif
import Testing

/// A guard for new code: every public function of Sources/Workspace and Sources/Workbench that writes SQL
/// (INSERT, UPDATE, DELETE) appends an audit entry in its own body, or is named below with the reason it does
/// not. (The behaviour itself is tested by `Every change is audited`, which posts every form of the workbench.)
@Suite("Every write path appends an audit entry or says why not")
struct AuditCoverageTests {
    /// `file function` → why it appends no entry of its own.
    static let exceptions: [String: String] = [
        "Sources/Workbench/Accounts/SignIn.swift find": "moves a session's last-seen time; opening and ending sessions are audited",
        "Sources/Workbench/Notifications/Notifications.swift send": "sent inside the audited change that causes it",
        "Sources/Workbench/Notifications/Notifications.swift markAllRead": "a person's own reading state",
        "Sources/Workbench/Scoring/WorkspaceDraft.swift save": "drafts are work in progress; the evaluation submitted is audited",
        "Sources/Workbench/Scoring/WorkspaceDraft.swift delete": "drafts are work in progress; the evaluation submitted is audited",
        "Sources/Workspace/Audit/AuditLog.swift append": "the log itself",
        "Sources/Workbench/Privacy/Erasure.swift matchingRows": "reads only; the scan takes in the private helpers after it (the guards set aside, the chain re-hashed), which only the audited erasure calls",
        "Sources/Workspace/Retention/Pseudonym.swift set": "a settings helper: its callers (Retention.set, Retention.run) append the entry",
        "Sources/Workspace/Store/EvaluationImport.swift resolve": "adds the people an audited import or change names",
    ]

    static func swiftFiles(under folder: String) -> [String] {
        var found: [String] = []
        guard let directory = opendir(packageRoot + "/" + folder) else { return [] }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix(".") { continue }
            let path = folder + "/" + name
            if name.hasSuffix(".swift") { found.append(path) } else { found += swiftFiles(under: path) }
        }
        return found.sorted()
    }

    @Test("the public write functions found by reading the sources")
    func writePaths() throws {
        let writes = ["INSERT INTO", " SET ", "DELETE FROM", "insertMany("]
        var unaudited: [String] = []
        var checked = 0
        let files = (Self.swiftFiles(under: "Sources/Workspace") + Self.swiftFiles(under: "Sources/Workbench"))
            .filter { !$0.hasPrefix("Sources/Workspace/Database/") }  // the engines' plumbing
        for file in files {
            let text = String(decoding: try readFile(packageRoot + "/" + file), as: UTF8.self)
            var name: String?
            var body = ""
            func finish() {
                guard let name, writes.contains(where: { body.contains($0) }), body.contains("UPDATE") || !body.contains(" SET ")
                else { return }
                checked += 1
                if !body.contains("AuditLog.append") && Self.exceptions["\(file) \(name)"] == nil {
                    unaudited.append("\(file) \(name)")
                }
            }
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let trimmed = line.drop { $0 == " " }
                if trimmed.hasPrefix("public static func ") || trimmed.hasPrefix("public func ") {
                    finish()
                    let rest = trimmed.split(separator: "func ", maxSplits: 1).last ?? ""
                    name = String(rest.prefix { $0.isLetter || $0.isNumber })
                    body = ""
                }
                body += line
                body += "\n"
            }
            finish()
        }
        #expect(checked >= 20, "only \(checked) write functions found: the scan no longer reads the sources")
        #expect(unaudited.isEmpty, "public write functions without an audit entry:\n\(unaudited.joined(separator: "\n"))")
    }
}
