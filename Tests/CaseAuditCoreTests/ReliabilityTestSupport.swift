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
