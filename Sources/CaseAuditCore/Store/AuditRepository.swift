import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Saves audits with their history: the one way the program changes an audit file.
///
/// Order of a save (why: docs/reliability.md, "Crash windows"):
/// 1. read the file on disk; refuse if it is damaged; a new audit (no file, no history) is
///    snapshotted and written here, before its history file exists, and steps 3-4 are skipped;
/// 2. lock the history file; if the file on disk is not the version the history last recorded
///    (a hand edit, or a crash between steps 4 and 5 of an earlier save), append an entry for that;
/// 3. snapshot the template version; 4. write the audit atomically; 5. append this save's entry.
/// Create one repository per process and keep it: opening cleans up leftovers of killed writes.
public struct AuditRepository: Sendable {
    public let directory: DataDirectory
    public let store: AuditStore
    public let history: AuditHistory
    /// The YAML of a template version, for the snapshot kept beside the audits.
    let templateSource: (@Sendable (TemplateRef) -> Data?)?

    /// Test hook: runs after the audit file is written and before its history entry is appended;
    /// throwing from it simulates a crash in that window.
    var afterAuditWrite: (@Sendable () throws -> Void)?

    /// Reason recorded for changes found on disk that no save recorded.
    public static let outsideChangeReason =
        "changed outside caseaudit (a hand edit, a restored backup or an interrupted save)"
    public static let firstRecordReason = "first recorded by caseaudit: the file was made without history"

    /// `sweepingLeftovers: false` leaves the sweep of the audits folder to a later
    /// `sweepLeftovers()` (the interface runs it after its first screen).
    public init(directory: DataDirectory, templateSource: (@Sendable (TemplateRef) -> Data?)? = nil,
                sweepingLeftovers: Bool = true) {
        self.directory = directory
        self.store = AuditStore(directory: directory)
        self.history = AuditHistory(directory: directory)
        self.templateSource = templateSource
        AuditLock.cleanLeftovers(in: directory)
        if sweepingLeftovers { sweepLeftovers() }
    }

    /// Removes temporary files of interrupted writes, over a minute old, from the audits and
    /// template snapshot folders, and records new audits a killed save left without history.
    /// Safe beside saves of other processes (theirs are younger, or their process is alive).
    public func sweepLeftovers() {
        AtomicFile.cleanLeftovers(in: directory.audits)
        AtomicFile.cleanLeftovers(in: directory.templates)
        AtomicFile.cleanLeftovers(in: directory.locks)
        recordInterruptedCreates()
    }

    /// The interfaces.md form: snapshots come from the catalog (`TemplateCatalog.source`).
    public init(directory: DataDirectory, catalog: TemplateCatalog?) {
        if let catalog {
            self.init(directory: directory, templateSource: { catalog.source($0) })
        } else {
            self.init(directory: directory, templateSource: nil)
        }
    }

    /// Saves `audit` as `user`. `reason` is required when the version on disk is complete.
    /// `action` is worked out when not given: create/import for a new file, complete when a draft
    /// becomes complete, moderate when only moderations changed, amend for a completed audit,
    /// update for a draft. Saving an audit that differs from the file only in `updated` writes nothing.
    public func save(_ audit: Audit, by user: String, reason: String?, action: HistoryAction? = nil) throws {
        guard AuditStore.isValidID(audit.id) else {
            throw CaseAuditError(.dataError, file: audit.id, "not a valid audit id",
                                 remedy: "use 1-64 letters, digits, '-', '_' or '.'")
        }
        try directory.prepare(defaultMeasures: nil)
        let url = directory.auditFile(audit.id)
        let firstLook = try loadPrevious(url)  // refuse a damaged file before touching anything
        let historyURL = history.file(audit.id)
        let historyExisted = FileManager.default.fileExists(atPath: historyURL.path)
        let newBytes = try AuditCoding.encode(audit)
        // A new audit's file is written before its history file is created: a kill or a full
        // disk in between leaves an audit whose history the next save or import completes, never
        // an empty history for an id (random, so never used again) that has no audit.
        let writtenFirst = firstLook == nil && !historyExisted
        let marker = unrecordedMarker(audit.id)
        if writtenFirst {
            // Written whole (atomically) and flushed before the audit file exists, so a kill
            // leaves either no marker and no file, or a readable marker beside the file.
            let holder = LockHolder(user: user, host: AuditLock.hostName(), pid: getpid(), started: Date())
            try AtomicFile.write(Data((try JSONValue.from(holder).canonical + "\n").utf8), to: marker)
            snapshotTemplate(audit.template)
            try AtomicFile.write(newBytes, to: url)
            try afterAuditWrite?()
        }
        let log = try HistoryLog(url: historyURL)
        // A refused save leaves no empty history file behind.
        defer { if !historyExisted && log.lines.lines.isEmpty { unlink(historyURL.path) } }
        // Read again under the history lock: another process may have saved in between, and its
        // version, not the one we saw first, is what this save changes.
        var previous = try loadPrevious(url)
        let ownFile = writtenFirst && log.lines.lines.isEmpty && previous?.bytes == newBytes
        if ownFile { previous = nil }  // the file is this save's own write: record it as the create it is
        let oldFields = try previous.map { try AuditDiff.fields(data: $0.bytes) } ?? [:]
        let newFields = try AuditDiff.fields(data: newBytes)
        let changes = AuditDiff.changes(from: oldFields, to: newFields)
        var outside = previous.flatMap { outsideChange(previous: $0, fields: oldFields, log: log) }
        if previous != nil && changes.isEmpty && outside == nil { return }
        if changes.isEmpty, let found = outside {
            // The file already holds what this save writes: an earlier try of this very save
            // wrote it and was killed or failed (disk full) before its history entry. Record it
            // now as that save, by this user with this reason, rather than as an unknown change.
            outside = retried(found, audit: audit, user: user, reason: reason, action: action)
        }

        let chosen = action ?? inferAction(previous: previous?.audit, new: audit, changes: changes)
        let why = try reasonFor(previous: previous?.audit, action: chosen, changes: changes, given: reason, file: url.path)

        if var outside { try log.append(&outside) }
        if !changes.isEmpty || previous == nil {
            if !ownFile {
                snapshotTemplate(audit.template)
                try AtomicFile.write(newBytes, to: url)
                try afterAuditWrite?()
            }
            let head = log.chainHead
            var entry = HistoryEntry(seq: head.seq, at: Date(), user: user, action: chosen, reason: why,
                                     changes: changes, digest: SHA256.hex(newBytes), prev: head.prev)
            try log.append(&entry)
        }
        if writtenFirst { unlink(marker.path) }
    }

