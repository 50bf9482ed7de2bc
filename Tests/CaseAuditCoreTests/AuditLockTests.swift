import Foundation
import XCTest
@testable import CaseAuditCore
#if canImport(Glibc)
import Glibc
#endif

/// product.md section 7: an audit open for editing is locked; a second user gets it read-only
/// with who holds it and since when; a lock left by a process that died is recovered.
final class AuditLockTests: XCTestCase {
    var directory: DataDirectory!
    let id = "2018-12-0a1b2c3d"

    override func setUpWithError() throws {
        directory = try makeReliabilityDataDirectory(self)
    }

    var lockURL: URL { AuditLock.file(id: id, directory: directory) }

    func acquired(_ outcome: AuditLock.Outcome, file: StaticString = #filePath, line: UInt = #line) -> HeldAuditLock? {
        if case .acquired(let lock) = outcome { return lock }
        XCTFail("expected the lock to be acquired, got \(outcome)", file: file, line: line)
        return nil
    }

    func holder(_ outcome: AuditLock.Outcome, file: StaticString = #filePath, line: UInt = #line) -> LockHolder? {
        if case .heldBy(let h) = outcome { return h }
        XCTFail("expected the lock to be held by someone else, got \(outcome)", file: file, line: line)
        return nil
    }

    func writeLock(_ holder: LockHolder) throws {
        try Data((try JSONValue.from(holder).canonical + "\n").utf8).write(to: lockURL)
    }

