import XCTest
@testable import CaseAuditCore

/// The escalation and the child's characteristics reach the facts (cold read and cached log
/// alike), the filters (`escalation:open`, `age:`...) and `--by age-band|disability|...`.
/// Six synthetic audits; every figure below is counted by hand from this table:
///
/// | audit | status   | age band | disability | escalation         | plan grade |
/// | e1    | complete | 10 to 15 | Yes        | Yes, open          | good       |
/// | e2    | complete | 10 to 15 | No         | Yes, resolved 12-04| inadequate |
/// | e3    | complete | 5 to 9   | -          | No                 | outstanding|
/// | e4    | complete | -        | -          | -                  | RI         |
/// | e5    | complete | 10 to 15 | -          | -                  | na         |
/// | e6    | draft    | 10 to 15 | -          | Yes, open          | good       |
final class EscalationFactsTests: XCTestCase {
    var tmp: TestDirectory!
    var data: DataDirectory!
    var store: AuditStore!
    let later = Date().addingTimeInterval(3600)
    static let catalog = TemplateCatalog.load(folder: TemplateFixtures.repository.appendingPathComponent("AuditTemplates"))

    override func setUpWithError() throws {
        tmp = try TestDirectory()
        data = DataDirectory(root: tmp.url.appendingPathComponent("data"))
        store = AuditStore(directory: data)
    }

    func audit(_ id: String, status: AuditStatus = .complete, age: String?, disability: String? = nil,
               escalation: Answer? = nil, resolved: String? = nil, plan: Grade) throws -> Audit {
        let t = try XCTUnwrap(Self.catalog.latest("child-journey"))
        var a = Audit(id: id, template: TemplateRef(id: t.id, version: t.version), status: status, origin: .demo,
                      caseRef: "CR-\(id)", cohort: t.cohorts[0], team: "North", auditor: "Ann Example",
                      month: Month("2018-12"), created: Date(timeIntervalSince1970: 1_543_622_400))
        var child = SectionRecord()
        if let age { child.answers["child-age-band"] = Response(value: age) }
        if let disability { child.answers["child-disability"] = Response(value: disability) }
        if !child.answers.isEmpty { a.sections["child"] = child }
        if let escalation {
            var e = SectionRecord(answers: ["escalation-needed": Response(answer: escalation, note: "A new bruise recorded at the last visit."),
                                            "escalation-to": Response(value: "Service manager, the same day")])
            if let resolved { e.answers["escalation-resolved"] = Response(value: resolved) }
            a.sections["escalation"] = e
        }
        a.sections["plan"] = SectionRecord(grade: plan, rationale: "r")
        return a
    }

    func saveTable() throws {
        try store.save(audit("e1", age: "10 to 15", disability: "Yes", escalation: .yes, plan: .good))
        try store.save(audit("e2", age: "10 to 15", disability: "No", escalation: .yes, resolved: "2018-12-04", plan: .inadequate))
        try store.save(audit("e3", age: "5 to 9", escalation: .no, plan: .outstanding))
        try store.save(audit("e4", age: nil, plan: .requiresImprovement))
        try store.save(audit("e5", age: "10 to 15", plan: .na))
        try store.save(audit("e6", status: .draft, age: "10 to 15", escalation: .yes, plan: .good))
    }

    func facts() -> AuditIndex.Run {
        AuditIndex.loadCounting(directory: data, sectionsFor: { Self.catalog.template($0)?.sections.map(\.id) }, now: later)
    }

    func testMarksAreTheSameFromTheFileAndFromTheLog() throws {
        try saveTable()
        let cold = facts()
        XCTAssertEqual(cold.filesRead, 6)
        XCTAssertEqual(cold.facts.first { $0.id == "e2" }?.marks,
                       ["child-age-band": "10 to 15", "child-disability": "No", "escalation-needed": "yes",
                        "escalation-resolved": "2018-12-04"])
        XCTAssertEqual(cold.facts.first { $0.id == "e4" }?.marks, [:])
        let warm = facts()
        XCTAssertEqual(warm.filesRead, 0)
        XCTAssertEqual(warm.facts, cold.facts)
        XCTAssertEqual(warm.facts.map { "\($0.id) \($0.escalation)" },
                       ["e1 open", "e2 resolved(\"2018-12-04\")", "e3 none", "e4 none", "e5 none", "e6 open"])
        // What Escalation.state says from the whole audit, the facts say too.
        for id in ["e1", "e2", "e3", "e4", "e5", "e6"] {
            let a = try store.load(id)
            let t = try XCTUnwrap(Self.catalog.template(a.template))
            XCTAssertEqual(warm.facts.first { $0.id == id }?.escalation, Escalation.state(of: a, template: t), id)
        }
    }