    /// Deletes draft `id` as `user`; the caller holds its `AuditLock`. A completed audit is
    /// refused (it is on record; amend it instead). The history keeps every entry and gains a
    /// `delete` one (each field to null) before the file goes, so the deletion is on record and
    /// `validate` knows the missing file was meant.
    public func delete(_ id: String, by user: String, reason: String? = nil) throws {
        guard AuditStore.isValidID(id) else {
            throw CaseAuditError(.dataError, file: id, "not a valid audit id", remedy: "use 1-64 letters, digits, '-', '_' or '.'")
        }
        let url = directory.auditFile(id)
        guard let found = try loadPrevious(url) else {
            throw CaseAuditError(.noInput, file: url.path, "no audit file to delete", remedy: "check the audit id; it may have been deleted already")
        }
        guard !found.audit.isComplete else {
            throw CaseAuditError(.dataError, file: url.path, "is a completed audit and cannot be deleted",
                                 remedy: "only drafts can be deleted; amend a completed audit (A in the editor) instead")
        }
        let log = try HistoryLog(url: history.file(id))
        let fields = try AuditDiff.fields(data: found.bytes)
        if var outside = outsideChange(previous: found, fields: fields, log: log) { try log.append(&outside) }
        let head = log.chainHead
        var entry = HistoryEntry(seq: head.seq, at: Date(), user: user, action: .delete, reason: reason,
                                 changes: AuditDiff.changes(from: fields, to: [:]), digest: "", prev: head.prev)
        try log.append(&entry)
        guard unlink(url.path) == 0 || errno == ENOENT else {
            throw AtomicFile.ioError("cannot delete the audit file", url, errno)
        }
    }

    /// `locks/.unrecorded-<id>`: made and flushed before a new audit's file is written, removed
    /// once its history entry is appended, naming who saved (user, host, process). A kill or a
    /// failed append in between leaves it; the next repository open records that audit.
    static let unrecordedPrefix = ".unrecorded-"

    func unrecordedMarker(_ id: String) -> URL {
        directory.locks.appendingPathComponent(AuditRepository.unrecordedPrefix + id)
    }

