import Dispatch
import Foundation

/// Runs saves (an fsync'd write plus a history entry, tens of milliseconds on a busy disk) and
/// the lock releases that must follow them on one serial queue, so a key that saves is answered
/// before the disk is done (product.md section 8: a key in under 16 ms). Saves keep their order;
/// a lock is let go only after every save queued before it. Failures are kept for the interface
/// to show on its next key; `waitForPending` lets quitting and signals finish every save first.
final class BackgroundSaver: @unchecked Sendable {
    private let queue = DispatchQueue(label: "caseaudit.saves")
    private let lock = NSLock()
    private var failures: [String] = []

    func save(_ work: @escaping @Sendable () throws -> Void, describe: @escaping @Sendable (Error) -> String) {
        queue.async { [self] in
            do { try work() } catch {
                let message = describe(error)
                lock.lock(); failures.append(message); lock.unlock()
            }
        }
    }

    /// Runs after every save queued so far.
    func afterPendingSaves(_ work: @escaping @Sendable () -> Void) {
        queue.async(execute: work)
    }

    func waitForPending() {
        queue.sync {}
    }

    /// Failures since the last call, oldest first.
    func takeFailures() -> [String] {
        lock.lock(); defer { lock.unlock() }
        defer { failures = [] }
        return failures
    }
}
