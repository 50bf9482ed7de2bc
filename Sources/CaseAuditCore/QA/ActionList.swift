import Foundation

/// The actions of completed audits, for `caseaudit actions` and the dashboard's overdue count.
/// Drafts are left out: their actions are not agreed until the audit is completed, and an
/// auditor's half-typed action must not show as overdue.
public struct ActionList: Sendable {
    public struct Item: Equatable, Sendable {
        public var audit: Audit
        public var index: Int
        public var action: AuditAction
    }

    public var items: [Item]

    public static let header = ["audit_id", "month", "team", "case_ref", "auditor", "action", "owner", "due",
                                "done", "done_on", "outcome", "status"]

    /// `today` is `YYYY-MM-DD`; `team` and `owner` match whole values, ignoring case and outer spaces.
    public init(audits: [Audit], today: String, overdueOnly: Bool = false, team: String? = nil, owner: String? = nil) {
        func same(_ a: String, _ b: String) -> Bool {
            a.trimmingCharacters(in: .whitespaces).lowercased() == b.trimmingCharacters(in: .whitespaces).lowercased()
        }
        var out: [Item] = []
        for a in audits where a.status == .complete {
            if let team, !same(a.team, team) { continue }
            for (i, x) in a.actions.enumerated() {
                if let owner, !same(x.who, owner) { continue }
                if overdueOnly && !x.isOverdue(today: today) { continue }
                out.append(Item(audit: a, index: i, action: x))
            }
        }
        // Earliest due first (no date last), then audit id, then the action's place in the audit.
        items = out.sorted {
            let a = $0.action.by.isEmpty ? "~" : $0.action.by, b = $1.action.by.isEmpty ? "~" : $1.action.by
            return (a, $0.audit.id, $0.index) < (b, $1.audit.id, $1.index)
        }
        self.today = today
    }

    public let today: String

    /// How many actions of completed audits are overdue on `today`.
    public static func overdueCount(_ audits: [Audit], today: String) -> Int {
        audits.reduce(0) { n, a in a.status == .complete ? n + a.actions.filter { $0.isOverdue(today: today) }.count : n }
    }

    public func table() -> QATable {
        QATable(title: "Actions", header: Self.header, rows: items.map { item in
            let x = item.action
            // A carried-over action closed with an outcome shows it; otherwise done, overdue or open.
            let status = x.outcome?.rawValue ?? (x.done ? "done" : x.isOverdue(today: today) ? "overdue" : "open")
            return [item.audit.id, item.audit.month?.description ?? "", item.audit.team, item.audit.caseRef,
                    item.audit.auditor, x.what, x.who, x.by, x.done ? "yes" : "no", x.doneOn ?? "",
                    x.outcome?.rawValue ?? "", status]
        })
    }

    /// Today's local date as `YYYY-MM-DD`.
    public static func localToday(_ now: Date = Date()) -> String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: now)
        return String(format: "%04d-%02d-%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }
}
