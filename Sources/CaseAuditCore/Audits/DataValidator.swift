import Dispatch
import Foundation

/// What `caseaudit validate` found: every problem, each naming its file.
public struct ValidationReport: Sendable {
    public var problems: [Diagnostic]
    public var auditFilesChecked: Int

    public var hasErrors: Bool { problems.hasErrors }

    /// `12 audit files checked, 3 problems`
    public var summary: String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(count(auditFilesChecked, "audit file")) checked, \(count(problems.count, "problem"))"
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
        if let warning = directory.permissionWarning() { problems.append(warning) }

        let store = AuditStore(directory: directory)
        let files = store.auditFiles()
        // One audit at a time per core: holding 100,000 decoded audits took over a gigabyte.
        // The files are checked in chunks on every core; each chunk's problems keep their order.
        let chunks = files.count < 64 ? 1 : min(256, files.count / 32)
        var found = [[Diagnostic]](repeating: [], count: chunks)
        found.withUnsafeMutableBufferPointer { buffer in
            let shared = SendableBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                var mine: [Diagnostic] = []
                for url in files[(files.count * c / chunks)..<(files.count * (c + 1) / chunks)] {
                    mine += check(url, store: store, template: template, now: now)
                }
                shared.buffer[c] = mine
            }
        }
        var auditProblems = Array(found.joined())
        auditProblems += leftoverWrites(in: directory.audits, now: now)
        auditProblems += history()
        // Stable sort: problems stay grouped by file, in file-name order, each file's in check order.
        problems += auditProblems.enumerated()
            .sorted { ($0.element.file, $0.offset) < ($1.element.file, $1.offset) }
            .map(\.element)
        return ValidationReport(problems: problems, auditFilesChecked: files.count)
    }

    /// The problems of one audit file.
    static func check(_ url: URL, store: AuditStore, template: (TemplateRef) -> AuditTemplate?, now: Date) -> [Diagnostic] {
        let audit: Audit
        switch store.loadResult(url: url) {
        case .failure(let d): return [d]
        case .success(let a): audit = a
        }
        let known = template(audit.template)
        let found = AuditChecker.check(audit, template: known, file: url.path, now: now)
        if found.isEmpty { return [] }
        // Read the file again only to give the problems their lines.
        return AuditChecker.check(audit, template: known, file: url.path, source: try? Data(contentsOf: url), now: now)
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
