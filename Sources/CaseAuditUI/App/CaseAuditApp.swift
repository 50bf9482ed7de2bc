import CaseAuditCore
import Foundation

/// The application the run loop drives: keys become actions, the reducer changes state, effects
/// (saving, opening, locks) run here, outside the reducer, and report back as actions.
public final class CaseAuditApp: AppModel {
    public private(set) var state: AppState
    let environment: AppEnvironment

    /// Locks this process holds, by audit id.
    var heldLocks: [String: @Sendable () -> Void] = [:]

    /// Set when saves run off the key path (`AppEnvironment.saveInBackground`).
    let saver: BackgroundSaver?
    private var presentedOnce = false

    /// Loads the audit rows once; nothing is reloaded on a keypress.
    public init(environment: AppEnvironment) {
        self.environment = environment
        saver = environment.saveInBackground ? BackgroundSaver() : nil
        state = AppState(user: environment.user, today: Month.current(environment.now()),
                         templates: environment.templates, measures: environment.measures)
        let loaded = environment.loadRows()
        // Started before the dashboard's figures so the two run on both cores.
        let end = AppState.latestCompletedMonth(loaded.rows) ?? state.today
        let prepared = PreparedList(rows: loaded.rows, measures: environment.measures,
                                    figureKeys: ReportsReducer.keys(end: end) + [Figures.Key(grouping: .quarter)],
                                    gradeKeys: ReportsReducer.keys(end: end))
        dispatch(.rowsLoaded(loaded.rows, problems: loaded.problems))
        state.list.prepared = prepared
    }

    /// Work not needed for the first screen starts once it is shown: the sweep for leftovers of
    /// interrupted writes (a `readdir` of every audit's name). It runs on the save queue when there
    /// is one, so it never runs beside one of our saves (it removes only files over a minute old).
    public func screenPresented() {
        guard !presentedOnce else { return }
        presentedOnce = true
        let sweep = environment.sweepLeftovers
        if let saver { saver.afterPendingSaves(sweep) } else { sweep() }
    }

    public func draw(into grid: inout CellGrid) {
        reportSaveFailures()
        if grid.width != state.width || grid.height != state.height {
            dispatch(.resize(width: grid.width, height: grid.height))
        }
        Views.draw(state, into: &grid)
    }

    public func handle(_ event: KeyEvent) -> Bool {
        reportSaveFailures()
        dispatch(KeyBindings.action(for: event, in: state))
        if state.quit { releaseAllLocks() }
        return !state.quit
    }

    /// Keeps the text of an open note and saves the open draft (on SIGINT, SIGTERM, SIGHUP, quit).
    public func emergencySave() {
        if state.note != nil {
            // A help box over the note would take the confirm; the note's text matters more.
            state.overlay = nil
            dispatch(.confirm)
        }
        if let ed = state.editor, ed.readOnly == nil {
            _ = run(.save(ed.audit, reason: ed.amendReason))
        }
        saver?.waitForPending()
    }

    func releaseAllLocks() {
        for release in heldLocks.values { releaseAfterSaves(release) }
        heldLocks = [:]
    }

    /// A lock is let go only once the saves made under it are on disk.
    /// Takes the audit's lock unless this program holds it already; who holds it when someone else does.
    private func takeLock(_ id: String) throws -> LockHolder? {
        guard heldLocks[id] == nil else { return nil }
        switch try environment.acquireLock(id) {
        case .acquired(let release): heldLocks[id] = release; return nil
        case .heldBy(let h): return h
        }
    }

    private func releaseAfterSaves(_ release: @escaping @Sendable () -> Void) {
        if let saver { saver.afterPendingSaves(release) } else { release() }
    }

    private func reportSaveFailures() {
        guard let failures = saver?.takeFailures(), !failures.isEmpty else { return }
        for f in failures { dispatch(.message("Not saved: " + f)) }
    }

    func dispatch(_ action: Action) {
        var pending = [action]
        while !pending.isEmpty {
            let next = pending.removeFirst()
            let context = ReduceContext(now: environment.now(), makeID: environment.makeID)
            for effect in reduce(&state, next, context) {
                if let reply = run(effect) { pending.append(reply) }
            }
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case let e as CaseAuditError: return e.diagnostic.message + (e.diagnostic.remedy.map { " (\($0))" } ?? "")
        case let d as Diagnostic: return d.message + (d.remedy.map { " (\($0))" } ?? "")
        case let e as DiagnosticsError: return e.diagnostics.map(\.message).joined(separator: "; ")
        default: return "\(error)"
        }
    }

    /// Runs one effect; returns the action that reports its result, if any.
    func run(_ effect: Effect) -> Action? {
        let env = environment
        switch effect {
        case .save(let audit, let reason):
            if let saver {
                saver.save({ try env.saveAudit(audit, reason) }, describe: { CaseAuditApp.describe($0) })
                return nil
            }
            do {
                try env.saveAudit(audit, reason)
                return nil
            } catch {
                return .message("Not saved: " + CaseAuditApp.describe(error))
            }
        case .open(let id):
            saver?.waitForPending()   // read back what was just saved
            do {
                let audit = try env.loadAudit(id)
                var holder: LockHolder?
                // A completed audit opens read-only without its lock, so looking at one never
                // keeps a colleague from amending it; the lock is taken when amending starts.
                if audit.status != .complete { holder = try takeLock(id) }
                return .auditLoaded(audit, template: env.catalog.template(audit.template), lockedBy: holder)
            } catch {
                return .message("Cannot open \(id): " + CaseAuditApp.describe(error))
            }
        case .lockToAmend(let id, let reason):
            saver?.waitForPending()
            do {
                if let h = try takeLock(id) { return .message(h.readOnlyMessage) }
                return .amendLocked(try env.loadAudit(id), reason: reason)
            } catch {
                if let release = heldLocks.removeValue(forKey: id) { releaseAfterSaves(release) }
                return .message("Cannot amend \(id): " + CaseAuditApp.describe(error))
            }
        case .lock(let id):
            do {
                if let h = try takeLock(id) { return .message(h.readOnlyMessage) }
            } catch {
                return .message("Cannot lock \(id): " + CaseAuditApp.describe(error))
            }
            return nil
        case .write(let path, let text):
            let expanded = (path as NSString).expandingTildeInPath
            do {
                try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: expanded))
                return .message("Exported to \(expanded)")
            } catch {
                return .message("Not exported: " + CaseAuditApp.describe(error))
            }
        case .releaseLock(let id):
            if let release = heldLocks.removeValue(forKey: id) { releaseAfterSaves(release) }
            return nil
        }
    }
}
