import ArgumentParser
import CaseAuditCore
import Foundation

/// The templates for import, export, summary and demo: the shipped folder plus the data
/// directory's snapshots of older versions. Problems in template files are left to
/// `caseaudit templates check` and `validate`; the templates that load are used.
func loadTemplateSource(_ common: CommonOptions) throws -> TemplateCatalog {
    let folder = try TemplateLocator.resolve(explicit: common.templates, environment: ProcessInfo.processInfo.environment)
    return TemplateCatalog.load(folder: folder, snapshots: common.dataDirectory.templates)
}

/// Writes command output to `--out FILE` or standard output; see `OutputFile`.
func writeOutput(_ text: String, to out: String?, follow: Bool) throws {
    try OutputFile.write(Data(text.utf8), to: out, follow: follow)
}

/// `--from` / `--to` values.
func parseMonth(_ text: String?, option: String) throws -> Month? {
    guard let text else { return nil }
    guard let m = Month(text) else {
        throw ValidationError("\(option) must be a month written YYYY-MM, such as 2018-04 (got \"\(text)\")")
    }
    return m
}

extension AuditExporter.Format: ExpressibleByArgument {}
extension AuditExporter.Level: ExpressibleByArgument {}
extension AuditSummary.Format: ExpressibleByArgument {}
