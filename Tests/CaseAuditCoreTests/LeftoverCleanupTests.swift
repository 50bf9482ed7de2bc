import Foundation
import XCTest
@testable import CaseAuditCore

/// product.md section 7: a save never leaves a partial file; leftovers of killed writes are cleaned
/// when a store opens, but not while another process may still be writing them.
final class LeftoverCleanupTests: XCTestCase {
    func testOpeningARepositoryRemovesOldLeftoversOnly() throws {
        let directory = try makeReliabilityDataDirectory(self)
        let old = directory.audits.appendingPathComponent("\(AtomicFile.temporaryPrefix)2018-12-0a1b2c3d.json.4242.1")
        let fresh = directory.audits.appendingPathComponent("\(AtomicFile.temporaryPrefix)2018-12-0a1b2c3d.json.4243.2")
        let staleLock = directory.locks.appendingPathComponent(".stale-2018-12-0a1b2c3d.lock.4242.1")
        for url in [old, fresh, staleLock] { try Data("{\"id\": \"half-writ".utf8).write(to: url) }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -120)], ofItemAtPath: old.path)

        // Readers never see leftovers as audits.
        let store = AuditStore(directory: directory)
        XCTAssertEqual(store.loadAll().audits.count, 0)
        XCTAssertEqual(store.loadAll().problems, [])

        _ = AuditRepository(directory: directory)
        XCTAssertFalse(FileManager.default.fileExists(atPath: old.path), "a leftover older than 60 s is removed")
        XCTAssertTrue(FileManager.default.fileExists(atPath: fresh.path), "a young one may be another process mid-write")
        XCTAssertFalse(FileManager.default.fileExists(atPath: staleLock.path))
    }

    func testAnInterruptedWriteLeavesTheOldFile() throws {
        let directory = try makeReliabilityDataDirectory(self)
        let store = AuditStore(directory: directory)
        var audit = sampleReliabilityAudit()
        try store.save(audit)
        let before = try Data(contentsOf: directory.auditFile(audit.id))
        audit.team = "Team Heron"
        struct Killed: Error {}
        XCTAssertThrowsError(try store.save(audit, beforeRename: { throw Killed() }))
        XCTAssertEqual(try Data(contentsOf: directory.auditFile(audit.id)), before)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.audits.path)
        XCTAssertEqual(names, ["\(audit.id).json"], "the temporary file is removed")
    }
}
