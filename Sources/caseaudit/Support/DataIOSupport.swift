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

/// Writes command output to `--out FILE` atomically, or to standard output.
func writeOutput(_ text: String, to out: String?) throws {
    guard let out, out != "-" else {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    let url = URL(fileURLWithPath: out)
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
        throw CaseAuditError(.cannotCreate, file: out, "is a folder", remedy: "give a file name, for example --out export.csv")
    }
    let folder = url.deletingLastPathComponent()
    guard FileManager.default.fileExists(atPath: folder.path) else {
        throw CaseAuditError(.cannotCreate, file: out, "cannot create the file: the folder \(folder.path) does not exist",
                             remedy: "create the folder first or choose another --out")
    }
    do {
        try AtomicFile.write(Data(text.utf8), to: url)
    } catch let e as CaseAuditError {
        throw CaseAuditError(e.status == .ioError ? .ioError : .cannotCreate, file: out,
                             "cannot create the file: \(e.diagnostic.message)",
                             remedy: "check that you may write to \(folder.path), or choose another --out")
    }
}

/// `--from` / `--to` values.
func parseMonth(_ text: String?, option: String) throws -> Month? {
    guard let text else { return nil }
    guard let m = Month(text) else {
        throw ValidationError("\(option) \"\(text)\" is not a month; write it YYYY-MM, for example 2018-12")
    }
    return m
}

extension AuditExporter.Format: ExpressibleByArgument {}
extension AuditExporter.Level: ExpressibleByArgument {}
extension AuditSummary.Format: ExpressibleByArgument {}
