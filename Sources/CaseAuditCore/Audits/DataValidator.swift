import Dispatch
import Foundation

/// What `caseaudit validate` found: every problem, each naming its file.
public struct ValidationReport: Sendable {
    public var problems: [Diagnostic]
    public var auditFilesChecked: Int
    /// Problems left out after the first `DataValidator.problemsShownPerFile` of a file.
    public var notShown = 0
    /// The "and N more" lines among `problems`, which are not problems themselves.
    public var moreLines = 0

    public var hasErrors: Bool { problems.hasErrors }

    /// `12 audit files checked, 3 problems`
    public var summary: String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(count(auditFilesChecked, "audit file")) checked, \(count(problems.count - moreLines + notShown, "problem"))"
    }
}

/// Checks a data directory: the templates' own problems (passed in), `measures.yaml`, and every
/// audit file. Templates and measures are reached through closures so the check does not depend
/// on how they are parsed, and tests can build templates in code.
public enum DataValidator {
    /// Checks a data directory, writing nothing to it (a missing `measures.yaml` is a warning:
    /// reports use the shipped defaults). `history` supplies the history check's problems, listed with the audit files they name.
    public static func validate(directory: DataDirectory,
                                templateProblems: [Diagnostic],
                                template: @Sendable (TemplateRef) -> AuditTemplate?,
                                measuresProblems: (_ yaml: String, _ file: String) -> [Diagnostic],
                                history: () -> [Diagnostic] = { [] },
                                now: Date = Date()) throws -> ValidationReport {
        var problems = templateProblems
        problems += checkMeasures(directory.measuresFile, measuresProblems)
        problems += TeamsFile.load(directory).problems
        if let warning = directory.permissionWarning() { problems.append(warning) }

        // One audit at a time per core: holding 100,000 decoded audits took over a gigabyte.
        // Links, FIFOs and folders among the audit files are named, never opened.
        let listing = AuditFolderListing.list(directory.audits) ?? AuditFolderListing()
        let checked = Parallel.map(listing.count) { i -> ([Diagnostic], AuditFacts?) in
            check(directory.audits.appendingPathComponent(listing.names[i]), template: template, now: now)
        }
        let found = checked.map(\.0)
        var notShown = 0, moreLines = 0
        var capped: [[Diagnostic]] = []
        for var file in found {
            if file.count > problemsShownPerFile {
                let rest = file[problemsShownPerFile...]
                notShown += rest.count
                let worst: Diagnostic.Severity = rest.contains { $0.severity == .error } ? .error : .warning
                file = Array(file.prefix(problemsShownPerFile))
                file.append(Diagnostic(worst, file: file[0].file, message: "and \(rest.count) more problem\(rest.count == 1 ? "" : "s") in this file",
                                       remedy: "fix the ones above and run validate again"))
                moreLines += 1
            }
            capped.append(file)
        }
        let found2 = listing.refusedProblems(directory.audits) + capped.joined()
        var auditProblems = found2
        auditProblems += leftoverWrites(in: directory.audits, now: now)
        auditProblems += history()
        auditProblems += Counting.repeatedAudits(checked.compactMap(\.1), folder: directory.audits)
        // Stable sort: problems stay grouped by file, in file-name order, each file's in check order.
        problems += auditProblems.enumerated()
            .sorted { ($0.element.file, $0.offset) < ($1.element.file, $1.offset) }
            .map(\.element)
        var report = ValidationReport(problems: problems, auditFilesChecked: listing.count + listing.refused.count)
        report.notShown = notShown
        report.moreLines = moreLines
        return report
    }

    /// A file shows at most this many problems, then "and N more": one broken file must not
    /// bury every other in the list.
    public static let problemsShownPerFile = 50

    /// The problems of one audit file, read once.
    /// The problems of one audit file, read once, and its facts when it could be read (for the
    /// check across audits that follows).
    static func check(_ url: URL, template: (TemplateRef) -> AuditTemplate?, now: Date) -> ([Diagnostic], AuditFacts?) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            return ([.error(url.path, "cannot read: \(error.localizedDescription)", remedy: "check the file's permissions")], nil)
        }
        let audit: Audit
        do {
            audit = try AuditCoding.decode(data, file: url.path, expectedID: url.deletingPathExtension().lastPathComponent)
        } catch let d as Diagnostic {
            return ([d], nil)
        } catch {
            return ([.error(url.path, "\(error)", remedy: "restore the file from a backup")], nil)
        }
        let problems = AuditChecker.check(audit, template: template(audit.template), file: url.path, source: data, now: now)
        return (problems, AuditFacts(audit: audit, templateSections: []))
    }

    static func checkMeasures(_ url: URL, _ parse: (String, String) -> [Diagnostic]) -> [Diagnostic] {
        guard FileManager.default.fileExists(atPath: url.path) else {
            // Not invalid data: reports use the shipped defaults, and the interface creates it.
            return [.warning(url.path, "the measures file is missing; reports use the shipped defaults",
                             remedy: "open `caseaudit` once to create it, or copy AuditTemplates/defaults/measures.yaml here")]
        }
        guard let data = try? Data(contentsOf: url) else {
            return [.error(url.path, "cannot read the measures file", remedy: "check that you may read it")]
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return [.error(url.path, "the measures file is not UTF-8 text", remedy: "save it as UTF-8")]
        }
        return parse(text, url.path)
    }

    /// Temporary files older than a minute were left by a save that was interrupted.
    static func leftoverWrites(in folder: URL, now: Date) -> [Diagnostic] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.sorted().filter { $0.hasPrefix(AtomicFile.temporaryPrefix) }.compactMap { name in
            let path = folder.appendingPathComponent(name).path
            let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
            guard now.timeIntervalSince(modified ?? .distantPast) >= 60 else { return nil }
            return .warning(path, "a temporary file left by an interrupted save",
                            remedy: "delete it; the audit file beside it holds the last complete save")
        }
    }
}
