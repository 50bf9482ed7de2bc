import XCTest
@testable import CaseAuditCore

/// The derived cache (`IndexLog`): appended to, never trusted across folders or through links.
final class IndexLogTests: XCTestCase {
    var tmp: TestDirectory!
    var data: DataDirectory!
    var store: AuditStore!
    let later = Date().addingTimeInterval(3600)

    override func setUpWithError() throws {
        tmp = try TestDirectory()
        data = DataDirectory(root: tmp.url.appendingPathComponent("data"))
        store = AuditStore(directory: data)
    }

    func load(_ d: DataDirectory? = nil) -> AuditIndex.Run {
        AuditIndex.loadCounting(directory: d ?? data, sectionsFor: { _ in ["plan"] }, now: later)
    }

    func audit(_ id: String, plan: Grade = .good, team: String = "North") -> Audit {
        var a = Audit(id: id, template: TemplateRef(id: "child-journey", version: 1), status: .complete,
                      origin: .demo, caseRef: "CR-\(id)", cohort: .lookedAfter, team: team, auditor: "Ann Example",
                      worker: "Wil Example", month: Month("2018-12"), created: Date(timeIntervalSince1970: 1_543_622_400))
        a.sections["plan"] = SectionRecord(grade: plan, rationale: "r")
        return a
    }

    var logURL: URL { data.cache.appendingPathComponent(IndexLog.fileName) }

    func inode(_ url: URL) -> UInt64 {
        var st = stat()
        return stat(url.path, &st) == 0 ? UInt64(st.st_ino) : 0
    }

    func testOneChangedFileIsReadAloneAndAppendedNotRewritten() throws {
        for i in 0..<20 { try store.save(audit("a\(i)")) }
        XCTAssertEqual(load().filesRead, 20)
        let before = try Data(contentsOf: logURL)
        let node = inode(logURL)
        try store.save(audit("a7", plan: .inadequate, team: "South West"))
        let run = load()
        XCTAssertEqual(run.filesRead, 1)
        XCTAssertEqual(run.linesWritten, 1)
        XCTAssertEqual(inode(logURL), node, "the log is appended to, not replaced")
        let after = try Data(contentsOf: logURL)
        XCTAssertEqual(after.prefix(before.count), before, "what was there is left as it was")
        XCTAssertEqual(after.split(separator: 0x0A).count, before.split(separator: 0x0A).count + 1)
        XCTAssertEqual(run.facts.first { $0.id == "a7" }?.grades["plan"], .inadequate)
        let warm = load()
        XCTAssertEqual(warm.filesRead, 0)
        XCTAssertEqual(warm.facts, run.facts)
    }

    /// A line edited by hand (or damaged) so that it no longer reads, here with its id emptied,
    /// is not taken: its file is read again and nothing is lost from the figures.
    func testALineThatDoesNotReadIsNotTakenAndItsFileIsReadAgain() throws {
        for i in 0..<3 { try store.save(audit("a\(i)")) }
        XCTAssertEqual(load().filesRead, 3)
        var text = try String(contentsOf: logURL, encoding: .utf8)
        text = text.replacingOccurrences(of: "\ta1\t2018-12\t", with: "\t\t2018-12\t")
        try text.write(to: logURL, atomically: false, encoding: .utf8)
        let run = load()
        XCTAssertEqual(run.filesRead, 1)
        XCTAssertEqual(run.facts.map(\.id), ["a0", "a1", "a2"])
        XCTAssertEqual(load().filesRead, 0, "the file read again was appended to the log")
    }

