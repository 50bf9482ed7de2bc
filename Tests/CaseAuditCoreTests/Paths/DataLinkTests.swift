import XCTest
@testable import CaseAuditCore
#if canImport(Glibc)
import Glibc
#endif

/// Issue 14 point 8: links inside the data folder are refused and named, never followed.
/// Each target is a file that following the link would succeed on (a valid audit, a valid
/// history, a lock of a dead process), so a test fails if the link is followed.
final class DataLinkTests: XCTestCase {
    var directory: DataDirectory!
    var outside: URL!
    let id = "2018-12-0a1b2c3d"

    override func setUpWithError() throws {
        directory = try makeReliabilityDataDirectory(self)
        outside = FileManager.default.temporaryDirectory.appendingPathComponent("caseaudit-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        addTeardownBlock { [outside] in try? FileManager.default.removeItem(at: outside!) }
    }

    func link(_ at: URL, to target: URL) throws {
        try FileManager.default.createSymbolicLink(atPath: at.path, withDestinationPath: target.path)
    }

    func assertLinkError(_ body: @autoclosure () throws -> Any, names url: URL, status: ExitStatus = .dataError,
                         file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard let e = error as? CaseAuditError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(e.status, status, e.description, file: file, line: line)
            XCTAssertEqual(e.diagnostic.file, url.path, file: file, line: line)
            XCTAssertTrue(e.diagnostic.message.contains("symbolic link"), e.description, file: file, line: line)
        }
    }

    /// A valid audit file outside the data folder, and a link to it where the audit would be.
    func linkedAudit() throws -> (link: URL, target: URL, bytes: Data) {
        let bytes = try AuditCoding.encode(sampleReliabilityAudit(id: id))
        let target = outside.appendingPathComponent("\(id).json")
        try bytes.write(to: target)
        let linkURL = directory.auditFile(id)
        try link(linkURL, to: target)
        return (linkURL, target, bytes)
    }

    // MARK: audit files

    func testLinkedAuditIsNotRead() throws {
        let (linkURL, _, _) = try linkedAudit()
        let store = AuditStore(directory: directory)
        assertLinkError(try store.load(id), names: linkURL)
        guard case .failure(let d) = store.loadResult(url: linkURL) else { return XCTFail("a linked audit was read") }
        XCTAssertEqual(d.file, linkURL.path)
        XCTAssertTrue(d.message.contains("symbolic link"), d.message)
    }

    func testSavingOverALinkedAuditIsRefusedAndTheTargetKept() throws {
        let (linkURL, target, bytes) = try linkedAudit()
        var changed = sampleReliabilityAudit(id: id)
        changed.team = "Team Heron"
        assertLinkError(try AuditStore(directory: directory).save(changed), names: linkURL)
        assertLinkError(try AuditRepository(directory: directory).save(changed, by: "avery.test", reason: nil), names: linkURL)
        XCTAssertEqual(try Data(contentsOf: target), bytes)
        XCTAssertTrue(AtomicFile.isLink(linkURL), "the link was replaced")
    }

    func testSavingOverADanglingLinkIsRefused() throws {
        let target = outside.appendingPathComponent("not-yet.json")
        let linkURL = directory.auditFile(id)
        try link(linkURL, to: target)
        assertLinkError(try AuditStore(directory: directory).save(sampleReliabilityAudit(id: id)), names: linkURL, status: .cannotCreate)
        XCTAssertFalse(FileManager.default.fileExists(atPath: target.path))
        XCTAssertTrue(AtomicFile.isLink(linkURL))
    }

    func testFIFOAmongAuditsIsRefusedWithoutBlocking() throws {
        let fifo = directory.auditFile(id)
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        XCTAssertThrowsError(try AuditStore(directory: directory).load(id)) { error in
            XCTAssertTrue("\(error)".contains("not a regular file"), "\(error)")
        }
    }

    // MARK: history

    /// A real history of `id` written through caseaudit, moved outside and linked back.
    func linkedHistoryFile() throws -> (link: URL, target: URL, bytes: Data) {
        let repository = AuditRepository(directory: directory)
        try repository.save(sampleReliabilityAudit(id: id), by: "avery.test", reason: nil)
        let linkURL = repository.history.file(id)
        let target = outside.appendingPathComponent("\(id).jsonl")
        try FileManager.default.moveItem(at: linkURL, to: target)
        try link(linkURL, to: target)
        return (linkURL, target, try Data(contentsOf: target))
    }

    func testLinkedHistoryFileIsRefusedNamed() throws {
        let (linkURL, target, bytes) = try linkedHistoryFile()
        let history = AuditHistory(directory: directory)
        assertLinkError(try history.entries(id), names: linkURL)
        XCTAssertEqual(history.verify(id).map(\.file), [linkURL.path])
        XCTAssertEqual(history.verify(id).first?.severity, .error)
        XCTAssertTrue(history.verifyAll().contains { $0.file == linkURL.path && $0.message.contains("symbolic link") })
        var changed = sampleReliabilityAudit(id: id)
        changed.team = "Team Heron"
        assertLinkError(try AuditRepository(directory: directory).save(changed, by: "avery.test", reason: nil), names: linkURL)
        XCTAssertEqual(try Data(contentsOf: target), bytes, "nothing appended through the link")
    }

