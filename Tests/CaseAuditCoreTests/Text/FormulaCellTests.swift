import XCTest
@testable import CaseAuditCore

/// Issue 14 point 3: no CSV the program writes carries a cell a spreadsheet would run as a
/// formula, unless `raw` asks for the values exactly as stored.
final class FormulaCellTests: XCTestCase {
    /// Every character that makes a spreadsheet read a cell as a formula, leading tab and CR included.
    static let triggers = ["=", "+", "-", "@", "\t", "\r"]

    func testWriterPrefixesEachTriggerAndLeavesOtherCellsAndNumbers() {
        for t in Self.triggers {
            XCTAssertTrue(CSVWriter.escape(t + "cmd|' /C calc'!A0").hasPrefix(t == "\r" ? "\"'" : "'"), t.debugDescription)
            XCTAssertEqual(CSVWriter.neutralised(t + "1+1"), "'" + t + "1+1", t.debugDescription)
            XCTAssertEqual(CSVWriter.escape(t + "1+1", raw: true).replacingOccurrences(of: "\"", with: ""), t + "1+1")
        }
        XCTAssertEqual(CSVWriter.neutralised("CR-100234"), "CR-100234")
        XCTAssertEqual(CSVWriter.neutralised("-2.5"), "-2.5", "a plain number cannot be a formula")
        XCTAssertEqual(CSVWriter.neutralised("+44"), "+44")
        XCTAssertEqual(CSVWriter.neutralised("-2+3"), "'-2+3")
        XCTAssertEqual(CSVWriter.neutralised("-"), "'-")
        XCTAssertEqual(CSVWriter.neutralised("-1."), "'-1.")
    }

    // MARK: export

    /// One audit whose every free field starts with `t`.
    static func hostileAudit(_ t: String, index: Int) -> Audit {
        var a = Audit(id: "2024-04-0000000\(index)", template: TemplateRef(id: "child-journey", version: 2),
                      status: .complete, origin: .interactive, caseRef: t + "CASE", cohort: .childProtection,
                      team: t + "TEAM", auditor: t + "AUDITOR", worker: t + "WORKER", month: Month("2024-04"),
                      created: Date(timeIntervalSince1970: 0))
        a.sections["plan"] = SectionRecord(answers: ["plan-outcome-focused": Response(answer: .no, note: t + "NOTE")],
                                           grade: .good, rationale: t + "RATIONALE")
        return a
    }

    static let hostileAudits = triggers.enumerated().map { hostileAudit($0.element, index: $0.offset) }

    /// The cells of a CSV, read back with the import's own reader.
    func cells(_ csv: String) throws -> [String] {
        let table = try CSVTable.parse(Data(csv.utf8), file: "out.csv")
        return table.rows.flatMap(\.fields)
    }

    func checkExport(level: AuditExporter.Level, fields: [String]) throws {
        let templates = DataIOFixtures.templates
        let safe = try AuditExporter(templates: templates, options: .init(level: level)).export(Self.hostileAudits)
        let raw = try AuditExporter(templates: templates, options: .init(level: level, raw: true)).export(Self.hostileAudits)
        let safeCells = try cells(safe), rawCells = try cells(raw)
        for t in Self.triggers {
            for f in fields {
                let value = t + f
                XCTAssertTrue(safeCells.contains("'" + value), "\(level): \(value.debugDescription) not prefixed in\n\(safe)")
                XCTAssertFalse(safeCells.contains(value), "\(level): \(value.debugDescription) written raw")
                XCTAssertTrue(rawCells.contains(value), "\(level) --raw: \(value.debugDescription) changed")
            }
        }
    }

    func testExportAuditLevel() throws { try checkExport(level: .audit, fields: ["CASE", "TEAM", "AUDITOR", "WORKER"]) }
    func testExportSectionLevel() throws { try checkExport(level: .section, fields: ["TEAM", "AUDITOR", "RATIONALE"]) }
    func testExportAnswerLevel() throws { try checkExport(level: .answer, fields: ["NOTE"]) }

    // MARK: report and grades

    static let facts: [AuditFacts] = hostileAudits.map { AuditFacts(audit: $0, templateSections: ["plan"]) }
    static let measure = Measure(id: "plan-quality", title: "Plans", section: "plan", baseline: 40, target: 70)

    func checkPeriods(_ render: (Bool) -> String, suffix: String) throws {
        let safeCells = try cells(render(false)), rawCells = try cells(render(true))
        for t in Self.triggers {
            XCTAssertTrue(safeCells.contains("'" + t + suffix), "\(suffix) \(t.debugDescription) not prefixed")
            XCTAssertFalse(safeCells.contains(t + suffix))
            XCTAssertTrue(rawCells.contains(t + suffix), "raw \(suffix) \(t.debugDescription) changed")
        }
    }

    func testReportCSVByTeamAndAuditor() throws {
        for (by, suffix) in [(Grouping.team, "TEAM"), (.auditor, "AUDITOR")] {
            let report = MeasureReport(measures: [Self.measure], facts: Self.facts, by: by, from: nil, to: nil)
            try checkPeriods({ report.render(.csv, raw: $0) }, suffix: suffix)
        }
    }

    func testGradesCSVByTeamAndAuditor() throws {
        for (by, suffix) in [(Grouping.team, "TEAM"), (.auditor, "AUDITOR")] {
            let report = GradeReport(section: "plan", facts: Self.facts, by: by, from: nil, to: nil)
            try checkPeriods({ report.render(.csv, raw: $0) }, suffix: suffix)
        }
    }
}
