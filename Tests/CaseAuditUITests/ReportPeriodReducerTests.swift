import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// The reports screen's periods: `p` narrows a grouping to a month, quarter or financial year,
/// `[`/`]` (and ←/→) move it, across calendar and financial year boundaries; a period not over
/// is partial.
final class ReportPeriodReducerTests: XCTestCase {
    let context = ReduceContext(now: fixedNow, makeID: { _ in "x" })

    /// The fixtures' audits (October 2025 to November 2026) on the reports screen, today November 2026.
    func reportsState() -> AppState {
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [TestTemplates.lac],
                             measures: TestTemplates.measures)
        let rows = Fixtures.audits(200).map { AuditFacts(audit: $0, templateSections: TestTemplates.lac.sections.map(\.id)) }
        _ = reduce(&state, .rowsLoaded(rows, problems: []), context)
        _ = reduce(&state, .showReports, context)
        return state
    }

    func press(_ state: inout AppState, _ keys: KeyEvent...) {
        for k in keys { _ = reduce(&state, KeyBindings.action(for: k, in: state), context) }
    }

    func label(_ state: AppState) -> String? { state.reports.period?.description }

    func testTeamByQuarterMovesBackAcrossTheFinancialYearAndForwardAgain() {
        var state = reportsState()
        press(&state, .character("b"), .character("b"), .character("b"))
        XCTAssertEqual(state.reports.grouping, .team)
        press(&state, .character("p"))
        XCTAssertEqual(label(state), "2026-11")
        press(&state, .character("p"))
        XCTAssertEqual(label(state), "FY2026-27 Q3")
        XCTAssertEqual(state.reports.from, Month(year: 2026, month: 10))
        XCTAssertEqual(state.reports.to, Month(year: 2026, month: 12))
        XCTAssertTrue(state.reports.rows!.allSatisfy(\.partial), "the quarter holding today is not over")
        press(&state, .character("["), .left)
        XCTAssertEqual(label(state), "FY2026-27 Q1")
        XCTAssertTrue(state.reports.rows!.allSatisfy { !$0.partial })
        press(&state, .character("["))
        XCTAssertEqual(label(state), "FY2025-26 Q4")
        XCTAssertEqual(state.reports.from, Month(year: 2026, month: 1))
        XCTAssertEqual(state.reports.to, Month(year: 2026, month: 3))
        press(&state, .character("]"))
        XCTAssertEqual(label(state), "FY2026-27 Q1")
        press(&state, .right, .right)
        XCTAssertEqual(label(state), "FY2026-27 Q3")
        // Nothing is audited after the quarter holding today: the period stays, and says why.
        press(&state, .character("]"))
        XCTAssertEqual(label(state), "FY2026-27 Q3")
        XCTAssertEqual(state.status, "FY2026-27 Q3 is the latest quarter: nothing is audited after it")
    }

    func testMonthsCrossTheCalendarYearAndCarryTheirChange() {
        var state = reportsState()
        press(&state, .character("b"), .character("b"), .character("b"), .character("p"))
        XCTAssertEqual(label(state), "2026-11")
        for _ in 0..<10 { press(&state, .character("[")) }
        XCTAssertEqual(label(state), "2026-01")
        press(&state, .character("["))
        XCTAssertEqual(label(state), "2025-12")
        XCTAssertEqual([state.reports.from, state.reports.to], [Month(year: 2025, month: 12), Month(year: 2025, month: 12)])
        press(&state, .character("]"))
        XCTAssertEqual(label(state), "2026-01")
        // p: the quarter holding January. A team's change there is against its October to
        // December figure, counted as `report --by team --from 2025-10 --to 2025-12` counts it.
        press(&state, .character("p"))
        XCTAssertEqual(label(state), "FY2025-26 Q4")
        let before = Counting.measureRows(state.measures, in: state.rows, by: .team,
                                          from: Month(year: 2025, month: 10), to: Month(year: 2025, month: 12))
        var compared = 0
        for r in state.reports.rows! {
            let earlier = before.first { $0.measure.id == r.measure.id && $0.period == r.period }?.percent
            XCTAssertEqual(r.previous, earlier, "\(r.measure.id) \(r.period)")
            XCTAssertNil(r.yearBefore, "no audits a year before")
            if earlier != nil { compared += 1 }
        }
        XCTAssertGreaterThan(compared, 0)
    }

    func testFinancialYearsMoveAndOnlyTheCurrentOneIsPartial() {
        var state = reportsState()
        // By month, narrowed to the financial year: its months, the current one partial.
        press(&state, .character("p"), .character("p"), .character("p"))
        XCTAssertEqual(label(state), "FY2026-27")
        XCTAssertEqual([state.reports.from, state.reports.to], [Month(year: 2026, month: 4), Month(year: 2027, month: 3)])
        let rows = state.reports.rows!.filter { $0.measure.id == state.measures[0].id }
        XCTAssertEqual(rows.map(\.period), (4...11).map { String(format: "2026-%02d", $0) })
        XCTAssertEqual(rows.filter(\.partial).map(\.period), ["2026-11"])
        XCTAssertTrue(ReportsView.rangeText(state).hasSuffix("FY2026-27 (partial)"))
        press(&state, .character("["))
        XCTAssertEqual(label(state), "FY2025-26")
        XCTAssertFalse(ReportsView.rangeText(state).contains("partial"))
        XCTAssertEqual(state.reports.rows!.first?.period, "2025-10", "the fixtures start in October 2025")
        press(&state, .character("]"))
        XCTAssertEqual(label(state), "FY2026-27")
        // p once more: the usual twelve months again.
        press(&state, .character("p"))
        XCTAssertNil(state.reports.period)
        XCTAssertEqual([state.reports.from, state.reports.to], [Month(year: 2025, month: 12), Month(year: 2026, month: 11)])
    }

    func testAGroupingLongerThanThePeriodWidensItAndQuartersNeverNarrowToAMonth() {
        var state = reportsState()
        press(&state, .character("p"))
        XCTAssertEqual(label(state), "2026-11")
        press(&state, .character("b"))
        XCTAssertEqual(state.reports.grouping, .quarter)
        XCTAssertEqual(label(state), "FY2026-27 Q3", "a quarter row under a month would be a part of a quarter")
        XCTAssertEqual(ReportsReducer.lengths(.quarter), [.quarter, .year])
        XCTAssertEqual(ReportsReducer.lengths(.year), [.year])
        XCTAssertEqual(ReportsReducer.lengths(.auditor), [.month, .quarter, .year])
    }

    func testMovingBeforeNarrowingSaysHow() {
        var state = reportsState()
        press(&state, .character("["))
        XCTAssertNil(state.reports.period)
        XCTAssertEqual(state.status, "Press p first to choose a month, quarter or financial year")
    }

    /// Enter on a narrowed team row lists exactly `Counting.behind` for that team and quarter
    /// (`caseaudit audits --measure M --by team --from --to --period TEAM`); Esc returns to the
    /// same grouping, period and row.
    func testDrillDownFromANarrowedTeamRowAndBack() {
        var state = reportsState()
        press(&state, .character("b"), .character("b"), .character("b"), .character("p"), .character("p"), .character("["))
        press(&state, .down, .enter)
        XCTAssertEqual(state.screen, .list)
        let measure = state.measures[0]
        let behind = Counting.behind(measure, period: "Hillside", by: .team, in: state.rows,
                                     from: Month(year: 2026, month: 7), to: Month(year: 2026, month: 9))
        XCTAssertEqual(state.list.drill?.count, behind.count)
        XCTAssertEqual(state.list.drill?.title, "Hillside · FY2026-27 Q2 · \(measure.title)", "the chosen quarter is named")
        XCTAssertEqual(state.list.visible!.map { state.rows[$0].id }.sorted(), behind.map(\.audit.id).sorted())
        // Not the team's audits of the whole year: the quarter's only.
        XCTAssertTrue(behind.allSatisfy { (7...9).contains($0.audit.month!.month) && $0.audit.month!.year == 2026 })
        press(&state, .escape)
        XCTAssertEqual(state.screen, .reports)
        XCTAssertEqual(state.reports.grouping, .team)
        XCTAssertEqual(label(state), "FY2026-27 Q2")
        XCTAssertEqual(state.reports.selected, 1)
    }

    /// By template: `b` reaches it after auditor; `p` narrows it to a month, then a quarter;
    /// `[` moves the quarter; each row is `report --by template --from --to` for its template
    /// (child-journey apart from child-journey-lac), with its change against the quarter before;
    /// Enter lists exactly `Counting.behind` for the row.
    func testTemplateGroupingNarrowedToAQuarterMovesAndDrillsDown() {
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [TestTemplates.lac],
                             measures: TestTemplates.measures)
        let sections = TestTemplates.lac.sections.map(\.id)
        var rows = Fixtures.audits(200).map { AuditFacts(audit: $0, templateSections: sections) }
        for i in rows.indices where i % 3 == 0 { rows[i].template = TemplateRef(id: "child-journey", version: 1) }
        _ = reduce(&state, .rowsLoaded(rows, problems: []), context)
        _ = reduce(&state, .showReports, context)
        press(&state, .character("b"), .character("b"), .character("b"), .character("b"), .character("b"))
        XCTAssertEqual(state.reports.grouping, .template)
        press(&state, .character("p"), .character("p"), .character("["))
        XCTAssertEqual(label(state), "FY2026-27 Q2")
        let (from, to) = (Month(year: 2026, month: 7), Month(year: 2026, month: 9))
        XCTAssertEqual([state.reports.from, state.reports.to], [from, to])
        let report = Counting.measureRows(state.measures, in: rows, by: .template, from: from, to: to)
        XCTAssertEqual(state.reports.rows!.map { [$0.measure.id, $0.period, "\($0.audits)", "\($0.goodOrBetter)/\($0.graded)"] },
                       report.map { [$0.measure.id, $0.period, "\($0.audits)", "\($0.goodOrBetter)/\($0.graded)"] })
        XCTAssertEqual(Set(state.reports.rows!.map(\.period)), ["child-journey", "child-journey-lac"])
        let before = Counting.measureRows(state.measures, in: rows, by: .template,
                                          from: Month(year: 2026, month: 4), to: Month(year: 2026, month: 6))
        for r in state.reports.rows! {
            XCTAssertFalse(r.partial)
            XCTAssertEqual(r.previous, before.first { $0.measure.id == r.measure.id && $0.period == r.period }?.percent)
        }
        // The second row: the first measure's child-journey-lac figure.
        press(&state, .down)
        let row = state.reports.rows![1]
        XCTAssertEqual(row.period, "child-journey-lac")
        press(&state, .enter)
        XCTAssertEqual(state.screen, .list)
        let behind = Counting.behind(row.measure, period: "child-journey-lac", by: .template, in: rows, from: from, to: to)
        XCTAssertEqual(behind.count, row.audits)
        XCTAssertEqual(ListReducer.visible(&state).map { state.rows[$0].id }.sorted(), behind.map(\.audit.id).sorted())
        XCTAssertEqual(state.list.drill?.title, "child-journey-lac · FY2026-27 Q2 · \(row.measure.title)")
        press(&state, .escape)
        XCTAssertEqual(state.reports.grouping, .template)
        XCTAssertEqual(label(state), "FY2026-27 Q2")
        XCTAssertEqual(state.reports.selected, 1)
    }
}

