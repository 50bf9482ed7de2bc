import Foundation

/// `caseaudit escalations`: the audits whose escalation question is answered Yes, from the facts.
public struct EscalationList: Sendable {
    public var rows: [AuditFacts]

    /// Open ones only with `openOnly`, else open and resolved; oldest month first, as
    /// `Escalation.open` orders them.
    public init(_ facts: [AuditFacts], openOnly: Bool) {
        rows = facts.filter { openOnly ? $0.escalation == .open : $0.escalation != .none }
            .sorted { ($0.month?.description ?? "", $0.id) < ($1.month?.description ?? "", $1.id) }
    }

    static func state(_ f: AuditFacts) -> String {
        if case .resolved(let day) = f.escalation { return "resolved \(day)" }
        return "open"
    }

    /// A table, then `2 open, 1 resolved`.
    public var text: String {
        let open = rows.filter { $0.escalation == .open }.count
        let summary = "\(open) open, \(rows.count - open) resolved"
        guard !rows.isEmpty else { return summary + "\n" }
        let header = ["Audit", "Month", "Team", "Auditor", "Case ref", "Status", "Escalation"]
        // Names come from audit files: control characters are shown, never sent to the terminal.
        let body = rows.map { f in
            [f.id, f.month?.description ?? "", f.team, f.auditor, f.caseRef, f.status.rawValue, Self.state(f)].map(TableRenderer.safe)
        }
        return TableRenderer.align([header] + body, rightAligned: []) + "\n" + summary + "\n"
    }
}
