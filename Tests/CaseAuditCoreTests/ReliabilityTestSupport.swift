import Foundation
import XCTest
@testable import CaseAuditCore

/// A fresh data directory under the temporary folder, removed by the test's teardown.
func makeReliabilityDataDirectory(_ test: XCTestCase) throws -> DataDirectory {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("caseaudit-rel-\(UUID().uuidString)")
    let directory = DataDirectory(root: root)
    try directory.prepare(defaultMeasures: nil)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: root) }
    return directory
}

/// A draft plan audit of an invented case (no real person).
func sampleReliabilityAudit(id: String = "2018-12-0a1b2c3d") -> Audit {
    var audit = Audit(id: id, template: TemplateRef(id: "plan-smart", version: 1),
                      caseRef: "CR-TEST-0042", cohort: .childInNeed, team: "Team Kestrel",
                      auditor: "Avery Testmanager", worker: "Sam Exampleworker",
                      month: Month(year: 2018, month: 12),
                      created: Date(timeIntervalSince1970: 1_544_000_000))
    audit.withSection("plan") { s in
        s.answers["plan-contingency"] = Response(answer: .partly, note: "Contingency is generic.")
    }
    return audit
}

/// Lines of a file, for tamper tests.
func readLines(_ url: URL) throws -> [String] {
    try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

func writeLines(_ lines: [String], to url: URL) throws {
    try lines.joined(separator: "\n").write(to: url, atomically: false, encoding: .utf8)
}

/// The built `caseaudit` binary (`.build/debug/caseaudit`), or a skip when it is not built.
func caseauditBinary(file: String = #filePath) throws -> URL {
    var root = URL(fileURLWithPath: file)
    while root.pathComponents.count > 1 {
        root.deleteLastPathComponent()
        let candidate = root.appendingPathComponent(".build/debug/caseaudit")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        if FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) { break }
    }
    throw XCTSkip("the caseaudit binary is not built (run `swift build` first)")
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion, collecting its output.
func runProcess(_ binary: URL, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
    let p = Process()
    p.executableURL = binary
    p.arguments = arguments
    p.environment = environment ?? ProcessInfo.processInfo.environment
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Read both pipes before waiting so a chatty child cannot block on a full pipe.
    let errData = ThreadSafeData()
    let errThread = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
    errThread.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    while !errData.isSet { usleep(1000) }
    return ProcessResult(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData.value, as: UTF8.self))
}

final class ThreadSafeData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return data != nil }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data ?? Data() }
}

/// The repository's AuditTemplates folder, or a skip while the shipped templates are missing.
func shippedTemplatesFolder(file: String = #filePath) throws -> URL {
    var root = URL(fileURLWithPath: file)
    while root.pathComponents.count > 1 {
        root.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) { break }
    }
    let folder = root.appendingPathComponent("AuditTemplates")
    guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("child-journey.yaml").path) else {
        throw XCTSkip("the shipped templates (AuditTemplates/child-journey.yaml) are not in this checkout yet")
    }
    return folder
}