    /// Records each new audit that a save left without its history entry (see `unrecordedPrefix`),
    /// as created by whoever the marker names. Markers of a process still running on this host
    /// are left alone (it may be saving this instant); those from another host only once they
    /// are older than `AuditLock.staleAge`. Returns the ids recorded.
    @discardableResult
    public func recordInterruptedCreates(now: Date = Date()) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.locks.path) else { return [] }
        var recorded: [String] = []
        for name in names.sorted() where name.hasPrefix(AuditRepository.unrecordedPrefix) {
            let id = String(name.dropFirst(AuditRepository.unrecordedPrefix.count))
            let marker = directory.locks.appendingPathComponent(name)
            var user = "unknown"
            switch AuditLock.read(marker) {
            case nil: continue
            case .holder(let holder)?:
                let dead = holder.host == AuditLock.hostName() ? AuditLock.isDeadOnThisHost(holder)
                    : now.timeIntervalSince(holder.started) >= AuditLock.staleAge
                guard dead else { continue }
                user = holder.user
            case .unreadable(let modified)?:
                // Markers are written whole, so this one was made or changed by hand.
                guard now.timeIntervalSince(modified) >= AuditLock.staleAge else { continue }
            }
            guard AuditStore.isValidID(id) else { continue }
            if AuditRepository.fileIsUnrecorded(id, in: directory) {
                guard let audit = try? store.load(id), (try? save(audit, by: user, reason: nil)) != nil else { continue }
                recorded.append(id)
            }
            unlink(marker.path)
        }
        return recorded
    }

    /// The login name of whoever runs the program.
    public static func currentUser() -> String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name {
            let s = String(cString: name)
            if !s.isEmpty { return s }
        }
        let env = ProcessInfo.processInfo.environment
        for key in ["USER", "LOGNAME"] {
            if let v = env[key], !v.isEmpty { return v }
        }
        return "unknown"
    }

    private func loadPrevious(_ url: URL) throws -> (audit: Audit, bytes: Data)? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try store.loadWithBytes(url: url)
        } catch let d as Diagnostic {
            throw CaseAuditError(.dataError, file: url.path, line: d.line,
                                 "refusing to overwrite a damaged audit file: \(d.message)",
                                 remedy: "repair or move the file away first (`caseaudit validate` lists it)")
        }
    }

    /// An entry for a file on disk that is not the version the history last recorded.
    private func outsideChange(previous: (audit: Audit, bytes: Data), fields: [String: String],
                               log: HistoryLog) -> HistoryEntry? {
        let digest = SHA256.hex(previous.bytes)
        if let last = log.lastEntry, last.digest == digest { return nil }
        let recorded = log.entries
        let changes = AuditDiff.changes(from: AuditDiff.replay(recorded), to: fields)
        let head = log.chainHead
        return HistoryEntry(seq: head.seq, at: Date(), user: "unknown",
                            action: recorded.isEmpty ? .create : .update,
                            reason: recorded.isEmpty ? AuditRepository.firstRecordReason : AuditRepository.outsideChangeReason,
                            changes: changes, digest: digest, prev: head.prev)
    }

    /// The entry for a file that an interrupted try of this same save left unrecorded.
    private func retried(_ found: HistoryEntry, audit: Audit, user: String, reason: String?,
                         action: HistoryAction?) -> HistoryEntry {
        let first = found.reason == AuditRepository.firstRecordReason
        var entry = found
        entry.user = user
        if let action {
            entry.action = action
        } else if first {
            entry.action = inferAction(previous: nil, new: audit, changes: found.changes)
        } else if AuditDiff.isModerationOnly(found.changes) {
            entry.action = .moderate
        } else {
            let wasComplete = found.changes.first { $0.field == "status" }.map { $0.from == AuditStatus.complete.rawValue }
                ?? audit.isComplete
            entry.action = wasComplete ? .amend : (audit.isComplete ? .complete : .update)
        }
        let given = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        // Without a reason the entry reads as that save would have: none, but for an amend, which needs one.
        entry.reason = given.isEmpty ? (entry.action == .amend ? found.reason : nil) : given
        return entry
    }

    /// Whether audit `id` has a file that its history does not record as its latest version:
    /// no history, or a last entry whose digest is not the file's. Reads only; `bytes` are the
    /// file's bytes when the caller has already read them.
    public static func fileIsUnrecorded(_ id: String, in directory: DataDirectory, bytes: Data? = nil) -> Bool {
        guard let data = bytes ?? FileManager.default.contents(atPath: directory.auditFile(id).path) else { return false }
        let historyURL = AuditHistory(directory: directory).file(id)
        guard let historyData = FileManager.default.contents(atPath: historyURL.path) else { return true }
        var lines = HistoryLines(historyData)
        if let tail = lines.tornTail, lines.tailIsWholeEntry {
            lines.lines.append(HistoryLines.parse(tail, number: lines.lines.count + 1))
        }
        return lines.lines.last?.entry?.digest != SHA256.hex(data)
    }

    private func inferAction(previous: Audit?, new: Audit, changes: [FieldChange]) -> HistoryAction {
        guard let previous else { return new.origin == .imported ? .import : .create }
        if AuditDiff.isModerationOnly(changes) { return .moderate }
        if previous.isComplete { return .amend }
        return new.isComplete ? .complete : .update
    }

    /// The reason to record. A completed audit needs one; a moderation's own rationale serves.
    private func reasonFor(previous: Audit?, action: HistoryAction, changes: [FieldChange],
                           given: String?, file: String) throws -> String? {
        let trimmed = given?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let trimmed, !trimmed.isEmpty { return trimmed }
        guard let previous, previous.isComplete, !changes.isEmpty else { return nil }
        if action == .moderate,
           let rationale = changes.first(where: { $0.field.hasSuffix("moderation.rationale") && !($0.to ?? "").isEmpty })?.to {
            return rationale
        }
        throw CaseAuditError(.dataError, file: file, "this audit is complete; a change to it needs a reason",
                             remedy: "give a reason for amending a completed audit")
    }

    private func snapshotTemplate(_ ref: TemplateRef) {
        guard let templateSource, !FileManager.default.fileExists(atPath: directory.templateSnapshot(ref).path),
              let yaml = templateSource(ref) else { return }
        // A missing snapshot only costs readability of old versions later; it must not block a save.
        try? store.snapshotTemplate(ref, yaml: yaml)
    }
}
