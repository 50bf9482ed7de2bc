import Foundation
import XCTest
@testable import CaseAuditCore

/// product.md section 7: every change is appended to a hash-chained history; tampering is detected.
final class AuditHistoryTests: XCTestCase {
    var directory: DataDirectory!
    var repository: AuditRepository!
    var history: AuditHistory { repository.history }
    let id = "2018-12-0a1b2c3d"

    override func setUpWithError() throws {
        directory = try makeReliabilityDataDirectory(self)
        repository = AuditRepository(directory: directory)
    }

    /// create -> update -> complete -> amend, as a team manager and then a QA lead would.
    @discardableResult
    func makeFourEntryHistory() throws -> [HistoryEntry] {
        var audit = sampleReliabilityAudit(id: id)
        try repository.save(audit, by: "avery.test", reason: nil)
        audit.withSection("plan") { s in
            s.answers["plan-contingency"] = Response(answer: .no, note: "No contingency plan.")
            s.grade = .requiresImprovement
            s.rationale = "Plan lacks a contingency."
        }
        audit.team = "Team Osprey"
        try repository.save(audit, by: "avery.test", reason: nil)
        audit.status = .complete
        audit.completed = Date(timeIntervalSince1970: 1_544_100_000)
        try repository.save(audit, by: "avery.test", reason: nil)
        audit.withSection("plan") { $0.grade = .inadequate }
        try repository.save(audit, by: "quinn.qalead", reason: "Grade corrected after moderation meeting")
        return try history.entries(id)
    }

    func testCreateUpdateCompleteAmendRecordEachChange() throws {
        let entries = try makeFourEntryHistory()
        XCTAssertEqual(entries.map(\.action), [.create, .update, .complete, .amend])
        XCTAssertEqual(entries.map(\.seq), [1, 2, 3, 4])
        XCTAssertEqual(entries[0].prev, "")
        for i in 1..<entries.count { XCTAssertEqual(entries[i].prev, entries[i - 1].hash) }

        // The first entry holds every field, so the history alone rebuilds the audit.
        XCTAssertTrue(entries[0].changes.contains(FieldChange(field: "case_ref", from: nil, to: "CR-TEST-0042")))
        XCTAssertTrue(entries[0].changes.contains(FieldChange(field: "sections.plan.answers.plan-contingency.answer", from: nil, to: "partly")))
        XCTAssertFalse(entries[0].changes.contains { $0.field == "updated" }, "`updated` changes on every save and is not recorded")

        XCTAssertEqual(entries[1].changes, [
            FieldChange(field: "sections.plan.answers.plan-contingency.answer", from: "partly", to: "no"),
            FieldChange(field: "sections.plan.answers.plan-contingency.note", from: "Contingency is generic.", to: "No contingency plan."),
            FieldChange(field: "sections.plan.grade", from: nil, to: "requires-improvement"),
            FieldChange(field: "sections.plan.rationale", from: "", to: "Plan lacks a contingency."),
            FieldChange(field: "team", from: "Team Kestrel", to: "Team Osprey"),
        ])
        XCTAssertEqual(entries[2].changes.map(\.field), ["completed", "status"])
        XCTAssertEqual(entries[3].changes, [FieldChange(field: "sections.plan.grade", from: "requires-improvement", to: "inadequate")])
        XCTAssertEqual(entries[3].reason, "Grade corrected after moderation meeting")
        XCTAssertEqual(entries[3].user, "quinn.qalead")
        XCTAssertNil(entries[1].reason)

        let bytes = try Data(contentsOf: directory.auditFile(id))
        XCTAssertEqual(entries[3].digest, SHA256.hex(bytes))
        XCTAssertEqual(history.verify(id), [])
        XCTAssertEqual(AuditDiff.replay(entries), try AuditDiff.fields(data: bytes))
    }

    func testChangingACompletedAuditWithoutAReasonIsRefusedAndWritesNothing() throws {
        try makeFourEntryHistory()
        let before = try Data(contentsOf: directory.auditFile(id))
        let historyBefore = try Data(contentsOf: history.file(id))
        var audit = try repository.store.load(id)
        audit.withSection("plan") { $0.grade = .good }
        for reason in [nil, "", "   "] as [String?] {
            XCTAssertThrowsError(try repository.save(audit, by: "avery.test", reason: reason)) { error in
                let e = error as? CaseAuditError
                XCTAssertEqual(e?.status, .dataError)
                XCTAssertEqual(e?.diagnostic.file, self.directory.auditFile(self.id).path)
                XCTAssertEqual(e?.diagnostic.remedy, "give a reason for amending a completed audit")
            }
        }
        XCTAssertEqual(try Data(contentsOf: directory.auditFile(id)), before)
        XCTAssertEqual(try Data(contentsOf: history.file(id)), historyBefore)
    }

