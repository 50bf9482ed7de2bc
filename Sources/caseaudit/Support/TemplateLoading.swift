import CaseAuditCore
import Foundation

extension CommonOptions {
    /// `--templates`, else `$CASEAUDIT_TEMPLATES`, else the installed or checkout folder.
    func templatesFolder() throws -> URL {
        try TemplateLocator.resolve(explicit: templates, environment: ProcessInfo.processInfo.environment)
    }

    /// The shipped templates plus the versions snapshotted in the data directory.
    func loadTemplateCatalog() throws -> TemplateCatalog {
        TemplateCatalog.load(folder: try templatesFolder(), snapshots: dataDirectory.templates)
    }
}
