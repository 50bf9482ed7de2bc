import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// The reports screen's rows, added up from the counts kept with the list's index, against
/// `Aggregator.measureRows` over every audit, on random rows, before and after saves.
final class ReportTalliesTests: XCTestCase {
    static let sections = ["assessment", "plan", "supervision", "contact"]
    static let measures = [
        Measure(id: "lac-assessment", title: "LAC assessments", section: "assessment", cohorts: [.lookedAfter], baseline: 40, target: 70),
        Measure(id: "plan-quality", title: "Plans", section: "plan", target: 70),
        Measure(id: "supervision", title: "Supervision", section: "supervision", cohorts: [.childInNeed, .childProtection]),
        Measure(id: "plan-cp", title: "CP plans", section: "plan", cohorts: [.childProtection]),
    ]
    static let ranges: [(Month?, Month?)] = [
        (nil, nil), (Month(year: 2025, month: 1), Month(year: 2025, month: 12)),
        (Month(year: 2024, month: 6), nil), (nil, Month(year: 2025, month: 3)),
    ]

    static func row(_ i: Int, _ rng: inout SeededRandom) -> AuditFacts {
        var r = RandomRows.row(i, &rng)
        r.team = RandomRows.pick(["Riverside North", "riverside north", "Hillside", "", "Ærø Vale"], &rng)
        r.auditor = RandomRows.pick(["Mx Auditor", "Pat Example", "", "Zoë Testperson"], &rng)
        r.templateSections = sections.filter { _ in rng.next() % 4 != 0 }
        r.grades = [:]
        for s in sections where rng.next() % 5 != 0 { r.grades[s] = RandomRows.pick(Grade.allCases, &rng) }
        return r
    }

    private func assertSameRows(_ index: ReportTallies, _ rows: [AuditFacts], _ context: String,
                                file: StaticString = #filePath, line: UInt = #line) -> Int {
        var compared = 0
        for grouping in Grouping.allCases {
            for (from, to) in Self.ranges {
                let expected = Aggregator.measureRows(measures: Self.measures, facts: rows, by: grouping, from: from, to: to)
                let got = index.measureRows(Self.measures, by: grouping, from: from, to: to)
                XCTAssertEqual(got, expected, "\(context) by \(grouping) \(String(describing: from))...\(String(describing: to))",
                               file: file, line: line)
                compared += expected.count
                for section in Self.sections.dropLast() {
                    let grades = Aggregator.gradeRows(section: section, facts: rows, by: grouping, from: from, to: to)
                    XCTAssertEqual(index.gradeRows(section: section, by: grouping, from: from, to: to), grades,
                                   "\(context) grades of \(section) by \(grouping)", file: file, line: line)
                    compared += grades.count
                }
                // A section no measure has is not counted; the screen then counts over the rows.
                XCTAssertNil(index.gradeRows(section: "contact", by: grouping, from: from, to: to))
            }
        }
        return compared
    }

    func testRowsEqualTheAggregatorsBeforeAndAfterSaves() {
        var rng = SeededRandom(seed: 21)
        var rows = (0..<800).map { Self.row($0, &rng) }
        var index = ReportTallies(rows, measures: Self.measures)
        XCTAssertGreaterThan(assertSameRows(index, rows, "loaded"), 100)
        for step in 0..<60 {
            let i = step % 6 == 0 ? rows.count : Int(rng.next() % UInt64(rows.count))
            let row = Self.row(i, &rng)
            let old = i < rows.count ? rows[i] : nil
            if i == rows.count { rows.append(row) } else { rows[i] = row }
            index.replace(i, old: old, with: row)
            if step % 10 == 9 { _ = assertSameRows(index, rows, "after save \(step)") }
        }
    }

    func testTheReportsScreenCountsLikeTheReportCommand() {
        var rng = SeededRandom(seed: 22)
        let rows = (0..<300).map { Self.row($0, &rng) }
        var state = AppState(user: "Mx Auditor", today: Month(year: 2025, month: 11), templates: [], measures: Self.measures)
        state.setRows(rows, problems: [])
        for grouping in Grouping.allCases {
            state.reports.grouping = grouping
            ReportsReducer.rebuild(&state)
            let r = state.reports
            XCTAssertEqual(r.rows, Aggregator.measureRows(measures: Self.measures, facts: rows, by: grouping, from: r.from, to: r.to),
                           "\(grouping)")
            ReportsReducer.countDistributions(&state)
            XCTAssertEqual(state.reports.distributions?.map(\.section), ["assessment", "plan", "supervision"])
            for d in state.reports.distributions ?? [] {
                XCTAssertEqual(d.rows, Aggregator.gradeRows(section: d.section, facts: rows, by: grouping, from: r.from, to: r.to))
                XCTAssertFalse(d.rows.isEmpty)
            }
        }
    }
}

/// Saves made while the reports' counts are still being made on another thread are applied to
/// them, in order, when they are taken.
final class PendingCountTests: XCTestCase {
    func testSavesBeforeTheCountsAreReadyAreNotLost() {
        let audits = Fixtures.audits(40)
        let sections = TestTemplates.lac.sections.map(\.id)
        let rows = audits.map { AuditFacts(audit: $0, templateSections: sections) }
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [TestTemplates.lac],
                             measures: TestTemplates.measures)
        state.setRows(rows, problems: [])
        state.list.prepared = PreparedList(rows: rows, measures: TestTemplates.measures)
        // Two saves of one audit and a new one, before anything took the counts.
        var changed = audits[3]
        changed.team = "Brookvale Invented Team"
        state.upsert(changed)
        changed.status = .draft
        state.upsert(changed)
        var added = audits[5]
        added.id = "2026-11-added1"
        state.upsert(added)
        XCTAssertNil(state.reports.tallies)
        XCTAssertEqual(state.reports.pendingChanges.count, 3)
        state.ensureReportTallies()
        XCTAssertTrue(state.reports.pendingChanges.isEmpty)
        XCTAssertNil(state.list.prepared)
        let fresh = ReportTallies(state.rows, measures: TestTemplates.measures)
        for grouping in Grouping.allCases {
            XCTAssertEqual(state.reports.tallies?.measureRows(TestTemplates.measures, by: grouping, from: nil, to: nil),
                           fresh.measureRows(TestTemplates.measures, by: grouping, from: nil, to: nil), "\(grouping)")
            XCTAssertEqual(state.reports.tallies?.measureRows(TestTemplates.measures, by: grouping, from: nil, to: nil),
                           Aggregator.measureRows(measures: TestTemplates.measures, facts: state.rows, by: grouping, from: nil, to: nil))
        }
        XCTAssertFalse(fresh.measureRows(TestTemplates.measures, by: .team, from: nil, to: nil)
            .contains { $0.period == "Brookvale Invented Team" }, "the second save made it a draft")
    }
}
