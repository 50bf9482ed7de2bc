import Foundation

extension AuditExporter {
    /// Every readable audit in the data directory; damaged files are counted, not fatal.
    public static func load(_ directory: DataDirectory) -> AuditStore.LoadResult {
        AuditStore(directory: directory).loadAll()
    }

    /// One warning for all the audit files that could not be read, or nil when there were none.
    public static func damagedWarning(_ problems: [Diagnostic], directory: DataDirectory) -> Diagnostic? {
        guard !problems.isEmpty else { return nil }
        let n = problems.count
        return .warning(directory.audits.path,
                        "\(n) audit file\(n == 1 ? "" : "s") could not be read and \(n == 1 ? "is" : "are") left out of the export",
                        remedy: "run `caseaudit validate` to see why")
    }
}
