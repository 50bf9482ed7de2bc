import CaseAuditCore
import Dispatch
import Foundation

/// Work done on another thread right after the rows load, while the first screen is drawn: the
/// audits list's index (`ListIndex`, with every sort order), then the figures the reports screen
/// (measures and grade distributions) and the dashboard's quarters open on. The list as it first opens (by month, no filter) is made
/// first, on its own, so an `l` typed the moment the dashboard shows waits for that sort only.
final class BackgroundPreparation: @unchecked Sendable {
    private let condition = NSCondition()
    private var firstOrder: [Int]?
    private var index: ListIndex?
    private var figures: Figures?

    static let firstKey = SortKey.month

    /// `keys` and `gradeKeys`: the measures' figures and the grade distributions to make.
    init(rows: [AuditFacts], measures: [Measure], figureKeys keys: [Figures.Key], gradeKeys: [Figures.Key] = []) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let first = ListReducer.sortOrder(rows, by: Self.firstKey)
            publish { firstOrder = first }
            let built = ListIndex(rows, known: [Self.firstKey: first])
            publish { index = built }
            // On the same thread: a second one beside it took the interface's own thread off the
            // CPU on two busy cores.
            var made = Figures(measures: measures)
            for grouping in Grouping.interfaceCases { made.prepareTables(grouping, rows: rows) }
            for key in keys { _ = made.measures(key, rows: rows) }
            for key in gradeKeys { _ = made.grades(key, rows: rows) }
            publish { figures = made }
        }
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
    private(set) var figuresTaken = false

    /// The figures, waiting for them if they are still being made.
    func takeFigures() -> Figures? {
        condition.lock()
        defer { condition.unlock() }
        while figures == nil && !figuresTaken { condition.wait() }
        guard !figuresTaken else { return nil }
        figuresTaken = true
        defer { figures = nil }
        return figures
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

/// The audit rows, loaded on another thread so the first screen is drawn without waiting for
/// them (at 100,000 audits the load is most of a second).
final class RowLoading: @unchecked Sendable {
    typealias Loaded = (rows: [AuditFacts], problems: [Diagnostic])
    private let condition = NSCondition()
    private var loaded: Loaded?

    init(_ load: @escaping @Sendable () -> Loaded) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let result = load()
            condition.lock()
            loaded = result
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Whether the rows are in (read by the run loop to draw again without a key).
    var isDone: Bool {
        condition.lock()
        defer { condition.unlock() }
        return loaded != nil
    }

    /// The rows, waiting for them when `wait`; nil when not waiting and not loaded yet.
    func take(wait: Bool) -> Loaded? {
        condition.lock()
        defer { condition.unlock() }
        while wait && loaded == nil { condition.wait() }
        return loaded
    }
}
