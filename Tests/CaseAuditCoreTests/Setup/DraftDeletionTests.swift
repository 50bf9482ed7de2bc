import XCTest
@testable import CaseAuditCore

/// Issue 13: a draft can be deleted; its history stays, gains a `delete` entry, and neither
/// validate nor a later import takes the history for an orphan or a broken chain.
final class DraftDeletionTests: XCTestCase {
    func draft(_ id: String) -> Audit {
        Audit(id: id, template: TemplateRef(id: "child-journey", version: 2), caseRef: "CR-700001", cohort: .childInNeed,
              team: "Riverside CIN", auditor: "Casey Thistledown", month: Month("2024-04"), created: DataIOFixtures.fixedNow)
    }

    func testDeletingADraftKeepsItsHistoryWithADeleteEntryAndValidatesClean() throws {
        let directory = try makeReliabilityDataDirectory(self)
        let repository = AuditRepository(directory: directory)
        var audit = draft("A-1")
        try repository.save(audit, by: "casey", reason: nil)
        audit.worker = "Sam Exampleworker"
        try repository.save(audit, by: "casey", reason: nil)

        try repository.delete("A-1", by: "casey", reason: "started twice by mistake")

        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.auditFile("A-1").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: repository.history.file("A-1").path), "the history file stays")
        let entries = try repository.history.entries("A-1")
        XCTAssertEqual(entries.map(\.action), [.create, .update, .delete])
        XCTAssertEqual(entries.last?.reason, "started twice by mistake")
        XCTAssertTrue(entries.last!.changes.contains(FieldChange(field: "team", from: "Riverside CIN", to: nil)))
        // Neither orphaned ("missing but has a history") nor broken.
        XCTAssertEqual(repository.history.verifyAll(), [])
        XCTAssertEqual(repository.history.verify("A-1"), [])
    }

    func testACompletedAuditIsNotDeleted() throws {
        let directory = try makeReliabilityDataDirectory(self)
        let repository = AuditRepository(directory: directory)
        var audit = draft("A-2")
        audit.status = .complete
        try repository.save(audit, by: "casey", reason: nil)
        XCTAssertThrowsError(try repository.delete("A-2", by: "casey")) { error in
            XCTAssertTrue("\(error)".contains("is a completed audit and cannot be deleted"), "\(error)")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.auditFile("A-2").path))
        XCTAssertEqual(try repository.history.entries("A-2").map(\.action), [.create])
    }

    func testAnImportAfterADeletionContinuesTheChain() throws {
        let root = DataIOFixtures.temporaryFolder(name)
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = DataDirectory(root: root)
        try directory.prepare(defaultMeasures: nil)
        let repository = AuditRepository(directory: directory)
        try repository.save(draft("A-3"), by: "casey", reason: nil)
        try repository.delete("A-3", by: "casey")
        let csv = root.deletingLastPathComponent().appendingPathComponent("after-delete-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: csv) }
        try Data("audit_id,month,template,case_ref,cohort,team,auditor,assessment\nA-3,2024-04,child-journey,CR-700001,CIN,Riverside CIN,Casey Thistledown,Good\n".utf8).write(to: csv)
        let summary = try AuditImporter(directory: directory, templates: DataIOFixtures.templates, now: DataIOFixtures.fixedNow).run(csv)
        XCTAssertEqual(summary.created, 1, summary.line)
        XCTAssertEqual(try repository.history.entries("A-3").map(\.action), [.create, .delete, .import])
        XCTAssertEqual(repository.history.verifyAll(), [])
    }

    func testAFileRestoredAfterDeletionIsNamedNotCalledBroken() throws {
        let directory = try makeReliabilityDataDirectory(self)
        let repository = AuditRepository(directory: directory)
        try repository.save(draft("A-4"), by: "casey", reason: nil)
        let bytes = try Data(contentsOf: directory.auditFile("A-4"))
        try repository.delete("A-4", by: "casey")
        try bytes.write(to: directory.auditFile("A-4"))
        let problems = repository.history.verify("A-4")
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems.first?.severity, .warning)
        XCTAssertTrue(problems.first?.message.contains("was deleted through caseaudit") == true, "\(problems)")
    }
}
