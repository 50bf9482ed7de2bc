import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `caseaudit import`: reads a CSV of graded audits and writes them, all or nothing.
///
/// Every row is checked before anything is written; any problem means nothing is written and
/// every problem is reported. Writing is one atomic file per audit, and a row whose audit on
/// disk already holds the same values is not rewritten, so a second import (or a rerun after the
/// first was killed midway) ends in exactly the state of one clean import.
public struct AuditImporter: Sendable {
    public struct Summary: Equatable, Sendable {
        public var created = 0
        public var updated = 0
        public var unchanged = 0
        /// Unchanged audits whose history did not record their file (an earlier import killed or
        /// failing between writing the file and appending its entry), recorded by this import.
        public var recorded = 0
        public var warnings: [Diagnostic] = []

        public var line: String {
            let repaired = recorded == 0 ? ""
                : "; \(recorded) of them had no history entry for their file (an interrupted import) and now have one"
            return "imported \(created) new, \(updated) updated, \(unchanged) unchanged" + repaired
        }
    }

    /// What one valid row will do.
    public struct PlannedWrite: Sendable {
        /// `record`: the audit is unchanged but its history does not record the file as it is.
        public enum Kind: Sendable { case create, update, unchanged, record }
        public var row: Int
        public var kind: Kind
        public var audit: Audit
    }

    /// Writes one audit; the default is `AuditRepository.save`, which also appends its history.
    public typealias Writer = @Sendable (Audit) throws -> Void

    public let directory: DataDirectory
    public let templates: TemplateSource
    public let now: Date
    /// Who the history records as having imported.
    public let user: String
    /// The shipped measures, copied to `measures.yaml` when the import creates the data directory.
    public var defaultMeasures: Data?
    private let writer: Writer?
    /// Test hook handed to the repository: runs after an audit file is written and before its
    /// history entry (throwing from it is a full disk or a kill in that window).
    var afterAuditWrite: (@Sendable () throws -> Void)?

    public init(directory: DataDirectory, templates: TemplateSource, now: Date = Date(),
                user: String = AuditRepository.currentUser(), writer: Writer? = nil) {
        self.directory = directory
        self.templates = templates
        self.now = now
        self.user = user
        self.writer = writer
    }

    /// Imports `url`. Throws `CaseAuditError` (66, 74, 65) for a file that cannot be read as CSV,
    /// `DiagnosticsError` (65) listing every problem when any row is wrong.
    public func run(_ url: URL) throws -> Summary {
        let table = try CSVTable.read(url)
        return try run(table, file: url.path)
    }

    public func run(_ table: CSVTable, file: String) throws -> Summary {
        // Checked first without taking anything, so a file with problems writes nothing at all.
        let checked = try plan(table, file: file)
        guard checked.writes.contains(where: { $0.kind != .unchanged }) else {
            return Summary(unchanged: checked.writes.count, warnings: checked.warnings)
        }
        try directory.prepare(defaultMeasures: defaultMeasures)
        // New audits get random ids, so two imports of one file at once would each make its
        // audits; one import at a time, planned again under the lock, makes the second find them.
        let importLock = try ImportLock(directory)
        defer { importLock.release() }
        let (writes, warnings) = try plan(table, file: file)
        var summary = Summary(warnings: warnings)
        let refs = Set(writes.filter { $0.kind == .create || $0.kind == .update }.map(\.audit.template))
        let store = AuditStore(directory: directory)
        for ref in refs.sorted(by: { $0.key < $1.key }) {
            if let yaml = templates.source(ref) { try store.snapshotTemplate(ref, yaml: yaml) }
        }
        let templates = self.templates
        var repository = AuditRepository(directory: directory, templateSource: { templates.source($0) })
        repository.afterAuditWrite = afterAuditWrite
        let reason = "imported from \(URL(fileURLWithPath: file).lastPathComponent)"
        for write in writes {
            switch write.kind {
            case .unchanged:
                summary.unchanged += 1
                continue
            case .record:
                summary.unchanged += 1
                summary.recorded += 1
            case .create: summary.created += 1
            case .update: summary.updated += 1
            }
            if let writer, write.kind != .record {
                try writer(write.audit)
            } else if write.kind != .create {
                // Someone may have opened it since the check; their editor would overwrite this change.
                switch try AuditLock.acquire(id: write.audit.id, directory: directory) {
                case .acquired(let lock):
                    defer { lock.release() }
                    try repository.save(write.audit, by: user, reason: reason)
                case .heldBy(let holder):
                    throw CaseAuditError(.ioError, file: directory.auditFile(write.audit.id).path,
                                         "opened for editing by \(holder.user) during the import; the rows before it were imported",
                                         remedy: "run the same import again once it is closed: rows already imported are left as they are")
                }
            } else {
                try repository.save(write.audit, by: user, reason: reason)
            }
        }
        return summary
    }

