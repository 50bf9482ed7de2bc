import XCTest
@testable import CaseAuditCore

/// Issue 14 point 7: no text output for a terminal passes a control or bidirectional-control
/// character through; each shows as `<U+XXXX>`.
final class TerminalOutputTests: XCTestCase {
    /// Clears the screen, sets the window title, backspaces over a name, reverses the text.
    static let hostile = "North\u{1B}[2J\u{1B}]0;owned\u{07}\u{08}\u{08}\u{202E}\u{9B}"
    static let hostileShown = "North<U+001B>[2J<U+001B>]0;owned<U+0007><U+0008><U+0008><U+202E><U+009B>"

    func assertClean(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let bad = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || TerminalText.isUnsafe($0) && $0 != "\n" }
        XCTAssertTrue(bad.isEmpty, "\(what) prints \(bad.map(TerminalText.escaped))", file: file, line: line)
    }

    // MARK: the function

    func testSafeEscapesControlsAndBidiAndKeepsTheRest() {
        XCTAssertEqual(TerminalText.safe(Self.hostile), Self.hostileShown)
        XCTAssertEqual(TerminalText.safe("Zoë 佐藤 CR-1"), "Zoë 佐藤 CR-1")
        XCTAssertEqual(TerminalText.safe("a\tb\nc\u{7F}\u{2028}"), "a<U+0009>b<U+000A>c<U+007F><U+2028>")
        XCTAssertEqual(TerminalText.safe("a\tb\r\nc\rd", multiline: true), "a\tb\nc<U+000D>d")
        XCTAssertEqual(TerminalText.safe("\u{1F600}\u{10FFFF}"), "\u{1F600}\u{10FFFF}")
    }

    // MARK: core renderers

    func testReportTableEscapesTeamNames() {
        let audit = FormulaCellTests.hostileAudit("", index: 1)
        var hostileAudit = audit
        hostileAudit.team = Self.hostile
        let facts = [AuditFacts(audit: hostileAudit, templateSections: ["plan"])]
        let report = MeasureReport(measures: [FormulaCellTests.measure], facts: facts, by: .team, from: nil, to: nil)
        let table = report.render(.table)
        assertClean(table, "report table")
        XCTAssertTrue(table.contains(Self.hostileShown), table)
        let grades = GradeReport(section: "plan", facts: facts, by: .team, from: nil, to: nil).render(.table)
        assertClean(grades, "grades table")
        XCTAssertTrue(grades.contains(Self.hostileShown), grades)
    }

    func testSummaryTextEscapesEveryField() {
        var a = FormulaCellTests.hostileAudit(Self.hostile, index: 1)
        a.feedback = Feedback(worker: "Fine.\r\nThanks\u{1B}[31m", family: "")
        let text = AuditSummary(a, template: DataIOFixtures.templates.template(a.template)).render(.text)
        assertClean(text, "summary text")
        XCTAssertTrue(text.contains("Team:           " + Self.hostileShown + "TEAM"), text)
        XCTAssertTrue(text.contains("Fine.\n  Thanks<U+001B>[31m"), "a Windows line end reads as a plain one: \(text)")
    }

    // MARK: the commands

    var binary: URL!
    var directory: DataDirectory!
    let id = "2018-12-0a1b2c3d"

    func run(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(binary, arguments + ["--data", directory.root.path, "--templates", shippedTemplatesFolder().path])
    }

    /// A completed audit whose names hold control characters, saved twice so its history has a change.
    func makeHostileData() throws {
        binary = try caseauditBinary()
        directory = try makeReliabilityDataDirectory(self)
        let repository = AuditRepository(directory: directory)
        var audit = sampleReliabilityAudit(id: id)
        audit.status = .complete
        audit.withSection("plan") { $0.grade = .good; $0.rationale = "Clear.\u{1B}[2J" }
        audit.overall.grade = .good
        try repository.save(audit, by: "avery\u{1B}]0;owned\u{07}", reason: nil)
        audit.team = Self.hostile
        audit.auditor = "Ann\u{202E}elpmaxE"
        try repository.save(audit, by: "avery.test", reason: "Renamed\u{08}\u{08}\u{08}")
    }

    func testReportSummaryHistoryAndValidateOutputsAreClean() throws {
        try makeHostileData()
        let report = try run(["report", "--by", "team", "--measure", "plan-smart-quality"])
        XCTAssertEqual(report.status, 0, report.stderr)
        assertClean(report.stdout + report.stderr, "report")
        XCTAssertTrue(report.stdout.contains(Self.hostileShown), report.stdout)

        let summary = try run(["summary", id])
        XCTAssertEqual(summary.status, 0, summary.stderr)
        assertClean(summary.stdout + summary.stderr, "summary")
        XCTAssertTrue(summary.stdout.contains("Ann<U+202E>elpmaxE"), summary.stdout)

        let history = try run(["history", id])
        XCTAssertEqual(history.status, 0, history.stderr)
        assertClean(history.stdout + history.stderr, "history")
        XCTAssertTrue(history.stdout.contains("by avery<U+001B>]0;owned<U+0007>"), history.stdout)
        XCTAssertTrue(history.stdout.contains("reason: \"Renamed<U+0008><U+0008><U+0008>\""), history.stdout)

        // validate names a damaged file whose name holds an escape sequence.
        try Data("{".utf8).write(to: directory.audits.appendingPathComponent("2018-12-bad\u{1B}[2J.json"))
        let validate = try run(["validate"])
        XCTAssertEqual(validate.status, 65, validate.stdout + validate.stderr)
        assertClean(validate.stdout + validate.stderr, "validate")
        XCTAssertTrue((validate.stdout + validate.stderr).contains("2018-12-bad<U+001B>[2J"), validate.stdout + validate.stderr)
    }

    func testErrorMessagesAreClean() throws {
        try makeHostileData()
        let measure = try run(["report", "--measure", "plan\u{1B}]8;;http://x\u{07}"])
        XCTAssertEqual(measure.status, 64, measure.stderr)
        assertClean(measure.stderr, "report error")
        XCTAssertTrue(measure.stderr.contains("no measure \"plan<U+001B>]8;;http://x<U+0007>\""), measure.stderr)

        let csv = DataIOFixtures.temporaryFolder(name).appendingPathComponent("in.csv")
        try FileManager.default.createDirectory(at: csv.deletingLastPathComponent(), withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: csv.deletingLastPathComponent()) }
        try Data("month,template,case_ref,cohort,team,auditor\n2024-04,child-journey,CR-1,CIN,North\u{1B}[2J,Ann\n".utf8).write(to: csv)
        let imported = try run(["import", csv.path])
        XCTAssertEqual(imported.status, 65, imported.stderr)
        assertClean(imported.stderr, "import error")
        XCTAssertTrue(imported.stderr.contains(":2: error: column \"team\": value \"North<U+001B>[2J\" holds the control character U+001B ESCAPE"), imported.stderr)
    }

    /// `--raw` reaches the writer from each command that writes CSV.
    func testRawFlagOnExportReportAndGrades() throws {
        try makeHostileData()
        var audit = try AuditStore(directory: directory).load(id)
        audit.team = "=HYPERLINK(\"http://x\")"
        try AuditRepository(directory: directory).save(audit, by: "avery.test", reason: "test")
        for (command, extra) in [("export", [String]()), ("report", ["--by", "team", "--format", "csv"]),
                                 ("grades", ["--section", "plan", "--by", "team", "--format", "csv"])] {
            let safe = try run([command] + extra)
            XCTAssertEqual(safe.status, 0, safe.stderr)
            XCTAssertTrue(safe.stdout.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "\(command): \(safe.stdout)")
            let raw = try run([command, "--raw"] + extra)
            XCTAssertEqual(raw.status, 0, raw.stderr)
            XCTAssertTrue(raw.stdout.contains("\"=HYPERLINK(\"\"http://x\"\")\""), "\(command) --raw: \(raw.stdout)")
        }
    }
}

/// Markdown is printed on standard output unless `--out`: it is escaped too.
final class MarkdownControlCharacterTests: XCTestCase {
    func testReportAndSummaryMarkdownCarryNoControlCharacter() {
        var audit = FormulaCellTests.hostileAudit("", index: 1)
        audit.team = TerminalOutputTests.hostile
        let facts = [AuditFacts(audit: audit, templateSections: ["plan"])]
        let outputs = [
            MeasureReport(measures: [FormulaCellTests.measure], facts: facts, by: .team, from: nil, to: nil).render(.markdown),
            GradeReport(section: "plan", facts: facts, by: .team, from: nil, to: nil).render(.markdown),
            AuditSummary(audit, template: nil).render(.markdown),
        ]
        for text in outputs {
            XCTAssertFalse(text.unicodeScalars.contains { $0 != "\n" && TerminalText.isUnsafe($0) }, text)
            XCTAssertTrue(text.contains("<U+001B>"), text)
        }
    }
}
