import CaseAuditCore
import Foundation

/// The dashboard's QA line: sampled audits still awaiting moderation, and overdue actions
/// (not done, due before today). Made from the audits in full once, after the first screen;
/// then each save moves it, like the measures.
public struct QAFigures: Equatable, Sendable {
    /// Every audit id in a remembered moderation sample (`ModerationSample`).
    public var sampled: Set<String>
    /// Sampled audits not yet moderated overall.
    public var awaiting: Set<String>
    /// Overdue actions per audit id, only audits with some.
    public var overdue: [String: Int]
    /// `YYYY-MM-DD`: actions due before it are overdue.
    public var today: String
    /// Auditor-moderator pairs (`Agreement.pairs`) per completed audit with any, for the reports
    /// screen's agreement by auditor.
    public var moderationPairs: [String: [Agreement.Pair]] = [:]

    public init(audits: [Audit], sampled: [String], today: String) {
        self.sampled = Set(sampled)
        self.today = today
        awaiting = []
        overdue = [:]
        for audit in audits { update(audit) }
    }

    public var awaitingCount: Int { awaiting.count }
    public var overdueCount: Int { overdue.values.reduce(0, +) }

    /// Moves the figures for one saved audit.
    public mutating func update(_ audit: Audit) {
        if sampled.contains(audit.id) && !ModerationSample.isModerated(audit) {
            awaiting.insert(audit.id)
        } else {
            awaiting.remove(audit.id)
        }
        let n = audit.actions.filter { $0.isOverdue(today: today) }.count
        overdue[audit.id] = n == 0 ? nil : n
        let pairs = Agreement.pairs(in: Agreement.audits([audit], from: nil, to: nil))
        moderationPairs[audit.id] = pairs.isEmpty ? nil : pairs
    }

    /// Every pair, in audit id order (the order `Agreement.rows` groups them in does not matter).
    public var allPairs: [Agreement.Pair] {
        moderationPairs.keys.sorted().flatMap { moderationPairs[$0]! }
    }

    /// Reads every audit and the remembered samples; for the background after the first screen.
    /// One audit at a time: the figures keep ids and counts, never the audits (all 100,000 of
    /// them in memory at once took 1.2 GB).
    public static func load(directory: DataDirectory, today: String) -> QAFigures {
        var figures = QAFigures(audits: [], sampled: ModerationSample.sampledIDs(in: directory), today: today)
        let store = AuditStore(directory: directory)
        for url in store.auditFiles() {
            if case .success(let audit) = store.loadResult(url: url) { figures.update(audit) }
        }
        return figures
    }

    /// The day as `YYYY-MM-DD` in UTC, as action due dates are written.
    public static func day(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }
}

/// The QA figures being made on another thread; taken by the run loop when ready.
final class QAFiguresLoader: @unchecked Sendable {
    private let lock = NSLock()
    private var result: QAFigures?

    init(_ make: @escaping @Sendable () -> QAFigures) {
        DispatchQueue.global(qos: .utility).async { [self] in
            let figures = make()
            lock.lock(); result = figures; lock.unlock()
        }
    }

    var isReady: Bool { lock.lock(); defer { lock.unlock() }; return result != nil }

    func take() -> QAFigures? {
        lock.lock(); defer { lock.unlock() }
        let r = result
        result = nil
        return r
    }
}