    /// Checks every row and works out what each will do. Writes nothing (an audit to be updated
    /// is locked and unlocked at once to see whether someone has it open).
    public func plan(_ table: CSVTable, file: String) throws -> (writes: [PlannedWrite], warnings: [Diagnostic]) {
        let sectionIDs = Set(templates.templates.flatMap { $0.sections.map(\.id) })
        let (header, headerDiagnostics) = ImportHeader.read(table.header, sectionIDs: sectionIDs, file: file)
        var warnings = headerDiagnostics.warnings
        if headerDiagnostics.hasErrors {
            throw DiagnosticsError(headerDiagnostics + [nothingImported(file, rows: nil)])
        }
        let validator = RowValidator(header: header, templates: templates, file: file)
        let store = AuditStore(directory: directory)
        let existingAudits = Self.existingAudits(directory, templates: templates)
        var problems: [Diagnostic] = []
        var badRows = Set<Int>()
        var writes: [PlannedWrite] = []
        var rowOfID: [String: Int] = [:]
        var rowOfCase: [String: Int] = [:]
        var newIDs = Set<String>()
        var unreadableReported = false
        for row in table.rows where row.fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            let (valid, rowDiagnostics) = validator.validate(row)
            warnings += rowDiagnostics.warnings
            let rowProblems = rowDiagnostics.errors
            problems += rowProblems
            if !rowProblems.isEmpty { badRows.insert(row.number) }
            guard var valid else { continue }
            func refuse(_ problem: Diagnostic) {
                problems.append(problem)
                badRows.insert(row.number)
            }
            let caseKey = ExistingAudits.key(month: valid.month, template: valid.template.id, caseRef: valid.caseRef)
            if valid.id == nil, let first = rowOfCase[caseKey] {
                refuse(.error(file, line: row.number,
                    "column \"case_ref\": value \"\(valid.caseRef)\" is the same audit as row \(first) (same month, template and case_ref); allowed: one row per audit"))
                continue
            }
            rowOfCase[caseKey] = rowOfCase[caseKey] ?? row.number
            // The audit this row is: by audit_id, else by month, template and case_ref.
            var id = valid.id
            if id == nil {
                let matches = existingAudits.imported(month: valid.month, template: valid.template.id, caseRef: valid.caseRef)
                if matches.count > 1 {
                    refuse(.error(file, line: row.number,
                        "month \(valid.month), template \(valid.template.id) and case_ref \"\(valid.caseRef)\" match \(matches.count) imported audits (\(matches.joined(separator: ", "))), so the row cannot tell which to update",
                        remedy: "add an audit_id column giving the id of the audit this row is"))
                    continue
                }
                id = matches.first
                if id == nil, !existingAudits.unreadable.isEmpty {
                    // One of them may be this row's audit; importing it again would count the case twice.
                    if !unreadableReported {
                        unreadableReported = true
                        let files = existingAudits.unreadable.prefix(3).map(\.file).joined(separator: ", ")
                        refuse(.error(file, line: row.number,
                            "\(existingAudits.unreadable.count) audit file(s) cannot be read (\(files)\(existingAudits.unreadable.count > 3 ? ", ..." : "")), so import cannot tell whether this row and any like it without an audit_id were imported before",
                            remedy: "repair or move those files away (`caseaudit validate` lists them), or give each row its audit_id, then import again"))
                    } else {
                        badRows.insert(row.number)
                    }
                    continue
                }
            }
            if let id, let first = rowOfID[id] {
                let byID = valid.id != nil
                let (column, value) = byID ? ("audit_id", id) : ("case_ref", valid.caseRef)
                refuse(.error(file, line: row.number,
                    "column \"\(column)\": value \"\(value)\" is the same audit as row \(first) (same \(byID ? "audit_id" : "month, template and case_ref")); allowed: one row per audit"))
                continue
            }
            var existing: (audit: Audit, bytes: Data)?
            if let id, store.exists(id) {
                do {
                    existing = try store.loadWithBytes(url: directory.auditFile(id))
                } catch {
                    let reason = (error as? Diagnostic)?.message ?? (error as? CaseAuditError)?.diagnostic.message ?? "\(error)"
                    refuse(.error(file, line: row.number,
                        "the audit file for this row (\(directory.auditFile(id).path)) cannot be read: \(reason); allowed: repair or move that file away (`caseaudit validate` lists it), then import again"))
                    continue
                }
            }
            let auditID = id ?? freshID(valid.month, taken: newIDs, store: store)
            if existing == nil { newIDs.insert(auditID) }
            rowOfID[auditID] = row.number
            valid.id = auditID
            if let existing, let problem = identityProblem(valid, existing: existing.audit, file: file) {
                refuse(problem)
                continue
            }
            var write = planned(valid, existing: existing?.audit)
            if write.kind == .unchanged, let existing,
               AuditRepository.fileIsUnrecorded(auditID, in: directory, bytes: existing.bytes) {
                write.kind = .record
            }
            if write.kind == .update || write.kind == .record, let holder = try lockHolder(auditID) {
                refuse(.error(file, line: row.number,
                    "the audit \(auditID) is open for editing by \(holder.user) on \(holder.host) since \(HistoryEntry.isoString(holder.started)); allowed: import again once it is closed (or `caseaudit unlock \(auditID)` if that lock is stale)"))
                continue
            }
            writes.append(write)
        }
        if !problems.isEmpty {
            throw DiagnosticsError(warnings + problems + [nothingImported(file, rows: badRows.count)])
        }
        return (writes, warnings)
    }

    /// A random id for a new audit, not used by a file or another row of this import.
    private func freshID(_ month: Month, taken: Set<String>, store: AuditStore) -> String {
        while true {
            let id = AuditStore.newID(month: month)
            if !taken.contains(id) && !store.exists(id) { return id }
        }
    }

    /// Import may only update an audit it made itself, with the same identity, and never
    /// completes a draft: anything else would rewrite an audit's history under an import reason.
    func identityProblem(_ row: ImportRow, existing: Audit, file: String) -> Diagnostic? {
        let id = existing.id
        if existing.origin != .imported {
            return .error(file, line: row.number,
                "column \"audit_id\": audit_id \(id) is an audit made in caseaudit; import cannot change it",
                remedy: "remove the audit_id or use a new one")
        }
        var differences: [String] = []
        if existing.template.id != row.template.id { differences.append("template \(existing.template.id), not \(row.template.id)") }
        if existing.caseRef != row.caseRef { differences.append("case_ref \(existing.caseRef), not \(row.caseRef)") }
        if existing.month != row.month { differences.append("month \(existing.month.map { "\($0)" } ?? "none"), not \(row.month)") }
        if !differences.isEmpty {
            return .error(file, line: row.number,
                "column \"audit_id\": audit_id \(id) is an imported audit with \(differences.joined(separator: ", ")); import cannot change an audit's identity",
                remedy: "correct the row, or remove the audit_id or use a new one to import it as another audit")
        }
        if existing.status == .draft {
            return .error(file, line: row.number,
                "column \"audit_id\": audit_id \(id) is a draft; import never completes a draft",
                remedy: "finish the audit in caseaudit, or remove the row")
        }
        return nil
    }

    /// Who holds the lock on an existing audit, after recovering a lock left by a dead process.
    private func lockHolder(_ id: String) throws -> LockHolder? {
        switch try AuditLock.acquire(id: id, directory: directory) {
        case .acquired(let lock):
            lock.release()
            return nil
        case .heldBy(let holder):
            return holder
        }
    }

    private func nothingImported(_ file: String, rows: Int?) -> Diagnostic {
        let what = rows.map { "\($0) row\($0 == 1 ? " has" : "s have") problems" } ?? "the header has problems"
        return .error(file, "\(what); nothing was imported", remedy: "fix the problems listed above and import the file again")
    }

    /// The audit a row makes: a new one, or the existing one with the row's values applied.
    /// Answers, rationales, moderation, actions and feedback already on file are kept.
    func planned(_ row: ImportRow, existing: Audit?) -> PlannedWrite {
        let ref = TemplateRef(id: row.template.id, version: row.template.version)
        var audit = existing ?? Audit(id: row.id ?? "", template: ref, status: .complete, origin: .imported,
                                      created: now, completed: now)
        audit.template = ref
        audit.status = .complete
        audit.month = row.month
        audit.caseRef = row.caseRef
        audit.cohort = row.cohort
        audit.team = row.team
        audit.auditor = row.auditor
        if let worker = row.worker { audit.worker = worker }
        if let overall = row.overall { audit.overall.grade = overall }
        for (section, grade) in row.grades {
            if let grade {
                audit.withSection(section) { $0.grade = grade }
            } else if audit.sections[section] != nil {
                audit.sections[section]?.grade = nil
            }
        }
        guard let existing else { return PlannedWrite(row: row.number, kind: .create, audit: audit) }
        if audit == existing { return PlannedWrite(row: row.number, kind: .unchanged, audit: audit) }
        audit.updated = now
        audit.completed = existing.completed ?? now
        return PlannedWrite(row: row.number, kind: .update, audit: audit)
    }
}