    func testModeratingACompletedAuditUsesTheModerationRationaleAsReason() throws {
        try makeFourEntryHistory()
        var audit = try repository.store.load(id)
        audit.withSection("plan") {
            $0.moderation = Moderation(grade: .requiresImprovement, by: "quinn.qalead",
                                       at: Date(timeIntervalSince1970: 1_545_000_000), rationale: "Sample moderation: RI fits.")
        }
        try repository.save(audit, by: "quinn.qalead", reason: nil)
        let last = try XCTUnwrap(history.entries(id).last)
        XCTAssertEqual(last.action, .moderate)
        XCTAssertEqual(last.reason, "Sample moderation: RI fits.")
        XCTAssertEqual(history.verify(id), [])
    }

    func testSavingAnUnchangedAuditWritesNothing() throws {
        try makeFourEntryHistory()
        var audit = try repository.store.load(id)
        audit.updated = Date()
        try repository.save(audit, by: "avery.test", reason: nil)
        XCTAssertEqual(try history.entries(id).count, 4)
    }

    func testImportedAuditIsRecordedAsImport() throws {
        var audit = sampleReliabilityAudit(id: "2019-01-imported1")
        audit.origin = .imported
        audit.status = .complete
        try repository.save(audit, by: "avery.test", reason: nil)
        XCTAssertEqual(try history.entries(audit.id).map(\.action), [.import])
    }

    func testRefusedAmendOfAnAuditWithoutHistoryLeavesNoHistoryFile() throws {
        var audit = sampleReliabilityAudit(id: "2018-11-demo0001")
        audit.status = .complete
        try repository.store.save(audit)
        audit.team = "Team Heron"
        XCTAssertThrowsError(try repository.save(audit, by: "avery.test", reason: nil))
        XCTAssertFalse(FileManager.default.fileExists(atPath: history.file(audit.id).path))
        try repository.save(audit, by: "avery.test", reason: "Team corrected")
        XCTAssertEqual(try history.entries(audit.id).map(\.action), [.create, .amend])
        XCTAssertEqual(history.verify(audit.id), [])
    }

    func testSaveRefusesToOverwriteADamagedAuditFile() throws {
        try makeFourEntryHistory()
        let url = directory.auditFile(id)
        try Data("{ \"id\": \"broken".utf8).write(to: url)
        XCTAssertThrowsError(try repository.save(sampleReliabilityAudit(id: id), by: "avery.test", reason: "x")) { error in
            XCTAssertEqual((error as? CaseAuditError)?.status, .dataError)
            XCTAssertTrue("\(error)".contains("refusing to overwrite a damaged audit file"))
        }
        XCTAssertEqual(try Data(contentsOf: url), Data("{ \"id\": \"broken".utf8))
        XCTAssertEqual(try history.entries(id).count, 4)
    }

    // MARK: - Tampering

    func testEditingOneByteOfAnEntryIsDetectedNamingTheLine() throws {
        try makeFourEntryHistory()
        let url = history.file(id)
        var lines = try readLines(url)
        lines[1] = lines[1].replacingOccurrences(of: "Team Osprey", with: "Team Ospray")
        try writeLines(lines, to: url)
        let problems = history.verify(id)
        XCTAssertEqual(problems.errors.count, 1)
        XCTAssertEqual(problems.first?.line, 2)
        XCTAssertEqual(problems.first?.file, url.path)
        XCTAssertTrue(problems.first!.message.contains("entry #2"), problems.first!.message)
    }

    func testEveryOneByteEditOfTheFileIsDetected() throws {
        try makeFourEntryHistory()
        let url = history.file(id)
        let original = try Data(contentsOf: url)
        // Change each byte of line 3 to another printable byte; all but whitespace-free no-ops must fail.
        let lines = try readLines(url)
        let start = lines[0].utf8.count + 1 + lines[1].utf8.count + 1
        var missed: [Int] = []
        for offset in start..<(start + lines[2].utf8.count) {
            var data = original
            data[offset] = data[offset] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
            try data.write(to: url)
            let problems = history.verify(id)
            if problems.errors.first?.line != 3 { missed.append(offset - start) }
        }
        XCTAssertEqual(missed, [], "edits at these columns of line 3 went unnoticed")
        try original.write(to: url)
        XCTAssertEqual(history.verify(id), [])
    }

