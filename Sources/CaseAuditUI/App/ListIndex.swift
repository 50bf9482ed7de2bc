import CaseAuditCore

/// What the audits list filters and sorts by, worked out once per load (on another thread, right
/// after the rows load: `BackgroundPreparation`) and kept in step with saves one row at a time, so that a
/// key over 100,000 rows does no string work per row (product.md section 8: a key in under 16 ms).
/// Every answer equals the straightforward one (`AuditFilter.matches`, `ListReducer.sortOrder`);
/// `ListIndexTests` checks that on random rows.
struct ListIndex: Sendable {
    /// One field's distinct values, numbered in the order first seen; each row holds its number,
    /// so a filter word is tested once per distinct value (a few dozen teams), not per row.
    struct Column<Value: Hashable & Sendable>: Sendable {
        var codes: [Int32] = []
        var values: [Value] = []
        var number: [Value: Int32] = [:]

        /// Reads the field in place (`rows[k]`): a loop over copies of the rows would retain
        /// every string of every row.
        init(_ rows: [AuditFacts], _ value: (borrowing AuditFacts) -> Value) {
            codes.reserveCapacity(rows.count)
            for k in rows.indices { codes.append(code(value(rows[k]))) }
        }

        mutating func code(_ v: Value) -> Int32 {
            if let c = number[v] { return c }
            let c = Int32(values.count)
            number[v] = c
            values.append(v)
            return c
        }

        mutating func set(_ row: Int, _ v: Value) {
            let c = code(v)
            if row == codes.count { codes.append(c) } else { codes[row] = c }
        }

        func table(_ test: (Value) -> Bool) -> [Bool] { values.map(test) }
    }

    var month: Column<Month?>
    var team: Column<String>
    var template: Column<String>
    var cohort: Column<Cohort?>
    var status: Column<AuditStatus>
    var overall: Column<Grade?>
    var auditor: Column<String>
    var worker: Column<String>
    /// Case refs lower-cased, as bytes end to end; `refLength` -1 marks a ref that is not
    /// printable ASCII, matched as a String instead. A changed ref is appended, not rewritten.
    var refBytes: [UInt8] = []
    var refStart: [Int] = []
    var refLength: [Int32] = []
    /// Row indices in list order, per sort key.
    var orders: [SortKey: [Int]] = [:]

    var count: Int { refStart.count }

    /// Sorts by every key in `sortKeys`, taking orders already made from `known`.
    init(_ rows: [AuditFacts], sortKeys: [SortKey] = SortKey.allCases, known: [SortKey: [Int]] = [:]) {
        month = Column(rows) { $0.month }
        team = Column(rows) { $0.team }
        template = Column(rows) { $0.template.id }
        cohort = Column(rows) { $0.cohort }
        status = Column(rows) { $0.status }
        overall = Column(rows) { $0.overall }
        auditor = Column(rows) { $0.auditor }
        worker = Column(rows) { $0.worker }
        refStart.reserveCapacity(rows.count)
        refLength.reserveCapacity(rows.count)
        refBytes.reserveCapacity(rows.count * 12)
        for k in rows.indices { appendRef(rows[k].caseRef) }
        for key in sortKeys { orders[key] = known[key] ?? sortOrder(rows, by: key) }
    }

    private mutating func appendRef(_ ref: String) {
        refStart.append(refBytes.count)
        refLength.append(Self.appendLowerASCII(ref, to: &refBytes) ? Int32(refBytes.count - refStart.last!) : -1)
    }

    /// Appends `text` lower-cased when it is all printable ASCII (where bytes compare as the
    /// String's characters do); otherwise appends nothing and says so.
    private static func appendLowerASCII(_ text: String, to bytes: inout [UInt8]) -> Bool {
        let start = bytes.count
        for b in text.utf8 {
            guard b >= 0x20 && b < 0x7F else {
                bytes.removeSubrange(start...)
                return false
            }
            bytes.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
        }
        return true
    }

    // MARK: - Keeping in step with a save

