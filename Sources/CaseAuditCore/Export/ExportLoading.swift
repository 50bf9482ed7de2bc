import Foundation

extension AuditExporter {
    /// Every readable audit in the data directory; damaged files are counted, not fatal.
    public static func load(_ directory: DataDirectory) -> AuditStore.LoadResult {
        AuditStore(directory: directory).loadAll()
    }

    /// The audit files to export, in export order, and the files that could not be read.
    /// Holds only names and sort keys, so 100,000 audits need a few megabytes, not gigabytes.
    public struct Plan: Sendable {
        public var files: [URL]
        public var problems: [Diagnostic]
    }

    /// First pass: reads each audit, keeps its sort key if it is in the month range, drops it.
    public func plan(_ directory: DataDirectory) -> Plan {
        let store = AuditStore(directory: directory)
        var keys: [(month: String, id: String, url: URL)] = []
        var problems: [Diagnostic] = []
        for url in store.auditFiles() {
            switch store.loadResult(url: url) {
            case .failure(let d): problems.append(d)
            case .success(let a):
                if includes(a) { keys.append((a.month?.description ?? "", orderID(a.id), url)) }
            }
        }
        keys.sort { ($0.month, $0.id) < ($1.month, $1.id) }
        return Plan(files: keys.map(\.url), problems: problems)
    }

    /// Second pass: reads the planned audits again one at a time and hands the text on in
    /// pieces of about 64 KB. A file that changed in between and no longer reads or fits is skipped.
    public func write(_ plan: Plan, directory: DataDirectory, to sink: (String) throws -> Void) throws {
        let store = AuditStore(directory: directory)
        let encoder = Self.jsonEncoder()
        var buffer = header()
        for url in plan.files {
            guard case .success(let a) = store.loadResult(url: url), includes(a) else { continue }
            buffer += try body(a, encoder: encoder)
            if buffer.utf8.count >= 1 << 16 {
                try sink(buffer)
                buffer = ""
            }
        }
        try sink(buffer)
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
