import XCTest
@testable import CaseAuditCore

/// `caseaudit moderate`, `agreement` and `sample --moderation` run as a user would.
final class ModerateCommandTests: XCTestCase {
    var data: DataDirectory!
    var binary: URL!
    var folder: URL!

    override func setUpWithError() throws {
        binary = try caseauditBinary()
        data = try makeReliabilityDataDirectory(self)
        folder = data.root.deletingLastPathComponent().appendingPathComponent("in-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { [folder] in try? FileManager.default.removeItem(at: folder!) }
        let repo = AuditRepository(directory: data, catalog: nil)
        for (id, ref, status, grade) in [("2026-03-aaaa0001", "CR-1001", AuditStatus.complete, Grade.good),
                                         ("2026-03-aaaa0002", "CR-1002", .complete, .inadequate),
                                         ("2026-03-aaaa0003", "CR-1003", .draft, .good)] {
            var a = Audit(id: id, template: TemplateRef(id: "plan-smart", version: 1), status: status,
                          caseRef: ref, team: "Team Kestrel", auditor: "Avery Testmanager", worker: "Sam Exampleworker",
                          month: Month(year: 2026, month: 3), created: Date(timeIntervalSince1970: 1_770_000_000))
            a.withSection("plan") { $0.grade = grade }
            a.overall.grade = grade
            if status == .complete { a.completed = a.created }
            try repo.save(a, by: "tester", reason: nil)
        }
    }

    func run(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(binary, arguments + ["--data", data.root.path])
    }

    func write(_ text: String, _ name: String = "m.csv") throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func load(_ id: String) throws -> Audit { try AuditStore(directory: data).load(id) }

    func testModerationChangesTheGradeThatCountsAndIsIdempotent() throws {
        // BOM, CRLF, headers in another case, and both ways of naming the audit.
        let file = try write("\u{FEFF}Audit_ID,Section,Moderator,Grade,Rationale,Date\r\n"
            + "2026-03-aaaa0001,overall,Quinn Moderator,Requires-Improvement,Plan lacks timescales,2026-04-02\r\n"
            + "2026-03-aaaa0001,plan,Quinn Moderator,requires-improvement,\"No dates, no owners\",2026-04-02\r\n")
        let r = try run(["moderate", file])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("moderated 2 grades in 1 audit, 0 unchanged"), r.stdout)
        let a = try load("2026-03-aaaa0001")
        XCTAssertEqual(a.effectiveOverall, .requiresImprovement)
        XCTAssertEqual(a.overall.grade, .good)
        XCTAssertEqual(a.sections["plan"]?.moderation?.rationale, "No dates, no owners")
        let history = try run(["history", "2026-03-aaaa0001"])
        XCTAssertTrue(history.stdout.contains("moderate"), history.stdout)
        let bytes = try Data(contentsOf: data.auditFile("2026-03-aaaa0001"))
        let again = try run(["moderate", file])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("moderated 0 grades in 0 audits, 2 unchanged"), again.stdout)
        XCTAssertEqual(try Data(contentsOf: data.auditFile("2026-03-aaaa0001")), bytes)

        let byCase = try write("month,template,case_ref,section,moderator,grade,rationale\n"
            + "2026-03,plan-smart,CR-1002,overall,Quinn Moderator,inadequate,Agreed\n", "case.csv")
        let c = try run(["moderate", byCase])
        XCTAssertEqual(c.status, 0, c.stderr)
        XCTAssertEqual(try load("2026-03-aaaa0002").overall.moderation?.grade, .inadequate)

