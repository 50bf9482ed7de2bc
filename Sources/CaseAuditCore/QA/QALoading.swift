import Foundation

/// Loading for the QA commands (agreement, actions, sample): every readable audit, and one warning
/// naming how many files could not be read and were left out, so a damaged file never stops a
/// QA lead's list but never disappears silently either.
public enum QALoading {
    public static func load(_ directory: DataDirectory) -> (audits: [Audit], warning: Diagnostic?) {
        let loaded = AuditStore(directory: directory).loadAll()
        guard !loaded.problems.isEmpty else { return (loaded.audits, nil) }
        let n = loaded.problems.count
        return (loaded.audits, .warning(directory.audits.path,
            "\(n) audit file\(n == 1 ? "" : "s") could not be read and \(n == 1 ? "is" : "are") left out",
            remedy: "run `caseaudit validate` to see why"))
    }
}