    /// A process that has started and exited, so its pid is dead.
    func deadPID() throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "exit 0"]
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }

    func setModified(_ url: URL, hoursAgo: Double) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -hoursAgo * 3600)],
                                              ofItemAtPath: url.path)
    }

    func testLockFileHoldsWhoWhereWhichProcessAndSince() throws {
        let lock = try XCTUnwrap(acquired(AuditLock.acquire(id: id, directory: directory)))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: lockURL)) as? [String: Any]
        XCTAssertEqual(json?["user"] as? String, AuditRepository.currentUser())
        XCTAssertEqual(json?["host"] as? String, AuditLock.hostName())
        XCTAssertEqual((json?["pid"] as? NSNumber)?.int32Value, getpid())
        XCTAssertNotNil((json?["started"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) })
        let mode = try FileManager.default.attributesOfItem(atPath: lockURL.path)[.posixPermissions] as? Int
        XCTAssertEqual(mode.map { $0 & 0o777 }, 0o600)
        lock.release()
        XCTAssertFalse(FileManager.default.fileExists(atPath: lockURL.path))
    }

    func testSecondAcquireGetsReadOnlyWithHolderAndTime() throws {
        let started = Date(timeIntervalSince1970: 1_764_000_000)
        let lock = try XCTUnwrap(acquired(AuditLock.acquire(id: id, directory: directory, now: started)))
        let other = try XCTUnwrap(holder(AuditLock.acquire(id: id, directory: directory)))
        XCTAssertEqual(other, lock.holder)
        XCTAssertEqual(other.readOnlyMessage,
                       "Opened read-only: \(AuditRepository.currentUser()) on \(AuditLock.hostName()) has had it open since \(LockHolder.displayTime(started))")
        XCTAssertTrue(other.readOnlyMessage.hasPrefix("Opened read-only: "))
        lock.release()
        let again = try XCTUnwrap(acquired(AuditLock.acquire(id: id, directory: directory)))
        again.release()
    }

    func testLockIsReleasedWhenItsValueGoesAway() throws {
        do {
            _ = try XCTUnwrap(acquired(AuditLock.acquire(id: id, directory: directory)))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: lockURL.path))
    }

    /// A lock naming a live process on this host (a child we started) is honoured.
    func testLockOfALiveProcessOnThisHostIsHonoured() throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["30"]
        try child.run()
        defer { if child.isRunning { child.terminate(); child.waitUntilExit() } }
        let theirs = LockHolder(user: "pat.othermanager", host: AuditLock.hostName(), pid: child.processIdentifier,
                                started: Date(timeIntervalSinceNow: -600))
        try writeLock(theirs)
        XCTAssertEqual(holder(try AuditLock.acquire(id: id, directory: directory)), theirs)
        XCTAssertEqual(try AuditLock.breakLock(id: id, directory: directory, force: false).isRefused, true)

        // Once that process has exited its lock is stale and the next acquire recovers it.
        child.terminate()
        child.waitUntilExit()
        let lock = try XCTUnwrap(acquired(AuditLock.acquire(id: id, directory: directory)))
        XCTAssertEqual(AuditLock.holder(id: id, directory: directory), lock.holder)
        lock.release()
    }

    func testStaleLockOfAnExitedProcessIsRecovered() throws {
        let dead = LockHolder(user: "pat.othermanager", host: AuditLock.hostName(), pid: try deadPID(), started: Date())
        try writeLock(dead)
        let lock = try XCTUnwrap(acquired(AuditLock.acquire(id: id, directory: directory)))
        XCTAssertEqual(lock.holder.pid, getpid())
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.locks.path)
        XCTAssertEqual(names, ["\(id).lock"], "the stale lock was renamed aside and removed")
        lock.release()
    }

    /// Many contenders for one stale lock: exactly one wins, the rest see it held.
    func testRacingRecoveryOfAStaleLockHasOneWinner() throws {
        let dead = LockHolder(user: "pat.othermanager", host: AuditLock.hostName(), pid: try deadPID(), started: Date())
        let dir: DataDirectory = directory
        let lockID = id
        for _ in 0..<20 {
            try writeLock(dead)
            let outcomes = OutcomeBox()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                let result = try? AuditLock.acquire(id: lockID, directory: dir)
                outcomes.add(result)
            }
            let winners = outcomes.items.compactMap { o -> HeldAuditLock? in
                if case .acquired(let l)? = o { return l } else { return nil }
            }
            XCTAssertEqual(winners.count, 1)
            XCTAssertEqual(outcomes.items.count, 8)
            XCTAssertEqual(outcomes.items.filter { $0 == nil }.count, 0, "no contender failed")
            winners.forEach { $0.release() }
        }
    }

    func testLockFromAnotherHostIsNotBrokenWithoutForceUntil12Hours() throws {
        let deadPID = try deadPID()
        let remote = LockHolder(user: "pat.othermanager", host: "council-pc-0417", pid: deadPID,
                                started: Date(timeIntervalSinceNow: -3600))
        try writeLock(remote)
        // Its pid means nothing here, so acquire must not recover it.
        XCTAssertEqual(holder(try AuditLock.acquire(id: id, directory: directory)), remote)
        guard case .refused(let h, _) = try AuditLock.breakLock(id: id, directory: directory, force: false) else {
            return XCTFail("a young lock from another host was broken without --force")
        }
        XCTAssertEqual(h, remote)
        XCTAssertTrue(FileManager.default.fileExists(atPath: lockURL.path))
        XCTAssertEqual(try AuditLock.breakLock(id: id, directory: directory, force: true), .removed(remote, stale: false))
        XCTAssertFalse(FileManager.default.fileExists(atPath: lockURL.path))

        let old = LockHolder(user: "pat.othermanager", host: "council-pc-0417", pid: deadPID,
                             started: Date(timeIntervalSinceNow: -13 * 3600))
        try writeLock(old)
        XCTAssertEqual(try AuditLock.breakLock(id: id, directory: directory, force: false), .removed(old, stale: true))
        XCTAssertEqual(try AuditLock.breakLock(id: id, directory: directory, force: false), .notLocked)
    }

    func testEmptyLockFileIsHeldUntilItIsOld() throws {
        FileManager.default.createFile(atPath: lockURL.path, contents: Data())
        let h = try XCTUnwrap(holder(AuditLock.acquire(id: id, directory: directory)))
        XCTAssertEqual(h.user, "someone")
        guard case .refused = try AuditLock.breakLock(id: id, directory: directory, force: false) else {
            return XCTFail("a fresh unreadable lock was broken")
        }
        try setModified(lockURL, hoursAgo: 13)
        let lock = try XCTUnwrap(acquired(AuditLock.acquire(id: id, directory: directory)))
        lock.release()
    }

    func testReleaseLeavesALockSomeoneElseTook() throws {
        let mine = try XCTUnwrap(acquired(AuditLock.acquire(id: id, directory: directory)))
        XCTAssertTrue(mine.isStillHeld)
        _ = try AuditLock.breakLock(id: id, directory: directory, force: true)
        XCTAssertFalse(mine.isStillHeld)
        let theirs = LockHolder(user: "pat.othermanager", host: "council-pc-0417", pid: 1, started: Date())
        try writeLock(theirs)
        mine.release()
        XCTAssertEqual(AuditLock.holder(id: id, directory: directory), theirs)
    }

    /// A real second process: `caseaudit unlock` sees the lock this test process holds as live.
    func testAnotherProcessSeesOurLockAsHeld() throws {
        let binary = try caseauditBinary()
        let lock = try XCTUnwrap(acquired(AuditLock.acquire(id: id, directory: directory)))
        defer { lock.release() }
        let refused = try runProcess(binary, ["unlock", id, "--data", directory.root.path])
        XCTAssertEqual(refused.status, 64)
        XCTAssertTrue(refused.stderr.contains("\(AuditRepository.currentUser()) on \(AuditLock.hostName())"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--force"), refused.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: lockURL.path))

        let forced = try runProcess(binary, ["unlock", id, "--force", "--data", directory.root.path])
        XCTAssertEqual(forced.status, 0)
        XCTAssertTrue(forced.stderr.contains("warning: removed the lock"), forced.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: lockURL.path))
    }
}

extension AuditLock.BreakResult {
    var isRefused: Bool {
        if case .refused = self { return true }
        return false
    }
}

/// Outcomes gathered from concurrent contenders.
final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var items: [AuditLock.Outcome?] = []
    func add(_ o: AuditLock.Outcome?) {
        lock.lock()
        items.append(o)
        lock.unlock()
    }
}

extension Optional where Wrapped == AuditLock.Outcome {
    static func == (a: Self, b: Self) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        default: return false
        }
    }
}
