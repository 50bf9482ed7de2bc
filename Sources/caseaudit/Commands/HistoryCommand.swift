import ArgumentParser
import CaseAuditCore
import Foundation

/// `caseaudit history AUDIT_ID [--verify]`: who changed an audit, when, what and why.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show an audit's change history, or check that it has not been tampered with.",
        discussion: """
            Every save appends one entry to DATA/history/AUDIT_ID.jsonl: when, who, what (create, update, \
            complete, amend, import, moderate, delete), the reason for changing a completed audit, and each \
            field that changed. Entries are hash-chained, so an edited, removed or reordered entry is found \
            by --verify (exit 65, naming the line).

            Examples:
              caseaudit history 2018-12-0a1b2c3d
              caseaudit history 2018-12-0a1b2c3d --verify --data /shared/audits
            """
    )

    @Argument(help: "The audit id, as shown in the audits list and in exports.")
    var auditID: String

    @Flag(name: .long, help: "Check the hash chain and that the audit file is as its last entry left it.")
    var verify = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        try reportingErrors {
            try checkAuditID(auditID)
            let directory = try common.existingDataDirectory()
            let history = AuditHistory(directory: directory)
            if verify {
                try runVerify(history)
                return
            }
            let entries = try history.entries(auditID)
            print(HistoryText.render(entries, id: auditID))
            let problems = history.verify(auditID)
            for p in problems { printError(p.description) }
            if problems.hasErrors {
                printError("caseaudit: the history above cannot be trusted; run `caseaudit history \(auditID) --verify`")
            }
        }
    }

    private func runVerify(_ history: AuditHistory) throws {
        let store = AuditStore(directory: history.directory)
        // A link counts as there: verify names it rather than calling the history missing.
        let hasHistory = FileManager.default.fileExists(atPath: history.file(auditID).path) || AtomicFile.isLink(history.file(auditID))
        guard hasHistory || store.exists(auditID) else {
            throw CaseAuditError(.noInput, file: history.file(auditID).path, "no audit and no history with id \"\(auditID)\"",
                                 remedy: "check the audit id and --data")
        }
        let problems = history.verify(auditID)
        if problems.hasErrors { throw DiagnosticsError(problems, status: .dataError) }
        for p in problems { printError(p.description) }
        let count = hasHistory ? ((try? history.entries(auditID).count) ?? 0) : 0
        print("\(auditID): history verified, \(count) entr\(count == 1 ? "y" : "ies"), chain intact\(problems.isEmpty ? "" : " (see warnings)")")
    }
}

/// The history as people read it.
enum HistoryText {
    static func render(_ entries: [HistoryEntry], id: String) -> String {
        var lines = ["History of \(id): \(entries.count) entr\(entries.count == 1 ? "y" : "ies")"]
        let when = DateFormatter()
        when.locale = Locale(identifier: "en_GB")
        when.dateFormat = "yyyy-MM-dd HH:mm"
        for e in entries {
            lines.append("")
            var head = "#\(e.seq)  \(when.string(from: e.at))  \(e.action.rawValue)  by \(e.user)"
            if let reason = e.reason { head += "  reason: \(quote(reason))" }
            lines.append(head)
            for c in e.changes {
                lines.append("    \(c.field): \(c.from.map(quote) ?? "(none)") -> \(c.to.map(quote) ?? "(none)")")
            }
            if e.changes.isEmpty { lines.append("    (no field changed)") }
        }
        // Users, reasons and values come from files: no control character reaches the terminal.
        return TerminalText.safe(lines.joined(separator: "\n"), multiline: true)
    }

    /// One line per change: newlines in notes are shown as \n, other controls as <U+XXXX>.
    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r") + "\""
    }
}
