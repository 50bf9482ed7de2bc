import Foundation
import XCTest
@testable import CaseAuditCore

/// product.md section 7: "hash-chained so that `caseaudit validate` detects tampering", and hand
/// edits of audit files are reported but allowed. Runs the built binary.
final class ValidateHistoryTests: XCTestCase {
    let id = "2018-12-0a1b2c3d"

    func setUpData() throws -> (URL, DataDirectory, AuditRepository, URL) {
        let binary = try caseauditBinary()
        var root = URL(fileURLWithPath: #filePath)
        while root.pathComponents.count > 1, !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root.deleteLastPathComponent()
        }
        let templates = root.appendingPathComponent("AuditTemplates")
        guard FileManager.default.fileExists(atPath: templates.appendingPathComponent("plan-smart.yaml").path) else {
            throw XCTSkip("plan-smart is not shipped yet")
        }
        let directory = try makeReliabilityDataDirectory(self)
        let repository = AuditRepository(directory: directory, catalog: TemplateCatalog.load(folder: templates))
        var audit = Audit(id: id, template: TemplateRef(id: "plan-smart", version: 1), caseRef: "CR-TEST-0042",
                          cohort: .childInNeed, team: "Team Kestrel", auditor: "Avery Testmanager",
                          worker: "Sam Exampleworker", month: Month(year: 2018, month: 12))
        audit.withSection("plan") { $0.answers["plan-up-to-date"] = Response(answer: .yes) }
        try repository.save(audit, by: "avery.test", reason: nil)
        audit.team = "Team Osprey"
        try repository.save(audit, by: "avery.test", reason: nil)
        audit.withSection("plan") { $0.answers["plan-outcome-focused"] = Response(answer: .yes) }
        try repository.save(audit, by: "avery.test", reason: nil)
        return (binary, directory, repository, templates)
    }

    func validate(_ binary: URL, _ directory: DataDirectory, _ templates: URL) throws -> ProcessResult {
        try runProcess(binary, ["validate", "--data", directory.root.path, "--templates", templates.path])
    }

    func testValidateFailsOnAnEditedHistoryNamingTheLine() throws {
        let (binary, directory, repository, templates) = try setUpData()
        let clean = try validate(binary, directory, templates)
        XCTAssertEqual(clean.status, 0, clean.stdout + clean.stderr)

        let url = repository.history.file(id)
        var lines = try readLines(url)
        lines[1] = lines[1].replacingOccurrences(of: "Team Osprey", with: "Team Ospray")
        try writeLines(lines, to: url)
        let tampered = try validate(binary, directory, templates)
        XCTAssertEqual(tampered.status, 65)
        XCTAssertTrue((tampered.stdout + tampered.stderr).contains("\(url.path):2: error: history entry #2 on line 2 was changed"),
                      tampered.stdout + tampered.stderr)

        lines.remove(at: 1)
        try writeLines(lines, to: url)
        let removed = try validate(binary, directory, templates)
        XCTAssertEqual(removed.status, 65)
        XCTAssertTrue((removed.stdout + removed.stderr).contains("\(url.path):2: error:"), removed.stdout + removed.stderr)
    }

    func testValidateWarnsButPassesOnAHandEditedAudit() throws {
        let (binary, directory, _, templates) = try setUpData()
        let url = directory.auditFile(id)
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: "Team Osprey", with: "Team Heron").write(to: url, atomically: false, encoding: .utf8)
        let result = try validate(binary, directory, templates)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue((result.stdout + result.stderr).contains("\(url.path): warning: changed outside caseaudit"),
                      result.stdout + result.stderr)
    }
}
