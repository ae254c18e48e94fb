import Foundation

/// Runs postgres-nio's async calls for synchronous callers (the workspace's API is synchronous, as the CLI is).
///
/// The caller's thread blocks on a semaphore while the async work runs as a `Task` whose executor preference
/// is this bridge's own thread, never Swift's cooperative pool. So it cannot deadlock when the caller is
/// itself a pool thread (a test, or any async context that calls the synchronous API): the work never waits
/// for the threads it is blocking. The caller may be any thread (the main thread, a background `Thread` as
/// `StoredEvaluations.stream` uses); the NIO event loops do the I/O, this thread only runs the short steps
/// between awaits. One bridge serves every `PostgresDatabase` in the process and lives as long as it.
final class BlockingBridge: TaskExecutor, @unchecked Sendable {
    static let shared = BlockingBridge()

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    /// Set once, before any job runs.
    private nonisolated(unsafe) var thread: Thread?

    private init() {
        let thread = Thread { [self] in self.runJobs() }
        thread.name = "qa-postgres"
        self.thread = thread
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func runJobs() {
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }

    /// Runs `operation` to its end and returns its result or throws its error, blocking the calling thread.
    /// Must not be called from this bridge's own thread (nothing in the workspace does: only tasks run there).
    func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        if let thread, Thread.current === thread {
            // Blocking here would wait for this very thread: refuse rather than hang.
            throw DatabaseError("a PostgreSQL call was made from the workspace's own connection thread (a bug in qa: report it)")
        }
        let outcome = Outcome<T>()
        Task(executorPreference: self) {
            let result: Result<T, any Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            outcome.set(result)
        }
        return try outcome.wait().get()
    }
}

/// The result of one bridged call, handed from the task to the waiting thread.
private final class Outcome<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, any Error>?

    func set(_ value: Result<T, any Error>) {
        result = value
        done.signal()
    }

    func wait() -> Result<T, any Error> {
        done.wait()
        // The semaphore orders the write before this read.
        return result ?? .failure(DatabaseError("the database call ended without a result"))
    }
}
