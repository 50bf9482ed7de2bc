import XCTest
@testable import CaseAuditCore

/// `export` and `validate` read one audit at a time: their peak memory must not grow with the
/// number of audits (product.md section 8: under 300 MB at 100,000 audits).
final class StreamingMemoryTests: XCTestCase {
    let templates = ExportCountsTests.repositoryRoot.appendingPathComponent("AuditTemplates")

    /// Peak resident memory in KB of one run, measured by /usr/bin/time.
    func peakKB(_ binary: URL, _ arguments: [String]) throws -> Int {
        let time = URL(fileURLWithPath: "/usr/bin/time")
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: time.path), "no /usr/bin/time")
        let r = try runProcess(time, ["-f", "peak=%M", binary.path] + arguments)
        XCTAssertEqual(r.status, 0, r.stderr)
        guard let line = r.stderr.split(separator: "\n").last(where: { $0.hasPrefix("peak=") }),
              let kb = Int(line.dropFirst(5)) else { XCTFail(r.stderr); return 0 }
        return kb
    }

    func testPeakMemoryDoesNotGrowWithTheNumberOfAudits() throws {
        let binary = try caseauditBinary()
        var peaks: [String: [Int]] = [:]
        for count in [30, 3000] {
            let data = DataIOFixtures.temporaryFolder("\(name)-\(count)")
            defer { try? FileManager.default.removeItem(at: data) }
            let common = ["--data", data.path, "--templates", templates.path]
            let demo = try runProcess(binary, ["demo", "--audits", "\(count)", "--seed", "4", "--to", "2019-03"] + common)
            XCTAssertEqual(demo.status, 0, demo.stderr)
            let out = data.appendingPathComponent("export.csv").path
            peaks["export", default: []].append(try peakKB(binary, ["export", "--level", "section", "--out", out] + common))
            peaks["validate", default: []].append(try peakKB(binary, ["validate"] + common))
        }
        // Holding 3,000 decoded audits took about 40 MB more; reading one at a time, a few MB.
        for (command, kb) in peaks {
            XCTAssertLessThan(kb[1] - kb[0], 15_000, "\(command) peak grew from \(kb[0]) KB to \(kb[1]) KB")
        }
    }

    func testStreamedExportMatchesTheInMemoryExport() throws {
        let binary = try caseauditBinary()
        let data = DataIOFixtures.temporaryFolder(name)
        defer { try? FileManager.default.removeItem(at: data) }
        let common = ["--data", data.path, "--templates", templates.path]
        XCTAssertEqual(try runProcess(binary, ["demo", "--audits", "200", "--seed", "5", "--to", "2019-03"] + common).status, 0)
        let catalog = TemplateCatalog.load(folder: templates, snapshots: DataDirectory(root: data).templates)
        let audits = AuditStore(directory: DataDirectory(root: data)).loadAll().audits
        // One pseudonym key for both, or each export would make its own.
        let key = [UInt8](repeating: 9, count: 32)
        let keyFile = data.appendingPathComponent("export.key")
        try Data(key).write(to: keyFile)
        for (level, format) in [("answer", "csv"), ("section", "csv"), ("audit", "jsonl")] {
            let r = try runProcess(binary, ["export", "--level", level, "--format", format, "--from", "2018-01", "--redact",
                                            "--pseudonym-key", keyFile.path] + common)
            XCTAssertEqual(r.status, 0, r.stderr)
            let options = AuditExporter.Options(format: AuditExporter.Format(rawValue: format)!, level: AuditExporter.Level(rawValue: level)!,
                                                redact: true, from: Month("2018-01"), pseudonymKey: key)
            XCTAssertEqual(r.stdout, try AuditExporter(templates: catalog, options: options).export(audits), "\(level) \(format)")
        }
    }
}
