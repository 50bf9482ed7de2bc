import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// The dashboard's figures, the reports screen and its drill-downs against `report`, `grades` and
/// `Counting.behind` (what `caseaudit audits` lists), on random data sets, before and after saves.
final class FiguresTests: XCTestCase {
    static let sections = ["assessment", "plan", "supervision", "contact"]
    static let measures = [
        Measure(id: "lac-assessment", title: "LAC assessments", section: "assessment", cohorts: [.lookedAfter], baseline: 40, target: 70),
        Measure(id: "plan-quality", title: "Plans", section: "plan", target: 70),
        Measure(id: "supervision", title: "Supervision", section: "supervision", cohorts: [.childInNeed, .childProtection]),
        Measure(id: "plan-cp", title: "CP plans", section: "plan", cohorts: [.childProtection]),
        // Question measures count answers, not grades, by the same rule.
        Measure(id: "seen-alone", title: "Seen alone", section: "", target: 90, templates: ["lac-core", "cin-core"],
                question: QuestionCount(question: "visits-seen-alone", rule: .yes)),
        Measure(id: "no-long-gap", title: "No long gap", section: "", cohorts: [.lookedAfter, .childInNeed], target: 90,
                templates: ["lac-core", "cp-plan"], question: QuestionCount(question: "supervision-longest-gap", rule: .atMost(2))),
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
        // Answers as audit files hold them, blanks left out, now and then one that is not a number.
        if let a = RandomRows.pick(["yes", "partly", "no", "na", nil] as [String?], &rng) { r.marks["visits-seen-alone"] = a }
        if let n = RandomRows.pick(["0", "1", "2", "2.0", "3", "7", "x", nil] as [String?], &rng) { r.marks["supervision-longest-gap"] = n }
        return r
    }

    /// A state over `rows` as the interface holds it after opening.
    static func state(_ rows: [AuditFacts], today: Month = Month(year: 2025, month: 11)) -> AppState {
        var state = AppState(user: "Mx Auditor", today: today, templates: [], measures: measures)
        _ = reduce(&state, .rowsLoaded(rows, problems: []), ReduceContext(now: fixedNow, makeID: { _ in "x" }))
        return state
    }

    /// What `caseaudit report` and `caseaudit grades` print, for the reports screen's range.
    /// The counted figures of report rows, without the partial mark and change the screens
    /// work out when they draw.
    static func counts(_ rows: [MeasureRow]) -> [MeasureRow] {
        rows.map { r in
            var r = r
            r.partial = false
            r.previous = nil
            r.yearBefore = nil
            return r
        }
    }

    func assertReportsAgree(_ state: inout AppState, _ rows: [AuditFacts], _ context: String,
                            file: StaticString = #filePath, line: UInt = #line) {
        for grouping in Grouping.allCases {
            state.reports.grouping = grouping
            ReportsReducer.rebuild(&state)
            ReportsReducer.countDistributions(&state)
            let r = state.reports
            let report = MeasureReport(measures: Self.measures, facts: rows, by: grouping, from: r.from, to: r.to,
                                       today: state.today)
            XCTAssertEqual(r.rows.map(Self.counts), Self.counts(report.rows), "\(context) by \(grouping)", file: file, line: line)
            // The change and partial marks the screen shows for a range of months are the report's.
            if grouping.isTime && r.from != nil {
                XCTAssertEqual(r.rows, report.rows, "\(context) change by \(grouping)", file: file, line: line)
            }
            XCTAssertEqual(r.distributions?.map(\.section), ["assessment", "plan", "supervision"], file: file, line: line)
            for d in r.distributions ?? [] {
                let grades = GradeReport(section: d.section, facts: rows, by: grouping, from: r.from, to: r.to)
                XCTAssertEqual(d.rows, Self.unmarked(grades.rows), "\(context) grades of \(d.section) by \(grouping)", file: file, line: line)
            }
        }
    }

    /// The dashboard by month and by quarter: every measure's figure in every period it shows
    /// equals the report's row for that period.
    func assertDashboardAgrees(_ state: inout AppState, _ rows: [AuditFacts], _ context: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        for quarterly in [false, true] {
            state.dashboard.quarterly = quarterly
            _ = reduce(&state, .none, ReduceContext(now: fixedNow, makeID: { _ in "x" }))
            DashboardReducer.enter(&state)
            let report = MeasureReport(measures: Self.measures, facts: rows, by: quarterly ? .quarter : .month,
                                       from: nil, to: nil)
            XCTAssertEqual(state.dashboardRows, Self.counts(report.rows), "\(context) quarterly \(quarterly)", file: file, line: line)
            // And as drawn: the figure for the dashboard's period of the first measure.
            let label = AppState.figurePeriod(state.dashboardPeriod, quarterly: quarterly)
            let row = report.rows.first { $0.measure.id == Self.measures[0].id && $0.period == label }
            var grid = CellGrid(width: 100, height: 30)
            Views.draw(state, into: &grid)
            let expected = row.map { $0.graded == 0 ? "none graded" : "\($0.goodOrBetter) of \($0.graded) graded" } ?? "none graded"
            XCTAssertTrue(grid.rowText(3).contains(expected), "\(context): \(grid.rowText(3)) lacks \(expected)",
                          file: file, line: line)
        }
    }