extension AuditImporter {
    /// What import needs to know of the audits already in the data directory.
    struct ExistingAudits {
        /// Ids of imported audits by `key(month:template:caseRef:)`.
        var importedByCase: [String: [String]] = [:]
        /// Audit files that could not be read: any of them might be a row's audit.
        var unreadable: [Diagnostic] = []

        static func key(month: Month, template: String, caseRef: String) -> String {
            "\(month)\u{0}\(template)\u{0}\(caseRef)"
        }

        /// Only imported audits: a case also audited in caseaudit is a separate audit, as before.
        func imported(month: Month, template: String, caseRef: String) -> [String] {
            (importedByCase[Self.key(month: month, template: template, caseRef: caseRef)] ?? []).sorted()
        }
    }

    /// The one place import reads the data directory to find existing audits by month,
    /// template and case reference. It goes through `AuditIndex.load` (facts from the index
    /// cache, files read only when changed), so it stays fast at 100,000 audits and can be
    /// pointed at whatever replaces the index.
    static func existingAudits(_ directory: DataDirectory, templates: TemplateSource) -> ExistingAudits {
        let loaded = AuditIndex.load(directory: directory, sectionsFor: { templates.template($0)?.sections.map(\.id) })
        var existing = ExistingAudits(unreadable: loaded.problems.filter { $0.severity == .error })
        for facts in loaded.facts where facts.origin == .imported {
            guard let month = facts.month else { continue }
            existing.importedByCase[ExistingAudits.key(month: month, template: facts.template.id, caseRef: facts.caseRef),
                                    default: []].append(facts.id)
        }
        return existing
    }
}

/// One import at a time per data directory: `flock` on `DATA/locks/.import.lock`, held from
/// the second plan to the last write and released by the kernel if the process dies. (Like the
/// history lock it may do nothing on a network drive; the per-audit locks still apply there.)
final class ImportLock {
    private let fd: Int32

    init(_ directory: DataDirectory) throws {
        try AtomicFile.makeFolder(directory.locks)
        let url = directory.locks.appendingPathComponent(".import.lock")
        fd = open(url.path, O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw AtomicFile.ioError("cannot open the import lock", url, errno) }
        _ = flock(fd, LOCK_EX)
    }

    func release() { close(fd) }
}
