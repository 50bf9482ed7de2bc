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
    /// When each part was ready, for `InterfaceBenchmark`, which keeps only this: holding the
    /// whole PreparedList would keep a second reference to the index and make the first save copy it.
    let times = ReadyTimes()

    static let firstKey = SortKey.month

    private var tallies: ReportTallies?

    init(rows: [AuditFacts], measures: [Measure]) {
        Self.inBackground { [self] in
            let first = ListReducer.sortOrder(rows, by: Self.firstKey)
            publish { firstOrder = first }
            times.mark(\.firstOrder)
            let built = ListIndex(rows, known: [Self.firstKey: first])
            publish { index = built }
            times.mark(\.index)
            // Then the reports' counts, on the same thread: a second one beside it took the
            // interface's own thread off the CPU on two busy cores (keys of 17-28 ms in tmux).
            let counted = ReportTallies(rows, measures: measures)
            publish { tallies = counted }
            times.mark(\.tallies)
        }
    }

    /// Runs `work` on another thread. (Lowering its priority was tried: on this shared, busy
    /// machine the index then came later and more keys waited for it than were sped up.)
    private static func inBackground(_ work: @escaping @Sendable () -> Void) {
        DispatchQueue.global(qos: .userInitiated).async(execute: work)
    }

    private func publish(_ change: () -> Void) {
        condition.lock()
        change()
        condition.broadcast()
        condition.unlock()
    }

    /// Set once a part has been handed over. It is handed over, not shared: a second reference
    /// would make the first save copy all of it. A second taker (a discarded copy of the state
    /// took it first) gets nil and makes its own from the rows.
    private var indexTaken = false
    private var talliesTaken = false

    /// The reports' counts, waiting for them if they are still being made.
    func takeTallies() -> ReportTallies? {
        condition.lock()
        defer { condition.unlock() }
        while tallies == nil && !talliesTaken { condition.wait() }
        guard !talliesTaken else { return nil }
        talliesTaken = true
        defer { tallies = nil }
        return tallies
    }

    /// The index, waiting for it if it is still being built.
    func takeIndex() -> ListIndex? {
        condition.lock()
        defer { condition.unlock() }
        while index == nil && !indexTaken { condition.wait() }
        guard !indexTaken else { return nil }
        indexTaken = true
        defer { index = nil }
        return index
    }

    /// The unfiltered list sorted by `key` when that is the order made first, without waiting
    /// for the rest of the index; nil for other keys.
    func firstOrder(_ key: SortKey) -> [Int]? {
        guard key == Self.firstKey else { return nil }
        condition.lock()
        defer { condition.unlock() }
        while firstOrder == nil { condition.wait() }
        return firstOrder
    }
}

/// When the parts of a `PreparedList` were ready.
final class ReadyTimes: @unchecked Sendable {
    struct Times { var firstOrder: Date?, index: Date?, tallies: Date? }
    private let condition = NSCondition()
    private var times = Times()

    func mark(_ part: WritableKeyPath<Times, Date?>) {
        condition.lock()
        times[keyPath: part] = Date()
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until every part is ready.
    func all() -> (firstOrder: Date, index: Date, tallies: Date) {
        condition.lock()
        defer { condition.unlock() }
        while times.firstOrder == nil || times.index == nil || times.tallies == nil { condition.wait() }
        return (times.firstOrder!, times.index!, times.tallies!)
    }
}