    func testAnOldLogIsRebuiltWithTheMarks() throws {
        try saveTable()
        _ = facts()
        let log = data.cache.appendingPathComponent(IndexLog.fileName)
        // A version 1 log: the old header, lines without the marks field.
        let text = try String(contentsOf: log, encoding: .utf8)
            .replacingOccurrences(of: IndexLog.magic, with: "caseaudit audit index 1")
        try text.write(to: log, atomically: true, encoding: .utf8)
        let run = facts()
        XCTAssertEqual(run.filesRead, 6, "an old log is not trusted")
        XCTAssertEqual(run.facts.first { $0.id == "e1" }?.escalation, .open)
    }

    func testFilterKeys() throws {
        try saveTable()
        let all = facts().facts
        func ids(_ words: String) -> [String] { all.filter(AuditFilter(words).matches).map(\.id) }
        XCTAssertEqual(ids("escalation:open"), ["e1", "e6"])
        XCTAssertEqual(ids("escalation:resolved"), ["e2"])
        XCTAssertEqual(ids("escalation:none"), ["e3", "e4", "e5"])
        XCTAssertEqual(ids("age:10"), ["e1", "e2", "e5", "e6"])
        XCTAssertEqual(ids("age-band:\"5 to\""), ["e3"])
        XCTAssertEqual(ids("age:none"), ["e4"])
        XCTAssertEqual(ids("disability:yes"), ["e1"])
        XCTAssertEqual(ids("disability:no"), ["e2"])
        XCTAssertEqual(ids("uasc:yes"), [])
        XCTAssertEqual(ids("escalation:open status:complete"), ["e1"])
    }

    func testByCharacteristicCountsAsByHand() throws {
        try saveTable()
        let all = facts().facts
        let plan = Measure(id: "plan-quality", title: "Plan", section: "plan")
        let rows = Counting.measureRows([plan], in: all, by: .ageBand)
        XCTAssertEqual(rows.map { "\($0.period) \($0.audits) \($0.graded) \($0.goodOrBetter)" },
                       ["(not recorded) 1 1 0", "10 to 15 3 2 1", "5 to 9 1 1 1"])
        let grades = Counting.gradeRows(section: "plan", in: all, by: .disability)
        XCTAssertEqual(grades.map { "\($0.period) \($0.audits) \($0.graded) \($0.outstanding) \($0.good) \($0.requiresImprovement) \($0.inadequate)" },
                       ["(not recorded) 3 2 1 0 1 0", "No 1 1 0 0 0 1", "Yes 1 1 0 1 0 0"])
        // The audits behind a figure are the ones the row counts.
        XCTAssertEqual(Counting.behind(plan, period: "10 to 15", by: .ageBand, in: all).map(\.audit.id), ["e1", "e2", "e5"])
    }

