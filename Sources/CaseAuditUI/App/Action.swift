import CaseAuditCore
import Foundation

/// What the user asked for (from key bindings) or what an effect reported back.
public enum Action: Equatable, Sendable {
    // Movement and navigation
    case up, down, pageUp, pageDown, first, last, left, right
    case open, back, quit, help
    case showList, newAudit
    // Dashboard
    case togglePeriodKind
    case showReports
    /// `e`: the audits list narrowed to open escalations (the QA lead's list).
    case showEscalations
    // Reports
    case cycleGrouping, toggleGrades, export
    /// `p`: narrow the grouping to a month, quarter or financial year; `a`: agreement by auditor.
    case cyclePeriod, toggleAgreement
    // Audits list
    case filter, cycleSort
    /// `D` in the list: delete the selected draft (asks first).
    case deleteDraft
    /// `S` in the list: write the selected audit's summary (asks where).
    case summary
    // Editor
    case answer(Answer)
    case grade(Grade)
    case toggleSmart(Int)
    case toggleGuidance
    case editNote
    case nextSection, previousSection
    case complete, amend, addAction, deleteAction
    /// `M`: the moderator's grade and rationale for the grade row under the cursor (completed audits).
    case moderate
    /// `d` on an action: mark it done with the date, or a carried-over action's outcome.
    case markDone
    /// `E`: correct the case reference, cohort, team, worker or month.
    case editDetails
    /// `s`: save again now (after a save failed).
    case saveNow
    /// `u`: undo the last change of this session to the open audit.
    case undo
    /// `R`: mark the open escalation resolved (asks the day, then a reason).
    case resolveEscalation
    // Text entry in a field, prompt or the note editor
    case input(KeyEvent)
    case confirm, cancel
    // Events
    case resize(width: Int, height: Int)
    case rowsLoaded([AuditFacts], problems: [Diagnostic])
    case auditLoaded(Audit, template: AuditTemplate?, lockedBy: LockHolder?)
    /// The lock on a completed audit was taken for amending (before the reason is asked);
    /// `audit` is as read again after it.
    case amendLocked(Audit)
    /// The open audit, which this user only views, was saved by someone else: as read again, with
    /// who holds its lock now.
    case changedOnDisk(Audit, lockedBy: LockHolder?)
    /// The lock on a completed audit was taken to mark its escalation resolved; `audit` is as read again.
    case resolveLocked(Audit, day: String, reason: String)
    /// The lock on a completed audit was taken to moderate it; `audit` is as read again.
    case moderateLocked(Audit, section: String?, grade: Grade, rationale: String)
    /// A line for the status bar: a result or an error from an effect.
    case message(String)
    /// A save of this audit reached the disk.
    case saved(id: String)
    /// A save failed; the change is kept and shown until a save succeeds.
    case saveFailed(UnsavedChange)
    /// The audit as its file holds it, read again after an unsaved change to it was given up;
    /// nil when it has no file (a new audit whose first save failed).
    case reloaded(id: String, Audit?)
    /// Open actions of the case's earlier audits, for the new audit `id` (`Effect.carryOver`).
    case carriedOver(id: String, [AuditAction])
    /// An export or summary was written to this path.
    case exported(String)
    /// An export or summary could not be written: what failed, where, and what to do.
    case exportFailed(String)
    /// Draft `id` was deleted (its file gone, its history kept).
    case deleted(id: String)
    /// teams.yaml as read again (after a team was added to it).
    case teamsLoaded([String]?, problem: String?)
    /// A summary was written to `path`, in `folder`, which is remembered as the next default.
    case summaryWritten(path: String, folder: String)
    case none
}

/// Work the reducer asks for; run outside it by `EffectRunner`.
public enum Effect: Equatable, Sendable {
    /// Saves the audit as it now is (draft or complete); `reason` when a completed audit is changed.
    case save(Audit, reason: String?)
    /// Reads an audit, takes its lock (a draft's only: a completed audit is read-only until
    /// amended) and reports `.auditLoaded`.
    case open(id: String)
    /// Takes the lock on a completed audit, reads it again and reports `.amendLocked`, or who
    /// holds the lock; before the reason is asked, so an amendment that cannot happen is refused
    /// before anything is typed.
    case lockToAmend(id: String)
    /// Takes the lock on a completed audit, reads it again and reports `.resolveLocked`.
    case lockToResolve(id: String, day: String, reason: String)
    /// Takes the lock on a completed audit, reads it again and reports `.moderateLocked`, so a
    /// colleague's amendment made while it was on screen is never overwritten by the moderation.
    case lockToModerate(id: String, section: String?, grade: Grade, rationale: String)
    /// Takes the lock on an audit just made.
    case lock(id: String)
    case releaseLock(id: String)
    /// Reads an audit's file again and reports `.reloaded`, so lists and counts stop showing a
    /// change that was never saved.
    case reload(id: String)
    /// Reads the earlier audits `from` of a new audit's case and reports their open actions
    /// (`Action.carriedOver`), each marked with the audit it came from.
    case carryOver(id: String, from: [String])
    /// Records a carried-over action's outcome in the audit it came from too.
    case recordOutcome(in: String, action: AuditAction, by: String)
    /// Writes an export the user asked for.
    case write(path: String, text: String)
    /// Remembers the auditor's name for this user's next new audit.
    case rememberAuditor(String)
    /// Takes draft `id`'s lock, deletes it through the repository (history kept), lets the lock go.
    case deleteDraft(id: String)
    /// Adds a team at the end of teams.yaml and reports `.teamsLoaded`.
    case addTeam(String)
    /// Writes audit `id`'s summary (read from its file) to `path` in its extension's format.
    case writeSummary(id: String, path: String)
    /// Remembers where this user left draft `id` in the editor (nil forgets it), in their own state file.
    case rememberPosition(id: String, EditorPosition?)
}

/// What the reducer may ask of the world without doing I/O: the time and a new id.
public struct ReduceContext: Sendable {
    public var now: Date
    public var makeID: @Sendable (Month) -> String
    public init(now: Date, makeID: @escaping @Sendable (Month) -> String) {
        self.now = now
        self.makeID = makeID
    }
}