    /// Row `i` (or a new row when `i == count`) now holds `row`; `rows` already holds it. With `reorder` (a field sorted by changed), sort orders built so far move the row
    /// to its place.
    mutating func update(_ i: Int, to row: AuditFacts, rows: [AuditFacts], reorder: Bool) {
        month.set(i, row.month)
        team.set(i, row.team)
        template.set(i, row.template.id)
        cohort.set(i, row.cohort)
        status.set(i, row.status)
        overall.set(i, row.overall)
        auditor.set(i, row.auditor)
        worker.set(i, row.worker)
        if i == count {
            appendRef(row.caseRef)
        } else {
            let start = refBytes.count
            refStart[i] = start
            refLength[i] = Self.appendLowerASCII(row.caseRef, to: &refBytes) ? Int32(refBytes.count - start) : -1
        }
        guard reorder else { return }
        for key in Array(orders.keys) {
            orders[key]!.reposition(i, rows: rows, by: key)
        }
    }

    // MARK: - Filtering

    /// Which rows (by row index) match every word of the filter.
    func matches(_ filter: AuditFilter, rows: [AuditFacts]) -> [Bool] {
        guard !filter.groups.isEmpty else { return [Bool](repeating: true, count: count) }
        // Rows matching every word of any one alternative (`or`).
        var any = [Bool](repeating: false, count: count)
        for group in filter.groups {
            var mask = [Bool](repeating: true, count: count)
            for term in group {
                let hit = hits(term, rows: rows)
                for i in mask.indices where !hit[i] { mask[i] = false }
            }
            for i in any.indices where mask[i] { any[i] = true }
        }
        return any
    }

    /// Rows (by row index) one word matches.
    private func hits(_ term: AuditFilter.Term, rows: [AuditFacts]) -> [Bool] {
        var hit = [Bool](repeating: false, count: count)
        switch term.field {
        case .month, .quarter, .year: Self.mark(&hit, month) { term.matchesMonth($0) }
        case .team: Self.mark(&hit, team) { term.matchesName($0) }
        case .template: Self.mark(&hit, template) { term.matchesTemplate($0) }
        case .status: Self.mark(&hit, status) { term.statuses.contains($0) }
        case .cohort: Self.mark(&hit, cohort) { term.matchesCohort($0) }
        case .grade: Self.mark(&hit, overall) { term.matchesGrade($0) }
        case .auditor: Self.mark(&hit, auditor) { term.matchesName($0) }
        case .worker: Self.mark(&hit, worker) { term.matchesName($0) }
        case .caseRef: markRefs(&hit, term, rows: rows)
        case .section(let id):
            for i in 0..<count where term.matchesGrade(rows[i].grades[id]) { hit[i] = true }
        case .escalation:
            for i in 0..<count where term.matchesEscalation(rows[i].escalation) { hit[i] = true }
        case .mark(let id):
            for i in 0..<count where term.matchesMark(rows[i].marks[id]) { hit[i] = true }
        case .any:
            // The search text joins the fields with a separator no word holds, so a word is in it
            // exactly when it is in one field's lower-cased text.
            let v = term.value
            func inText(_ s: String) -> Bool { s.lowercased().contains(v) }
            Self.mark(&hit, month) { inText($0?.description ?? "") }
            Self.mark(&hit, team, inText)
            Self.mark(&hit, template, inText)
            Self.mark(&hit, cohort) { inText($0?.rawValue ?? "") }
            Self.mark(&hit, status) { inText($0.rawValue) }
            Self.mark(&hit, overall) { inText($0?.rawValue ?? "") }
            Self.mark(&hit, auditor, inText)
            Self.mark(&hit, worker, inText)
            markRefs(&hit, term, rows: rows)
        }
        return hit
    }

    /// Marks the rows whose value passes `test`, testing each distinct value once.
    private static func mark<V>(_ hit: inout [Bool], _ column: Column<V>, _ test: (V) -> Bool) {
        let table = column.table(test)
        guard table.contains(true) else { return }
        column.codes.withUnsafeBufferPointer { codes in
            for i in 0..<codes.count where table[Int(codes[i])] { hit[i] = true }
        }
    }

    /// Marks the rows whose case ref contains the term's value: bytes compared in place when both
    /// are printable ASCII, the String test otherwise.
    private func markRefs(_ hit: inout [Bool], _ term: AuditFilter.Term, rows: [AuditFacts]) {
        var needle: [UInt8] = []
        guard !term.value.isEmpty, Self.appendLowerASCII(term.value, to: &needle),
              needle.elementsEqual(term.value.utf8) else {
            for i in 0..<count where term.matchesName(rows[i].caseRef) { hit[i] = true }
            return
        }
        refBytes.withUnsafeBufferPointer { bytes in
            needle.withUnsafeBufferPointer { n in
                let first = n[0], m = n.count
                for i in 0..<count where !hit[i] {
                    let length = Int(refLength[i])
                    if length < 0 {
                        if term.matchesName(rows[i].caseRef) { hit[i] = true }
                        continue
                    }
                    guard length >= m else { continue }
                    var p = refStart[i]
                    let last = p + length - m
                    while p <= last {
                        if bytes[p] == first {
                            var k = 1
                            while k < m && bytes[p + k] == n[k] { k += 1 }
                            if k == m { hit[i] = true; break }
                        }
                        p += 1
                    }
                }
            }
        }
    }

