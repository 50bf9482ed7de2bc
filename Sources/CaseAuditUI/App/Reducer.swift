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
    case .carriedOver(let id, let actions):
        guard state.editor?.audit.id == id, !actions.isEmpty else { return [] }
        let effects = EditorReducer.change(&state, context) { audit in
            audit.actions = actions + audit.actions.filter { $0.carriedFrom == nil }
        }
        // Carried over by the program, not by the user: not something `u` takes back.
        state.editor?.undo = []
        if !effects.isEmpty {
            state.status = "\(actions.count) open action\(actions.count == 1 ? "" : "s") carried over from earlier audits of this case: each needs an outcome (d)"
        }
        return effects
    case .saved(let id):
        if state.unsaved?.audit.id == id {
            state.unsaved = nil
            state.status = "Saved: every change to this audit is on disk"
            if state.overlay == .unsavedConfirm { state.overlay = nil }
        }
        return []
    case .saveFailed(let change):
        // Any "saved" or "completed" news from the same key is no longer true.
        state.unsaved = change
        state.status = nil
        return []
    case .reloaded(let id, let audit):
        guard state.editor?.audit.id != id else { return [] }
        if let audit {
            state.upsert(audit)
        } else if let i = state.rowIndex(of: id, hint: nil) {
            // Rare (a new audit never written, then given up): counts and orders are made again.
            var rows = state.rows
            rows.remove(at: i)
            state.setRows(rows, problems: state.problems)
        }
        return []
    case .exported(let path):
        state.writeFailure = nil
        state.status = "Exported to \(path)"
        return []
    case .exportFailed(let message):
        state.writeFailure = message
        state.status = nil
        return []
    case .deleted(let id):
        SetupReducer.deleted(&state, id: id)
        return []
    case .teamsLoaded(let teams, let problem):
        state.teams = teams
        state.teamsProblem = problem
        return []
    case .summaryWritten(let path, let folder):
        state.writeFailure = nil
        state.summaryFolder = folder
        state.status = "Summary written to \(path)"
        return []
    case .auditLoaded(let audit, let template, let holder):
        return EditorReducer.opened(&state, audit: audit, template: template, lockedBy: holder)
    case .resolveLocked(let audit, let day, let reason):
        return EditorReducer.resolve(&state, audit: audit, day: day, reason: reason, locked: true, context)
    case .moderateLocked(let audit, let section, let grade, let rationale):
        return EditorReducer.moderateLocked(&state, audit: audit, section: section, grade: grade, rationale: rationale, context)
    case .amendLocked(let audit):
        return EditorReducer.amendLocked(&state, audit: audit)
    case .changedOnDisk(let audit, let holder):
        return EditorReducer.changedOnDisk(&state, audit: audit, lockedBy: holder)
    default:
        break
    }
    if state.overlay != nil { return OverlayReducer.reduce(&state, action, context) }
    if state.note != nil { return NoteReducer.reduce(&state, action, context) }
    if action == .help {
        state.overlay = .help(KeyBindings.context(state))
        state.helpTop = 0
        return []
    }
    // The status line is news for one key; an unsaved change and a failed export are not
    // (`lastingMessage`): the first stays until saved, the second until the screen is left.
    state.status = nil
    let screen = state.screen
    let effects: [Effect]
    switch state.screen {
    case .dashboard: effects = DashboardReducer.reduce(&state, action)
    case .list: effects = ListReducer.reduce(&state, action)
    case .newAudit: effects = NewAuditReducer.reduce(&state, action, context)
    case .editor: effects = EditorReducer.reduce(&state, action, context)
    case .reports: effects = ReportsReducer.reduce(&state, action)
    }
    if state.screen != screen { state.writeFailure = nil }
    return effects
}

enum DashboardReducer {
    static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        let step = state.dashboard.quarterly ? 3 : 1
        switch action {
        case .left: state.dashboard.period = state.dashboardPeriod.adding(months: -step)
        case .right:
            // Never into empty periods after today (or after the latest audited month, if later).
            let next = state.dashboardPeriod.adding(months: step)
            let last = state.latestDashboardMonth
            if AppState.figurePeriod(next, quarterly: state.dashboard.quarterly) != AppState.figurePeriod(last, quarterly: state.dashboard.quarterly)
                && next > last {
                state.status = "\(AppState.periodLabel(state.dashboardPeriod, quarterly: state.dashboard.quarterly)) is the latest period"
            } else {
                state.dashboard.period = min(next, last)
            }
        case .togglePeriodKind:
            state.dashboard.quarterly.toggle()
            _ = state.measureRows(state.dashboardKey)
        case .up, .down:
            let n = state.measures.count
            state.dashboard.selected = max(0, min(n - 1, state.dashboard.selected + (action == .up ? -1 : 1)))
            // The compact list follows the chosen measure; the full layout never scrolls.
            let rows = DashboardView.measureRows(state, height: state.height)
            if case .compact(let top, _) = DashboardView.layout(count: n, rows: rows, selected: state.dashboard.selected,
                                                                 previousTop: state.dashboard.scroll) {
                state.dashboard.scroll = top
            } else {
                state.dashboard.scroll = 0
            }
        case .open:
            guard state.measures.indices.contains(state.dashboard.selected) else { return [] }
            let measure = state.measures[state.dashboard.selected]
            let quarterly = state.dashboard.quarterly
            let period = AppState.figurePeriod(state.dashboardPeriod, quarterly: quarterly)
            let behind = Counting.behind(measure, period: period, by: quarterly ? .quarter : .month, in: state.rows)
            ListReducer.showBehind(&state, behind, title: "\(AppState.periodLabel(state.dashboardPeriod, quarterly: quarterly)) · \(measure.title)",
                                   returnTo: .dashboard)
        case .showList:
            state.list.returnTo = .dashboard
            if state.list.drill != nil {
                state.list.drill = nil
                state.list.visible = nil
            }
            ListReducer.enter(&state)
        case .showReports: ReportsReducer.enter(&state)
        case .showEscalations:
            state.list.returnTo = .dashboard
            state.list.drill = nil
            ListReducer.enter(&state)
            ListReducer.applyFilter(&state, "escalation:open")
        case .newAudit: NewAuditReducer.start(&state)
        case .quit: state.quit = true
        default: break
        }
        return []
    }

    static func enter(_ state: inout AppState) {
        state.screen = .dashboard
        // Leaving a drill-down: the next `l` is the whole list again.
        if state.list.drill != nil {
            state.list.drill = nil
            state.list.visible = nil
        }
        _ = state.measureRows(state.dashboardKey)
    }
}
