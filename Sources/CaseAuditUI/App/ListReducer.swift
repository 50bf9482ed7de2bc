import CaseAuditCore
import Foundation

enum ListReducer {
    static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        let count = visible(&state).count
        let page = max(1, state.listHeight)
        var sel = Viewport.moved(state.list.selected, by: action, count: count, page: page)
        switch action {
        case .left: state.list.scroll = AuditListView.scrolled(state, forward: false)
        case .right: state.list.scroll = AuditListView.scrolled(state, forward: true)
        case .open:
            guard count > 0 else { return [] }
            let index = visible(&state)[state.list.selected]
            state.list.openedRow = index
            return [.open(id: state.rows[index].id)]
        case .back:
            if state.list.returnTo == .reports {
                state.list.returnTo = .dashboard
                state.list.drill = nil
                ListReducer.applyFilter(&state, "")
                ReportsReducer.enter(&state)
            } else {
                DashboardReducer.enter(&state)
            }
            return []
        case .newAudit: NewAuditReducer.start(&state)
        case .deleteDraft:
            if let row = selectedRow(state) { SetupReducer.askDelete(&state, row: row) }
            return []
        case .summary:
            if let row = selectedRow(state) { SetupReducer.askSummary(&state, id: row.id) }
            return []
        case .filter:
            state.overlay = .prompt(PromptState(title: "Filter (words, or month: team: template: status: grade: cohort:)",
                                                field: LineField(state.list.filter), purpose: .filter))
        case .cycleSort:
            let all = SortKey.allCases
            state.list.sort = all[(all.firstIndex(of: state.list.sort)! + 1) % all.count]
            state.list.visible = nil
            visible(&state)   // sorted here, once, not by the view on every draw
            sel = 0
            state.list.top = 0
        default: break
        }
        state.list.selected = max(0, min(sel, count - 1))
        state.list.top = Viewport.top(selected: state.list.selected, previousTop: state.list.top,
                                      height: state.listHeight, count: count)
        return []
    }

    /// Shows exactly `behind` (from `Counting.behind`) in the list, titled by its figure; Esc
    /// goes back to `returnTo`.
    static func showBehind(_ state: inout AppState, _ behind: [CountedAudit], title: String, returnTo: Screen) {
        var member = [Bool](repeating: false, count: state.rows.count)
        for c in behind { if let k = c.index { member[k] = true } }
        applyFilter(&state, "")
        state.list.drill = DrillDown(title: title, member: member, count: behind.count)
        state.list.visible = nil
        state.list.returnTo = returnTo
        enter(&state)
    }

    /// The row under the cursor, when the list shows any.
    static func selectedRow(_ state: AppState) -> AuditFacts? {
        let visible = state.list.visible ?? computeVisible(state)
        guard visible.indices.contains(state.list.selected) else { return nil }
        return state.rows[visible[state.list.selected]]
    }

    static func enter(_ state: inout AppState) {
        state.screen = .list
        _ = visible(&state)
        state.list.selected = min(state.list.selected, max(0, (state.list.visible?.count ?? 0) - 1))
    }

    static func applyFilter(_ state: inout AppState, _ text: String) {
        state.list.filter = text.trimmingCharacters(in: .whitespaces)
        state.list.visible = nil
        state.list.selected = 0
        state.list.top = 0
        _ = visible(&state)
    }

    /// The filtered, sorted row indices. Sorting and matching go through `ListIndex`, built once
    /// per load (usually on another thread before the first list key) and kept across keys.
    @discardableResult
    static func visible(_ state: inout AppState) -> [Int] {
        if let v = state.list.visible { return v }
        let key = state.list.sort
        let filter = AuditFilter(state.list.filter, sections: state.filterSections)
        let drill = state.list.drill
        // The first `l` after opening needs only the order made first, not the whole index.
        if state.list.index == nil, filter.isEmpty, drill == nil, let order = state.preparing?.firstOrder(key) {
            state.list.visible = order
            return order
        }
        state.ensureListIndex()
        let rows = state.rows
        let order: [Int]
        if let cached = state.list.index!.orders[key] {
            order = cached
        } else {
            order = state.list.index!.sortOrder(rows, by: key)
            state.list.index!.orders[key] = order
        }
        var v = order
        if let drill { v = v.filter { $0 < drill.member.count && drill.member[$0] } }
        if !filter.isEmpty {
            let mask = state.list.index!.matches(filter, rows: rows)
            v = v.filter { mask[$0] }
        }
        state.list.visible = v
        return v
    }

    /// The same list without caching, for a view drawn before the reducer computed it.
    static func computeVisible(_ state: AppState) -> [Int] {
        var copy = state
        return visible(&copy)
    }

    /// Months newest first: 1900-01 ... 2999-12 map into 14 bits; no month sorts last.
    static func monthKey(_ month: Month?) -> Int {
        guard let m = month else { return 16383 }
        return 16383 - min(16383, max(0, m.ordinal - 1900 * 12))
    }

    /// Each text's place among the distinct texts sorted by lower case, then as written.
    static func textRanks(_ distinct: [String]) -> [Int] {
        let lower = distinct.map { $0.lowercased() }
        let order = distinct.indices.sorted { (lower[$0], distinct[$0]) < (lower[$1], distinct[$1]) }
        var rankOf = [Int](repeating: 0, count: distinct.count)
        for (rank, n) in order.enumerated() { rankOf[n] = rank }
        return rankOf
    }

    /// Sorts by one integer per row: the chosen field's rank, then the month (newest first, or the
    /// team within a month), then the row's place (the index lists files by name, i.e. by id).
    static func sortOrder(_ rows: [AuditFacts], by key: SortKey) -> [Int] {
        // Each distinct string is numbered once and only the distinct ones are lower-cased and sorted.
        func ranks(_ text: (AuditFacts) -> String) -> [Int] {
            var number: [String: Int] = [:]
            var distinct: [String] = []
            var raw = [Int](repeating: 0, count: rows.count)
            for i in rows.indices {
                let t = text(rows[i])
                if let n = number[t] {
                    raw[i] = n
                } else {
                    number[t] = distinct.count
                    raw[i] = distinct.count
                    distinct.append(t)
                }
            }
            let rankOf = textRanks(distinct)
            return raw.map { rankOf[$0] }
        }
        let months = rows.indices.map { monthKey(rows[$0].month) }
        switch key {
        case .month: return packedOrder(primary: months, second: ranks { $0.team })
        case .team: return packedOrder(primary: ranks { $0.team }, second: months)
        case .template: return packedOrder(primary: ranks { $0.template.id }, second: months)
        case .status: return packedOrder(primary: rows.map { statusKey($0) }, second: months)
        case .overall: return packedOrder(primary: rows.map { overallKey($0) }, second: months)
        case .caseRef: return packedOrder(primary: ranks { $0.caseRef }, second: months)
        }
    }

    static func statusKey(_ r: AuditFacts) -> Int { statusKey(r.status) }
    static func overallKey(_ r: AuditFacts) -> Int { overallKey(r.overall) }
    static func statusKey(_ status: AuditStatus) -> Int { status == .draft ? 0 : 1 }
    static func overallKey(_ grade: Grade?) -> Int { grade?.rank.map { 5 - $0 } ?? 9 }

    /// Row indices ordered by (primary, second, index), packed into a UInt64 per row so 100,000
    /// rows sort without comparing tuples.
    static func packedOrder(primary: [Int], second: [Int]) -> [Int] {
        let n = primary.count
        let fits = n < (1 << 20) && (primary.max() ?? 0) < (1 << 20) && (second.max() ?? 0) < (1 << 14)
        guard fits else {
            return primary.indices.sorted { a, b in (primary[a], second[a], a) < (primary[b], second[b], b) }
        }
        var packed = [UInt64](repeating: 0, count: n)
        for i in 0..<n {
            packed[i] = UInt64(primary[i]) << 34 | UInt64(second[i]) << 20 | UInt64(i)
        }
        packed.sort()
        return packed.map { Int($0 & 0xFFFFF) }
    }

    /// Whether row `a` comes before row `b` in the order `sortOrder` gives, worked out from the
    /// two rows alone (to move one saved row into place).
    static func precedes(_ a: Int, _ b: Int, rows: [AuditFacts], by key: SortKey) -> Bool {
        let x = rows[a], y = rows[b]
        func text(_ s: String, _ t: String) -> Int {
            if s == t { return 0 }
            let ls = s.lowercased(), lt = t.lowercased()
            if ls != lt { return ls < lt ? -1 : 1 }
            return s < t ? -1 : 1
        }
        func number(_ p: Int, _ q: Int) -> Int { p < q ? -1 : (p > q ? 1 : 0) }
        let months = number(monthKey(x.month), monthKey(y.month))
        let first: Int, second: Int
        switch key {
        case .month: (first, second) = (months, text(x.team, y.team))
        case .team: (first, second) = (text(x.team, y.team), months)
        case .template: (first, second) = (text(x.template.id, y.template.id), months)
        case .status: (first, second) = (number(statusKey(x), statusKey(y)), months)
        case .overall: (first, second) = (number(overallKey(x), overallKey(y)), months)
        case .caseRef: (first, second) = (text(x.caseRef, y.caseRef), months)
        }
        if first != 0 { return first < 0 }
        if second != 0 { return second < 0 }
        return a < b
    }
}

extension AppState {
    /// Rows the audits list can show: the body less its header.
    var listHeight: Int { max(1, bodyHeight - 1) }
}