    func testLinkedHistoryFolderIsRefusedNamed() throws {
        let target = outside.appendingPathComponent("history")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try FileManager.default.removeItem(at: directory.history)
        try link(directory.history, to: target)
        let history = AuditHistory(directory: directory)
        assertLinkError(try history.entries(id), names: directory.history)
        XCTAssertEqual(history.verifyAll().map(\.file), [directory.history.path])
        assertLinkError(try AuditRepository(directory: directory).save(sampleReliabilityAudit(id: id), by: "avery.test", reason: nil),
                        names: directory.history)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target.path), [], "nothing written where it points")
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.auditFile(id).path), "the audit was not saved either")
    }

    // MARK: locks

    /// A lock of a process that has gone, which `acquire` would normally recover (remove).
    func deadLockBytes() throws -> Data {
        let holder = LockHolder(user: "avery.test", host: AuditLock.hostName(), pid: 999_999_999, started: Date())
        return Data((try JSONValue.from(holder).canonical + "\n").utf8)
    }

    func testLinkedLocksFolderHasNothingDeletedAndIsRefused() throws {
        let target = outside.appendingPathComponent("locks")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let stale = target.appendingPathComponent("\(AuditLock.stalePrefix)someone-elses-file")
        let lock = target.appendingPathComponent("\(id).lock")
        try Data("keep".utf8).write(to: stale)
        try deadLockBytes().write(to: lock)
        try FileManager.default.removeItem(at: directory.locks)
        try link(directory.locks, to: target)

        AuditLock.cleanLeftovers(in: directory)
        _ = AuditRepository(directory: directory)  // opening sweeps leftovers
        assertLinkError(try AuditLock.acquire(id: id, directory: directory), names: directory.locks)
        assertLinkError(try AuditLock.breakLock(id: id, directory: directory, force: true), names: directory.locks)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target.path).sorted(),
                       [stale.lastPathComponent, lock.lastPathComponent].sorted())
    }

    func testLinkedLockFileIsRefusedAndItsTargetKept() throws {
        let target = outside.appendingPathComponent("dead.lock")
        let bytes = try deadLockBytes()
        try bytes.write(to: target)
        let lockURL = AuditLock.file(id: id, directory: directory)
        try link(lockURL, to: target)
        assertLinkError(try AuditLock.acquire(id: id, directory: directory), names: lockURL)
        assertLinkError(try AuditLock.breakLock(id: id, directory: directory, force: true), names: lockURL)
        XCTAssertEqual(try Data(contentsOf: target), bytes)
        XCTAssertTrue(AtomicFile.isLink(lockURL))
    }

    func testReadingALockNeverFollowsALink() throws {
        // A link planted after the checks reads as unreadable, not as the holder it points to.
        let target = outside.appendingPathComponent("dead.lock")
        try deadLockBytes().write(to: target)
        let lockURL = AuditLock.file(id: id, directory: directory)
        try link(lockURL, to: target)
        guard case .unreadable? = AuditLock.read(lockURL) else { return XCTFail("the link was followed") }
    }
}

/// The same refusals through the built binary: exit 65 naming the link.
final class DataLinkCommandTests: XCTestCase {
    func testLinkedAuditIsNotShownBySummaryOrPassedByValidate() throws {
        let binary = try caseauditBinary()
        let templates = try shippedTemplatesFolder()
        let directory = try makeReliabilityDataDirectory(self)
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("caseaudit-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: outside) }
        let id = "2018-12-0a1b2c3d"
        // A valid audit outside the folder: following the link would show it.
        let target = outside.appendingPathComponent("\(id).json")
        try AuditCoding.encode(sampleReliabilityAudit(id: id)).write(to: target)
        let linkURL = directory.auditFile(id)
        try FileManager.default.createSymbolicLink(atPath: linkURL.path, withDestinationPath: target.path)
        let summary = try runProcess(binary, ["summary", id, "--data", directory.root.path, "--templates", templates.path])
        XCTAssertEqual(summary.status, 65, summary.stderr)
        XCTAssertTrue(summary.stderr.contains("\(linkURL.path): error: is a symbolic link"), summary.stderr)
        XCTAssertFalse(summary.stdout.contains("CR-TEST-0042"), summary.stdout)
        let validate = try runProcess(binary, ["validate", "--data", directory.root.path, "--templates", templates.path])
        XCTAssertEqual(validate.status, 65, validate.stdout + validate.stderr)
        XCTAssertEqual(validate.stdout.components(separatedBy: "\(linkURL.path): error: is a symbolic link").count, 2,
                       "named once: \(validate.stdout)")
    }

    func testHistoryAndUnlockRefuseLinks() throws {
        let binary = try caseauditBinary()
        let directory = try makeReliabilityDataDirectory(self)
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("caseaudit-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: outside) }
        let id = "2018-12-0a1b2c3d"
        let target = outside.appendingPathComponent("target")
        try Data("{}\n".utf8).write(to: target)
        let historyLink = AuditHistory(directory: directory).file(id)
        try FileManager.default.createSymbolicLink(atPath: historyLink.path, withDestinationPath: target.path)
        for args in [["history", id], ["history", id, "--verify"]] {
            let r = try runProcess(binary, args + ["--data", directory.root.path])
            XCTAssertEqual(r.status, 65, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("\(historyLink.path): error: is a symbolic link"), r.stderr)
        }
        let lockLink = AuditLock.file(id: id, directory: directory)
        try FileManager.default.createSymbolicLink(atPath: lockLink.path, withDestinationPath: target.path)
        let r = try runProcess(binary, ["unlock", id, "--force", "--data", directory.root.path])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(lockLink.path): error: is a symbolic link"), r.stderr)
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "{}\n")
    }
}
