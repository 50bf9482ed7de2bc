import CaseAuditCore
import Foundation

/// What opening an audit for editing found: the lock is ours (with how to let it go), or someone
/// else holds it.
public enum LockResult: Sendable {
    case acquired(release: @Sendable () -> Void)
    case heldBy(LockHolder)
}

/// Everything the application needs from outside: files, templates, measures, the user and a clock.
/// The I/O hooks are closures so tests run on temp folders with a fixed clock; by default they
/// call `AuditIndex`, `AuditRepository` and `AuditLock`.
public struct AppEnvironment: Sendable {
    public var directory: DataDirectory
    public var catalog: TemplateCatalog
    public var measures: [Measure]
    public var user: String
    public var now: @Sendable () -> Date
    /// The facts lists and the dashboard need, plus problems with damaged files.
    public var loadRows: @Sendable () -> (rows: [AuditFacts], problems: [Diagnostic])
    /// Reads one audit in full (when it is opened).
    public var loadAudit: @Sendable (String) throws -> Audit
    /// Saves a draft or a completed audit with its history; `reason` when a completed audit is changed.
    public var saveAudit: @Sendable (Audit, _ reason: String?) throws -> Void
    /// Takes the editing lock, or says who has it.
    public var acquireLock: @Sendable (String) throws -> LockResult
    /// Sampled audits awaiting moderation and overdue actions, from every audit in full (slow at
    /// 100,000 audits, so run on another thread after the first screen); nil: not shown.
    public var loadQA: (@Sendable () -> QAFigures)?
    /// A new audit id for a month.
    public var makeID: @Sendable (Month) -> String
    /// Saves run on a background queue so a key is answered before the disk is done (the real
    /// interface); off, each save finishes before its key returns (tests, the benchmark).
    public var saveInBackground = false
    /// The audit rows load on another thread while a first screen says so (the real interface);
    /// off, they are loaded before `CaseAuditApp.init` returns (tests, the benchmark).
    public var loadInBackground = false
    /// Removes leftovers of interrupted writes; run after the first screen is shown
    /// (`CaseAuditApp.screenPresented`), not while opening.
    public var sweepLeftovers: @Sendable () -> Void
    /// The auditor's name this user gave last (`UserConfig`), which new-audit forms start with.
    public var rememberedAuditor: String?
    /// Keeps the auditor's name for next time, in the user's config, never in the data folder.
    public var rememberAuditor: @Sendable (String) -> Void = { _ in }
    /// The folder this user last wrote a summary to (`UserConfig`), offered first by `S`.
    public var rememberedSummaryFolder: String?
    /// Keeps that folder for next time, in the user's config.
    public var rememberSummaryFolder: @Sendable (String) -> Void = { _ in }
    /// teams.yaml's teams (nil without the file) and its problems.
    public var loadTeams: @Sendable () -> (teams: [String]?, problems: [Diagnostic])
    /// Adds a team at the end of teams.yaml.
    public var addTeam: @Sendable (String) throws -> Void
    /// Deletes a draft (its history kept); the caller holds the audit's lock.
    public var deleteAudit: @Sendable (String) throws -> Void
    /// The folder relative paths typed at a prompt are taken from.
    public var workingDirectory = FileManager.default.currentDirectoryPath
    /// Where this user left each draft of this data folder (`EditorPositions`), by audit id.
    public var rememberedPositions: [String: EditorPosition] = [:]
    /// Keeps (or with nil forgets) where this user left a draft, in their own state file, never
    /// in the data folder.
    public var rememberPosition: @Sendable (String, EditorPosition?) -> Void = { _, _ in }
    /// Size and modification time of an audit's file (nil when it cannot be read), which a
    /// read-only viewer polls to show a colleague's saves.
    public var auditFileStamp: @Sendable (String) -> FileStamp?
    /// Who holds an audit's lock, if anyone.
    public var lockHolder: @Sendable (String) -> LockHolder?

    /// `openInterface` calls this with the resolved data directory, the loaded catalog and measures,
    /// and the login name.
    public init(directory: DataDirectory, catalog: TemplateCatalog, measures: [Measure], user: String,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.directory = directory
        self.catalog = catalog
        self.measures = measures
        self.user = user
        self.now = now
        // One repository per process. Its sweep for leftovers of killed writes reads every name in
        // the audits folder, so it waits until the first screen is shown.
        let repository = AuditRepository(directory: directory, templateSource: { catalog.source($0) },
                                         sweepingLeftovers: false)
        sweepLeftovers = { repository.sweepLeftovers() }
        let store = AuditStore(directory: directory)
        loadRows = {
            let loaded = AuditIndex.load(directory: directory, catalog: catalog, answers: Measure.answerIDs(measures))
            return (loaded.facts, loaded.problems)
        }
        loadAudit = { try store.load($0) }
        saveAudit = { audit, reason in try repository.save(audit, by: user, reason: reason) }
        deleteAudit = { id in try repository.delete(id, by: user) }
        loadTeams = { TeamsFile.load(directory) }
        addTeam = { try TeamsFile.add($0, to: directory) }
        acquireLock = { id in
            switch try AuditLock.acquire(id: id, directory: directory, now: now()) {
            case .acquired(let held): return .acquired(release: { held.release() })
            case .heldBy(let holder): return .heldBy(holder)
            }
        }
        auditFileStamp = { id in FileStamp(directory.auditFile(id)) }
        lockHolder = { AuditLock.holder(id: $0, directory: directory) }
        makeID = { AuditStore.newID(month: $0) }
        loadQA = { QAFigures.load(directory: directory, today: QAFigures.day(now())) }
    }

    var templates: [AuditTemplate] { catalog.templates }
}

/// What a viewer compares to see that a file was saved again: its inode (an atomic save makes a
/// new file), size and modification time.
public struct FileStamp: Equatable, Sendable {
    public var inode: UInt64
    public var size: UInt64
    public var modified: Date

    public init(inode: UInt64, size: UInt64, modified: Date) {
        self.inode = inode
        self.size = size
        self.modified = modified
    }

    /// The stamp of the file at `url`, nil when it cannot be read.
    public init?(_ url: URL) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              let size = (attributes[.size] as? NSNumber)?.uint64Value,
              let modified = attributes[.modificationDate] as? Date else { return nil }
        self.init(inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0, size: size, modified: modified)
    }
}
