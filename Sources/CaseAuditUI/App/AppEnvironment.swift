import CaseAuditCore
import Foundation

/// Who holds the lock on an audit someone else is editing.
public struct LockHolder: Equatable, Sendable {
    public var user: String
    public var since: Date
    public init(user: String, since: Date) {
        self.user = user
        self.since = since
    }
}

/// Everything the application needs from outside: files, templates, measures, the user and a clock.
/// The I/O hooks are closures so tests run on temp folders with a fixed clock, and so each hook can
/// be switched to the other teams' APIs (AuditIndex, AuditRepository, AuditLock) in one place.
public struct AppEnvironment: Sendable {
    public var directory: DataDirectory
    /// The newest version of each template, in the order the new-audit chooser lists them.
    public var templates: [AuditTemplate]
    /// That exact template version (shipped or snapshotted), for opening older audits.
    public var templateLookup: @Sendable (TemplateRef) -> AuditTemplate?
    public var measures: [Measure]
    public var user: String
    public var now: @Sendable () -> Date
    /// Loads the few fields lists and the dashboard need, plus problems with damaged files.
    public var loadRows: @Sendable (DataDirectory) -> (rows: [AuditRow], problems: [Diagnostic])
    /// Reads one audit in full (when it is opened).
    public var loadAudit: @Sendable (DataDirectory, String) throws -> Audit
    /// Saves a draft or a completed audit; `reason` is set when a completed audit is changed.
    public var saveAudit: @Sendable (DataDirectory, Audit, _ user: String, _ reason: String?) throws -> Void
    /// Takes the editing lock; returns the other holder when someone else has it.
    public var acquireLock: @Sendable (DataDirectory, String, _ user: String) -> LockHolder?
    public var releaseLock: @Sendable (DataDirectory, String) -> Void
    /// A new audit id for a month.
    public var makeID: @Sendable (Month) -> String

    public init(directory: DataDirectory, templates: [AuditTemplate],
                templateLookup: (@Sendable (TemplateRef) -> AuditTemplate?)? = nil,
                measures: [Measure], user: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.directory = directory
        self.templates = templates
        let known = templates
        self.templateLookup = templateLookup ?? { ref in known.first { $0.id == ref.id && $0.version == ref.version } }
        self.measures = measures
        self.user = user
        self.now = now
        self.loadRows = StoreBridge.loadRows
        self.loadAudit = StoreBridge.loadAudit
        self.saveAudit = StoreBridge.save
        self.acquireLock = StoreBridge.acquireLock
        self.releaseLock = StoreBridge.releaseLock
        self.makeID = { AuditStore.newID(month: $0) }
    }
}