    /// The screen marks a grade row partial as it draws it (`ReportsView.gradePeriodText`, from
    /// `Counting.isPartial`); the counts are what must agree.
    static func unmarked(_ rows: [GradeRow]) -> [GradeRow] { rows.map { var g = $0; g.partial = false; return g } }

    func testTheDashboardAndTheReportsScreenAgreeWithReportAndGrades() {
        for seed in [21, 22, 23] {
            var rng = SeededRandom(seed: UInt64(seed))
            let rows = (0..<500).map { Self.row($0, &rng) }
            var state = Self.state(rows)
            assertReportsAgree(&state, rows, "seed \(seed)")
            assertDashboardAgrees(&state, rows, "seed \(seed)")
        }
    }

    /// Saves move the figures by counting the saved audit alone; they must equal a recount.
    func testFiguresFollowSavesAndEqualARecount() {
        var rng = SeededRandom(seed: 24)
        var rows = (0..<400).map { Self.row($0, &rng) }
        var state = Self.state(rows)
        assertReportsAgree(&state, rows, "loaded")
        for step in 0..<40 {
            let i = step % 6 == 0 ? rows.count : Int(rng.next() % UInt64(rows.count))
            var row = Self.row(i, &rng)
            if i < rows.count { row.id = rows[i].id }
            if i == rows.count { rows.append(row) } else { rows[i] = row }
            state.upsert(row)
            // The latest month with a completed audit is kept with the rows, not read per key.
            XCTAssertEqual(state.latestCompleted, AppState.latestCompletedMonth(rows), "after save \(step)")
            if step % 10 == 9 {
                assertReportsAgree(&state, rows, "after save \(step)")
                assertNarrowedAgree(&state, rows, "after save \(step)")
                assertDashboardAgrees(&state, rows, "after save \(step)")
            }
        }
    }

    /// Every grouping narrowed to a quarter, its rows and grade distributions as `report` and
    /// `grades` count them over the quarter's months.
    func assertNarrowedAgree(_ state: inout AppState, _ rows: [AuditFacts], _ context: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        let p = ReportPeriod(.quarter, holding: Month(year: 2025, month: 5))
        for grouping in Grouping.interfaceCases where grouping != .year {
            state.reports.grouping = grouping
            state.reports.period = p
            ReportsReducer.rebuild(&state)
            ReportsReducer.countDistributions(&state)
            let report = MeasureReport(measures: Self.measures, facts: rows, by: grouping, from: p.start, to: p.end)
            XCTAssertEqual(Self.counts(state.reports.rows ?? []), Self.counts(report.rows), "\(context) by \(grouping) in \(p)",
                           file: file, line: line)
            for d in state.reports.distributions ?? [] {
                let grades = GradeReport(section: d.section, facts: rows, by: grouping, from: p.start, to: p.end)
                XCTAssertEqual(d.rows, Self.unmarked(grades.rows), "\(context) grades of \(d.section) by \(grouping) in \(p)", file: file, line: line)
            }
        }
        state.reports.period = nil
    }

    /// A saved audit carries the answers the question measures count into the figures (the
    /// facts of a save keep them, as the index does).
    func testASavedAnswerMovesAQuestionMeasure() {
        var state = Self.state([])
        var audit = Audit(id: "s1", template: TemplateRef(id: "lac-core", version: 1), status: .complete,
                          cohort: .lookedAfter, month: Month(year: 2025, month: 11), created: fixedNow)
        var visits = SectionRecord(grade: .good, rationale: "r")
        visits.answers["visits-seen-alone"] = Response(answer: .no)
        audit.sections["visits"] = visits
        state.upsert(audit)
        func seenAlone() -> [Int] {
            let row = state.measureRows(Figures.Key(grouping: .month, from: nil, to: nil)).first { $0.measure.id == "seen-alone" }
            return row.map { [$0.audits, $0.graded, $0.goodOrBetter] } ?? []
        }
        XCTAssertEqual(seenAlone(), [1, 1, 0])
        audit.sections["visits"]?.answers["visits-seen-alone"] = Response(answer: .yes)
        state.upsert(audit)
        XCTAssertEqual(seenAlone(), [1, 1, 1])
        // Over a range of months too: the month tables count the answer, not a grade.
        let ranged = state.measureRows(Figures.Key(grouping: .team, from: Month(year: 2025, month: 10), to: Month(year: 2025, month: 12)))
        XCTAssertEqual(ranged.first { $0.measure.id == "seen-alone" }.map { [$0.audits, $0.graded, $0.goodOrBetter] }, [1, 1, 1])
    }

