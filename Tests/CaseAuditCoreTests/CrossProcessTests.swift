import Foundation
import XCTest
@testable import CaseAuditCore
#if canImport(Glibc)
import Glibc
#endif

/// Tests with real second processes. The child is this test executable itself, run with a filter
/// naming `testChildProcessRole` and `CASEAUDIT_CHILD_ROLE` set; in a normal run that test skips.
final class CrossProcessTests: XCTestCase {
    static let roleVariable = "CASEAUDIT_CHILD_ROLE"
    let id = "2018-12-0a1b2c3d"

    // MARK: - The child's side

    func testChildProcessRole() throws {
        let env = ProcessInfo.processInfo.environment
        guard let role = env[Self.roleVariable], let root = env["CASEAUDIT_CHILD_DATA"] else {
            throw XCTSkip("runs only as the child process of another test")
        }
        let directory = DataDirectory(root: URL(fileURLWithPath: root))
        switch role {
        case "lock":
            // Take the lock, say what happened, hold it a while.
            switch try AuditLock.acquire(id: id, directory: directory) {
            case .acquired(let lock):
                say("acquired")
                if let release = env["CASEAUDIT_CHILD_RELEASE"] {
                    // Hold until the parent has heard from every contender (at most a minute).
                    for _ in 0..<600 where !FileManager.default.fileExists(atPath: release) { usleep(100_000) }
                } else {
                    sleep(UInt32(env["CASEAUDIT_CHILD_HOLD"].flatMap(UInt32.init) ?? 3))
                }
                lock.release()
            case .heldBy(let h):
                say("held \(h.pid)")
            }
        case "save-loop":
            // Save changes as fast as possible until killed.
            let repository = AuditRepository(directory: directory)
            var audit = (try? repository.store.load(id)) ?? sampleReliabilityAudit(id: id)
            say("saving")
            for n in 0..<1_000_000 {
                audit.worker = "Worker \(n) of child \(getpid())"
                audit.withSection("plan") { $0.rationale = String(repeating: "Evidence line \(n).\n", count: n % 40) }
                try repository.save(audit, by: "child.process", reason: nil)
            }
        case "create-loop":
            // The editor's first save of new drafts, as fast as possible until killed.
            let repository = AuditRepository(directory: directory, sweepingLeftovers: false)
            say("creating")
            for _ in 0..<1_000_000 {
                try repository.save(sampleReliabilityAudit(id: AuditStore.newID(month: Month(year: 2018, month: 12))),
                                    by: "child.process", reason: nil)
            }
        default:
            XCTFail("unknown role \(role)")
        }
    }

    /// Unbuffered, so the parent sees it at once.
    func say(_ text: String) {
        FileHandle.standardOutput.write(Data("CHILD-RESULT \(text)\n".utf8))
    }

    // MARK: - The parent's side

    func startChild(_ role: String, data: DataDirectory, extra: [String: String] = [:]) throws -> (Process, Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        guard FileManager.default.isExecutableFile(atPath: p.executableURL!.path),
              p.executableURL!.lastPathComponent.hasSuffix(".xctest") else {
            throw XCTSkip("the test executable cannot be run as a child here (\(CommandLine.arguments[0]))")
        }
        p.arguments = ["CaseAuditCoreTests.CrossProcessTests/testChildProcessRole"]
        var env = ProcessInfo.processInfo.environment
        env[Self.roleVariable] = role
        env["CASEAUDIT_CHILD_DATA"] = data.root.path
        for (k, v) in extra { env[k] = v }
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        return (p, out)
    }

    func results(_ pipe: Pipe) -> [String] {
        String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").filter { $0.hasPrefix("CHILD-RESULT ") }.map { String($0.dropFirst(13)) }
    }

    /// Waits until the child prints its first result line (it has the lock, or is saving);
    /// XCTest's own lines before it are skipped.
    func waitForFirstLine(_ pipe: Pipe) -> String {
        while true {
            var line = Data()
            while true {
                let byte = pipe.fileHandleForReading.readData(ofLength: 1)
                if byte.isEmpty { return String(decoding: line, as: UTF8.self) }
                if byte == Data("\n".utf8) { break }
                line.append(byte)
            }
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix("CHILD-RESULT ") { return text }
        }
    }

