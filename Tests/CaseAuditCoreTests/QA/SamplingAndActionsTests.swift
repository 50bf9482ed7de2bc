import XCTest
@testable import CaseAuditCore

/// Case sampling (seeded, recent audits left out, workers spread, other-team auditors with even
/// loads) and the overdue rule on its boundary dates.
final class SamplingAndActionsTests: XCTestCase {
    /// Two teams: North has three workers (Ash with four cases, Bo two, Cy one), South two workers.
    func caseload() -> [CaseSampler.Case] {
        var out: [CaseSampler.Case] = []
        for (worker, n) in [("Ash", 4), ("Bo", 2), ("Cy", 1)] {
            for i in 1...n { out.append(.init(caseRef: "CR-N-\(worker)-\(i)", cohort: "cin", team: "North", worker: worker)) }
        }
        for (worker, n) in [("Dee", 3), ("Eli", 3)] {
            for i in 1...n { out.append(.init(caseRef: "CR-S-\(worker)-\(i)", cohort: "lac", team: "South", worker: worker)) }
        }
        return out
    }

    func testSameSeedAndInputGiveTheSameSampleWhateverTheRowOrder() throws {
        let a = try CaseSampler.pickCases(caseload(), perTeam: 3, seed: 42, exclude: [], auditors: nil)
        let b = try CaseSampler.pickCases(caseload().reversed(), perTeam: 3, seed: 42, exclude: [], auditors: nil)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.count, 6)
        // Another seed gives another draw somewhere over a few seeds (a test that could not fail otherwise).
        let others = try (43...50).map { try CaseSampler.pickCases(caseload(), perTeam: 3, seed: UInt64($0), exclude: [], auditors: nil) }
        XCTAssertTrue(others.contains { $0 != a })
    }

    func testNoWorkerGetsASecondCaseWhileAColleagueHasNone() throws {
        for seed in UInt64(1)...30 {
            let picks = try CaseSampler.pickCases(caseload(), perTeam: 3, seed: seed, exclude: [], auditors: nil)
            let north = picks.filter { $0.case.team == "North" }.map(\.case.worker)
            XCTAssertEqual(Set(north), ["Ash", "Bo", "Cy"], "seed \(seed)")
            // Five North cases: Cy has only one, so Ash and Bo each get two.
            let five = try CaseSampler.pickCases(caseload(), perTeam: 5, seed: seed, exclude: [], auditors: nil)
                .filter { $0.case.team == "North" }.map(\.case.worker)
            XCTAssertEqual(five.filter { $0 == "Ash" }.count, 2, "seed \(seed)")
            XCTAssertEqual(five.filter { $0 == "Bo" }.count, 2, "seed \(seed)")
        }
    }

    func testCasesAuditedInTheTwelveMonthsBeforeAreLeftOut() throws {
        let month = Month(year: 2026, month: 4)
        func audit(_ ref: String, _ m: Month, _ status: AuditStatus = .complete) -> Audit {
            Audit(id: "x-\(ref)-\(m)", template: TemplateRef(id: "t", version: 1), status: status, caseRef: ref, month: m)
        }
        let audits = [audit("CR-N-Cy-1", Month(year: 2025, month: 4)),       // 12 months before: left out
                      audit("CR-S-Dee-1", Month(year: 2026, month: 3)),      // last month: left out
                      audit("CR-S-Dee-2", Month(year: 2025, month: 3)),      // 13 months before: eligible
                      audit("CR-S-Dee-3", Month(year: 2026, month: 2), .draft), // a draft is not an audit done
                      audit("CR-S-Eli-1", Month(year: 2026, month: 4))]      // the month itself: eligible
        let recent = CaseSampler.recentlyAudited(audits, before: month)
        XCTAssertEqual(recent, ["cr-n-cy-1", "cr-s-dee-1"])
        let picks = try CaseSampler.pickCases(caseload(), perTeam: 10, seed: 1, exclude: recent, auditors: nil)
        XCTAssertFalse(picks.contains { $0.case.caseRef == "CR-N-Cy-1" || $0.case.caseRef == "CR-S-Dee-1" })
        XCTAssertEqual(picks.count, caseload().count - 2)
    }

    func testAuditorsComeFromAnotherTeamWithBalancedLoads() throws {
        let auditors = [CaseSampler.Auditor(name: "Quinn", team: "North"), .init(name: "Rae", team: "North"),
                        .init(name: "Sol", team: "South"), .init(name: "Tam", team: "Central"), .init(name: "Uma", team: "Central")]
        let picks = try CaseSampler.pickCases(caseload(), perTeam: 4, seed: 9, exclude: [], auditors: auditors)
        let teamOf = Dictionary(uniqueKeysWithValues: auditors.map { ($0.name, $0.team) })
        for p in picks { XCTAssertNotEqual(teamOf[p.auditor!], p.case.team, p.case.caseRef) }
        let loads = Dictionary(grouping: picks, by: { $0.auditor! }).mapValues(\.count)
        // Eight cases over five auditors: no one has two more than another.
        XCTAssertEqual(loads.count, auditors.count, "\(loads)")
        XCTAssertLessThanOrEqual(loads.values.max()! - loads.values.min()!, 1, "\(loads)")
        XCTAssertThrowsError(try CaseSampler.pickCases(caseload(), perTeam: 1, seed: 9, exclude: [],
                                                       auditors: [.init(name: "Quinn", team: "North")]))
    }

    func testOverdueOnTheBoundaryDates() {
        let dueToday = AuditAction(what: "Book the review", who: "SW", by: "2026-03-31")
        let dueYesterday = AuditAction(what: "Send the letter", who: "SW", by: "2026-03-30")
        let doneLate = AuditAction(what: "Share the plan", who: "TM", by: "2026-03-01", done: true, doneOn: "2026-03-20")
        let noDate = AuditAction(what: "Talk to school", who: "SW", by: "")
        XCTAssertFalse(dueToday.isOverdue(today: "2026-03-31"))
        XCTAssertTrue(dueYesterday.isOverdue(today: "2026-03-31"))
        XCTAssertTrue(dueToday.isOverdue(today: "2026-04-01"))
        XCTAssertFalse(doneLate.isOverdue(today: "2026-03-31"))
        XCTAssertFalse(noDate.isOverdue(today: "2026-03-31"))
        // Closed as no longer needed in a later audit: not done, and not overdue either.
        let closed = AuditAction(what: "Send the letter", who: "SW", by: "2026-03-30", outcome: .noLongerNeeded)
        XCTAssertFalse(closed.isOverdue(today: "2026-03-31"))

        var done = Audit(id: "a1", template: TemplateRef(id: "t", version: 1), status: .complete, team: "North")
        done.actions = [dueToday, dueYesterday, doneLate, noDate]
        var draft = Audit(id: "a2", template: TemplateRef(id: "t", version: 1), status: .draft, team: "North")
        draft.actions = [dueYesterday]
        XCTAssertEqual(ActionList.overdueCount([done, draft], today: "2026-03-31"), 1)
        let list = ActionList(audits: [done, draft], today: "2026-03-31", overdueOnly: true)
        XCTAssertEqual(list.items.map(\.action.what), ["Send the letter"])
        XCTAssertEqual(ActionList(audits: [done], today: "2026-03-31", owner: "tm").items.count, 1)
        XCTAssertEqual(ActionList(audits: [done], today: "2026-03-31", team: "South").items.count, 0)
        let csv = list.table().render(.csv)
        XCTAssertTrue(csv.hasSuffix(",overdue\n"), csv)
    }

    /// Files written before done dates existed still read, and a new field survives a round trip.
    func testActionFieldsDecodeOldFilesAndRoundTrip() throws {
        let old = try readAudit(with: #""actions": [{"what":"x","who":"y","by":"2026-01-01","done":true}]"#).actions[0]
        XCTAssertTrue(old.done)
        XCTAssertNil(old.doneOn)
        XCTAssertNil(old.outcome)
        let new = AuditAction(what: "x", who: "y", by: "2026-01-01", done: true, doneOn: "2026-01-05", outcome: .noLongerNeeded,
                              carriedFrom: "2025-12-abc")
        let back = try readAudit(with: "\"actions\": [" + String(decoding: JSONEncoder().encode(new), as: UTF8.self) + "]").actions[0]
        XCTAssertEqual(back, new)
        XCTAssertTrue(String(decoding: try JSONEncoder().encode(new), as: UTF8.self).contains("\"no-longer-needed\""))
        XCTAssertFalse(String(decoding: try JSONEncoder().encode(old), as: UTF8.self).contains("done_on"))
    }
}
