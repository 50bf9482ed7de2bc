import XCTest
@testable import CaseAuditCore

/// `caseaudit report` and `caseaudit grades` run as a user would: output, exit statuses and
/// messages for each bad input of product.md section 5.
final class ReportCommandTests: XCTestCase {
    var tmp: TestDirectory!
    var data: DataDirectory!
    var templates: URL!
    var binary: URL!

    override func setUpWithError() throws {
        binary = try caseauditBinary()
        templates = try shippedTemplatesFolder()
        tmp = try TestDirectory()
        data = DataDirectory(root: tmp.url.appendingPathComponent("data"))
        let store = AuditStore(directory: data)
        let grades: [Grade?] = [.good, .outstanding, .inadequate, .na, nil]
        for (i, g) in grades.enumerated() {
            var a = Audit(id: "2018-12-0000000\(i)", template: TemplateRef(id: "child-journey", version: 1), status: .complete,
                          caseRef: "CR-9000\(i)", cohort: .childProtection, team: "North", auditor: "Ann Example",
                          month: Month("2018-12"), created: Date(timeIntervalSince1970: 1_543_622_400))
            a.sections["plan"] = SectionRecord(grade: g)
            try store.save(a)
        }
    }

    func caseaudit(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(binary, arguments + ["--data", data.root.path, "--templates", templates.path])
    }

    func testCSVReportOnStandardOutput() throws {
        let r = try caseaudit(["report", "--format", "csv", "--measure", "plan-quality"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, """
            measure,period,audits,graded,good_or_better,percent,baseline,target,rag,ci_low,ci_high,partial,previous,year_before
            plan-quality,2018-12,5,3,2,66.7,44,70,amber,20.8,93.9,no,,

            """)
        XCTAssertFalse(FileManager.default.fileExists(atPath: data.measuresFile.path), "a report uses the defaults and writes no measures.yaml")
    }

    func testDataDirectoryReadableByOthersIsWarnedAndTheReportGoesOn() throws {
        XCTAssertEqual(chmod(data.root.path, 0o755), 0)
        let r = try caseaudit(["report", "--format", "csv", "--measure", "plan-quality"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("the data directory can be read by other users (mode 755)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("chmod 700"), r.stderr)
        XCTAssertTrue(r.stdout.contains("plan-quality,2018-12,5,3,2,66.7,44,70,amber"), r.stdout)
        XCTAssertEqual(chmod(data.root.path, 0o700), 0)
        let quiet = try caseaudit(["report", "--format", "csv", "--measure", "plan-quality"])
        XCTAssertFalse(quiet.stderr.contains("read by other users"), quiet.stderr)
    }

    func testBadFromIsUsageNamingTheFormat() throws {
        let r = try caseaudit(["report", "--from", "Dec 2018"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--from must be a month written YYYY-MM"), r.stderr)
        XCTAssertEqual(r.stdout, "")
    }

    func testGradesRefusesAnUnknownCohortOrTemplate() throws {
        let c = try caseaudit(["grades", "--section", "plan", "--cohort", "kids"])
        XCTAssertEqual(c.status, 64)
        XCTAssertTrue(c.stderr.contains("--cohort \"kids\" is not a cohort; use one of EH"), c.stderr)
        XCTAssertEqual(c.stdout, "")
        let t = try caseaudit(["grades", "--section", "plan", "--template", "plan-smrt"])
        XCTAssertEqual(t.status, 64)
        XCTAssertTrue(t.stderr.contains("no template \"plan-smrt\""), t.stderr)
        XCTAssertEqual(t.stdout, "")
    }

    func testUnknownMeasureIsUsageListingTheIds() throws {
        let r = try caseaudit(["report", "--measure", "plans"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("measures.yaml: error: no measure \"plans\""), r.stderr)
        XCTAssertTrue(r.stderr.contains("use one of: lac-assessment, plan-quality, plan-smart-quality, supervision-quality, contact-quality, permanence-quality"), r.stderr)
    }

    func testOutThatCannotBeCreatedIs73AndWritesNothing() throws {
        let out = tmp.url.appendingPathComponent("missing-folder/report.csv")
        let r = try caseaudit(["report", "--format", "csv", "--out", out.path])
        XCTAssertEqual(r.status, 73)
        XCTAssertTrue(r.stderr.contains(out.path) && r.stderr.contains("does not exist"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
        let folder = try caseaudit(["report", "--out", tmp.url.path])
        XCTAssertEqual(folder.status, 73, folder.stderr)
    }

    func testOutWritesTheFile() throws {
        let out = tmp.url.appendingPathComponent("report.html")
        let r = try caseaudit(["report", "--format", "html", "--by", "quarter", "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        let html = try String(contentsOf: out, encoding: .utf8)
        XCTAssertTrue(html.contains("FY2018-19 Q3"))
        XCTAssertFalse(html.contains("<script"))
    }

    func testDamagedAuditFilesAreCountedInAWarningAndTheReportGoesOn() throws {
        try Data("{ not json".utf8).write(to: data.auditFile("2018-12-broken"))
        try Data("".utf8).write(to: data.auditFile("2018-12-empty"))
        let r = try caseaudit(["report", "--format", "csv", "--measure", "plan-quality"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("warning: 2 damaged audit files are left out of this report"), r.stderr)
        XCTAssertTrue(r.stderr.contains("caseaudit validate"), r.stderr)
        XCTAssertTrue(r.stdout.contains("plan-quality,2018-12,5,3,2,66.7,44,70,amber"), r.stdout)
    }

    func testBrokenMeasuresFileIs65WithLine() throws {
        try AtomicFile.makeFolder(data.root)
        try Data("measures:\n  - id: x\n    title: X\n    section: plan\n    cohorts: all\n    baseline: 90\n    target: 70\n".utf8)
            .write(to: data.measuresFile)
        let r = try caseaudit(["report"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("measures.yaml:6:15: error: baseline 90 is above target 70"), r.stderr)
        XCTAssertEqual(r.stdout, "")
    }

    func testGradesCSVAndUnknownSection() throws {
        let r = try caseaudit(["grades", "--section", "plan", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, """
            section,period,graded,outstanding,good,requires_improvement,inadequate
            plan,2018-12,3,33.3,33.3,0.0,33.3

            """)
        let bad = try caseaudit(["grades", "--section", "plans"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("no template has a section \"plans\""), bad.stderr)
    }

    func testHelpHasAnExample() throws {
        for command in ["report", "grades"] {
            let r = try runProcess(binary, [command, "--help"])
            XCTAssertEqual(r.status, 0)
            XCTAssertTrue(r.stdout.contains("Example"), r.stdout)
            XCTAssertTrue(r.stdout.contains("caseaudit \(command) --"), r.stdout)
        }
    }
}
