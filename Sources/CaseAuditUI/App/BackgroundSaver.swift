import Dispatch
import Foundation

/// Runs saves (an fsync'd write plus a history entry, tens of milliseconds on a busy disk) and
/// the lock releases that must follow them on one serial queue, so a key that saves is answered
/// before the disk is done (product.md section 8: a key in under 16 ms). Saves keep their order;
/// a lock is let go only after every save queued before it. Each save's outcome (`.saved` or
/// `.saveFailed`) is kept, in order, for the interface to reduce; `waitForPending` lets quitting,
/// leaving an audit and signals know every outcome first.
final class BackgroundSaver: @unchecked Sendable {
    private let queue = DispatchQueue(label: "caseaudit.saves")
    private let lock = NSLock()
    private var results: [Action] = []

    func save(_ work: @escaping @Sendable () throws -> Void, done: Action,
              failed: @escaping @Sendable (Error) -> Action) {
        queue.async { [self] in
            let result: Action
            do {
                try work()
                result = done
            } catch {
                result = failed(error)
            }
            lock.lock(); results.append(result); lock.unlock()
        }
    }

    /// Runs after every save queued so far.
    func afterPendingSaves(_ work: @escaping @Sendable () -> Void) {
        queue.async(execute: work)
    }

    func waitForPending() {
        queue.sync {}
    }

    /// True when outcomes are waiting to be taken (the run loop then draws again unasked).
    var hasResults: Bool {
        lock.lock(); defer { lock.unlock() }
        return !results.isEmpty
    }

    /// Outcomes since the last call, oldest first.
    func takeResults() -> [Action] {
        lock.lock(); defer { lock.unlock() }
        defer { results = [] }
        return results
    }
}
