import XCTest
@testable import CaseAuditCore

/// A team narrowed to a period carries its change from the period before and a year before,
/// worked out by hand; a time grouping's change from earlier figures equals the report's.
final class ReportPeriodChangeTests: XCTestCase {
    let m = Measure(id: "plan", title: "Plans", section: "plan", target: 70)

    func audits(_ month: String, good: Int, of n: Int, team: String = "North") -> [AuditFacts] {
        (0..<n).map { i in
            var a = AuditFacts(id: "\(team)-\(month)-\(i)", month: Month(month), template: TemplateRef(id: "child-journey", version: 2),
                               cohort: .childInNeed, status: .complete, grades: ["plan": i < good ? .good : .inadequate],
                               templateSections: ["plan"])
            a.team = team
            return a
        }
    }

    /// North: April 2018 1 of 4 (25%), March 2019 3 of 4 (75%), April 2019 2 of 2 (100%).
    /// South: April 2019 only, 0 of 1.
    var facts: [AuditFacts] {
        audits("2018-04", good: 1, of: 4) + audits("2019-03", good: 3, of: 4) + audits("2019-04", good: 2, of: 2)
            + audits("2019-04", good: 0, of: 1, team: "South")
    }

    func narrowed(_ p: ReportPeriod, today: Month) -> [MeasureRow] {
        let rows = Counting.measureRows([m], in: facts, by: .team, from: p.start, to: p.end)
        let earlier = Counting.earlierRanges(by: .team, from: p.start, to: p.end)
        return Counting.withChange(rows, by: .team, from: p.start, to: p.end,
                                   previous: Counting.measureRows([m], in: facts, by: .team, from: earlier.previous.from, to: earlier.previous.to),
                                   yearBefore: Counting.measureRows([m], in: facts, by: .team, from: earlier.yearBefore.from, to: earlier.yearBefore.to),
                                   today: today)
    }

    func testATeamNarrowedToAMonthOrQuarter() {
        // April 2019: North 100.0, previous March 75.0, a year before April 2018 25.0; South has
        // nothing earlier. April is not over on 2019-04.
        let april = narrowed(ReportPeriod(.month, holding: Month(year: 2019, month: 4)), today: Month(year: 2019, month: 4))
        XCTAssertEqual(april.map(\.period), ["North", "South"])
        XCTAssertEqual(april.map(\.percent), [100.0, 0.0])
        XCTAssertEqual(april.map(\.previous), [75.0, nil])
        XCTAssertEqual(april.map(\.yearBefore), [25.0, nil])
        XCTAssertEqual(april.map(\.partial), [true, true])
        // FY2019-20 Q1 (April to June 2019) on 2019-07: over; before it January to March 2019.
        let q1 = narrowed(ReportPeriod(.quarter, holding: Month(year: 2019, month: 5)), today: Month(year: 2019, month: 7))
        XCTAssertEqual(q1.first?.previous, 75.0)
        XCTAssertEqual(q1.first?.yearBefore, 25.0)
        XCTAssertEqual(q1.map(\.partial), [false, false])
        // The financial year FY2018-19 holds April 2018 and March 2019: 4 of 8; the year before has nothing.
        let fy = narrowed(ReportPeriod(.year, holding: Month(year: 2018, month: 6)), today: Month(year: 2019, month: 7))
        XCTAssertEqual(fy.map(\.percent), [50.0])
        XCTAssertEqual(fy.map(\.previous), [nil])
    }

    func testTimeRowsFromEarlierFiguresEqualTheReport() {
        // Ranges of whole periods, as the reports screen counts over.
        let today = Month(year: 2019, month: 4)
        for (grouping, from, to) in [(Grouping.month, Month(year: 2019, month: 3), Month(year: 2019, month: 4)),
                                     (.quarter, Month(year: 2019, month: 1), Month(year: 2019, month: 6)),
                                     (.year, Month(year: 2018, month: 4), Month(year: 2020, month: 3))] {
            let earlier = Counting.earlierRanges(by: grouping, from: from, to: to)
            let rows = Counting.withChange(
                Counting.measureRows([m], in: facts, by: grouping, from: from, to: to), by: grouping, from: from, to: to,
                previous: Counting.measureRows([m], in: facts, by: grouping, from: earlier.previous.from, to: earlier.previous.to),
                yearBefore: Counting.measureRows([m], in: facts, by: grouping, from: earlier.yearBefore.from, to: earlier.yearBefore.to),
                today: today)
            let report = MeasureReport(measures: [m], facts: facts, by: grouping, from: from, to: to, today: today).rows
            XCTAssertEqual(rows, report, "\(grouping)")
            XCTAssertTrue(rows.contains { $0.previous != nil }, "\(grouping) compared with something")
        }
        let from = Month(year: 2019, month: 3), to = Month(year: 2019, month: 4)
        XCTAssertEqual(Counting.earlierRanges(by: .quarter, from: from, to: to).previous.from, Month(year: 2018, month: 12))
        XCTAssertEqual(Counting.earlierRanges(by: .team, from: from, to: to).previous.from, Month(year: 2019, month: 1),
                       "a team's range before is as long as its own")
    }
}

/// Pairs carry their audit's month, so a screen narrows agreement without the audits.
final class AgreementPeriodTests: XCTestCase {
    func testPairsNarrowedByMonthEqualPairsOfTheNarrowedAudits() {
        var audits: [Audit] = []
        for (k, month) in ["2019-03", "2019-04", "2019-05"].enumerated() {
            var a = Audit(id: "a\(k)", template: TemplateRef(id: "child-journey", version: 1), status: .complete,
                          caseRef: "CR-\(k)", cohort: .childInNeed, team: "T", auditor: "Ann", worker: "W",
                          month: Month(month), created: Date(timeIntervalSince1970: 0))
            a.overall = Judgement(grade: .good, rationale: "r")
            a.overall.moderation = Moderation(grade: k == 1 ? .inadequate : .outstanding, by: "Q", at: Date(timeIntervalSince1970: 0))
            audits.append(a)
        }
        let all = Agreement.pairs(in: audits)
        XCTAssertEqual(all.map(\.month), [Month("2019-03"), Month("2019-04"), Month("2019-05")])
        let from = Month("2019-04"), to = Month("2019-05")
        XCTAssertEqual(Agreement.pairs(all, from: from, to: to), Agreement.pairs(in: Agreement.audits(audits, from: from, to: to)))
        let rows = Agreement.rows(Agreement.pairs(all, from: from, to: to), by: .auditor)
        XCTAssertEqual(rows.last.map { [$0.pairs, $0.movedUp, $0.movedDown] }, [2, 1, 1])
    }
}
