import CaseAuditCore
import Foundation

enum ListReducer {
    static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        let count = visible(&state).count
        let page = max(1, state.listHeight)
        var sel = state.list.selected
        switch action {
        case .up: sel -= 1
        case .down: sel += 1
        case .pageUp: sel -= page
        case .pageDown: sel += page
        case .first: sel = 0
        case .last: sel = count - 1
        case .open:
            guard count > 0 else { return [] }
            let row = state.rows[visible(&state)[state.list.selected]]
            return [.open(id: row.id)]
        case .back:
            if state.list.returnTo == .reports {
                state.list.returnTo = .dashboard
                ListReducer.applyFilter(&state, "")
                state.screen = .reports
            } else {
                DashboardReducer.enter(&state)
            }
            return []
        case .newAudit: NewAuditReducer.start(&state)
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

    /// The filtered, sorted row indices; sort orders are cached per key so cycling the sort
    /// or changing the filter over 100,000 rows does not sort again.
    @discardableResult
    static func visible(_ state: inout AppState) -> [Int] {
        if let v = state.list.visible { return v }
        let order: [Int]
        if let cached = state.list.sortCache[state.list.sort] {
            order = cached
        } else {
            order = sortOrder(state.rows, by: state.list.sort)
            state.list.sortCache[state.list.sort] = order
        }
        var filter = RowFilter(state.list.filter)
        if filter.needsSearchText && state.list.searchText.count != state.rows.count {
            state.list.searchText = state.rows.map(\.searchText)
        }
        let search = state.list.searchText
        let v = filter.isEmpty ? order : order.filter { filter.matches(state.rows[$0], searchText: search.isEmpty ? "" : search[$0]) }
        state.list.visible = v
        return v
    }

    /// The same list without caching, for a view drawn before the reducer computed it.
    static func computeVisible(_ state: AppState) -> [Int] {
        var copy = state
        return visible(&copy)
    }

    /// Sorts by one integer per row: the chosen field's rank, then the month (newest first, or the
    /// team within a month), then the row's place (the index lists files by name, i.e. by id).
    /// Packed into a UInt64 so 100,000 rows sort without comparing strings.
    static func sortOrder(_ rows: [AuditFacts], by key: SortKey) -> [Int] {
        // Months newest first: 1900-01 ... 2999-12 map into 14 bits.
        func monthKey(_ r: AuditFacts) -> Int {
            guard let m = r.month else { return 16383 }
            return 16383 - min(16383, max(0, m.ordinal - 1900 * 12))
        }
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
            let lower = distinct.map { $0.lowercased() }
            let order = distinct.indices.sorted { (lower[$0], distinct[$0]) < (lower[$1], distinct[$1]) }
            var rankOf = [Int](repeating: 0, count: distinct.count)
            for (rank, n) in order.enumerated() { rankOf[n] = rank }
            return raw.map { rankOf[$0] }
        }
        let primary: [Int]
        var secondary: [Int]? = nil
        switch key {
        case .month:
            primary = rows.map(monthKey)
            secondary = ranks(\.team)
        case .team: primary = ranks(\.team)
        case .template: primary = ranks(\.template.id)
        case .status: primary = rows.map { $0.status == .draft ? 0 : 1 }
        case .overall: primary = rows.map { $0.overall?.rank.map { 5 - $0 } ?? 9 }
        case .caseRef: primary = ranks(\.caseRef)
        }
        let second = secondary ?? rows.map(monthKey)
        let fits = rows.count < (1 << 20) && (primary.max() ?? 0) < (1 << 20) && (second.max() ?? 0) < (1 << 14)
        guard fits else {
            return rows.indices.sorted { a, b in
                (primary[a], second[a], a) < (primary[b], second[b], b)
            }
        }
        var packed = [UInt64](repeating: 0, count: rows.count)
        for i in rows.indices {
            packed[i] = UInt64(primary[i]) << 34 | UInt64(second[i]) << 20 | UInt64(i)
        }
        packed.sort()
        return packed.map { Int($0 & 0xFFFFF) }
    }
}

