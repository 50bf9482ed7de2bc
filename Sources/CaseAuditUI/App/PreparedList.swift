import CaseAuditCore
import Dispatch
import Foundation

/// The audits list's index (`ListIndex`, with every sort order) and the reports' counts, built
/// on another thread right after the rows load, while the first screen is drawn, so list keys
/// do not sort 100,000 rows. The list as it first opens (by month, no filter) is made first, on
/// its own, so an `l` typed the moment the dashboard shows waits for that sort only.
final class PreparedList: @unchecked Sendable {
    private let condition = NSCondition()
    private var firstOrder: [Int]?
    private var index: ListIndex?
    /// When each part was ready (for `InterfaceBenchmark`).
    private(set) var firstOrderReady: Date?
    private(set) var indexReady: Date?
    private(set) var talliesReady: Date?

    static let firstKey = SortKey.month

    private var tallies: ReportTallies?

    init(rows: [AuditFacts], measures: [Measure]) {
        let queue = DispatchQueue.global(qos: .userInitiated)
        queue.async { [self] in
            let first = ListReducer.sortOrder(rows, by: Self.firstKey)
            publish { firstOrder = first; firstOrderReady = Date() }
            // The reports' counts on a second thread: list keys need only the index.
            queue.async { [self] in
                let counted = ReportTallies(rows, measures: measures)
                publish { tallies = counted; talliesReady = Date() }
            }
            let built = ListIndex(rows, known: [Self.firstKey: first])
            publish { index = built; indexReady = Date() }
        }
    }

    private func publish(_ change: () -> Void) {
        condition.lock()
        change()
        condition.broadcast()
        condition.unlock()
    }

    /// When the month order, the whole index and the reports' counts were ready, waiting for them.
    func readyTimes() -> (firstOrder: Date, index: Date, tallies: Date) {
        _ = wait()
        _ = waitTallies()
        condition.lock()
        defer { condition.unlock() }
        return (firstOrderReady!, indexReady!, talliesReady!)
    }

    /// The reports' counts, waiting for them if they are still being made.
    func waitTallies() -> ReportTallies {
        condition.lock()
        defer { condition.unlock() }
        while tallies == nil { condition.wait() }
        return tallies!
    }

    /// The index, waiting for it if it is still being built.
    func wait() -> ListIndex {
        condition.lock()
        defer { condition.unlock() }
        while index == nil { condition.wait() }
        return index!
    }

    /// The unfiltered list sorted by `key` when that is the order made first, without waiting
    /// for the rest of the index; nil for other keys.
    func firstOrder(_ key: SortKey) -> [Int]? {
        guard key == Self.firstKey else { return nil }
        condition.lock()
        defer { condition.unlock() }
        while firstOrder == nil && index == nil { condition.wait() }
        return index?.orders[key] ?? firstOrder
    }
}
