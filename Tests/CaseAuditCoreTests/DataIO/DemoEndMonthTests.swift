import XCTest
@testable import CaseAuditCore

/// `caseaudit demo --to`: the same seed and last month give the same files on any day.
final class DemoEndMonthTests: XCTestCase {
    let templates = ExportCountsTests.repositoryRoot.appendingPathComponent("AuditTemplates")

    func contents(_ folder: URL) throws -> [String: Data] {
        let audits = folder.appendingPathComponent("audits")
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: audits.path) where name.hasSuffix(".json") {
            files[name] = try Data(contentsOf: audits.appendingPathComponent(name))
        }
        return files
    }

    func testSameSeedAndToGiveByteIdenticalFiles() throws {
        let binary = try caseauditBinary()
        var runs: [[String: Data]] = []
        for run in 0..<2 {
            let data = DataIOFixtures.temporaryFolder("\(name)-\(run)")
            defer { try? FileManager.default.removeItem(at: data) }
            let r = try runProcess(binary, ["demo", "--audits", "40", "--seed", "9", "--to", "2019-03",
                                            "--data", data.path, "--templates", templates.path])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.contains("2017-10 to 2019-03"), r.stdout)
            runs.append(try contents(data))
        }
        XCTAssertEqual(runs[0].count, 40)
        XCTAssertEqual(runs[0], runs[1])
        XCTAssertTrue(runs[0].keys.allSatisfy { $0 >= "2017-10" && $0 < "2019-04" }, "\(runs[0].keys.sorted())")
    }

    func testBadToIsUsage() throws {
        let binary = try caseauditBinary()
        let data = DataIOFixtures.temporaryFolder(name)
        defer { try? FileManager.default.removeItem(at: data) }
        let r = try runProcess(binary, ["demo", "--to", "2019-13", "--data", data.path, "--templates", templates.path])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--to must be a month written YYYY-MM") && r.stderr.contains("caseaudit demo"), r.stderr)
    }
}
