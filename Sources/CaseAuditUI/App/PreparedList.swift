import CaseAuditCore
import Dispatch
import Foundation

/// The audits list's index (`ListIndex`, with every sort order and the reports' counts), built on another thread right
/// after the rows load, while the first screen is drawn: the first `l` then finds it ready
/// instead of sorting 100,000 rows on the key path.
final class PreparedList: @unchecked Sendable {
    private let condition = NSCondition()
    private var index: ListIndex?

    init(rows: [AuditFacts], measures: [Measure]) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let built = ListIndex(rows, measures: measures)
            condition.lock()
            index = built
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The index, waiting for it if it is still being built.
    func wait() -> ListIndex {
        condition.lock()
        defer { condition.unlock() }
        while index == nil { condition.wait() }
        return index!
    }
}
