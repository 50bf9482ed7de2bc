import XCTest
@testable import CaseAuditCore

/// `caseaudit audits` run as a user would, against `report` and `grades` on demo data sets.
final class AuditsCommandTests: XCTestCase {
    var tmp: TestDirectory!
    var data: DataDirectory!
    var templates: URL!
    var binary: URL!

    override func setUpWithError() throws {
        binary = try caseauditBinary()
        templates = try shippedTemplatesFolder()
        tmp = try TestDirectory()
        data = DataDirectory(root: tmp.url.appendingPathComponent("data"))
    }

    func caseaudit(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(binary, arguments + ["--data", data.root.path, "--templates", templates.path])
    }

    func demo(_ audits: Int, seed: Int) throws {
        let r = try caseaudit(["demo", "--audits", "\(audits)", "--seed", "\(seed)"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func csv(_ text: String) -> [[String]] {
        text.split(separator: "\n").dropFirst().map { line in
            // Demo names hold no comma or quote, so a split is enough here.
            line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// Every row of `report` for every grouping (template too), on random demo data: `audits` lists as many
    /// audits, as many graded and as many good or better; `grades` agrees for a measure that
    /// counts every cohort and template.
    func testReportGradesAndAuditsAgreeOnRandomDataSets() throws {
        for seed in [3, 11] {
            try? FileManager.default.removeItem(at: data.root)
            try demo(250, seed: seed)
            for by in ["month", "quarter", "year", "team", "auditor", "template"] {
                let report = try caseaudit(["report", "--by", by, "--format", "csv"])
                XCTAssertEqual(report.status, 0, report.stderr)
                let rows = csv(report.stdout)
                XCTAssertFalse(rows.isEmpty)
                // Every row of a coarse grouping, one row in three of a fine one: each run costs a process.
                for (i, row) in rows.enumerated() where by == "year" || by == "quarter" || i % 3 == 0 {
                    let listed = try caseaudit(["audits", "--measure", row[0], "--by", by, "--period", row[1], "--format", "csv"])
                    XCTAssertEqual(listed.status, 0, listed.stderr)
                    let audits = csv(listed.stdout)
                    XCTAssertEqual("\(audits.count)", row[2], "\(row[0]) \(by) \(row[1]) audits")
                    XCTAssertEqual("\(audits.filter { !$0[9].isEmpty && $0[9] != "na" }.count)", row[3], "\(row[0]) \(row[1]) graded")
                    XCTAssertEqual("\(audits.filter { $0[10] == "yes" }.count)", row[4], "\(row[0]) \(row[1]) good_or_better")
                    XCTAssertTrue(audits.allSatisfy { $0[2] == row[1] && $0[8] == "complete" })
                }
                // supervision-quality counts every cohort of the child journey templates: its rows
                // are the section's grades narrowed to those templates.
                let grades = try caseaudit(["grades", "--section", "supervision", "--template", "child-journey",
                                            "--template", "child-journey-lac", "--by", by, "--format", "csv"])
                XCTAssertEqual(grades.status, 0, grades.stderr)
                let sup = rows.filter { $0[0] == "supervision-quality" }
                let dist = csv(grades.stdout)
                XCTAssertEqual(dist.map { $0[1] }, sup.map { $0[1] }, by)
                XCTAssertEqual(dist.map { $0[2] }, sup.map { $0[3] }, "graded by \(by)")
                // grades writes percentages of the graded: outstanding + good, back to a count.
                XCTAssertEqual(dist.map { Int(((Double($0[3])! + Double($0[4])!) * Double($0[2])! / 100).rounded()) },
                               sup.map { Int($0[4])! }, "good or better by \(by)")
            }
        }
    }

    func testCSVHeaderAndFilter() throws {
        try demo(120, seed: 5)
        let all = try caseaudit(["audits", "--format", "csv"])
        XCTAssertEqual(all.status, 0, all.stderr)
        XCTAssertEqual(all.stdout.split(separator: "\n").first,
                       "audit_id,month,period,template,cohort,team,auditor,case_ref,status,grade,good_or_better")
        XCTAssertEqual(csv(all.stdout).count, 120)
        let drafts = try caseaudit(["audits", "--filter", "status:draft", "--format", "csv"])
        let rows = csv(drafts.stdout)
        XCTAssertEqual(rows.count, csv(all.stdout).filter { $0[8] == "draft" }.count)
        XCTAssertTrue(rows.allSatisfy { $0[8] == "draft" })
        let json = try caseaudit(["audits", "--measure", "plan-quality", "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["measure"] as? String, "plan-quality")
        XCTAssertEqual((object["rows"] as? [Any])?.count, object["audits"] as? Int)
    }

    func testBadUsageIsExit64WithARemedy() throws {
        try demo(20, seed: 1)
        let noMeasure = try caseaudit(["audits", "--period", "2026-01"])
        XCTAssertEqual(noMeasure.status, 64)
        XCTAssertTrue(noMeasure.stderr.contains("--period needs --measure"), noMeasure.stderr)
        let unknown = try caseaudit(["audits", "--measure", "nope"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("no measure \"nope\"") && unknown.stderr.contains("plan-quality"), unknown.stderr)
        XCTAssertEqual(unknown.stdout, "")
        let misspelt = try caseaudit(["audits", "--filter", "teem:hill"])
        XCTAssertEqual(misspelt.status, 64)
        XCTAssertTrue(misspelt.stderr.contains("unknown filter key \"teem\"") && misspelt.stderr.contains("known keys: age, age-band, auditor, case,")
                      && misspelt.stderr.contains("plan"), misspelt.stderr)
        XCTAssertEqual(misspelt.stdout, "")
        let sectionGrade = try caseaudit(["audits", "--filter", "plan:good+ or grade:i", "--format", "csv"])
        XCTAssertEqual(sectionGrade.status, 0, sectionGrade.stderr)
        let help = try caseaudit(["audits", "--help"])
        XCTAssertTrue(help.stdout.contains("caseaudit audits --measure plan-quality"), help.stdout)
    }

    /// Issue 9: no caseaudit process outlives the command that started it.
    func testNoProcessIsLeftRunningAfterCommands() throws {
        try demo(30, seed: 2)
        for args in [["report"], ["grades", "--section", "plan"], ["audits"], ["validate"], ["export"], ["report"]] {
            _ = try caseaudit(args)
        }
        Thread.sleep(forTimeInterval: 0.2)
        let mine = binary.resolvingSymlinksInPath().path
        let running = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { Int($0) != nil }.filter { pid in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")) == mine
        }
        XCTAssertEqual(running, [], "caseaudit processes still running")
    }

    /// A warm report opens a fixed handful of files, whatever the number of audits: on a shared
    /// drive each open is a round trip.
    func testAWarmReportOpensAFixedHandfulOfFiles() throws {
        let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let strace else { throw XCTSkip("strace is not installed") }
        func opened(_ audits: Int) throws -> [String] {
            try? FileManager.default.removeItem(at: data.root)
            try demo(audits, seed: 4)
            // Back-date the files so none is too fresh to cache, then a cold run writes the cache.
            for name in try FileManager.default.contentsOfDirectory(atPath: data.audits.path) {
                var times = [timespec(tv_sec: 1_600_000_000, tv_nsec: 0), timespec(tv_sec: 1_600_000_000, tv_nsec: 0)]
                utimensat(AT_FDCWD, data.audits.appendingPathComponent(name).path, &times, 0)
            }
            Thread.sleep(forTimeInterval: 3.2)  // ctime moved with the back-dating: wait out the racy window
            _ = try caseaudit(["report"])
            let log = tmp.url.appendingPathComponent("strace-\(audits).txt")
            let r = try runProcess(URL(fileURLWithPath: strace),
                                   ["-f", "-e", "trace=open,openat", "-o", log.path, binary.path, "report",
                                    "--data", data.root.path, "--templates", templates.path])
            if r.status != 0 && r.stderr.contains("PTRACE") { throw XCTSkip("strace cannot trace here: \(r.stderr)") }
            XCTAssertEqual(r.status, 0, r.stderr)
            return try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
                .filter { $0.contains(data.root.path) && !$0.contains("ENOENT") }.map(String.init)
        }
        let small = try opened(20)
        let large = try opened(120)
        XCTAssertEqual(large.count, small.count, "files opened grow with the audits:\n\(large.joined(separator: "\n"))")
        XCTAssertLessThanOrEqual(large.count, 8, large.joined(separator: "\n"))
        XCTAssertFalse(large.contains { $0.contains("/audits/") && $0.contains(".json") }, "an audit file was opened on a warm run")
    }

    /// Issue 14 points 8 and 10: a FIFO and a link among the audit files are named by `report`,
    /// which neither hangs on the FIFO nor reads through the link.
    func testReportNamesAFIFOAndALinkAmongTheAuditFiles() throws {
        try demo(20, seed: 6)
        XCTAssertEqual(mkfifo(data.audits.appendingPathComponent("2026-01-pipe.json").path, 0o600), 0)
        let secret = tmp.url.appendingPathComponent("secret.json")
        try Data("{\"id\": \"2026-01-link\"}".utf8).write(to: secret)
        try FileManager.default.createSymbolicLink(at: data.audits.appendingPathComponent("2026-01-link.json"), withDestinationURL: secret)
        let started = Date()
        let r = try caseaudit(["report", "--format", "csv"])
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("2 damaged audit files are left out of this report"), r.stderr)
        XCTAssertTrue(r.stderr.contains("2026-01-link.json: error: is a symbolic link, not an audit file"), r.stderr)
        let v = try caseaudit(["validate"])
        XCTAssertEqual(v.status, 65)
        XCTAssertTrue(v.stdout.contains("2026-01-pipe.json: error: is a FIFO (named pipe), not an audit file; it is not read"), v.stdout)
        XCTAssertTrue(v.stdout.contains("2026-01-link.json: error: is a symbolic link"), v.stdout)
    }

    /// Issue 14 points 3 and 7 for this command: a formula-like cell is made safe in CSV (not with
    /// --raw), and an ESC in a team name never reaches the terminal in the table.
    func testFormulaCellsAndControlCharactersAreMadeSafe() throws {
        let store = AuditStore(directory: data)
        var a = Audit(id: "2026-01-formula1", template: TemplateRef(id: "child-journey", version: 1), status: .complete,
                      caseRef: "=HYPERLINK(\"x\")", cohort: .childProtection, team: "North\u{1B}]0;title\u{07}", auditor: "Ann Example",
                      month: Month("2026-01"), created: Date(timeIntervalSince1970: 1_767_225_600))
        a.sections["plan"] = SectionRecord(grade: .good)
        try store.save(a)
        let csv = try caseaudit(["audits", "--format", "csv"])
        XCTAssertTrue(csv.stdout.contains(",\"'=HYPERLINK(\"\"x\"\")\","), csv.stdout)
        let raw = try caseaudit(["audits", "--format", "csv", "--raw"])
        XCTAssertTrue(raw.stdout.contains(",\"=HYPERLINK(\"\"x\"\")\","), raw.stdout)
        let table = try caseaudit(["audits"])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertFalse(table.stdout.contains("\u{1B}"), table.stdout)
        XCTAssertTrue(table.stdout.contains("North"), table.stdout)
    }

    /// Issue 14 point 8: a `.cache` that is a link is named by `report` and nothing is written
    /// where it points (neither the index log nor the template catalog's cache).
    func testReportWritesNothingThroughALinkedCache() throws {
        try demo(15, seed: 8)
        try? FileManager.default.removeItem(at: data.cache)
        let elsewhere = tmp.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: data.cache, withDestinationURL: elsewhere)
        let r = try caseaudit(["report", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(data.cache.path): warning: is a symbolic link"), r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path), [])
    }
}