        // Two pairs on 0001 (both moved down), one on 0002 (exact).
        let agreement = try run(["agreement", "--by", "auditor", "--format", "csv"])
        XCTAssertEqual(agreement.status, 0, agreement.stderr)
        let lines = agreement.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "group,pairs,exact,exact_percent,same_side,same_side_percent,kappa,weighted_kappa")
        XCTAssertEqual(lines.last?.hasPrefix("all,3,1,33.3,1,33.3,"), true, agreement.stdout)
        // Months outside --from/--to hold no pairs: counts 0, percentages and kappas empty.
        let later = try run(["agreement", "--from", "2026-04", "--format", "csv"])
        XCTAssertEqual(later.stdout.split(separator: "\n").last, "all,0,0,,0,,,")
        let backwards = try run(["agreement", "--from", "2026-04", "--to", "2026-03"])
        XCTAssertEqual(backwards.status, 64, backwards.stderr)
        let html = try run(["agreement", "--format", "html"])
        XCTAssertTrue(html.stdout.contains("moved down"), html.stdout)
    }

    func testEveryBadRowIsNamedAndNothingIsWritten() throws {
        let before = try Data(contentsOf: data.auditFile("2026-03-aaaa0001"))
        let file = try write("audit_id,section,moderator,grade,rationale,date\n"
            + "2026-03-aaaa0001,overall,Quinn Moderator,good,Fine,2026-04-02\n"
            + "2026-03-aaaa0001,plan,Quinn Moderator,brilliant,Fine,\n"
            + "2026-03-nope,overall,Quinn Moderator,good,Fine,\n"
            + "2026-03-aaaa0003,overall,Quinn Moderator,good,Fine,\n"
            + "2026-03-aaaa0002,nosuch,Quinn Moderator,good,Fine,\n"
            + "2026-03-aaaa0002,overall,,good,,31/04/2026\n"
            + "2026-03-aaaa0001,overall,Quinn Moderator,good,Again,\n"
            + "2026-03-aaaa0002,plan,Quinn\u{1B}[2J,good,Fine,\n")
        let r = try run(["moderate", file])
        XCTAssertEqual(r.status, 65, r.stderr)
        for needle in ["m.csv:3:", "\"brilliant\"", "m.csv:4:", "2026-03-nope", "m.csv:5:", "draft", "m.csv:6:", "nosuch",
                       "m.csv:7:", "moderator", "rationale", "31/04/2026", "m.csv:8:", "same audit and section as row 2", "m.csv:9:", "U+001B",
                       "nothing was moderated"] {
            XCTAssertTrue(r.stderr.contains(needle), "\(needle) in \(r.stderr)")
        }
        XCTAssertEqual(try Data(contentsOf: data.auditFile("2026-03-aaaa0001")), before)
    }

    func testMissingColumnsAndMissingDataFolder() throws {
        let file = try write("audit_id,section,grade\n2026-03-aaaa0001,overall,good\n")
        let r = try run(["moderate", file])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("\"moderator\" is missing") && r.stderr.contains("\"rationale\" is missing"), r.stderr)
        let missing = try runProcess(binary, ["moderate", file, "--data", folder.appendingPathComponent("none").path])
        XCTAssertEqual(missing.status, 66, missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("none").path))
    }

    func testAuditOpenForEditingIsRefused() throws {
        guard case .acquired(let lock) = try AuditLock.acquire(id: "2026-03-aaaa0001", directory: data) else {
            return XCTFail("could not take the lock")
        }
        defer { lock.release() }
        let file = try write("audit_id,section,moderator,grade,rationale\n2026-03-aaaa0001,overall,Quinn Moderator,good,Fine\n")
        let r = try run(["moderate", file])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("open for editing"), r.stderr)
        XCTAssertNil(try load("2026-03-aaaa0001").overall.moderation)
    }

    /// The sample always holds the inadequate audit, is remembered, and stops awaiting once moderated.
    func testModerationSampleIsRememberedAndCountsWhatAwaits() throws {
        let r = try run(["sample", "--moderation", "--month", "2026-03", "--percent", "0", "--seed", "5"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("2026-03-aaaa0002") && !r.stdout.contains("2026-03-aaaa0001"), r.stdout)
        XCTAssertFalse(r.stdout.contains("2026-03-aaaa0003"), "a draft is never sampled")
        var audits = AuditStore(directory: data).loadAll().audits
        XCTAssertEqual(ModerationSample.awaitingModeration(in: data, audits: audits), ["2026-03-aaaa0002"])
        let file = try write("audit_id,section,moderator,grade,rationale\n2026-03-aaaa0002,overall,Quinn Moderator,inadequate,Agreed\n")
        XCTAssertEqual(try run(["moderate", file]).status, 0)
        audits = AuditStore(directory: data).loadAll().audits
        XCTAssertEqual(ModerationSample.awaitingModeration(in: data, audits: audits), [])
        let all = try run(["sample", "--moderation", "--month", "2026-03", "--percent", "100", "--seed", "5"])
        XCTAssertEqual(all.stdout.split(separator: "\n").count, 3, all.stdout)
    }
}

