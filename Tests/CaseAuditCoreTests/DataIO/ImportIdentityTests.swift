import XCTest
@testable import CaseAuditCore

/// An `audit_id` that already exists: import may only update an audit it imported itself,
/// with the same template, case_ref and month, and never completes a draft.
final class ImportIdentityTests: XCTestCase {
    var dataRoot: URL!
    var csvFile: URL!

    override func setUp() {
        dataRoot = DataIOFixtures.temporaryFolder(name)
        csvFile = dataRoot.deletingLastPathComponent().appendingPathComponent("identity-\(UUID().uuidString).csv")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: dataRoot)
        try? FileManager.default.removeItem(at: csvFile)
    }

    var directory: DataDirectory { DataDirectory(root: dataRoot) }
    let header = "audit_id,month,template,case_ref,cohort,team,auditor,assessment\n"

    func existing(_ id: String, origin: AuditOrigin, status: AuditStatus = .complete) throws {
        try directory.prepare(defaultMeasures: nil)
        var a = Audit(id: id, template: TemplateRef(id: "child-journey", version: 2), status: status, origin: origin,
                      caseRef: "CR-700001", cohort: .childInNeed, team: "Riverside CIN", auditor: "Casey Thistledown",
                      month: Month("2024-04"), created: DataIOFixtures.fixedNow)
        a.sections["assessment"] = SectionRecord(grade: .good)
        try AuditStore(directory: directory).save(a)
    }

    func importRow(_ row: String) throws -> AuditImporter.Summary {
        try Data((header + row + "\n").utf8).write(to: csvFile)
        return try AuditImporter(directory: directory, templates: DataIOFixtures.templates, now: DataIOFixtures.fixedNow).run(csvFile)
    }

    func failure(_ row: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let before = try Data(contentsOf: directory.auditFile("A-1"))
        var text = ""
        XCTAssertThrowsError(try importRow(row), file: file, line: line) { text = "\($0)" }
        XCTAssertEqual(try Data(contentsOf: directory.auditFile("A-1")), before, "the audit was changed", file: file, line: line)
        return text
    }

    func testAnAuditMadeInCaseauditCannotBeChangedByImport() throws {
        try existing("A-1", origin: .interactive)
        let text = try failure("A-1,2024-04,child-journey,CR-700001,CIN,Riverside CIN,Casey Thistledown,Inadequate")
        XCTAssertTrue(text.contains(":2: error: column \"audit_id\": audit_id A-1 is an audit made in caseaudit; import cannot change it"), text)
        XCTAssertTrue(text.contains("remove the audit_id or use a new one"), text)
    }

    func testADemoAuditCannotBeChangedByImport() throws {
        try existing("A-1", origin: .demo)
        let text = try failure("A-1,2024-04,child-journey,CR-700001,CIN,Riverside CIN,Casey Thistledown,Good")
        XCTAssertTrue(text.contains("is an audit made in caseaudit"), text)
    }

    func testAnImportedAuditKeepsItsIdentity() throws {
        try existing("A-1", origin: .imported)
        let template = try failure("A-1,2024-04,child-journey-lac,CR-700001,LAC,Riverside CIN,Casey Thistledown,Good")
        XCTAssertTrue(template.contains("template child-journey, not child-journey-lac"), template)
        let caseRef = try failure("A-1,2024-04,child-journey,CR-ZZZ,CIN,Riverside CIN,Casey Thistledown,Good")
        XCTAssertTrue(caseRef.contains("case_ref CR-700001, not CR-ZZZ"), caseRef)
        let month = try failure("A-1,2019-01,child-journey,CR-700001,CIN,Riverside CIN,Casey Thistledown,Good")
        XCTAssertTrue(month.contains("month 2024-04, not 2019-01"), month)
        XCTAssertTrue(month.contains("nothing was imported"), month)
    }

    func testImportNeverCompletesADraft() throws {
        try existing("A-1", origin: .imported, status: .draft)
        let text = try failure("A-1,2024-04,child-journey,CR-700001,CIN,Riverside CIN,Casey Thistledown,Good")
        XCTAssertTrue(text.contains("audit_id A-1 is a draft; import never completes a draft"), text)
        XCTAssertEqual(try AuditStore(directory: directory).load("A-1").status, .draft)
    }

    func testAnImportedAuditWithTheSameIdentityIsUpdated() throws {
        try existing("A-1", origin: .imported)
        let summary = try importRow("A-1,2024-04,child-journey,CR-700001,CIN,Riverside CIN,Casey Thistledown,Inadequate")
        XCTAssertEqual(summary.line, "imported 0 new, 1 updated, 0 unchanged")
        XCTAssertEqual(try AuditStore(directory: directory).load("A-1").sections["assessment"]?.grade, .inadequate)
    }

    func testAnUnreadableTemplateFileIsNamedAsSuch() throws {
        let folder = dataRoot.deletingLastPathComponent().appendingPathComponent("tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("id: child-journey\nversion: [unclosed\n".utf8).write(to: folder.appendingPathComponent("child-journey.yaml"))
        let catalog = TemplateCatalog.load(folder: folder)
        XCTAssertTrue(catalog.unreadableIDs.contains("child-journey"), "\(catalog.diagnostics)")
        try Data(("month,template,case_ref,cohort,team,auditor\n2024-04,child-journey,CR-700002,CIN,Riverside CIN,Casey Thistledown\n").utf8).write(to: csvFile)
        XCTAssertThrowsError(try AuditImporter(directory: directory, templates: catalog).run(csvFile)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("template \"child-journey\" could not be read: run `caseaudit templates check`"), text)
            XCTAssertFalse(text.contains("is not a template id"), text)
        }
    }
}