    func testDeletingALineIsDetected() throws {
        try makeFourEntryHistory()
        let url = history.file(id)
        var lines = try readLines(url)
        lines.remove(at: 1)
        try writeLines(lines, to: url)
        let problems = history.verify(id)
        XCTAssertEqual(problems.errors.count, 1)
        XCTAssertEqual(problems.first?.line, 2)
        XCTAssertTrue(problems.first!.message.contains("removed"), problems.first!.message)
    }

    func testDeletingTheFirstLineIsDetected() throws {
        try makeFourEntryHistory()
        let url = history.file(id)
        var lines = try readLines(url)
        lines.removeFirst()
        try writeLines(lines, to: url)
        XCTAssertEqual(history.verify(id).errors.first?.line, 1)
    }

    func testSwappingTwoLinesIsDetected() throws {
        try makeFourEntryHistory()
        let url = history.file(id)
        var lines = try readLines(url)
        lines.swapAt(1, 2)
        try writeLines(lines, to: url)
        let problems = history.verify(id)
        XCTAssertEqual(problems.errors.count, 1)
        XCTAssertEqual(problems.first?.line, 2)
    }

    /// An editor who also recomputes the entry's own hash is caught by the next entry's `prev`.
    func testRehashedEditIsCaughtByTheNextEntry() throws {
        try makeFourEntryHistory()
        let url = history.file(id)
        var lines = try readLines(url)
        var entry = try AuditCoding.decoder().decode(HistoryEntry.self, from: Data(lines[1].utf8))
        entry.user = "someone.else"
        lines[1] = try entry.seal()
        try writeLines(lines, to: url)
        let problems = history.verify(id)
        XCTAssertEqual(problems.errors.first?.line, 3)
        XCTAssertTrue(problems.errors.first!.message.contains("does not follow"), problems.errors.first!.message)
    }

    func testAddingAnUnknownFieldToAnEntryIsDetected() throws {
        try makeFourEntryHistory()
        let url = history.file(id)
        var lines = try readLines(url)
        lines[0] = lines[0].replacingOccurrences(of: "{\"action\"", with: "{\"aa\":1,\"action\"")
        try writeLines(lines, to: url)
        XCTAssertEqual(history.verify(id).errors.first?.line, 1)
    }