    func testCommandsFilterAndGroupByCharacteristics() throws {
        try saveTable()
        let binary = try caseauditBinary(), templates = try shippedTemplatesFolder()
        func caseaudit(_ arguments: [String]) throws -> ProcessResult {
            try runProcess(binary, arguments + ["--data", data.root.path, "--templates", templates.path])
        }
        let open = try caseaudit(["audits", "--filter", "escalation:open", "--format", "csv"])
        XCTAssertEqual(open.status, 0, open.stderr)
        XCTAssertEqual(open.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(3)) }, ["e1,", "e6,"])
        let report = try caseaudit(["report", "--by", "age-band", "--format", "csv"])
        XCTAssertEqual(report.status, 0, report.stderr)
        let plan = report.stdout.split(separator: "\n").filter { $0.hasPrefix("plan-quality,") }
        XCTAssertEqual(plan.count, 3, report.stdout)
        XCTAssertTrue(plan.contains { $0.contains(",10 to 15,3,2,1,50.0") }, report.stdout)
        XCTAssertTrue(plan.contains { $0.contains(",(not recorded),1,1,0,0.0") }, report.stdout)
        let grades = try caseaudit(["grades", "--section", "plan", "--by", "disability"])
        XCTAssertEqual(grades.status, 0, grades.stderr)
        XCTAssertTrue(grades.stdout.contains("Disability") && grades.stdout.contains("(not recorded)"), grades.stdout)
        let bad = try caseaudit(["report", "--by", "shoe-size"])
        XCTAssertEqual(bad.status, 64, bad.stderr)
    }

    func testEscalationsCommandListsAndResolves() throws {
        try saveTable()
        let binary = try caseauditBinary(), templates = try shippedTemplatesFolder()
        func caseaudit(_ arguments: [String]) throws -> ProcessResult {
            try runProcess(binary, arguments + ["--data", data.root.path, "--templates", templates.path])
        }
        func ids(_ text: String) -> [String] {
            text.split(separator: "\n").compactMap { line in line.hasPrefix("e") ? String(line.prefix(2)) : nil }
        }
        let all = try caseaudit(["escalations"])
        XCTAssertEqual(all.status, 0, all.stderr)
        XCTAssertEqual(ids(all.stdout), ["e1", "e2", "e6"])
        XCTAssertTrue(all.stdout.contains("resolved 2018-12-04") && all.stdout.hasSuffix("2 open, 1 resolved\n"), all.stdout)
        XCTAssertEqual(ids(try caseaudit(["escalations", "--open"]).stdout), ["e1", "e6"])

        let noReason = try caseaudit(["escalations", "--resolve", "e1", "--on", "2018-12-05"])
        XCTAssertEqual(noReason.status, 64, noReason.stderr)
        XCTAssertTrue(noReason.stderr.contains("--reason"), noReason.stderr)
        let badDay = try caseaudit(["escalations", "--resolve", "e1", "--on", "05/12/2018", "--reason", "Safety plan agreed"])
        XCTAssertEqual(badDay.status, 65, badDay.stderr)
        XCTAssertTrue(badDay.stderr.contains("YYYY-MM-DD"), badDay.stderr)
        XCTAssertNil(try store.load("e1").sections["escalation"]?.answers["escalation-resolved"], "nothing written")

        let done = try caseaudit(["escalations", "--resolve", "e1", "--on", "2018-12-05", "--reason", "Safety plan agreed"])
        XCTAssertEqual(done.status, 0, done.stderr)
        XCTAssertEqual(try store.load("e1").sections["escalation"]?.answers["escalation-resolved"]?.value, "2018-12-05")
        XCTAssertEqual(try store.load("e1").status, .complete)
        XCTAssertEqual(try AuditHistory(directory: data).entries("e1").last?.reason, "Safety plan agreed")
        XCTAssertEqual(ids(try caseaudit(["escalations", "--open"]).stdout), ["e6"])
        let again = try caseaudit(["escalations", "--resolve", "e1", "--on", "2018-12-05", "--reason", "again"])
        XCTAssertEqual(again.status, 65, again.stderr)
        XCTAssertTrue(again.stderr.contains("has no open escalation"), again.stderr)
    }
}

/// The list shows a moderated overall grade beside the auditor's: the facts carry the auditor's
/// grade only where a moderator changed it, the same from the file and from the log.
final class AuditorOverallFactsTests: XCTestCase {
    func testTheAuditorsOverallGradeIsKeptBesideAModeratedOne() throws {
        let tmp = try TestDirectory()
        let data = DataDirectory(root: tmp.url.appendingPathComponent("data"))
        let store = AuditStore(directory: data)
        let t = try XCTUnwrap(EscalationFactsTests.catalog.latest("child-journey"))
        func audit(_ id: String, _ grade: Grade, moderated: Grade?) -> Audit {
            var a = Audit(id: id, template: TemplateRef(id: t.id, version: t.version), status: .complete, origin: .demo,
                          caseRef: "CR-\(id)", cohort: t.cohorts[0], team: "North", auditor: "Ann Example",
                          month: Month("2018-12"), created: Date(timeIntervalSince1970: 1_543_622_400))
            a.overall = Judgement(grade: grade, rationale: "r",
                                  moderation: moderated.map { Moderation(grade: $0, by: "Q. Lead", at: a.created, rationale: "m") })
            return a
        }
        try store.save(audit("m1", .outstanding, moderated: .good))
        try store.save(audit("m2", .good, moderated: .good))
        try store.save(audit("m3", .requiresImprovement, moderated: nil))
        let load = { AuditIndex.loadCounting(directory: data, sectionsFor: { EscalationFactsTests.catalog.template($0)?.sections.map(\.id) },
                                             now: Date().addingTimeInterval(3600)) }
        let cold = load()
        XCTAssertEqual(cold.facts.map { "\($0.id) \($0.overall?.short ?? "-") \($0.auditorOverall?.short ?? "-")" },
                       ["m1 G O", "m2 G -", "m3 RI -"])
        let warm = load()
        XCTAssertEqual(warm.filesRead, 0)
        XCTAssertEqual(warm.facts, cold.facts)
    }
}
