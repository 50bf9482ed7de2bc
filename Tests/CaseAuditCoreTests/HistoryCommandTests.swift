import Foundation
import XCTest
@testable import CaseAuditCore

/// `caseaudit history` and `caseaudit unlock`, run as a user would (the built binary).
final class HistoryCommandTests: XCTestCase {
    let id = "2018-12-0a1b2c3d"

    func makeHistory() throws -> (DataDirectory, AuditRepository) {
        let directory = try makeReliabilityDataDirectory(self)
        let repository = AuditRepository(directory: directory)
        var audit = sampleReliabilityAudit(id: id)
        try repository.save(audit, by: "avery.test", reason: nil)
        audit.status = .complete
        audit.withSection("plan") { $0.grade = .good }
        try repository.save(audit, by: "avery.test", reason: nil)
        audit.withSection("plan") { $0.rationale = "Clear plan.\nSMART actions." }
        try repository.save(audit, by: "quinn.qalead", reason: "Rationale added after \"review\"")
        return (directory, repository)
    }

    func testHistoryPrintsWhoWhatAndWhy() throws {
        let binary = try caseauditBinary()
        let (directory, _) = try makeHistory()
        let result = try runProcess(binary, ["history", id, "--data", directory.root.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "History of \(id): 3 entries")
        XCTAssertTrue(lines.contains { $0.hasPrefix("#1  ") && $0.hasSuffix("  create  by avery.test") }, result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("#2  ") && $0.hasSuffix("  complete  by avery.test") }, result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("#3  ") && $0.hasSuffix("  amend  by quinn.qalead  reason: \"Rationale added after \\\"review\\\"\"") }, result.stdout)
        XCTAssertTrue(lines.contains("    sections.plan.grade: (none) -> \"good\""), result.stdout)
        XCTAssertTrue(lines.contains("    status: \"draft\" -> \"complete\""), result.stdout)
        XCTAssertTrue(lines.contains("    sections.plan.rationale: \"\" -> \"Clear plan.\\nSMART actions.\""), result.stdout)
    }

    func testVerifyPassesThenFailsWith65NamingTheLine() throws {
        let binary = try caseauditBinary()
        let (directory, repository) = try makeHistory()
        let ok = try runProcess(binary, ["history", id, "--verify", "--data", directory.root.path])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stdout.contains("chain intact"), ok.stdout)

        let url = repository.history.file(id)
        var lines = try readLines(url)
        lines[1] = lines[1].replacingOccurrences(of: "\"good\"", with: "\"outstanding\"")
        try writeLines(lines, to: url)
        let bad = try runProcess(binary, ["history", id, "--verify", "--data", directory.root.path])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.stderr.contains("\(url.path):2: error: history entry #2 on line 2 was changed"), bad.stderr)
        XCTAssertTrue(bad.stderr.contains("restore it from a backup"), bad.stderr)

        // Without --verify the history is still shown, with the problem on stderr.
        let shown = try runProcess(binary, ["history", id, "--data", directory.root.path])
        XCTAssertEqual(shown.status, 0)
        XCTAssertTrue(shown.stderr.contains("cannot be trusted"), shown.stderr)
    }

    func testHandEditedAuditIsAWarningNotAFailure() throws {
        let binary = try caseauditBinary()
        let (directory, _) = try makeHistory()
        let url = directory.auditFile(id)
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: "Team Kestrel", with: "Team Heron").write(to: url, atomically: false, encoding: .utf8)
        let result = try runProcess(binary, ["history", id, "--verify", "--data", directory.root.path])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("\(url.path): warning: changed outside caseaudit"), result.stderr)
    }

    func testUnlockRecoversALockOfADeadProcessOnThisMachine() throws {
        let binary = try caseauditBinary()
        let directory = try makeReliabilityDataDirectory(self)
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/sh")
        gone.arguments = ["-c", "exit 0"]
        try gone.run()
        gone.waitUntilExit()
        let dead = LockHolder(user: "pat.othermanager", host: AuditLock.hostName(), pid: gone.processIdentifier, started: Date())
        try Data((try JSONValue.from(dead).canonical + "\n").utf8).write(to: AuditLock.file(id: id, directory: directory))
        let result = try runProcess(binary, ["unlock", id, "--data", directory.root.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Removed a stale lock on \(id), held by pat.othermanager on \(AuditLock.hostName())"), result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: AuditLock.file(id: id, directory: directory).path))
    }

    func testUnknownAuditExits66AndBadID64() throws {
        let binary = try caseauditBinary()
        let directory = try makeReliabilityDataDirectory(self)
        let missing = try runProcess(binary, ["history", "2018-12-nosuch", "--data", directory.root.path])
        XCTAssertEqual(missing.status, 66)
        XCTAssertTrue(missing.stderr.contains("no history for audit \"2018-12-nosuch\""), missing.stderr)
        let missingVerify = try runProcess(binary, ["history", "2018-12-nosuch", "--verify", "--data", directory.root.path])
        XCTAssertEqual(missingVerify.status, 66)
        let bad = try runProcess(binary, ["history", "../etc/passwd", "--data", directory.root.path])
        XCTAssertEqual(bad.status, 64)
        let badUnlock = try runProcess(binary, ["unlock", "../x", "--data", directory.root.path])
        XCTAssertEqual(badUnlock.status, 64)
    }

    func testUnlockRemovesAStaleLockAndSaysSo() throws {
        let binary = try caseauditBinary()
        let directory = try makeReliabilityDataDirectory(self)
        let old = LockHolder(user: "pat.othermanager", host: "council-pc-0417", pid: 4242,
                             started: Date(timeIntervalSinceNow: -20 * 3600))
        try Data((try JSONValue.from(old).canonical + "\n").utf8).write(to: AuditLock.file(id: id, directory: directory))
        let result = try runProcess(binary, ["unlock", id, "--data", directory.root.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("warning: removed the lock on \(id) held by pat.othermanager on council-pc-0417"), result.stderr)
        XCTAssertTrue(result.stderr.contains("over 12 hours old"), result.stderr)
        let again = try runProcess(binary, ["unlock", id, "--data", directory.root.path])
        XCTAssertEqual(again.status, 0)
        XCTAssertTrue(again.stdout.contains("is not locked"), again.stdout)
    }
}
