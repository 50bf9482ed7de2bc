import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// The dashboard's counts made in one pass on opening equal those added row by row (as a save does).
final class MeasureStatsTests: XCTestCase {
    func testOnePassEqualsRowByRow() {
        var rng = SeededRandom(seed: 31)
        let rows = (0..<1000).map { ReportTalliesTests.row($0, &rng) }
        let fast = MeasureStats(rows: rows, measures: ReportTalliesTests.measures)
        let reference = MeasureStats(addingEach: rows, measures: ReportTalliesTests.measures)
        XCTAssertEqual(fast.counts, reference.counts)
        XCTAssertEqual(fast.drafts, reference.drafts)
        XCTAssertEqual(fast.perMonth, reference.perMonth)
        XCTAssertEqual(fast.completedPerMonth, reference.completedPerMonth)
        XCTAssertGreaterThan(fast.counts.map { $0.values.map(\.graded).reduce(0, +) }.reduce(0, +), 100)
        XCTAssertGreaterThan(fast.drafts, 0)
    }

    func testRowsWithoutMonthsAndNoRows() {
        var rng = SeededRandom(seed: 32)
        var rows = (0..<200).map { ReportTalliesTests.row($0, &rng) }
        for i in rows.indices { rows[i].month = nil }
        for sample in [rows, [], Array(rows.prefix(3))] {
            let fast = MeasureStats(rows: sample, measures: ReportTalliesTests.measures)
            let reference = MeasureStats(addingEach: sample, measures: ReportTalliesTests.measures)
            XCTAssertEqual(fast.counts, reference.counts)
            XCTAssertEqual(fast.drafts, reference.drafts)
            XCTAssertEqual(fast.perMonth, reference.perMonth)
            XCTAssertEqual(fast.completedPerMonth, reference.completedPerMonth)
        }
    }
}
