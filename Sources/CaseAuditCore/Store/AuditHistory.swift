import Foundation

/// The change history of audits, `DATA/history/<id>.jsonl`: one hash-chained entry a line,
/// appended by `AuditRepository.save`. See docs/reliability.md.
public struct AuditHistory: Sendable {
    public let directory: DataDirectory

    public init(directory: DataDirectory) { self.directory = directory }

    public func file(_ id: String) -> URL {
        directory.history.appendingPathComponent("\(id).jsonl")
    }

    /// The entries that can be read, oldest first; `verify` says whether they can be trusted.
    /// Throws `CaseAuditError` (66) when the audit has no history.
    public func entries(_ id: String) throws -> [HistoryEntry] {
        let url = file(id)
        try DataDirectory.refuseLink(directory.history)
        guard AuditStore.isValidID(id), let data = try AtomicFile.readOwnFile(url) else {
            throw CaseAuditError(.noInput, file: url.path, "no history for audit \"\(id)\"",
                                 remedy: "check the audit id; audits saved by caseaudit get a history on their next save")
        }
        let parsed = HistoryLines(data)
        var lines = parsed.lines
        if let tail = parsed.tornTail {
            lines.append(HistoryLines.parse(tail, number: lines.count + 1))
        }
        return lines.compactMap(\.entry)
    }

    /// Checks one audit's history: every line unedited and in the chain, and the audit file as the
    /// last entry left it. Returns at most one error (the first broken entry, with its line
    /// number) and warnings for changes made outside caseaudit.
    public func verify(_ id: String) -> [Diagnostic] {
        verify(id, reportingAuditFile: true)
    }

    /// `reportingAuditFile: false` leaves a link or unreadable audit file to the caller, which
    /// reports it once among the audit files (`validate`).
    func verify(_ id: String, reportingAuditFile: Bool) -> [Diagnostic] {
        let url = file(id)
        let auditURL = directory.auditFile(id)
        let auditData: Data?
        let data: Data?
        do {
            try DataDirectory.refuseLink(directory.history)
            data = try AtomicFile.readOwnFile(url)
        } catch let e as CaseAuditError {
            return [e.diagnostic]
        } catch {
            return [.error(url.path, "\(error)")]
        }
        do {
            auditData = try AtomicFile.readOwnFile(auditURL)
        } catch let e as CaseAuditError {
            return reportingAuditFile ? [e.diagnostic] : []
        } catch {
            return []
        }
        guard let data else {
            if auditData != nil {
                return [.warning(auditURL.path, "has no history (made outside caseaudit, or its history file was deleted)",
                                 remedy: "the next save through caseaudit starts one")]
            }
            return []
        }
        var parsed = HistoryLines(data)
        if let tail = parsed.tornTail, parsed.tailIsWholeEntry {
            // Only the newline is missing: a write cut short at its last byte. The entry counts.
            parsed.lines.append(HistoryLines.parse(tail, number: parsed.lines.count + 1))
            parsed.tornTail = nil
        }
        if let broken = HistoryChain.firstBreak(in: parsed.lines, file: url.path) { return [broken] }
        var problems: [Diagnostic] = []
        if parsed.tornTail != nil {
            problems.append(.warning(url.path, line: parsed.lines.count + 1,
                                     "the last entry was cut short by an interrupted save",
                                     remedy: "the next save of this audit repairs it and records the change"))
        }
        guard let last = parsed.lines.last?.entry else {
            if parsed.lines.isEmpty && parsed.tornTail == nil {
                problems.append(.warning(url.path, "the history file is empty", remedy: "the next save starts it again"))
            }
            return problems
        }
        if last.action == .delete {
            // Deleted on purpose through caseaudit: no file is expected, and one found again
            // (a restored backup) is recorded by its next save.
            if auditData != nil {
                problems.append(.warning(auditURL.path, "was deleted through caseaudit (history entry #\(last.seq), \(HistoryEntry.isoString(last.at)) by \(last.user)) but is back: a restored backup or a copy",
                                         remedy: "remove it if it should stay deleted; otherwise its next save records it in the history"))
            }
        } else if let auditData {
            if SHA256.hex(auditData) != last.digest {
                problems.append(.warning(auditURL.path,
                    "changed outside caseaudit since history entry #\(last.seq) (\(HistoryEntry.isoString(last.at)) by \(last.user)): a hand edit, a restored backup or an interrupted save",
                    remedy: "check the file with `caseaudit validate`; the next save records the change in the history"))
            }
        } else {
            problems.append(.warning(auditURL.path, "the audit file is missing but has a history (\(url.path))",
                                     remedy: "restore the audit file from a backup, or move its history away if it was deleted on purpose"))
        }
        return problems
    }

    /// Verifies every history file and every audit file's history, for `caseaudit validate`.
    /// Audits without any history are counted in one warning rather than one each.
    public func verifyAll() -> [Diagnostic] {
        let fm = FileManager.default
        do {
            try DataDirectory.refuseLink(directory.history)
        } catch let e as CaseAuditError {
            return [e.diagnostic]
        } catch {}
        let historyNames = Set((try? fm.contentsOfDirectory(atPath: directory.history.path)) ?? [])
            .filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") }
        let auditNames = Set((try? fm.contentsOfDirectory(atPath: directory.audits.path)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
        var ids = Set(historyNames.map { String($0.dropLast(6)) })
        var withoutHistory = 0
        for name in auditNames {
            let id = String(name.dropLast(5))
            if !ids.contains(id) { withoutHistory += 1 }
        }
        ids = ids.filter { AuditStore.isValidID($0) }
        var problems: [Diagnostic] = []
        for id in ids.sorted() { problems += verify(id, reportingAuditFile: false) }
        if withoutHistory > 0 {
            problems.append(.warning(directory.audits.path,
                "\(withoutHistory) audit file\(withoutHistory == 1 ? " has" : "s have") no history (made by `caseaudit demo`, copied in, or their history was deleted)",
                remedy: "the next save of each through caseaudit starts its history"))
        }
        return problems
    }
}

extension HistoryEntry {
    static func isoString(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
