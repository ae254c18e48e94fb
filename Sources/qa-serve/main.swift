import ArgumentParser
import Hummingbird
import Logging
import WebApp
import Workspace
#if canImport(Glibc)
import Glibc
#endif

/// `qa-serve`: the team workbench in the browser, on a workspace (`qa serve` starts this program).
@main
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa serve",
        abstract: "Serve the team workbench in the browser, on the workspace.",
        discussion: """
            Finds the workspace as every qa command does (--workspace, QA_WORKSPACE, or a .qa folder from here
            upward; --database or QA_DATABASE_URL for PostgreSQL). Sign-in accounts are added with
            'qa user add NAME --role ROLE'. Listens on 127.0.0.1 unless --host says otherwise; put it behind a
            TLS proxy (and pass --secure-cookies) before anyone reaches it over a network.
            """)

    @Option(name: .long, help: "The workspace: a project folder or its .qa folder.")
    var workspace: String?

    @Option(name: .long, help: "A PostgreSQL URL (postgres://…) for the workspace's database.")
    var database: String?

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on.")
    var port = 8080

    @Option(name: .long, help: "Database connections to keep open (requests served at once).")
    var connections = 8

    @Flag(name: .long, help: "Mark cookies Secure (the workbench is reached over HTTPS, e.g. behind a TLS proxy).")
    var secureCookies = false

    func run() async throws {
        let location: WorkspaceLocation
        let opened: Workspace
        do {
            guard let found = try WorkspaceLocation.find(named: workspace, database: database) else {
                FileHandleOutput.error("qa serve: no workspace here: run it inside a project with a workspace (qa init), "
                    + "or name one with --workspace DIR")
                throw ExitCode(3)
            }
            location = found
            opened = try Workspace.open(location, actor: "qa-serve")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandleOutput.error("qa serve: \(error)")
            throw ExitCode(3)
        }
        let pool = try WorkspacePool(primary: opened, size: max(1, connections))
        defer { pool.close() }
        let app = WorkbenchApp(pool: pool, security: SecuritySettings(secureCookies: secureCookies))
        print("The QA workbench is at http://\(host):\(port)/ (workspace \(location.folder)). Press Ctrl-C to stop.")
        try await app.application(host: host, port: port).runService()
    }
}

enum FileHandleOutput {
    static func error(_ text: String) {
        var standardError = StandardErrorStream()
        print(text, to: &standardError)
    }
}

struct StandardErrorStream: TextOutputStream {
    mutating func write(_ string: String) {
        let bytes = Array(string.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            _ = Glibc.write(2, buffer.baseAddress, buffer.count)
        }
    }
}