    /// A second process holds the lock: we get it read-only naming that process; once it is
    /// SIGKILLed its lock is recovered by our next acquire.
    func testLockHeldByAnotherProcessAndRecoveredWhenItIsKilled() throws {
        let directory = try makeReliabilityDataDirectory(self)
        let (child, out) = try startChild("lock", data: directory, extra: ["CASEAUDIT_CHILD_HOLD": "30"])
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) }; child.waitUntilExit() }
        XCTAssertEqual(waitForFirstLine(out), "CHILD-RESULT acquired")

        guard case .heldBy(let h) = try AuditLock.acquire(id: id, directory: directory) else {
            return XCTFail("got the lock while another process holds it")
        }
        XCTAssertEqual(h.pid, child.processIdentifier)
        XCTAssertEqual(h.host, AuditLock.hostName())
        XCTAssertTrue(h.readOnlyMessage.hasPrefix("Opened read-only: \(AuditRepository.currentUser()) on \(AuditLock.hostName()) has had it open since "))

        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        guard case .acquired(let mine) = try AuditLock.acquire(id: id, directory: directory) else {
            return XCTFail("the lock of a killed process was not recovered")
        }
        XCTAssertEqual(mine.holder.pid, getpid())
        mine.release()
    }

    /// Several processes race to recover one stale lock: exactly one gets it.
    func testProcessesRacingForAStaleLockHaveOneWinner() throws {
        let directory = try makeReliabilityDataDirectory(self)
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/sh")
        gone.arguments = ["-c", "exit 0"]
        try gone.run()
        gone.waitUntilExit()
        let stale = LockHolder(user: "pat.othermanager", host: AuditLock.hostName(), pid: gone.processIdentifier, started: Date())
        try Data((try JSONValue.from(stale).canonical + "\n").utf8).write(to: AuditLock.file(id: id, directory: directory))

        let release = directory.root.appendingPathComponent("release-now")
        let children = try (0..<5).map { _ in
            try startChild("lock", data: directory, extra: ["CASEAUDIT_CHILD_RELEASE": release.path])
        }
        var outcomes: [String] = []
        for (_, out) in children {
            let line = waitForFirstLine(out)
            if line.hasPrefix("CHILD-RESULT ") { outcomes.append(String(line.dropFirst(13))) }
        }
        FileManager.default.createFile(atPath: release.path, contents: Data())
        for (child, _) in children { child.waitUntilExit() }
        XCTAssertEqual(outcomes.count, 5, "\(outcomes)")
        XCTAssertEqual(outcomes.filter { $0 == "acquired" }.count, 1, "\(outcomes)")
        XCTAssertEqual(outcomes.filter { $0.hasPrefix("held ") }.count, 4, "\(outcomes)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: AuditLock.file(id: id, directory: directory).path))
    }

    /// SIGKILL a process that saves in a loop, 20 times at random moments: the audit file is always
    /// whole, the history chain never broken, and the next save leaves everything verified clean.
    func testSaveKilledAtRandomMomentsNeverCorruptsAuditOrHistory() throws {
        let directory = try makeReliabilityDataDirectory(self)
        let repository = AuditRepository(directory: directory)
        try repository.save(sampleReliabilityAudit(id: id), by: "avery.test", reason: nil)
        var interruptedSaves = 0
        var seed = SplitMixForKills(seed: UInt64.random(in: 1...UInt64.max))
        for round in 0..<20 {
            let (child, out) = try startChild("save-loop", data: directory)
            XCTAssertEqual(waitForFirstLine(out), "CHILD-RESULT saving")
            usleep(useconds_t(20_000 + seed.nextUnit() * 200_000))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            let context = "round \(round), seed \(seed.seed)"

            XCTAssertNoThrow(try repository.store.load(id), context)
            let problems = repository.history.verify(id)
            XCTAssertEqual(problems.errors, [], context)
            if !problems.warnings.isEmpty { interruptedSaves += 1 }

            var audit = try repository.store.load(id)
            audit.feedback.worker = "Checked after kill \(round)"
            try repository.save(audit, by: "avery.test", reason: nil)
            XCTAssertEqual(repository.history.verify(id), [], context)
        }
        let entries = try repository.history.entries(id)
        XCTAssertGreaterThan(entries.count, 40, "the child saved between kills")
        XCTAssertEqual(entries.map(\.seq), Array(1...entries.count))
        print("CrossProcessTests: \(interruptedSaves) of 20 kills landed between an audit write and its history entry")
    }

    /// issue 14 point 4: SIGKILL a process creating new audits at random moments. Each
    /// audit file it leaves without its history entry is recorded when the next repository
    /// opens, as a create by that process's user; none is left unrecorded, no marker stays.
    func testNewAuditsKilledBeforeTheirHistoryAreRecordedOnTheNextOpen() throws {
        let directory = try makeReliabilityDataDirectory(self)
        var repaired = 0
        var seed = SplitMixForKills(seed: UInt64.random(in: 1...UInt64.max))
        // At least 15 rounds, and on until a kill has landed in the window (at most 60 rounds).
        for round in 0..<60 where round < 15 || repaired == 0 {
            let (child, out) = try startChild("create-loop", data: directory)
            XCTAssertEqual(waitForFirstLine(out), "CHILD-RESULT creating")
            usleep(useconds_t(20_000 + seed.nextUnit() * 100_000))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            let context = "round \(round), seed \(seed.seed)"

            let repository = AuditRepository(directory: directory, sweepingLeftovers: false)
            let recorded = repository.recordInterruptedCreates()
            repaired += recorded.count
            for id in recorded {
                XCTAssertEqual(try repository.history.entries(id).map(\.user), ["child.process"], context)
            }
            for url in repository.store.auditFiles() {
                let id = url.deletingPathExtension().lastPathComponent
                XCTAssertFalse(AuditRepository.fileIsUnrecorded(id, in: directory), "\(context): \(id)")
                XCTAssertEqual(try repository.history.entries(id).map(\.action), [.create], "\(context): \(id)")
            }
            let markers = try FileManager.default.contentsOfDirectory(atPath: directory.locks.path)
                .filter { $0.hasPrefix(AuditRepository.unrecordedPrefix) }
            XCTAssertEqual(markers, [], context)
        }
        XCTAssertEqual(AuditHistory(directory: directory).verifyAll(), [], "every audit has its history, no history lacks its audit")
        print("CrossProcessTests: \(repaired) new audits were left without their history entry by a kill and recorded on the next open")
        // Between a tenth and a half of the kills land in that window; none in 60 means the test tested nothing.
        XCTAssertGreaterThan(repaired, 0, "no kill landed between an audit's write and its history entry")
    }
}
