import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// The list's fast paths (`ListIndex`: matching per distinct value, case refs as bytes, sort
/// orders kept and moved one row at a time) against the straightforward ones, on random rows.
final class ListIndexTests: XCTestCase {
    func testSortOrdersEqualTheStraightforwardSort() {
        var rng = SeededRandom(seed: 11)
        let rows = RandomRows.make(600, &rng)
        let index = ListIndex(rows)
        for key in SortKey.allCases {
            let reference = ListReducer.sortOrder(rows, by: key)
            XCTAssertEqual(index.orders[key], reference, "\(key)")
            // The comparison used to move one saved row gives the same order.
            XCTAssertEqual(rows.indices.sorted { ListReducer.precedes($0, $1, rows: rows, by: key) }, reference, "\(key)")
        }
    }

    func testCaseRefOrderByBytesEqualsTheStringSort() {
        // All printable ASCII, so the byte path is taken: refs differing only in case, sharing
        // their first 16 bytes or more, empty, and repeated in several months.
        var rng = SeededRandom(seed: 15)
        let refs = ["CR-100000000000000001", "cr-100000000000000001", "CR-100000000000000002", "CR-1", "cr-1", "",
                    "CR-10", "cr-09", "ref 77", "Ref 77", "CR-1000000000000000", "CR-10000000000000000"]
        var rows = RandomRows.make(400, &rng)
        for i in rows.indices {
            rows[i].caseRef = rng.next() % 2 == 0 ? RandomRows.pick(refs, &rng) : "CR-\(rng.next() % 50)"
        }
        let index = ListIndex(rows)
        XCTAssertFalse(index.refLength.contains(-1))
        XCTAssertEqual(index.orders[.caseRef], ListReducer.sortOrder(rows, by: .caseRef))
    }

    func testFiltersMatchTheSameRowsInTheSameOrder() {
        var rng = SeededRandom(seed: 12)
        let rows = RandomRows.make(500, &rng)
        var state = RandomRows.state(rows)
        var nonEmpty = 0
        for filter in RandomRows.filters(rows, &rng, count: 150) {
            for key in [SortKey.month, .caseRef] {
                state.list.sort = key
                ListReducer.applyFilter(&state, filter)
                let reference = ListReducer.referenceVisible(rows, filter: filter, sort: key)
                XCTAssertEqual(state.list.visible, reference, "filter \(filter) sorted by \(key)")
                if !reference.isEmpty && reference.count < rows.count { nonEmpty += 1 }
            }
        }
        // The filters must tell rows apart, or the comparison above proves little.
        XCTAssertGreaterThan(nonEmpty, 100)
    }

    func testRowsChangedOneAtATimeStayInStep() {
        var rng = SeededRandom(seed: 13)
        var rows = RandomRows.make(300, &rng)
        var index = ListIndex(rows)
        let filters = RandomRows.filters(rows, &rng, count: 40)
        for step in 0..<120 {
            let i = step % 7 == 0 ? rows.count : Int(rng.next() % UInt64(rows.count))
            var row = RandomRows.row(i, &rng)
            // Often only a field the list does not sort by changes: the order must not move.
            let reorder = i == rows.count || step % 3 != 0
            if !reorder { row = RandomRows.withNewAuditor(rows[i], &rng) }
            if i == rows.count { rows.append(row) } else { rows[i] = row }
            index.update(i, to: row, rows: rows, reorder: reorder)
            XCTAssertEqual(index.count, rows.count)
            for key in SortKey.allCases {
                XCTAssertEqual(index.orders[key], ListReducer.sortOrder(rows, by: key), "step \(step) \(key)")
            }
            let filter = filters[step % filters.count]
            let mask = index.matches(AuditFilter(filter), rows: rows)
            let expected = rows.map { AuditFilter(filter).matches($0) }
            XCTAssertEqual(mask, expected, "step \(step) filter \(filter)")
        }
    }

