import CaseAuditCore
import XCTest

/// Help text read at 80 columns, and summary formats that agree with their file extensions.
final class HelpTextTests: XCTestCase {
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

    /// The text above USAGE (ArgumentParser's own usage line may be long): no line over 80
    /// columns, and no word left alone on a line inside a paragraph, the mark of a line broken
    /// by hand and then re-wrapped.
    func testEveryCommandsHelpReadsWellAt80Columns() throws {
        let commands: [[String]] = [[], ["templates"], ["templates", "check"], ["validate"], ["report"], ["grades"], ["audits"],
                                    ["escalations"], ["history"], ["unlock"], ["import"], ["export"], ["summary"], ["demo"],
                                    ["moderate"], ["agreement"], ["sample"], ["actions"], ["smart"]]
        for command in commands {
            var env = ProcessInfo.processInfo.environment
            env["COLUMNS"] = "80"
            let help = try runProcess(binary, command + ["--help"], environment: env)
            XCTAssertEqual(help.status, 0, help.stderr)
            let lines = help.stdout.components(separatedBy: "\n")
            let prose = lines.prefix { !$0.hasPrefix("USAGE:") }
            XCTAssertGreaterThan(prose.count, 5, "\(command) has a discussion")
            for (i, line) in prose.enumerated() {
                XCTAssertLessThanOrEqual(line.count, 80, "\(command): \(line)")
                let next = i + 1 < prose.count ? prose[prose.index(prose.startIndex, offsetBy: i + 1)] : ""
                let words = line.split(separator: " ")
                XCTAssertFalse(words.count == 1 && !line.hasPrefix(" ") && !line.hasSuffix(":") && !next.isEmpty,
                               "\(command): a lone word \"\(line)\" inside a paragraph")
            }
            // Options' help is wrapped by ArgumentParser into its own column.
            for line in lines.drop(while: { !$0.hasPrefix("OPTIONS:") }) {
                XCTAssertLessThanOrEqual(line.count, 80, "\(command): \(line)")
            }
        }
    }

    func testTheRootHelpNamesASCIIMode() throws {
        let help = try runProcess(binary, ["--help"])
        XCTAssertTrue(help.stdout.contains("--ascii"), help.stdout)
        XCTAssertTrue(help.stdout.contains("CASEAUDIT_ASCII=1"), help.stdout)
    }

    func testSummaryFormatFollowsTheOutExtensionAsSDoes() throws {
        XCTAssertEqual(try run(["demo", "--audits", "6", "--seed", "2"]).status, 0)
        let id = try XCTUnwrap(AuditStore(directory: DataDirectory(root: data)).auditFiles().first?
            .deletingPathExtension().lastPathComponent)
        let out = data.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let cases: [(name: String, format: [String], starts: String)] = [
            ("s.html", [], "<!DOCTYPE html>"), ("s.HTM", [], "<!DOCTYPE html>"), ("s.md", [], "# Case file audit"),
            ("s.markdown", [], "# Case file audit"), ("s.txt", [], "Case file audit"), ("s.out", [], "Case file audit"),
            ("t.md", ["--format", "text"], "Case file audit"),
        ]
        let text = try run(["summary", id, "--format", "text"])
        XCTAssertTrue(text.stdout.hasPrefix("Case file audit"), "the text summary's first line: \(text.stdout.prefix(40))")
        for c in cases {
            let path = out.appendingPathComponent(c.name).path
            let r = try run(["summary", id, "--out", path] + c.format)
            XCTAssertEqual(r.status, 0, r.stderr)
            let written = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertTrue(written.hasPrefix(c.starts), "\(c.name) \(c.format): \(written.prefix(40))")
        }
        for format in AuditSummary.Format.allCases {
            XCTAssertEqual(AuditSummary.Format(path: "x." + format.fileExtension), format, "\(format) and .\(format.fileExtension) agree")
        }
    }
}
