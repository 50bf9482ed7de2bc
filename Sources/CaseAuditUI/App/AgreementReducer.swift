import CaseAuditCore

/// The reports screen's agreement by auditor (`a`): per auditor, how often the moderator kept
/// the grade, and how many grades were moved up and down (`Agreement`, as `caseaudit agreement
/// --by auditor` and the HTML count them), over the period the reports are narrowed to.
enum AgreementReducer {
    /// The table: one row per auditor, then `all`; nil while the audits are still being read.
    static func rows(_ state: AppState) -> [Agreement.Row]? {
        guard let qa = state.qa else { return nil }
        let r = state.reports
        let pairs = r.period == nil ? qa.allPairs : Agreement.pairs(qa.allPairs, from: r.from, to: r.to)
        return pairs.isEmpty ? [] : Agreement.rows(pairs, by: .auditor)
    }

    static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        let count = rows(state)?.count ?? 0
        let sel = Viewport.moved(state.reports.agreementSelected, by: action, count: count, page: state.listHeight)
        switch action {
        case .cyclePeriod: ReportsReducer.cyclePeriod(&state)
        case .left: ReportsReducer.movePeriod(&state, by: -1)
        case .right: ReportsReducer.movePeriod(&state, by: 1)
        case .toggleAgreement, .back:
            state.reports.showAgreement = false
            return []
        default: break
        }
        state.reports.agreementSelected = max(0, min(sel, count - 1))
        return []
    }
}