    // MARK: - Sorting

    /// The same order as `ListReducer.sortOrder`, with team and template ranks worked out over the
    /// distinct values rather than per row.
    func sortOrder(_ rows: [AuditFacts], by key: SortKey) -> [Int] {
        func ranked(_ column: Column<String>) -> [Int] {
            let rank = ListReducer.textRanks(column.values)
            return column.codes.map { rank[Int($0)] }
        }
        let monthValues = month.values
        let months = month.codes.map { ListReducer.monthKey(monthValues[Int($0)]) }
        func keyed<V>(_ column: Column<V>, _ key: (V) -> Int) -> [Int] {
            let byCode = column.values.map(key)
            return column.codes.map { byCode[Int($0)] }
        }
        switch key {
        case .month: return ListReducer.packedOrder(primary: months, second: ranked(team))
        case .team: return ListReducer.packedOrder(primary: ranked(team), second: months)
        case .template: return ListReducer.packedOrder(primary: ranked(template), second: months)
        case .status: return ListReducer.packedOrder(primary: keyed(status, ListReducer.statusKey), second: months)
        case .overall: return ListReducer.packedOrder(primary: keyed(overall, ListReducer.overallKey), second: months)
        case .caseRef: return caseRefOrder(rows, months: months) ?? ListReducer.sortOrder(rows, by: key)
        }
    }

    /// Sorting by case ref, when every ref is printable ASCII: lower-cased bytes compare as the
    /// lower-cased Strings do, and the first 16 of them, packed into two integers, decide almost
    /// every comparison without touching a String. Ties go to the rule of `ListReducer.sortOrder`:
    /// the ref as written, then the month, then the row.
    private func caseRefOrder(_ rows: [AuditFacts], months: [Int]) -> [Int]? {
        guard !refLength.contains(-1) else { return nil }
        struct Entry { var high: UInt64; var low: UInt64; var row: Int }
        return refBytes.withUnsafeBufferPointer { bytes -> [Int] in
            func packed(_ start: Int, _ length: Int, from: Int) -> UInt64 {
                var v: UInt64 = 0
                for k in from..<from + 8 { v = v << 8 | (k < length ? UInt64(bytes[start + k]) : 0) }
                return v
            }
            var entries = [Entry]()
            entries.reserveCapacity(count)
            for i in 0..<count {
                let start = refStart[i], length = Int(refLength[i])
                entries.append(Entry(high: packed(start, length, from: 0), low: packed(start, length, from: 8), row: i))
            }
            func lowerOrder(_ a: Int, _ b: Int) -> Int {
                let la = Int(refLength[a]), lb = Int(refLength[b])
                let n = min(la, lb)
                let sa = refStart[a], sb = refStart[b]
                for k in 0..<n where bytes[sa + k] != bytes[sb + k] { return bytes[sa + k] < bytes[sb + k] ? -1 : 1 }
                return la == lb ? 0 : (la < lb ? -1 : 1)
            }
            entries.sort { x, y in
                if x.high != y.high { return x.high < y.high }
                if x.low != y.low { return x.low < y.low }
                let lower = lowerOrder(x.row, y.row)
                if lower != 0 { return lower < 0 }
                let a = rows[x.row].caseRef, b = rows[y.row].caseRef
                if a != b { return a < b }
                if months[x.row] != months[y.row] { return months[x.row] < months[y.row] }
                return x.row < y.row
            }
            return entries.map(\.row)
        }
    }
}

extension Array where Element == Int {
    /// Moves row `row` (or adds it, when absent) to its place in a list sorted by `key`.
    mutating func reposition(_ row: Int, rows: [AuditFacts], by key: SortKey) {
        if let at = lastIndex(of: row) { remove(at: at) }
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if ListReducer.precedes(self[mid], row, rows: rows, by: key) { low = mid + 1 } else { high = mid }
        }
        insert(row, at: low)
    }
}
