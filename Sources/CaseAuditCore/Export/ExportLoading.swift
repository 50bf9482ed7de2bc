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

    /// The order comes from the index (its log in .cache: no audit file is opened on a warm
    /// run), so each file is read once, in the second pass.
    public func plan(_ directory: DataDirectory) -> Plan {
        let (facts, problems) = AuditIndex.load(directory: directory, sectionsFor: { _ in [] })
        let keys = facts.filter { f in
            if options.from == nil && options.to == nil { return true }
            guard let m = f.month else { return false }
            return (options.from.map { m >= $0 } ?? true) && (options.to.map { m <= $0 } ?? true)
        }.map { (month: $0.month?.description ?? "", order: orderID($0.id), id: $0.id) }
            .sorted { ($0.month, $0.order) < ($1.month, $1.order) }
        return Plan(files: keys.map { directory.auditFile($0.id) }, problems: problems.errors)
    }

    /// Second pass: reads the planned audits on every core, a batch at a time, and hands the
    /// text on in order, so memory holds one batch, never every audit. A file that changed in
    /// between and no longer reads or fits is skipped.
    public func write(_ plan: Plan, directory: DataDirectory, to sink: (String) throws -> Void) throws {
        let store = AuditStore(directory: directory)
        try sink(header())
        let batch = 512
        for start in stride(from: 0, to: plan.files.count, by: batch) {
            let files = Array(plan.files[start..<min(start + batch, plan.files.count)])
            let texts = Parallel.map(files.count) { i -> Result<String, Error> in
                guard case .success(let a) = store.loadResult(url: files[i]), includes(a) else { return .success("") }
                return .success(body(a))
            }
            try sink(try texts.map { try $0.get() }.joined())
        }
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
