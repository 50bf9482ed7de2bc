import Foundation

extension AuditIndex {
    /// What `report` and `grades` count: the same audits, by the same never-stale rules, as
    /// `load(directory:catalog:watch:)`, but as columns. When nothing changed since the cache
    /// was written (same listing and keys, or the watcher vouching; every file cached) they are
    /// read straight from the cache's bytes without making facts; otherwise (a changed, new,
    /// damaged or too fresh file, no cache) they are made from `load`'s facts.
    /// The columns keep the grades of the sections in `counting` only.
    public static func loadReportColumns(directory: DataDirectory, catalog: TemplateCatalog, watch: WatchClient? = nil,
                                         counting: [String]) -> (columns: ReportColumns, problems: [Diagnostic]) {
        let sections: @Sendable (TemplateRef) -> [String]? = { catalog.template($0)?.sections.map(\.id) }
        let run = loadReportColumnsCounting(directory: directory, sectionsFor: sections, watch: watch, counting: counting)
        return (run.columns, run.problems)
    }

    /// As `loadReportColumns`, also saying whether the columns came from the cache's bytes.
    static func loadReportColumnsCounting(directory: DataDirectory, sectionsFor sections: @escaping @Sendable (TemplateRef) -> [String]?,
                                          watch: WatchClient? = nil, now: Date = Date(), counting: [String])
        -> (columns: ReportColumns, problems: [Diagnostic], fromCache: Bool) {
        let request = ColumnsRequest(counting: counting)
        // One load: columns from the cache's bytes when nothing changed, else facts (which also
        // rewrite the cache), made into columns here.
        let run = loadCounting(directory: directory, sectionsFor: sections, now: now, watch: watch, columns: request)
        if let (columns, problems) = request.result { return (columns, problems, true) }
        return (ReportColumns(run.facts, counting: counting), run.problems, false)
    }
}

/// Asks `AuditIndex.loadCounting` for report columns instead of facts; `result` stays nil
/// unless the warm path applied.
final class ColumnsRequest {
    let counting: [String]
    init(counting: [String]) { self.counting = counting }
    var result: (columns: ReportColumns, problems: [Diagnostic])?
}