    func testIndexBuiltOnAnotherThreadEqualsOneBuiltInLine() throws {
        var rng = SeededRandom(seed: 14)
        let rows = (0..<400).map { FiguresTests.row($0, &rng) }
        let keys = ReportsReducer.keys(end: Month(year: 2025, month: 6))
        let list = BackgroundPreparation(rows: rows, measures: FiguresTests.measures, figureKeys: keys)
        XCTAssertEqual(list.firstOrder(.month), ListReducer.sortOrder(rows, by: .month))
        XCTAssertNil(list.firstOrder(.team))
        let prepared = try XCTUnwrap(list.takeIndex())
        XCTAssertNil(list.takeIndex(), "handed over once")
        let inline = ListIndex(rows)
        XCTAssertEqual(prepared.orders, inline.orders)
        var figures = try XCTUnwrap(list.takeFigures())
        XCTAssertNil(list.takeFigures(), "handed over once")
        for key in keys {
            XCTAssertEqual(figures.made(key), Counting.measureRows(FiguresTests.measures, in: rows, by: key.grouping,
                                                                   from: key.from, to: key.to))
            XCTAssertFalse(figures.measures(key, rows: []).isEmpty, "made on the other thread, not now")
        }
        XCTAssertEqual(prepared.team.codes, inline.team.codes)
        XCTAssertEqual(prepared.refBytes, inline.refBytes)
    }

    func testACopyOfTheStateThatTookTheIndexFirstLeavesTheStateRight() {
        var rng = SeededRandom(seed: 16)
        let rows = RandomRows.make(300, &rng)
        var state = RandomRows.state(rows)
        state.preparing = BackgroundPreparation(rows: rows, measures: [], figureKeys: [])
        state.list.sort = .team
        _ = ListReducer.computeVisible(state)   // a copy, as a view draws, takes the index
        ListReducer.applyFilter(&state, "team:hill")
        XCTAssertEqual(state.list.visible, ListReducer.referenceVisible(rows, filter: "team:hill", sort: .team))
        XCTAssertFalse(state.list.visible?.isEmpty ?? true)
    }

    func testCaseRefBytesAreLowerCasedAndNonASCIIKeptAside() {
        let rows = [
            RandomRows.facts(0, caseRef: "CR-AB12"),
            RandomRows.facts(1, caseRef: "cr-Zoë7"),
            RandomRows.facts(2, caseRef: ""),
        ]
        let index = ListIndex(rows)
        XCTAssertEqual(Array(index.refBytes[index.refStart[0]..<index.refStart[0] + Int(index.refLength[0])]),
                       Array("cr-ab12".utf8))
        XCTAssertEqual(index.refLength[1], -1)
        XCTAssertEqual(index.refLength[2], 0)
        XCTAssertEqual(index.matches(AuditFilter("case:ab1"), rows: rows), [true, false, false])
        XCTAssertEqual(index.matches(AuditFilter("zoë"), rows: rows), [false, true, false])
        XCTAssertEqual(index.matches(AuditFilter("cr-"), rows: rows), [true, true, false])
    }
}

/// A small deterministic generator (SplitMix64) so a failure can be replayed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Invented rows: teams, people and case refs that repeat, differ only in case, or are not ASCII.
enum RandomRows {
    static let teams = ["Riverside North", "riverside north", "Hillside", "HILLSIDE", "Brookvale", "Ærø Vale", ""]
    static let people = ["Mx Auditor", "Pat Example", "pat example", "Sam Placeholder", "Zoë Testperson", "Ñico Demo"]
    static let templates = ["lac-core", "cin-core", "LAC-Extra", "cp-plan"]
    static let refs = ["CR-10001", "cr-10002", "CR-2A", "CR-Zoë9", "ref 77", "", "CR-10001"]

    static func pick<T>(_ items: [T], _ rng: inout SeededRandom) -> T { items[Int(rng.next() % UInt64(items.count))] }

    static func row(_ i: Int, _ rng: inout SeededRandom) -> AuditFacts {
        let month: Month? = rng.next() % 10 == 0 ? nil : Month(year: 2024 + Int(rng.next() % 3), month: 1 + Int(rng.next() % 12))
        let ref = rng.next() % 2 == 0 ? pick(refs, &rng) : "CR-\(rng.next() % 900 + 100)"
        return AuditFacts(id: String(format: "a%05d", i), month: month,
                          template: TemplateRef(id: pick(templates, &rng), version: 1),
                          cohort: rng.next() % 4 == 0 ? nil : pick(Cohort.allCases, &rng),
                          team: pick(teams, &rng), auditor: pick(people, &rng), worker: pick(people, &rng),
                          status: pick(AuditStatus.allCases, &rng), caseRef: ref,
                          overall: rng.next() % 3 == 0 ? nil : pick(Grade.allCases, &rng), templateSections: [])
    }

    static func withNewAuditor(_ row: AuditFacts, _ rng: inout SeededRandom) -> AuditFacts {
        var r = row
        r.auditor = pick(people, &rng) + " \(rng.next() % 3)"
        r.worker = pick(people, &rng)
        r.cohort = pick(Cohort.allCases, &rng)
        return r
    }

