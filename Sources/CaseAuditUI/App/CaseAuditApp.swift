import CaseAuditCore
import Foundation

/// The application the run loop drives: keys become actions, the reducer changes state, effects
/// (saving, opening, locks) run here, outside the reducer, and report back as actions.
public final class CaseAuditApp: AppModel {
    public private(set) var state: AppState
    let environment: AppEnvironment

    /// Loads the audit rows once; nothing is reloaded on a keypress.
    public init(environment: AppEnvironment) {
        self.environment = environment
        state = AppState(user: environment.user, today: Month.current(environment.now()),
                         templates: environment.templates, measures: environment.measures)
        let loaded = environment.loadRows(environment.directory)
        dispatch(.rowsLoaded(loaded.rows, problems: loaded.problems))
    }

    public func draw(into grid: inout CellGrid) {
        if grid.width != state.width || grid.height != state.height {
            dispatch(.resize(width: grid.width, height: grid.height))
        }
        Views.draw(state, into: &grid)
    }

    public func handle(_ event: KeyEvent) -> Bool {
        dispatch(KeyBindings.action(for: event, in: state))
        if state.quit { releaseOpenLock() }
        return !state.quit
    }

    /// Keeps the text of an open note and saves the open draft (on SIGINT, SIGTERM, SIGHUP, quit).
    public func emergencySave() {
        if state.note != nil { dispatch(.confirm) }
        if let ed = state.editor, ed.readOnly == nil {
            run(.save(ed.audit, reason: ed.amendReason))
        }
    }

    func releaseOpenLock() {
        if let ed = state.editor {
            if case .locked? = ed.readOnly { return }
            run(.releaseLock(id: ed.audit.id))
        }
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

    /// Runs one effect; returns the action that reports its result, if any.
    @discardableResult
    func run(_ effect: Effect) -> Action? {
        let env = environment
        switch effect {
        case .save(let audit, let reason):
            do {
                try env.saveAudit(env.directory, audit, env.user, reason)
                return nil
            } catch let e as CaseAuditError {
                return .failed("Not saved: \(e.diagnostic.message)" + (e.diagnostic.remedy.map { " (\($0))" } ?? ""))
            } catch let d as Diagnostic {
                return .failed("Not saved: \(d.message)")
            } catch {
                return .failed("Not saved: \(error)")
            }
        case .open(let id):
            do {
                let audit = try env.loadAudit(env.directory, id)
                let holder = env.acquireLock(env.directory, id, env.user)
                return .auditLoaded(audit, template: env.templateLookup(audit.template), lockedBy: holder)
            } catch let e as CaseAuditError {
                return .failed("Cannot open \(id): \(e.diagnostic.message)")
            } catch let d as Diagnostic {
                return .failed("Cannot open \(id): \(d.message)")
            } catch {
                return .failed("Cannot open \(id): \(error)")
            }
        case .releaseLock(let id):
            env.releaseLock(env.directory, id)
            return nil
        }
    }
}
