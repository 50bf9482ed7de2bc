import Foundation

/// Reads and writes audit files in a data directory. Every write is atomic; a file that cannot
/// be read is reported, never overwritten.
public struct AuditStore: Sendable {
    public let directory: DataDirectory

    public init(directory: DataDirectory) { self.directory = directory }

    /// The result of reading every audit file: the good ones, and a diagnostic per damaged file.
    public struct LoadResult: Sendable {
        public var audits: [Audit]
        public var problems: [Diagnostic]
    }

    /// Audit ids are file names; only these characters are allowed so an id can never escape
    /// the folder or carry a person's name in an odd encoding.
    public static func isValidID(_ id: String) -> Bool {
        guard (1...64).contains(id.utf8.count), !id.hasPrefix(".") else { return false }
        return id.utf8.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 95 || b == 46
        }
    }

    /// A new random id, `YYYY-MM-` and 12 hex digits, from the audit month (or the current month).
    /// Nothing about the case goes in, so the id (also the file name) says nothing about it. The
    /// 48 bits come from the system's secure generator (getrandom on Linux) and make a clash
    /// unlikely even at 100,000 audits a month (about 1 in 56,000); callers that create a file
    /// still check the id is free.
    public static func newID(month: Month? = nil) -> String {
        var random = SystemRandomNumberGenerator()
        let m = month ?? Month.current()
        let hex = String(random.next() & 0xFFFF_FFFF_FFFF, radix: 16)
        return "\(m)-\(String(repeating: "0", count: 12 - hex.count))\(hex)"
    }

    /// Paths of every audit file, sorted by name; temporary files are skipped.
    public func auditFiles() -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.audits.path) else { return [] }
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            .sorted()
            .map { directory.audits.appendingPathComponent($0) }
    }

    public func exists(_ id: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.auditFile(id).path)
    }

    /// Reads one audit. Throws `CaseAuditError` (66) when missing, a `Diagnostic` (65) when damaged.
    public func load(_ id: String) throws -> Audit {
        let url = directory.auditFile(id)
        guard AuditStore.isValidID(id), let data = try AtomicFile.readOwnFile(url) else {
            throw CaseAuditError(.noInput, file: url.path, "no audit with id \"\(id)\"",
                                 remedy: "list audits with `caseaudit export --level audit` or open the audits list")
        }
        return try decode(data, url: url)
    }

    public func load(url: URL) throws -> Audit {
        try loadWithBytes(url: url).audit
    }

    /// Reads one audit and the exact bytes it was read from (for digests and diffs).
    public func loadWithBytes(url: URL) throws -> (audit: Audit, bytes: Data) {
        // Not followed: an audit linked to another file (say /etc/shadow) would be read and shown.
        guard let data = try AtomicFile.readOwnFile(url) else {
            throw CaseAuditError(.noInput, file: url.path, "the audit file has gone (moved or deleted meanwhile)",
                                 remedy: "run the command again")
        }
        return (try decode(data, url: url), data)
    }

    private func decode(_ data: Data, url: URL) throws -> Audit {
        let audit = try AuditCoding.decode(data, file: url.path)
        let expected = url.deletingPathExtension().lastPathComponent
        if audit.id != expected {
            throw Diagnostic.error(url.path, "the id inside (\"\(audit.id)\") does not match the file name (\"\(expected)\")",
                                   remedy: "a copied file needs a new id: rename the file or change \"id\" to match")
        }
        return audit
    }

    /// Reads every audit file; damaged files become diagnostics and loading goes on.
    public func loadAll() -> LoadResult {
        var audits: [Audit] = []
        var problems: [Diagnostic] = []
        for url in auditFiles() {
            switch loadResult(url: url) {
            case .success(let audit): audits.append(audit)
            case .failure(let problem): problems.append(problem)
            }
        }
        return LoadResult(audits: audits, problems: problems)
    }

    /// Writes an audit atomically (0600). Refuses to replace a file that exists but cannot be
    /// read as an audit, so a damaged or hand-edited-wrong file is never lost.
    public func save(_ audit: Audit, beforeRename: (() throws -> Void)? = nil) throws {
        guard AuditStore.isValidID(audit.id) else {
            throw CaseAuditError(.dataError, file: audit.id, "not a valid audit id",
                                 remedy: "use 1-64 letters, digits, '-', '_' or '.'")
        }
        try directory.prepare(defaultMeasures: nil)
        let url = directory.auditFile(audit.id)
        if FileManager.default.fileExists(atPath: url.path) {
            do {
                _ = try load(url: url)
            } catch let d as Diagnostic {
                throw CaseAuditError(.dataError, file: url.path,
                                     "refusing to overwrite a damaged audit file: \(d.message)",
                                     remedy: "repair or move the file away first (`caseaudit validate` lists it)")
            }
        }
        try AtomicFile.write(AuditCoding.encode(audit), to: url, beforeRename: beforeRename)
    }

    /// Keeps a copy of the template version an audit was made with, so the audit stays readable
    /// and reportable after the shipped template changes.
    public func snapshotTemplate(_ ref: TemplateRef, yaml: Data) throws {
        try AtomicFile.makeFolder(directory.templates)
        let url = directory.templateSnapshot(ref)
        if !FileManager.default.fileExists(atPath: url.path) {
            try AtomicFile.write(yaml, to: url)
        }
    }
}
