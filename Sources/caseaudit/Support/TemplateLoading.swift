import CaseAuditCore
import Foundation

extension CommonOptions {
    /// `--templates`, else `$CASEAUDIT_TEMPLATES`, else the installed or checkout folder.
    func templatesFolder() throws -> URL {
        try TemplateLocator.resolve(explicit: templates, environment: ProcessInfo.processInfo.environment)
    }

    /// The shipped templates plus the versions snapshotted in the data directory.
    func loadTemplateCatalog() throws -> TemplateCatalog {
        let directory = dataDirectory
        // No data directory yet (a command that makes one, or a mistyped --data): nothing to cache in.
        guard directory.exists else { return TemplateCatalog.load(folder: try templatesFolder(), snapshots: directory.templates) }
        return TemplateCatalog.load(folder: try templatesFolder(), snapshots: directory.templates, cache: directory.cache)
    }
}