/// `sample`, `actions` and `smart` as a user runs them.
final class QACommandLineTests: XCTestCase {
    func testSampleActionsAndSmartFromTheCommandLine() throws {
        let binary = try caseauditBinary()
        let data = try makeReliabilityDataDirectory(self)
        let repo = AuditRepository(directory: data, catalog: nil)
        var a = Audit(id: "2026-03-bbbb0001", template: TemplateRef(id: "plan-smart", version: 1), status: .complete,
                      caseRef: "CR-2", team: "North", month: Month(year: 2026, month: 3),
                      created: Date(timeIntervalSince1970: 1_770_000_000), completed: Date(timeIntervalSince1970: 1_770_000_000))
        a.actions = [AuditAction(what: "=cmd|' /C calc'!A0", who: "SW", by: "2026-03-30"),
                     AuditAction(what: "Book the review", who: "SW", by: "2026-03-31")]
        try repo.save(a, by: "tester", reason: nil)
        let cases = data.root.appendingPathComponent("cases.csv")
        try Data("Case_Ref,Cohort,Team,Worker\r\nCR-1,cin,North,Ash\r\nCR-2,cin,North,Bo\r\nCR-3,cin,North,Bo\r\nCR-4,lac,South,Cy\r\n".utf8).write(to: cases)
        let args = ["sample", cases.path, "--month", "2026-04", "--per-team", "2", "--seed", "3", "--data", data.root.path]
        let first = try runProcess(binary, args), second = try runProcess(binary, args)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, second.stdout)
        XCTAssertFalse(first.stdout.contains("CR-2"), "audited last month: \(first.stdout)")
        XCTAssertEqual(first.stdout.split(separator: "\n").count, 4, first.stdout)

        // A bad extract names every bad row and writes nothing.
        let broken = data.root.appendingPathComponent("broken.csv")
        try Data("case_ref,cohort,team,worker\nCR-1,cin,,Ash\nCR-2,cin,North,\u{202E}Bo\n".utf8).write(to: broken)
        let refused = try runProcess(binary, ["sample", broken.path, "--month", "2026-04", "--per-team", "2", "--seed", "3",
                                              "--data", data.root.path])
        XCTAssertEqual(refused.status, 65, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("broken.csv:2:") && refused.stderr.contains("\"team\"")
                      && refused.stderr.contains("broken.csv:3:"), refused.stderr)
        XCTAssertEqual(refused.stdout, "")
        let noColumn = data.root.appendingPathComponent("nocolumn.csv")
        try Data("case_ref,team,worker\nCR-1,North,Ash\n".utf8).write(to: noColumn)
        let missingColumn = try runProcess(binary, ["sample", noColumn.path, "--month", "2026-04", "--per-team", "2",
                                                    "--seed", "3", "--data", data.root.path])
        XCTAssertEqual(missingColumn.status, 65)
        XCTAssertTrue(missingColumn.stderr.contains("\"cohort\" is missing"), missingColumn.stderr)
        let bad = try runProcess(binary, ["sample", cases.path, "--month", "2026-04", "--seed", "3", "--data", data.root.path])
        XCTAssertEqual(bad.status, 64, bad.stderr)

        let overdue = try runProcess(binary, ["actions", "--overdue", "--today", "2026-03-31", "--format", "csv", "--data", data.root.path])
        XCTAssertEqual(overdue.status, 0, overdue.stderr)
        let rows = overdue.stdout.split(separator: "\n")
        XCTAssertEqual(rows.count, 2, overdue.stdout)
        XCTAssertTrue(rows[1].contains("'=cmd"), "formula-safe: \(rows[1])")

        let smart = try runProcess(binary, ["smart", "-", "--format", "csv"])
        XCTAssertEqual(smart.status, 0)
        let missing = try runProcess(binary, ["smart", data.root.appendingPathComponent("none.txt").path])
        XCTAssertEqual(missing.status, 66, missing.stderr)
    }
}