    func testARemovedFileIsOneLineAndTheLogIsCompactedWhenMostlyDead() throws {
        for i in 0..<3 { try store.save(audit("a\(i)")) }
        _ = load()
        try FileManager.default.removeItem(at: data.auditFile("a1"))
        let run = load()
        XCTAssertEqual(run.facts.map(\.id), ["a0", "a2"])
        XCTAssertEqual(run.linesWritten, 1)
        XCTAssertEqual(load().facts.map(\.id), ["a0", "a2"])
        // Many edits of one file: the log is rewritten once dead lines outnumber live ones by far.
        var text = try String(contentsOf: logURL, encoding: .utf8)
        let line = String(text.split(separator: "\n").first { $0.hasPrefix("+\ta0.json") }!)
        text += String(repeating: line + "\n", count: 1100)
        try text.write(to: logURL, atomically: false, encoding: .utf8)
        try store.save(audit("a0", plan: .outstanding))
        let compacted = load()
        XCTAssertEqual(compacted.facts.first?.grades["plan"], .outstanding)
        let lines = try String(contentsOf: logURL, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 3, "header and one line per audit after the rewrite")
    }

    /// Issue 14 point 10: two data folders sharing one `.cache` never take each other's numbers.
    func testTheLogOfAnotherFolderIsNotUsed() throws {
        try store.save(audit("a1", plan: .good))
        _ = load()
        let other = DataDirectory(root: tmp.url.appendingPathComponent("other"))
        try AuditStore(directory: other).save(audit("a1", plan: .inadequate))
        try FileManager.default.createDirectory(at: other.cache, withIntermediateDirectories: true)
        // Same file name, and a log copied across with its keys: only the header tells them apart.
        try FileManager.default.copyItem(at: logURL, to: other.cache.appendingPathComponent(IndexLog.fileName))
        let run = load(other)
        XCTAssertEqual(run.filesRead, 1)
        XCTAssertEqual(run.facts.first?.grades["plan"], .inadequate)
        XCTAssertTrue(try String(contentsOf: other.cache.appendingPathComponent(IndexLog.fileName), encoding: .utf8)
            .hasPrefix(IndexLog.headerStart(other)), "the other folder's log now names that folder")
    }

    /// Issue 14 point 8: a `.cache` that is a link is named, not used and not written through.
    func testACacheThatIsALinkIsRefusedAndNamed() throws {
        try store.save(audit("a1"))
        let target = tmp.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: data.cache, withDestinationURL: target)
        let run = load()
        XCTAssertEqual(run.facts.map(\.id), ["a1"])
        XCTAssertEqual(run.problems.map(\.file), [data.cache.path])
        XCTAssertEqual(run.problems.first?.severity, .warning)
        XCTAssertTrue(run.problems.first?.message.contains("symbolic link") ?? false)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target.path), [], "nothing written where it points")
        XCTAssertEqual(load().filesRead, 1, "no cache is used through the link")
    }

    /// Issue 14 point 8: an audit file that is a link is named and not read.
    func testAnAuditFileThatIsALinkIsRefusedAndNamed() throws {
        try store.save(audit("a1"))
        let secret = tmp.url.appendingPathComponent("secret.json")
        try AuditCoding.encode(audit("a2")).write(to: secret)
        try FileManager.default.createSymbolicLink(at: data.auditFile("a2"), withDestinationURL: secret)
        let run = load()
        XCTAssertEqual(run.facts.map(\.id), ["a1"])
        XCTAssertEqual(run.problems.map(\.file), [data.auditFile("a2").path])
        XCTAssertTrue(run.problems.first?.message.contains("symbolic link") ?? false)
        XCTAssertEqual(run.problems.first?.severity, .error)
        XCTAssertNotNil(run.problems.first?.remedy)
    }

    /// Issue 14 point 10: a FIFO among the audit files is named at once, never opened.
    func testAFIFOIsNamedNotOpened() throws {
        try store.save(audit("a1"))
        XCTAssertEqual(mkfifo(data.auditFile("pipe").path, 0o600), 0)
        let started = Date()
        let run = load()
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "a read of the FIFO would block")
        XCTAssertEqual(run.facts.map(\.id), ["a1"])
        XCTAssertEqual(run.problems.map(\.file), [data.auditFile("pipe").path])
        XCTAssertTrue(run.problems.first?.message.contains("FIFO") ?? false)
    }
}
