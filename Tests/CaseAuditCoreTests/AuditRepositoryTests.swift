import Foundation
import XCTest
@testable import CaseAuditCore

/// What `AuditRepository.save` does besides the history: template snapshots, ids, the user name.
final class AuditRepositoryTests: XCTestCase {
    func testSaveKeepsASnapshotOfTheTemplateVersionOnce() throws {
        let directory = try makeReliabilityDataDirectory(self)
        let calls = OutcomeCounter()
        let yaml = Data("id: plan-smart\nversion: 1\ntitle: Plans (invented test copy)\n".utf8)
        let repository = AuditRepository(directory: directory, templateSource: { ref in
            calls.increment()
            return ref == TemplateRef(id: "plan-smart", version: 1) ? yaml : nil
        })
        var audit = sampleReliabilityAudit()
        try repository.save(audit, by: "avery.test", reason: nil)
        let snapshot = directory.templateSnapshot(audit.template)
        XCTAssertEqual(try Data(contentsOf: snapshot), yaml)
        audit.team = "Team Heron"
        try repository.save(audit, by: "avery.test", reason: nil)
        XCTAssertEqual(calls.value, 1, "an existing snapshot is never asked for or rewritten")

        // A template the catalog does not know does not stop the save.
        var other = sampleReliabilityAudit(id: "2018-12-othertpl")
        other.template = TemplateRef(id: "supervision-file", version: 3)
        try repository.save(other, by: "avery.test", reason: nil)
        XCTAssertTrue(repository.store.exists(other.id))
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.templateSnapshot(other.template).path))
    }

    struct DiskFull: Error {}

    /// The editor's first save of a new draft: the file is written, the history append fails
    /// (full disk). The editor retries the same save; the retry records the file as that save,
    /// by its user, not as an unknown change, and leaves no audit without its entry.
    func testARetriedFirstSaveRecordsTheFileAsItsOwnCreate() throws {
        let directory = try makeReliabilityDataDirectory(self)
        var failing = AuditRepository(directory: directory)
        failing.afterAuditWrite = { throw DiskFull() }
        let audit = sampleReliabilityAudit()
        XCTAssertThrowsError(try failing.save(audit, by: "avery.editor", reason: nil))
        XCTAssertTrue(AuditRepository.fileIsUnrecorded(audit.id, in: directory), "the file was written without its entry")

        let repository = AuditRepository(directory: directory)
        try repository.save(audit, by: "avery.editor", reason: nil)
        let entries = try repository.history.entries(audit.id)
        XCTAssertEqual(entries.count, 1)
        XCTAssertEqual(entries[0].action, .create)
        XCTAssertEqual(entries[0].user, "avery.editor")
        XCTAssertNil(entries[0].reason)
        XCTAssertEqual(entries[0].digest, SHA256.hex(try Data(contentsOf: directory.auditFile(audit.id))))
        XCTAssertFalse(AuditRepository.fileIsUnrecorded(audit.id, in: directory))
        XCTAssertEqual(repository.history.verify(audit.id), [])
        // Saving again is a no-op: nothing is recorded twice.
        try repository.save(audit, by: "avery.editor", reason: nil)
        XCTAssertEqual(try repository.history.entries(audit.id).count, 1)
    }

    /// The editor killed during its first save of a new draft, after the file and before the
    /// history entry: the marker it left names the user, and the next repository open (the next
    /// start of the interface, or an import) records the draft as that user's create.
    func testANewAuditLeftUnrecordedByADeadProcessIsRecordedOnTheNextOpen() throws {
        let directory = try makeReliabilityDataDirectory(self)
        var failing = AuditRepository(directory: directory)
        failing.afterAuditWrite = { throw DiskFull() }
        let audit = sampleReliabilityAudit()
        XCTAssertThrowsError(try failing.save(audit, by: "pat.editor", reason: nil))
        let repository = AuditRepository(directory: directory, sweepingLeftovers: false)
        XCTAssertEqual(repository.recordInterruptedCreates(), [], "a live process may still be saving: left alone")
        XCTAssertTrue(AuditRepository.fileIsUnrecorded(audit.id, in: directory))

        // The process that saved has died.
        let marker = repository.unrecordedMarker(audit.id)
        let dead = LockHolder(user: "pat.editor", host: AuditLock.hostName(), pid: try exitedPID(), started: Date())
        try Data((try JSONValue.from(dead).canonical + "\n").utf8).write(to: marker)
        // A marker whose save died before writing its audit is just removed.
        let early = repository.unrecordedMarker("2018-12-neverwritten")
        try Data((try JSONValue.from(dead).canonical + "\n").utf8).write(to: early)

        _ = AuditRepository(directory: directory)  // opening sweeps
        let entries = try repository.history.entries(audit.id)
        XCTAssertEqual(entries.map(\.action), [.create])
        XCTAssertEqual(entries.first?.user, "pat.editor")
        XCTAssertEqual(entries.first?.digest, SHA256.hex(try Data(contentsOf: directory.auditFile(audit.id))))
        XCTAssertEqual(repository.history.verifyAll(), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: early.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: repository.history.file("2018-12-neverwritten").path))
    }

    /// A successful first save leaves no marker.
    func testASuccessfulFirstSaveLeavesNoMarker() throws {
        let directory = try makeReliabilityDataDirectory(self)
        let repository = AuditRepository(directory: directory)
        try repository.save(sampleReliabilityAudit(), by: "avery.editor", reason: nil)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.locks.path), [])
    }

    func exitedPID() throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "exit 0"]
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }

    /// The same for a later change: the retry records it as the user's update.
    func testARetriedUpdateIsRecordedAsTheUsersUpdate() throws {
        let directory = try makeReliabilityDataDirectory(self)
        let repository = AuditRepository(directory: directory)
        var audit = sampleReliabilityAudit()
        try repository.save(audit, by: "avery.editor", reason: nil)
        var failing = repository
        failing.afterAuditWrite = { throw DiskFull() }
        audit.team = "Team Heron"
        XCTAssertThrowsError(try failing.save(audit, by: "avery.editor", reason: nil))
        try repository.save(audit, by: "avery.editor", reason: nil)
        let entries = try repository.history.entries(audit.id)
        XCTAssertEqual(entries.map(\.action), [.create, .update])
        XCTAssertEqual(entries[1].user, "avery.editor")
        XCTAssertEqual(entries[1].changes, [FieldChange(field: "team", from: "Team Kestrel", to: "Team Heron")])
        XCTAssertNil(entries[1].reason, "a draft's update needs no reason, and is not called an outside change")
        XCTAssertEqual(repository.history.verify(audit.id), [])
    }

    func testInvalidIDIsRefusedAndNothingWritten() throws {
        let directory = try makeReliabilityDataDirectory(self)
        let repository = AuditRepository(directory: directory)
        for bad in ["../escape", "", ".hidden", "with space", String(repeating: "a", count: 65)] {
            XCTAssertThrowsError(try repository.save(sampleReliabilityAudit(id: bad), by: "avery.test", reason: nil)) { error in
                XCTAssertEqual((error as? CaseAuditError)?.status, .dataError, bad)
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.audits.path), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.history.path), [])
    }

    func testCurrentUserIsTheLoginName() {
        let user = AuditRepository.currentUser()
        XCTAssertFalse(user.isEmpty)
        let expected = getpwuid(geteuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } }
            ?? ProcessInfo.processInfo.environment["USER"]
        XCTAssertEqual(user, expected)
    }

    func testAuditAndHistoryFilesAreOwnerOnlyUnderAPermissiveUmask() throws {
        let directory = try makeReliabilityDataDirectory(self)
        let old = umask(0)
        defer { umask(old) }
        try AuditRepository(directory: directory).save(sampleReliabilityAudit(), by: "avery.test", reason: nil)
        for url in [directory.auditFile("2018-12-0a1b2c3d"), AuditHistory(directory: directory).file("2018-12-0a1b2c3d")] {
            let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
            XCTAssertEqual(mode.map { $0 & 0o777 }, 0o600, url.lastPathComponent)
        }
    }
}

final class AuditRepositoryCatalogTests: XCTestCase {
    /// With the shipped catalog, the first save keeps the exact YAML of the template version.
    func testSnapshotComesFromTheCatalog() throws {
        var root = URL(fileURLWithPath: #filePath)
        while root.pathComponents.count > 1, !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root.deleteLastPathComponent()
        }
        let catalog = TemplateCatalog.load(folder: root.appendingPathComponent("AuditTemplates"))
        guard let template = catalog.latest("plan-smart") else { throw XCTSkip("plan-smart is not shipped yet") }
        let ref = TemplateRef(id: template.id, version: template.version)
        let directory = try makeReliabilityDataDirectory(self)
        var audit = sampleReliabilityAudit()
        audit.template = ref
        try AuditRepository(directory: directory, catalog: catalog).save(audit, by: "avery.test", reason: nil)
        XCTAssertEqual(try Data(contentsOf: directory.templateSnapshot(ref)), catalog.source(ref))
    }
}