/// Periods as the reports write them, moved across year boundaries.
final class ReportPeriodTests: XCTestCase {
    func testLabelsAndMoves() {
        let feb = Month(year: 2026, month: 2)
        XCTAssertEqual(ReportPeriod(.month, holding: feb).moved(-2).description, "2025-12")
        let q4 = ReportPeriod(.quarter, holding: feb)
        XCTAssertEqual(q4.description, "FY2025-26 Q4")
        XCTAssertEqual([q4.start, q4.end], [Month(year: 2026, month: 1), Month(year: 2026, month: 3)])
        XCTAssertEqual(q4.moved(1).description, "FY2026-27 Q1")
        XCTAssertEqual(q4.moved(-1).description, "FY2025-26 Q3")
        XCTAssertEqual(q4.yearBefore.description, "FY2024-25 Q4")
        for m in 1...12 {
            let q = ReportPeriod(.quarter, holding: Month(year: 2026, month: m))
            XCTAssertEqual(q.description, Month(year: 2026, month: m).quarterLabel)
            XCTAssertTrue(q.start <= Month(year: 2026, month: m) && Month(year: 2026, month: m) <= q.end)
        }
        let fy = ReportPeriod(.year, holding: Month(year: 2026, month: 3))
        XCTAssertEqual(fy.description, "FY2025-26")
        XCTAssertEqual([fy.start, fy.end], [Month(year: 2025, month: 4), Month(year: 2026, month: 3)])
        XCTAssertEqual(fy.moved(1).description, "FY2026-27")
    }

    func testPartialWhileTodayIsInItOrBeforeIt() {
        let q3 = ReportPeriod(.quarter, holding: Month(year: 2026, month: 11))
        XCTAssertTrue(q3.isPartial(today: Month(year: 2026, month: 12)))
        XCTAssertTrue(q3.isPartial(today: Month(year: 2026, month: 9)))
        XCTAssertFalse(q3.isPartial(today: Month(year: 2027, month: 1)))
    }
}
