import XCTest
@testable import CaseAuditCore

/// The built `caseaudit` binary: exit statuses and messages of import, export, summary and demo.
final class DataIOCommandTests: XCTestCase {
    var binary: URL!
    var data: URL!
    let templates = ExportCountsTests.repositoryRoot.appendingPathComponent("AuditTemplates")

    override func setUpWithError() throws {
        binary = try caseauditBinary()
        data = DataIOFixtures.temporaryFolder(name)
        addTeardownBlock { [data] in try? FileManager.default.removeItem(at: data!) }
    }

    func run(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(binary, arguments + ["--data", data.path, "--templates", templates.path])
    }

    func fixture(_ name: String) -> String { DataIOFixtures.fixture("import/\(name)").path }

    func testImportStatuses() throws {
        let bad = try run(["import", fixture("bad-grade.csv")])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.stderr.contains("bad-grade.csv:2: error: column \"assessment\": value \"Excellent\" is not a grade"), bad.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: data.path))

        let missing = try run(["import", "/no/such/file.csv"])
        XCTAssertEqual(missing.status, 66)
        XCTAssertTrue(missing.stderr.contains("/no/such/file.csv: error: no such file"), missing.stderr)

        let ok = try run(["import", fixture("valid.csv")])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, "imported 3 new, 0 updated, 0 unchanged\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: data.appendingPathComponent("measures.yaml").path),
                      "the first import creates measures.yaml from the shipped defaults")
        let validate = try run(["validate"])
        XCTAssertEqual(validate.status, 0, validate.stdout + validate.stderr)
        let again = try run(["import", fixture("valid.csv")])
        XCTAssertEqual(again.stdout, "imported 0 new, 0 updated, 3 unchanged\n")
    }

    func testExportSummaryAndDemoStatuses() throws {
        XCTAssertEqual(try run(["export"]).status, 66, "no data directory yet")
        let demo = try run(["demo", "--audits", "60", "--seed", "3"])
        XCTAssertEqual(demo.status, 0, demo.stderr)
        XCTAssertTrue(demo.stdout.hasPrefix("wrote 60 demo audits"), demo.stdout)

        let refused = try run(["demo", "--audits", "5"])
        XCTAssertEqual(refused.status, 64)
        XCTAssertTrue(refused.stderr.contains("already holds 60 audits") && refused.stderr.contains("--force"), refused.stderr)

        let csv = try run(["export", "--level", "section"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertTrue(csv.stdout.hasPrefix("audit_id,month,template,cohort,team,auditor,section,grade,"))

        try Data("{".utf8).write(to: data.appendingPathComponent("audits/2020-01-broken.json"))
        let damaged = try run(["export", "--format", "jsonl"])
        XCTAssertEqual(damaged.status, 0)
        XCTAssertEqual(damaged.stdout.split(separator: "\n").count, 60)
        XCTAssertTrue(damaged.stderr.contains("warning: 1 audit file could not be read"), damaged.stderr)

        XCTAssertEqual(try run(["export", "--out", "/no/such/folder/x.csv"]).status, 73)
        XCTAssertEqual(try run(["export", "--from", "2024-13"]).status, 64)

        let broken = try run(["summary", "2020-01-broken"])
        XCTAssertEqual(broken.status, 65, "a damaged audit file is bad data")
        let id = AuditStore(directory: DataDirectory(root: data)).auditFiles().last!.deletingPathExtension().lastPathComponent
        let html = try run(["summary", id, "--format", "html"])
        XCTAssertEqual(html.status, 0, html.stderr)
        XCTAssertTrue(html.stdout.hasPrefix("<!DOCTYPE html>"))
        let unknown = try run(["summary", "2019-01-ffffffff"])
        XCTAssertEqual(unknown.status, 66)
        XCTAssertTrue(unknown.stderr.contains("no audit with id \"2019-01-ffffffff\""), unknown.stderr)
    }

    func testRedactedExportPseudonymsAndTheirKeyFile() throws {
        XCTAssertEqual(try run(["import", fixture("valid.csv")]).status, 0)
        let stored = Set(AuditStore(directory: DataDirectory(root: data)).auditFiles().map { $0.deletingPathExtension().lastPathComponent })
        func ids(_ r: ProcessResult) -> Set<String> {
            Set(r.stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) })
        }
        let a = try run(["export", "--redact"])
        let b = try run(["export", "--redact"])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(ids(a).count, 3)
        XCTAssertTrue(ids(a).isDisjoint(with: stored), "a redacted export writes a stored id")
        XCTAssertTrue(ids(a).isDisjoint(with: ids(b)), "a fresh key per export")

        let folder = data.deletingLastPathComponent().appendingPathComponent("keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appendingPathComponent("export.key")
        try Data((0..<32).map { UInt8($0 * 7 % 251) }).write(to: key)
        let k1 = try run(["export", "--redact", "--pseudonym-key", key.path])
        let k2 = try run(["export", "--redact", "--level", "section", "--pseudonym-key", key.path])
        XCTAssertEqual(k1.status, 0, k1.stderr)
        XCTAssertEqual(ids(k1), ids(k2), "the same key file joins two exports")
        XCTAssertTrue(ids(k1).isDisjoint(with: stored))

        let plain = try run(["export", "--pseudonym-key", key.path])
        XCTAssertEqual(plain.status, 64)
        XCTAssertTrue(plain.stderr.contains("--pseudonym-key only applies to a redacted export"), plain.stderr)
        let missing = try run(["export", "--redact", "--pseudonym-key", folder.appendingPathComponent("none").path])
        XCTAssertEqual(missing.status, 66)
        XCTAssertTrue(missing.stderr.contains("none: error: cannot read the pseudonym key file"), missing.stderr)
        XCTAssertEqual(missing.stdout, "", "nothing is written")
        let short = folder.appendingPathComponent("short.key")
        try Data("secret\n".utf8).write(to: short)
        let weak = try run(["export", "--redact", "--pseudonym-key", short.path])
        XCTAssertEqual(weak.status, 65)
        XCTAssertTrue(weak.stderr.contains("short.key: error: the pseudonym key has 7 bytes; at least 16 are needed"), weak.stderr)
        XCTAssertTrue(weak.stderr.contains("head -c 32 /dev/urandom"), weak.stderr)
    }
}
