import Foundation
import XCTest
@testable import CaseAuditCore

/// product.md section 7: a save survives the machine losing power. Power loss cannot be
/// simulated here, so this checks what makes it safe, in the system calls the built `caseaudit`
/// actually makes (traced with strace): every file is flushed before it is renamed into place,
/// the folder is flushed after the rename, and every history append is flushed, after its audit.
final class PowerLossOrderTests: XCTestCase {
    enum Event: Equatable {
        case write(String)
        case fsync(String)
        case syncAll
        case rename(String, String)
    }

    func trace(_ arguments: [String]) throws -> [Event] {
        let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let strace else { throw XCTSkip("strace is not installed") }
        let binary = try caseauditBinary()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("strace-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: log) }
        let result = try runProcess(URL(fileURLWithPath: strace),
                                    ["-f", "-y", "-e", "trace=write,fsync,fdatasync,sync,syncfs,rename,renameat,renameat2",
                                     "-o", log.path, binary.path] + arguments)
        if result.status != 0 && result.stderr.contains("PTRACE") { throw XCTSkip("strace cannot trace here: \(result.stderr)") }
        XCTAssertEqual(result.status, 0, result.stderr)
        return try parse(String(contentsOf: log, encoding: .utf8))
    }

    func parse(_ text: String) throws -> [Event] {
        let fdCall = try NSRegularExpression(pattern: #"^\d+ +(write|fsync|fdatasync)\(\d+<([^>]*)>"#)
        let rename = try NSRegularExpression(pattern: #"^\d+ +rename\("([^"]*)", "([^"]*)""#)
        let renameAt = try NSRegularExpression(pattern: #"^\d+ +renameat2?\([^,]*, "([^"]*)", [^,]*, "([^"]*)""#)
        let syncAll = try NSRegularExpression(pattern: #"^\d+ +(sync|syncfs)\("#)
        var events: [Event] = []
        for line in text.split(separator: "\n").map(String.init) {
            let range = NSRange(line.startIndex..., in: line)
            func group(_ m: NSTextCheckingResult, _ i: Int) -> String { String(line[Range(m.range(at: i), in: line)!]) }
            if let m = fdCall.firstMatch(in: line, range: range) {
                events.append(group(m, 1) == "write" ? .write(group(m, 2)) : .fsync(group(m, 2)))
            } else if let m = rename.firstMatch(in: line, range: range) ?? renameAt.firstMatch(in: line, range: range) {
                events.append(.rename(group(m, 1), group(m, 2)))
            } else if syncAll.firstMatch(in: line, range: range) != nil {
                events.append(.syncAll)
            }
        }
        return events
    }

    /// Every temporary file renamed into the data directory was flushed after its last write and
    /// before the rename, and its folder was flushed after.
    func assertFlushedBeforeAndAfterRenames(_ events: [Event], under root: String, file: StaticString = #filePath, line: UInt = #line) -> Int {
        var renames = 0
        for (i, event) in events.enumerated() {
            guard case .rename(let from, let to) = event, to.hasPrefix(root),
                  URL(fileURLWithPath: from).lastPathComponent.hasPrefix(AtomicFile.temporaryPrefix) else { continue }
            renames += 1
            let before = events[..<i]
            let lastWrite = before.lastIndex(of: .write(from))
            XCTAssertNotNil(lastWrite, "\(from) was renamed without being written", file: file, line: line)
            let flushed = before[(lastWrite ?? 0)...].contains { $0 == .fsync(from) || $0 == .syncAll }
            XCTAssertTrue(flushed, "\(to) was renamed into place before its contents were flushed", file: file, line: line)
            let folder = URL(fileURLWithPath: to).deletingLastPathComponent().path
            XCTAssertTrue(events[(i + 1)...].contains(Event.fsync(folder)), "\(folder) was not flushed after \(to) was renamed into it",
                          file: file, line: line)
        }
        return renames
    }

    func testImportFlushesEachAuditBeforeRenameAndItsHistoryAfter() throws {
        let data = try makeReliabilityDataDirectory(self)
        let templates = try shippedTemplatesFolder()
        let csv = data.root.appendingPathComponent("three.csv")
        try """
            month,template,case_ref,cohort,team,auditor,plan,assessment
            2018-12,child-journey,CR-TRACE-0001,CIN,Team Kestrel,Avery Testmanager,Good,RI
            2018-12,child-journey,CR-TRACE-0002,CP,Team Osprey,Avery Testmanager,Inadequate,Good
            2019-01,child-journey,CR-TRACE-0003,CIN,Team Heron,Avery Testmanager,Outstanding,

            """.write(to: csv, atomically: true, encoding: .utf8)
        let events = try trace(["import", csv.path, "--data", data.root.path, "--templates", templates.path])
        let renames = assertFlushedBeforeAndAfterRenames(events, under: data.audits.path)
        XCTAssertEqual(renames, 3)

        let historyWrites = events.enumerated().compactMap { i, e -> (Int, String)? in
            if case .write(let path) = e, path.hasPrefix(data.history.path) { return (i, path) }
            return nil
        }
        XCTAssertEqual(historyWrites.count, 3)
        for (i, path) in historyWrites {
            XCTAssertTrue(events[(i + 1)...].contains(Event.fsync(path)), "\(path) was appended without a flush")
            let id = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let audit = data.auditFile(id).path
            let renamedBefore = events[..<i].contains { (e: Event) -> Bool in
                if case .rename(_, let to) = e { return to == audit }
                return false
            }
            XCTAssertTrue(renamedBefore, "the history of \(id) was written before its audit file (docs/reliability.md: crash windows)")
        }
    }

    func testDemoFlushesBeforeRenaming() throws {
        let data = try makeReliabilityDataDirectory(self)
        let templates = try shippedTemplatesFolder()
        let events = try trace(["demo", "--audits", "12", "--seed", "3", "--data", data.root.path, "--templates", templates.path])
        XCTAssertEqual(assertFlushedBeforeAndAfterRenames(events, under: data.audits.path), 12)
    }
}