    static func facts(_ i: Int, caseRef: String) -> AuditFacts {
        AuditFacts(id: "a\(i)", month: Month(year: 2026, month: 4), template: TemplateRef(id: "lac-core", version: 1),
                   cohort: nil, status: .draft, caseRef: caseRef, templateSections: [])
    }

    static func make(_ n: Int, _ rng: inout SeededRandom) -> [AuditFacts] {
        (0..<n).map { row($0, &rng) }
    }

    static func state(_ rows: [AuditFacts]) -> AppState {
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [], measures: [])
        state.setRows(rows, problems: [])
        return state
    }

    /// Filters made of pieces of the rows' own fields, upper and lower case, keyed and free,
    /// one to three words, plus words that match nothing.
    static func filters(_ rows: [AuditFacts], _ rng: inout SeededRandom, count: Int) -> [String] {
        func piece(_ text: String) -> String {
            let chars = Array(text)
            guard !chars.isEmpty else { return "x" }
            let start = Int(rng.next() % UInt64(chars.count))
            let length = 1 + Int(rng.next() % UInt64(min(4, chars.count - start)))
            return String(chars[start..<start + length])
        }
        func quoted(_ s: String) -> String { s.contains(" ") ? "\"\(s)\"" : s }
        func word() -> String {
            let r = pick(rows, &rng)
            switch rng.next() % 16 {
            case 0: return "team:" + quoted(piece(r.team))
            case 1: return "template:" + piece(r.template.id)
            case 2: return "status:" + piece(r.status.rawValue)
            case 3: return "grade:" + pick(["none", "-", "good", "g", "outstanding", "ri", "inad", "req"], &rng)
            case 4: return "cohort:" + (r.cohort?.rawValue ?? "none")
            case 5: return "case:" + piece(r.caseRef)
            case 6: return "auditor:" + quoted(piece(r.auditor))
            case 7: return "worker:" + quoted(piece(r.worker))
            case 8: return "month:" + (r.month.map { String($0.description.prefix(Int(rng.next() % 7) + 1)) } ?? "2025")
            case 9: return "quarter:" + quoted(r.month?.quarterLabel ?? "FY2025-26 Q1")
            case 10: return "year:" + (r.month?.financialYearLabel ?? "FY2025-26")
            case 11: return "unknown:" + piece(r.team)
            case 12: return pick(["zzz", "é", "ë", "-1", "1", "a", "q3"], &rng)
            default:
                let fields = [r.team, r.caseRef, r.auditor, r.worker, r.template.id, r.status.rawValue,
                              r.overall?.rawValue ?? "", r.month?.description ?? "", r.cohort?.rawValue ?? ""]
                return quoted(piece(pick(fields, &rng)))
            }
        }
        // Now and then two alternatives joined by `or`.
        return (0..<count).map { _ in
            let words = (0...(Int(rng.next() % 3))).map { _ in word() }
            guard words.count > 1, rng.next() % 3 == 0 else { return words.joined(separator: " ") }
            return words.dropLast().joined(separator: " ") + " or " + words.last!
        }
    }
}

extension ListReducer {
    /// The straightforward list: every row tested, sorted from scratch (what `visible` must equal).
    static func referenceVisible(_ rows: [AuditFacts], filter text: String, sort: SortKey) -> [Int] {
        let filter = AuditFilter(text)
        return sortOrder(rows, by: sort).filter { filter.matches(rows[$0]) }
    }
}

/// Section-grade words and `or` through the index agree with the plain matcher.
final class ListIndexSectionFilterTests: XCTestCase {
    func testSectionGradesAndOrMatchThePlainFilter() {
        var rng = SeededRandom(seed: 31)
        var rows = RandomRows.make(300, &rng)
        let grades: [Grade?] = [.outstanding, .good, .requiresImprovement, .inadequate, .na, nil]
        for i in rows.indices { rows[i].grades["plan"] = grades[i % grades.count] }
        let index = ListIndex(rows)
        for text in ["plan:ri", "plan:good+", "plan:g+ or plan:i", "plan:none", "grade:good+ team:a or plan:o", "plan:req+"] {
            let filter = AuditFilter(text, sections: ["plan"])
            XCTAssertNil(filter.problem, text)
            let expected = rows.map { filter.matches($0) }
            XCTAssertEqual(index.matches(filter, rows: rows), expected, text)
            XCTAssertTrue(expected.contains(true) && expected.contains(false), "\(text) tells rows apart")
        }
    }
}