    /// Every grouping narrowed to a month, quarter or financial year shows the report's rows for
    /// those months; a team's change is its figure in the period before and a year before, as
    /// `report --by team --from --to` gives them over those periods.
    func testNarrowedPeriodsAgreeWithReportAndCarryTheirChange() {
        var rng = SeededRandom(seed: 26)
        let rows = (0..<500).map { Self.row($0, &rng) }
        var state = Self.state(rows, today: Month(year: 2025, month: 11))
        func report(_ g: Grouping, _ p: ReportPeriod) -> MeasureReport {
            MeasureReport(measures: Self.measures, facts: rows, by: g, from: p.start, to: p.end, today: state.today)
        }
        var checked = 0
        for grouping in Grouping.interfaceCases {
            for length in ReportsReducer.lengths(grouping) {
                for month in [Month(year: 2025, month: 3), Month(year: 2025, month: 11)] {
                    let p = ReportPeriod(length, holding: month)
                    state.reports.grouping = grouping
                    state.reports.period = p
                    ReportsReducer.rebuild(&state)
                    XCTAssertEqual([state.reports.from, state.reports.to], [p.start, p.end])
                    let shown = state.reports.rows ?? []
                    XCTAssertEqual(Self.counts(shown), Self.counts(report(grouping, p).rows), "\(grouping) \(p)")
                    guard !grouping.isTime else { continue }
                    let before = report(grouping, p.moved(-1)).rows, yearBefore = report(grouping, p.yearBefore).rows
                    for r in shown {
                        XCTAssertEqual(r.partial, month == state.today, "\(r.period) in \(p)")
                        XCTAssertEqual(r.previous, before.first { $0.measure.id == r.measure.id && $0.period == r.period }?.percent)
                        XCTAssertEqual(r.yearBefore, yearBefore.first { $0.measure.id == r.measure.id && $0.period == r.period }?.percent)
                        if r.previous != nil && r.yearBefore != nil { checked += 1 }
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 20, "teams and auditors with both earlier figures")
    }

    /// Enter on any row of the reports lists exactly the audits `Counting.behind` gives for it,
    /// which is what `caseaudit audits --measure ID --period LABEL --by G` prints.
    func testEachDrillDownListsTheAuditsBehindTheFigure() {
        var rng = SeededRandom(seed: 25)
        let rows = (0..<500).map { Self.row($0, &rng) }
        var state = Self.state(rows)
        var checked = 0, questionsChecked = 0
        for grouping in Grouping.allCases {
            for grades in [false, true] {
                state.reports.grouping = grouping
                state.reports.showGrades = grades
                ReportsReducer.enter(&state)
                ReportsReducer.rebuild(&state)
                let lines = ReportsReducer.lines(state.reports, measures: state.measures)
                let selectable = ReportsReducer.selectable(lines)
                for n in selectable.indices {
                    let r = state.reports
                    let (measure, period, count): (Measure, String, Int)
                    switch lines[selectable[n]] {
                    case .measure(let row): (measure, period, count) = (row.measure, row.period, row.audits)
                    case .grades(let row): (measure, period, count) = (Counting.sectionMeasure(row.section), row.period, row.audits)
                    case .heading: continue
                    }
                    let expected = Counting.behind(measure, period: period, by: grouping, in: rows, from: r.from, to: r.to)
                    XCTAssertEqual(expected.count, count, "the figure counts what is behind it")
                    state.reports.selected = n
                    _ = ReportsReducer.reduce(&state, .open)
                    XCTAssertEqual(state.screen, .list)
                    let shown = ListReducer.visible(&state).map { state.rows[$0].id }
                    XCTAssertEqual(shown.sorted(), expected.map(\.audit.id).sorted(), "\(grouping) \(measure.id) \(period)")
                    checked += 1
                    if measure.question != nil { questionsChecked += 1 }
                    _ = ListReducer.reduce(&state, .back)
                    XCTAssertEqual(state.screen, .reports)
                    XCTAssertEqual(state.reports.selected, n)
                }
            }
        }
        XCTAssertGreaterThan(checked, 50)
        XCTAssertGreaterThan(questionsChecked, 20, "the question measures' rows are drilled into too")
    }
}