    func testHandEditOfTheAuditFileIsAWarning() throws {
        try makeFourEntryHistory()
        let url = directory.auditFile(id)
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: "Team Osprey", with: "Team Heron").write(to: url, atomically: false, encoding: .utf8)
        let problems = history.verify(id)
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems.first?.severity, .warning)
        XCTAssertEqual(problems.first?.file, url.path)
        XCTAssertTrue(problems.first!.message.contains("changed outside caseaudit"), problems.first!.message)

        // The next save records the hand edit as its own entry, then this save's change.
        var audit = try repository.store.load(id)
        audit.worker = "Robin Exampleworker"
        try repository.save(audit, by: "avery.test", reason: "Worker changed")
        let entries = try history.entries(id)
        XCTAssertEqual(entries.count, 6)
        XCTAssertEqual(entries[4].user, "unknown")
        XCTAssertEqual(entries[4].reason, AuditRepository.outsideChangeReason)
        XCTAssertEqual(entries[4].changes, [FieldChange(field: "team", from: "Team Osprey", to: "Team Heron")])
        XCTAssertEqual(entries[5].changes.map(\.field), ["worker"])
        XCTAssertEqual(history.verify(id), [])
    }

    func testAuditWithoutHistoryGetsAFirstEntryOnItsNextSave() throws {
        var audit = sampleReliabilityAudit(id: "2018-11-nohistory")
        try repository.store.save(audit)
        XCTAssertEqual(history.verify(audit.id).map(\.severity), [.warning])
        XCTAssertEqual(history.verifyAll().map(\.severity), [.warning])
        audit.team = "Team Heron"
        try repository.save(audit, by: "avery.test", reason: nil)
        let entries = try history.entries(audit.id)
        XCTAssertEqual(entries.map(\.action), [.create, .update])
        XCTAssertEqual(entries[0].reason, AuditRepository.firstRecordReason)
        XCTAssertEqual(history.verify(audit.id), [])
    }

    /// Concurrent saves of one audit each read the version on disk under the history lock, so
    /// the chain stays intact and no save is mistaken for a change made outside caseaudit.
    func testConcurrentSavesKeepTheChainIntact() throws {
        try repository.save(sampleReliabilityAudit(id: id), by: "avery.test", reason: nil)
        let dir: DataDirectory = directory
        let auditID = id
        let failures = OutcomeCounter()
        DispatchQueue.concurrentPerform(iterations: 8) { n in
            do {
                let repo = AuditRepository(directory: dir)
                var audit = try repo.store.load(auditID)
                audit.worker = "Worker \(n)"
                try repo.save(audit, by: "user\(n)", reason: nil)
            } catch {
                failures.increment()
            }
        }
        XCTAssertEqual(failures.value, 0)
        let entries = try history.entries(id)
        XCTAssertEqual(entries.count, 9)
        XCTAssertFalse(entries.contains { $0.user == "unknown" })
        XCTAssertEqual(history.verify(id), [])
    }

    // MARK: - Crash windows

    struct SimulatedCrash: Error {}

    /// Killed after the audit is written and before its entry is appended: the chain stays
    /// intact, verify warns, and the next save records the lost change before its own.
    func testChainSurvivesACrashBetweenAuditWriteAndHistoryAppend() throws {
        try makeFourEntryHistory()
        var crashing = repository!
        crashing.afterAuditWrite = { throw SimulatedCrash() }
        var audit = try repository.store.load(id)
        audit.worker = "Robin Exampleworker"
        XCTAssertThrowsError(try crashing.save(audit, by: "avery.test", reason: "Worker changed"))
        XCTAssertEqual(try repository.store.load(id).worker, "Robin Exampleworker", "the audit file was written")
        XCTAssertEqual(try history.entries(id).count, 4, "its entry was not")
        let problems = history.verify(id)
        XCTAssertEqual(problems.errors, [])
        XCTAssertEqual(problems.warnings.count, 1)

        audit.feedback.worker = "Agreed with the findings."
        try repository.save(audit, by: "avery.test", reason: "Worker feedback")
        let entries = try history.entries(id)
        XCTAssertEqual(entries.count, 6)
        XCTAssertEqual(entries[4].changes, [FieldChange(field: "worker", from: "Sam Exampleworker", to: "Robin Exampleworker")])
        XCTAssertEqual(entries[5].changes.map(\.field), ["feedback.worker"])
        XCTAssertEqual(history.verify(id), [])
    }

    /// An append cut short (power loss) leaves part of a line: verify warns, the next save
    /// cuts it off and the chain goes on.
    func testTornLastLineIsRepairedByTheNextSave() throws {
        try makeFourEntryHistory()
        let url = history.file(id)
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        handle.write(Data("{\"action\":\"upd".utf8))
        try handle.close()
        let problems = history.verify(id)
        XCTAssertEqual(problems.errors, [])
        XCTAssertEqual(problems.warnings.first?.line, 5)

        var audit = try repository.store.load(id)
        audit.worker = "Robin Exampleworker"
        try repository.save(audit, by: "avery.test", reason: "Worker changed")
        XCTAssertEqual(try history.entries(id).map(\.seq), [1, 2, 3, 4, 5])
        XCTAssertEqual(history.verify(id), [])
    }

    func testLastLineThatOnlyLostItsNewlineStillCounts() throws {
        try makeFourEntryHistory()
        let url = history.file(id)
        var data = try Data(contentsOf: url)
        data.removeLast()
        try data.write(to: url)
        XCTAssertEqual(history.verify(id), [])
        var audit = try repository.store.load(id)
        audit.worker = "Robin Exampleworker"
        try repository.save(audit, by: "avery.test", reason: "Worker changed")
        XCTAssertEqual(try history.entries(id).map(\.seq), [1, 2, 3, 4, 5])
        XCTAssertEqual(history.verify(id), [])
    }

    func testHistoryFilesAreOwnerOnly() throws {
        try makeFourEntryHistory()
        let attrs = try FileManager.default.attributesOfItem(atPath: history.file(id).path)
        XCTAssertEqual((attrs[.posixPermissions] as? Int).map { $0 & 0o777 }, 0o600)
    }
}

final class OutcomeCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
