import CaseAuditCore
import Foundation

/// The one function that changes state. No I/O: work outside (saving, loading) comes back as effects.
public func reduce(_ state: inout AppState, _ action: Action, _ context: ReduceContext) -> [Effect] {
    switch action {
    case .none:
        return []
    case .resize(let w, let h):
        state.width = w
        state.height = h
        return []
    case .rowsLoaded(let rows, let problems):
        state.setRows(rows, problems: problems)
        _ = state.measureRows(state.dashboardKey)
        return []
    case .message(let message):
        state.status = message
        return []
    case .auditLoaded(let audit, let template, let holder):
        return EditorReducer.opened(&state, audit: audit, template: template, lockedBy: holder)
    case .amendLocked(let audit, let reason):
        return EditorReducer.amendLocked(&state, audit: audit, reason: reason, context)
    default:
        break
    }
    if state.overlay != nil { return OverlayReducer.reduce(&state, action, context) }
    if state.note != nil { return NoteReducer.reduce(&state, action, context) }
    if action == .help {
        state.overlay = .help(KeyBindings.context(state))
        return []
    }
    state.status = nil
    switch state.screen {
    case .dashboard: return DashboardReducer.reduce(&state, action)
    case .list: return ListReducer.reduce(&state, action)
    case .newAudit: return NewAuditReducer.reduce(&state, action, context)
    case .editor: return EditorReducer.reduce(&state, action, context)
    case .reports: return ReportsReducer.reduce(&state, action)
    }
}

enum DashboardReducer {
    static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        let step = state.dashboard.quarterly ? 3 : 1
        switch action {
        case .left: state.dashboard.period = state.dashboardPeriod.adding(months: -step)
        case .right: state.dashboard.period = state.dashboardPeriod.adding(months: step)
        case .togglePeriodKind:
            state.dashboard.quarterly.toggle()
            _ = state.measureRows(state.dashboardKey)
        case .up: state.dashboard.scroll = max(0, state.dashboard.scroll - 1)
        case .down: state.dashboard.scroll = min(max(0, state.measures.count - 1), state.dashboard.scroll + 1)
        case .showList, .open:
            state.list.returnTo = .dashboard
            ListReducer.enter(&state)
        case .showReports: ReportsReducer.enter(&state)
        case .newAudit: NewAuditReducer.start(&state)
        case .quit: state.quit = true
        default: break
        }
        return []
    }

    static func enter(_ state: inout AppState) {
        state.screen = .dashboard
        _ = state.measureRows(state.dashboardKey)
    }
}
