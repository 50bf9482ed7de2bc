import Foundation

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
        public var warnings: [Diagnostic] = []

        public var line: String { "imported \(created) new, \(updated) updated, \(unchanged) unchanged" }
    }

    /// What one valid row will do.
    public struct PlannedWrite: Sendable {
        public enum Kind: Sendable { case create, update, unchanged }
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
        let (writes, warnings) = try plan(table, file: file)
        var summary = Summary(warnings: warnings)
        let refs = Set(writes.filter { $0.kind != .unchanged }.map(\.audit.template))
        guard !refs.isEmpty else {
            summary.unchanged = writes.count
            return summary
        }
        try directory.prepare(defaultMeasures: defaultMeasures)
        let store = AuditStore(directory: directory)
        for ref in refs.sorted(by: { $0.key < $1.key }) {
            if let yaml = templates.source(ref) { try store.snapshotTemplate(ref, yaml: yaml) }
        }
        let templates = self.templates
        let repository = AuditRepository(directory: directory, templateSource: { templates.source($0) })
        let reason = "imported from \(URL(fileURLWithPath: file).lastPathComponent)"
        for write in writes {
            switch write.kind {
            case .unchanged:
                summary.unchanged += 1
                continue
            case .create: summary.created += 1
            case .update: summary.updated += 1
            }
            if let writer {
                try writer(write.audit)
            } else if write.kind == .update {
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
        var problems: [Diagnostic] = []
        var badRows = Set<Int>()
        var writes: [PlannedWrite] = []
        var rowOfID: [String: Int] = [:]
        for row in table.rows where row.fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            let (valid, rowDiagnostics) = validator.validate(row)
            warnings += rowDiagnostics.warnings
            let rowProblems = rowDiagnostics.errors
            problems += rowProblems
            if !rowProblems.isEmpty { badRows.insert(row.number) }
            guard let valid else { continue }
            if let first = rowOfID[valid.id] {
                let byID = !(header.value("audit_id", in: row.fields) ?? "").isEmpty
                let (column, value) = byID ? ("audit_id", valid.id) : ("case_ref", valid.caseRef)
                problems.append(.error(file, line: row.number,
                    "column \"\(column)\": value \"\(value)\" is the same audit as row \(first) (same \(column == "audit_id" ? "audit_id" : "month, template and case_ref")); allowed: one row per audit"))
                badRows.insert(row.number)
                continue
            }
            rowOfID[valid.id] = row.number
            var existing: Audit?
            if store.exists(valid.id) {
                do {
                    existing = try store.load(valid.id)
                } catch {
                    let reason = (error as? Diagnostic)?.message ?? (error as? CaseAuditError)?.diagnostic.message ?? "\(error)"
                    problems.append(.error(file, line: row.number,
                        "the audit file for this row (\(directory.auditFile(valid.id).path)) cannot be read: \(reason); allowed: repair or move that file away (`caseaudit validate` lists it), then import again"))
                    badRows.insert(row.number)
                    continue
                }
            }
            if let existing, let problem = identityProblem(valid, existing: existing, file: file) {
                problems.append(problem)
                badRows.insert(row.number)
                continue
            }
            let write = planned(valid, existing: existing)
            if write.kind == .update, let holder = try lockHolder(valid.id) {
                problems.append(.error(file, line: row.number,
                    "the audit \(valid.id) is open for editing by \(holder.user) on \(holder.host) since \(HistoryEntry.isoString(holder.started)); allowed: import again once it is closed (or `caseaudit unlock \(valid.id)` if that lock is stale)"))
                badRows.insert(row.number)
                continue
            }
            writes.append(write)
        }
        if !problems.isEmpty {
            throw DiagnosticsError(warnings + problems + [nothingImported(file, rows: badRows.count)])
        }
        return (writes, warnings)
    }

    /// Import may only update an audit it made itself, with the same identity, and never
    /// completes a draft: anything else would rewrite an audit's history under an import reason.
    func identityProblem(_ row: ImportRow, existing: Audit, file: String) -> Diagnostic? {
        let id = row.id
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
        var audit = existing ?? Audit(id: row.id, template: ref, status: .complete, origin: .imported,
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
