import CaseAuditCore
import Dispatch
import Foundation

/// The audits list's index (`ListIndex`, with every sort order and the reports' counts), built
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

    static let firstKey = SortKey.month

    /// The two halves of the index, made on two threads once the month order is out.
    private var listed: ListIndex?
    private var counted: ReportTallies?

    init(rows: [AuditFacts], measures: [Measure]) {
        let queue = DispatchQueue.global(qos: .userInitiated)
        queue.async { [self] in
            let first = ListReducer.sortOrder(rows, by: Self.firstKey)
            publish { firstOrder = first; firstOrderReady = Date() }
            queue.async { [self] in
                let tallies = ReportTallies(rows, measures: measures)
                publish { counted = tallies; assemble() }
            }
            let built = ListIndex(rows, measures: measures, known: [Self.firstKey: first],
                                  reports: ReportTallies([], measures: measures))
            publish { listed = built; assemble() }
        }
    }

    /// Puts the halves together once both are there (under the lock).
    private func assemble() {
        guard var whole = listed, let tallies = counted else { return }
        whole.reports = tallies
        listed = nil
        counted = nil
        index = whole
        indexReady = Date()
    }

    private func publish(_ change: () -> Void) {
        condition.lock()
        change()
        condition.broadcast()
        condition.unlock()
    }

    /// When the month order and the whole index were ready, waiting for the index.
    func readyTimes() -> (firstOrder: Date, index: Date) {
        _ = wait()
        condition.lock()
        defer { condition.unlock() }
        return (firstOrderReady!, indexReady!)
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
