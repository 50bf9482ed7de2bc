import CaseAuditCore
@testable import CaseAuditUI
import Foundation
import XCTest

/// Times the reports screen's period keys in process on a real data directory, the reducer and
/// the drawing together, once the figures made after loading are in. Skipped unless
/// `TIME_REPORTS_DATA=DIR` (a `caseaudit demo` directory) is set; `CASEAUDIT_TEMPLATES` names
/// the templates. Run it in a release build for figures worth quoting (docs/performance.md):
///
///     swift build -c release --build-tests -Xswiftc -enable-testing
///     TIME_REPORTS_DATA=/tmp/demo swift test -c release --skip-build --filter ReportPeriodTimingTests
final class ReportPeriodTimingTests: XCTestCase {
    func testPeriodKeys() throws {
        let env = ProcessInfo.processInfo.environment
        guard let dir = env["TIME_REPORTS_DATA"], let templates = env["CASEAUDIT_TEMPLATES"] else {
            throw XCTSkip("set TIME_REPORTS_DATA and CASEAUDIT_TEMPLATES to time the period keys")
        }
        let directory = DataDirectory(root: URL(fileURLWithPath: dir))
        let catalog = TemplateCatalog.load(folder: URL(fileURLWithPath: templates),
                                           snapshots: directory.root.appendingPathComponent("templates"))
        let measures = try MeasuresFile.load(directory.root.appendingPathComponent("measures.yaml"))
        let (rows, problems) = AuditIndex.load(directory: directory, catalog: catalog)
        var state = AppState(user: "Mx Auditor", today: Month.current(Date()), templates: catalog.templates, measures: measures)
        let context = ReduceContext(now: Date(), makeID: { _ in "x" })
        _ = reduce(&state, .rowsLoaded(rows, problems: problems), context)
        // As the interface does after loading: the figures on another thread, taken by `r`.
        let end = AppState.latestCompletedMonth(rows) ?? state.today
        let prepared = DispatchTime.now().uptimeNanoseconds
        state.preparing = BackgroundPreparation(rows: rows, measures: measures,
                                                figureKeys: ReportsReducer.figureKeys(end: end) + [Figures.Key(grouping: .quarter)],
                                                gradeKeys: ReportsReducer.keys(end: end))
        _ = reduce(&state, .showReports, context)
        // `r` at once after loading: it waits for the figures being made on another thread.
        let opened = Double(DispatchTime.now().uptimeNanoseconds - prepared) / 1e6
        var grid = CellGrid(width: 100, height: 30)
        var times: [(String, Double, Double)] = []
        func ms(_ since: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - since) / 1e6 }
        func press(_ name: String, _ key: KeyEvent) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = reduce(&state, KeyBindings.action(for: key, in: state), context)
            let reduced = ms(start)
            Views.draw(state, into: &grid)
            times.append((name, ms(start), reduced))
        }
        for (name, key): (String, Character) in [("b quarter", "b"), ("b year", "b"), ("b team", "b"), ("p month", "p"), ("p quarter", "p"), ("[", "["), ("[", "["), ("]", "]"),
                                                 ("p year", "p"), ("[", "["), ("]", "]"), ("b auditor", "b"),
                                                 ("b next", "b"), ("p", "p"), ("[", "["), ("]", "]")] {
            press(name, .character(key))
        }
        print("figures made after loading, waited for by r: \(String(format: "%.0f", opened)) ms")
        print("period keys at \(rows.count) audits, \(measures.count) measures: "
              + times.map { "\($0.0) \(String(format: "%.2f", $0.1)) ms (reduce \(String(format: "%.2f", $0.2)))" }.joined(separator: ", "))
        XCTAssertEqual(times.count, 16)
        XCTAssertNotNil(state.reports.rows)
    }
}
