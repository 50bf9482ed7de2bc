import Foundation

extension AuditIndex {
    /// What `report` and `grades` count: the same audits, by the same never-stale rules, as
    /// `load(directory:catalog:watch:)`, but as columns. When nothing changed since the cache
    /// was written (same listing and keys, or the watcher vouching; every file cached) they are
    /// read straight from the cache's bytes without making facts; otherwise (a changed, new,
    /// damaged or too fresh file, no cache) they are made from `load`'s facts.
    public static func loadReportColumns(directory: DataDirectory, catalog: TemplateCatalog, watch: WatchClient? = nil)
        -> (columns: ReportColumns, problems: [Diagnostic]) {
        let sections: @Sendable (TemplateRef) -> [String]? = { catalog.template($0)?.sections.map(\.id) }
        let run = loadReportColumnsCounting(directory: directory, sectionsFor: sections, watch: watch)
        return (run.columns, run.problems)
    }

    /// As `loadReportColumns`, also saying whether the columns came from the cache's bytes.
    static func loadReportColumnsCounting(directory: DataDirectory, sectionsFor sections: @escaping @Sendable (TemplateRef) -> [String]?,
                                          watch: WatchClient? = nil, now: Date = Date())
        -> (columns: ReportColumns, problems: [Diagnostic], fromCache: Bool) {
        let request = ColumnsRequest()
        _ = loadCounting(directory: directory, sectionsFor: sections, now: now, watch: watch, columns: request)
        if let (columns, problems) = request.result { return (columns, problems, true) }
        let run = loadCounting(directory: directory, sectionsFor: sections, now: now, factsAlongside: sections, watch: watch)
        return (ReportColumns(run.facts), run.problems, false)
    }
}

/// Asks `AuditIndex.loadCounting` for report columns instead of facts; `result` stays nil
/// unless the warm path applied.
final class ColumnsRequest {
    var result: (columns: ReportColumns, problems: [Diagnostic])?
}