/// `team:riverside status:draft good`: every word must match; `key:value` words match one field
/// (by prefix for month, by containment otherwise), plain words match any field.
struct RowFilter {
    enum Field: Equatable {
        case any, month, quarter, year, team, template, status, cohort, caseRef, auditor, worker, grade
    }

    struct Term {
        var field: Field
        var value: String
        /// Answers already worked out per month ordinal (for month, quarter and year words).
        var monthMemo: [Int: Bool] = [:]
        /// Answers already worked out for a field value (teams, templates, auditors repeat).
        var memo: [String: Bool] = [:]
    }

    var terms: [Term] = []

    init(_ text: String) {
        for word in RowFilter.words(text.lowercased()) {
            var key: String? = nil
            var value = word
            if let colon = word.firstIndex(of: ":") {
                key = String(word[..<colon])
                value = String(word[word.index(after: colon)...])
            }
            let field = key.map { RowFilter.fields[$0] ?? .any } ?? .any
            let term = Term(field: field, value: field == .any ? word : value)
            terms.append(term)
        }
    }

    static let fields: [String: Field] = [
        "month": .month, "quarter": .quarter, "year": .year, "team": .team, "template": .template,
        "status": .status, "cohort": .cohort, "case": .caseRef, "ref": .caseRef, "auditor": .auditor,
        "worker": .worker, "grade": .grade, "overall": .grade,
    ]

    var isEmpty: Bool { terms.isEmpty }

    /// Splits on spaces, keeping "quoted words" (also after `key:`) together, quotes removed.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        for ch in text {
            if ch == "\"" { quoted.toggle(); continue }
            if ch == " " && !quoted {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Whether a word matches any field, which needs each row's search text.
    var needsSearchText: Bool { terms.contains { $0.field == .any } }

    mutating func matches(_ row: AuditFacts, searchText: String) -> Bool {
        for i in terms.indices where !terms[i].matches(row, searchText: searchText) { return false }
        return true
    }

    /// For one-off checks (tests, a single saved row).
    func matchesOnce(_ row: AuditFacts, searchText: String) -> Bool {
        var copy = self
        return copy.matches(row, searchText: searchText)
    }
}

extension RowFilter.Term {
    mutating func matches(_ row: AuditFacts, searchText: String) -> Bool {
        let v = value
        func memoised(_ text: String, _ test: (String) -> Bool) -> Bool {
            if let known = memo[text] { return known }
            let result = test(text)
            memo[text] = result
            return result
        }
        switch field {
        case .any: return searchText.contains(v)
        case .month, .quarter, .year:
            guard let m = row.month else { return false }
            if let known = monthMemo[m.ordinal] { return known }
            let hit: Bool
            switch field {
            case .month: hit = m.description.hasPrefix(v)
            case .quarter: hit = m.quarterLabel.lowercased() == v
            default: hit = m.financialYearLabel.lowercased() == v
            }
            monthMemo[m.ordinal] = hit
            return hit
        case .team: return memoised(row.team) { $0.lowercased().contains(v) }
        case .template: return memoised(row.template.id) { $0.contains(v) }
        case .status: return row.status.rawValue.hasPrefix(v)
        case .cohort: return (row.cohort?.rawValue.lowercased() ?? "") == v
        case .caseRef: return row.caseRef.lowercased().contains(v)
        case .auditor: return memoised(row.auditor) { $0.lowercased().contains(v) }
        case .worker: return memoised(row.worker) { $0.lowercased().contains(v) }
        case .grade:
            guard let g = row.overall else { return v == "none" || v == "-" }
            return g.rawValue.hasPrefix(v) || g.short.lowercased() == v || g.title.lowercased().hasPrefix(v)
        }
    }
}

extension AppState {
    /// Rows the audits list can show: the body less its header.
    var listHeight: Int { max(1, bodyHeight - 1) }
}
