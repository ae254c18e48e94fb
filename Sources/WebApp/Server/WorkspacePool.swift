import Dispatch
import Foundation
import Workspace

/// A few open connections to the workspace, handed out one request at a time. Database calls block, so they run
/// on worker threads (`run`), never on the server's event loops; the pool's size bounds how many run at once.
public final class WorkspacePool: @unchecked Sendable {
    private var idle: [Workspace]
    private let lock = NSLock()
    private let available: DispatchSemaphore
    private let queue = DispatchQueue(label: "qa.workbench.database", qos: .userInitiated, attributes: .concurrent)
    /// The first connection (kept for reading settings and for closing).
    public let primary: Workspace

    /// Opens `size` connections: `primary` and `size - 1` more to the same database.
    public init(primary: Workspace, size: Int) throws {
        self.primary = primary
        var all = [primary]
        for _ in 1..<max(1, size) {
            all.append(try Workspace(database: try primary.database.openAnother(), location: primary.location,
                                     actor: primary.actor, now: primary.now))
        }
        idle = all
        available = DispatchSemaphore(value: all.count)
    }

    /// Runs `body` with a connection of its own, on a worker thread.
    public func run<T: Sendable>(_ body: @escaping @Sendable (Workspace) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                self.available.wait()
                self.lock.lock()
                let workspace = self.idle.removeLast()
                self.lock.unlock()
                let result = Result { try body(workspace) }
                self.lock.lock()
                self.idle.append(workspace)
                self.lock.unlock()
                self.available.signal()
                continuation.resume(with: result)
            }
        }
    }

    deinit { close() }

    /// Closes every connection (when the server stops).
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        for workspace in idle { workspace.close() }
        idle = []
    }
}
