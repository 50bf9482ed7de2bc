import XCTest
@testable import CaseAuditCore

/// Issue 14 point 6: commands that only read never create the data folder, refuse a missing one
/// or a file in its place (66, naming the path and how to make one), and write no measures.yaml.
/// Run as a user would, with the built binary.
final class ReadOnlyCommandTests: XCTestCase {
    var binary: URL!
    var tmp: TestDirectory!
    var templates: URL!
    let id = "2018-12-0a1b2c3d"

    /// Every read-only command, with the arguments it needs.
    var readOnly: [[String]] {
        [["report"], ["grades", "--section", "plan"], ["audits"], ["export"], ["summary", id], ["history", id],
         ["history", id, "--verify"], ["validate"], ["unlock", id]]
    }

    override func setUpWithError() throws {
        binary = try caseauditBinary()
        templates = try shippedTemplatesFolder()
        tmp = try TestDirectory()
    }

    func run(_ command: [String], data: String) throws -> ProcessResult {
        try runProcess(binary, command + ["--data", data, "--templates", templates.path])
    }

    func testMistypedDataFolderIs66AndIsNotCreated() throws {
        let typo = tmp.url.appendingPathComponent("audtis/data").path
        for command in readOnly {
            let r = try run(command, data: typo)
            XCTAssertEqual(r.status, 66, "\(command): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("\(typo): error: no data folder here"), "\(command): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("caseaudit demo --data \(typo)") && r.stderr.contains("caseaudit import"),
                          "\(command): \(r.stderr)")
            XCTAssertEqual(r.stdout, "", "\(command)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.url.appendingPathComponent("audtis").path),
                           "\(command) created the mistyped folder or its parent")
        }
    }

    func testDataPathThatIsAFileIs66AndTheFileIsUntouched() throws {
        let file = tmp.url.appendingPathComponent("audits.csv")
        let content = Data("month,template\n".utf8)
        try content.write(to: file)
        for command in readOnly {
            let r = try run(command, data: file.path)
            XCTAssertEqual(r.status, 66, "\(command): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("\(file.path): error: is a file, not a data folder"), "\(command): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("caseaudit demo --data"), "\(command): \(r.stderr)")
            XCTAssertEqual(r.stdout, "", "\(command): export must not print a header")
            XCTAssertEqual(try Data(contentsOf: file), content)
        }
    }

    func testEnvironmentDataFolderIsCheckedToo() throws {
        let missing = tmp.url.appendingPathComponent("from-env").path
        var environment = ProcessInfo.processInfo.environment
        environment["CASEAUDIT_DATA"] = missing
        let r = try runProcess(binary, ["report", "--templates", templates.path], environment: environment)
        XCTAssertEqual(r.status, 66, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(missing): error: no data folder here"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
    }

    func testExistingFolderWithoutMeasuresUsesTheDefaultsAndWritesNoMeasuresFile() throws {
        let data = tmp.url.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let report = try run(["report", "--format", "csv"], data: data.path)
        XCTAssertEqual(report.status, 0, report.stderr)
        XCTAssertEqual(report.stdout.split(separator: "\n").first, "measure,period,audits,graded,good_or_better,percent,baseline,target,rag,ci_low,ci_high,partial,previous,year_before")
        for command in [["grades", "--section", "plan"], ["audits", "--measure", "plan-quality"], ["export"], ["validate"]] {
            let r = try run(command, data: data.path)
            XCTAssertEqual(r.status, 0, "\(command): \(r.stderr)")
        }
        // The derived .cache may be written; nothing else is.
        let left = try FileManager.default.contentsOfDirectory(atPath: data.path).filter { $0 != ".cache" }
        XCTAssertEqual(left, [], "read-only commands wrote \(left)")
    }

    func testReportWithAnUnknownMeasureNamesTheDefaultsItRead() throws {
        let data = tmp.url.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let r = try run(["report", "--measure", "plans"], data: data.path)
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("measures.yaml: error: no measure \"plans\""), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: data.appendingPathComponent("measures.yaml").path))
    }

    func testCommandsThatMakeDataStillCreateIt() throws {
        let fresh = tmp.url.appendingPathComponent("new/data")
        let r = try run(["demo", "--audits", "3", "--seed", "1"], data: fresh.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: fresh.appendingPathComponent("audits").path))
    }
}

/// Issue 14 point 10: an audit id that is not one is a usage error (64) for every command that
/// takes one, naming the allowed characters, before the data folder is looked at.
final class AuditIDUsageTests: XCTestCase {
    func testInvalidIDIs64Everywhere() throws {
        let binary = try caseauditBinary()
        let tmp = try TestDirectory()
        for command in ["summary", "history", "unlock"] {
            for bad in ["../x", ".hidden", "a/b", String(repeating: "a", count: 65)] {
                let r = try runProcess(binary, [command, bad, "--data", tmp.url.path])
                XCTAssertEqual(r.status, 64, "\(command) \(bad): \(r.stderr)")
                XCTAssertTrue(r.stderr.contains("not a valid audit id"), r.stderr)
                XCTAssertTrue(r.stderr.contains("1-64 letters, digits, '-', '_' or '.'"), r.stderr)
            }
        }
        // The id is checked first: a mistyped --data does not hide it.
        let r = try runProcess(binary, ["summary", "../x", "--data", tmp.url.appendingPathComponent("missing").path])
        XCTAssertEqual(r.status, 64, r.stderr)
    }
}

/// The check behind the commands, as a library call.
final class RequireExistingTests: XCTestCase {
    func testMissingFileAndFolder() throws {
        let tmp = try TestDirectory()
        let missing = DataDirectory(root: tmp.url.appendingPathComponent("missing"))
        XCTAssertThrowsError(try missing.requireExisting()) { error in
            XCTAssertEqual((error as? CaseAuditError)?.status, .noInput)
            XCTAssertEqual((error as? CaseAuditError)?.diagnostic.file, missing.root.path)
        }
        let file = tmp.url.appendingPathComponent("file")
        try Data().write(to: file)
        XCTAssertThrowsError(try DataDirectory(root: file).requireExisting()) { error in
            XCTAssertEqual((error as? CaseAuditError)?.status, .noInput)
            XCTAssertTrue((error as? CaseAuditError)?.diagnostic.message.contains("is a file") == true)
        }
        XCTAssertNoThrow(try DataDirectory(root: tmp.url).requireExisting())
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing.root.path))
    }

    func testMeasuresForReadingComeFromTheDefaultsWithoutAFile() throws {
        let tmp = try TestDirectory()
        let directory = DataDirectory(root: tmp.url)
        let defaults = tmp.url.appendingPathComponent("no-defaults-installed.yaml")
        let (measures, _, file) = try MeasuresFile.loadForReading(directory: directory, defaults: defaults)
        XCTAssertEqual(measures.map(\.id), ["lac-assessment", "plan-quality", "plan-smart-quality", "supervision-quality", "contact-quality", "permanence-quality",
                                          "children-seen-alone", "permanence-by-second-review", "supervision-no-long-gap", "plan-actions-time-bound"])
        XCTAssertEqual(file, directory.measuresFile)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.measuresFile.path))
    }
}

/// Issue 14 point 10: `validate` on files as someone might hand-edit them.
final class ValidateFieldTests: XCTestCase {
    func testNegativeSchemaAndPathTemplateIDAreErrorsWithLineAndColumn() throws {
        let binary = try caseauditBinary()
        let templates = try shippedTemplatesFolder()
        let directory = try makeReliabilityDataDirectory(self)
        let good = String(decoding: try AuditCoding.encode(sampleReliabilityAudit(id: "2018-12-00000001")), as: UTF8.self)
        let negative = good.replacingOccurrences(of: "\"schema\" : 1", with: "\"schema\" : -1")
        XCTAssertNotEqual(negative, good, "the encoded form changed: update this test")
        try Data(negative.utf8).write(to: directory.auditFile("2018-12-00000001"))
        let escaping = String(decoding: try AuditCoding.encode(sampleReliabilityAudit(id: "2018-12-00000002")), as: UTF8.self)
            .replacingOccurrences(of: "\"plan-smart\"", with: "\"../../plan-smart\"")
        try Data(escaping.utf8).write(to: directory.auditFile("2018-12-00000002"))
        let r = try runProcess(binary, ["validate", "--data", directory.root.path, "--templates", templates.path])
        XCTAssertEqual(r.status, 65, r.stdout + r.stderr)
        /// `line:column` of `needle` on the line of `key`, 1-based, columns in bytes.
        func place(_ needle: String, key: String, in text: String) throws -> String {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let index = try XCTUnwrap(lines.firstIndex { $0.contains("\"\(key)\"") && $0.contains(needle) })
            let at = try XCTUnwrap(lines[index].range(of: needle))
            return "\(index + 1):\(lines[index].utf8.distance(from: lines[index].startIndex, to: at.lowerBound) + 1)"
        }
        XCTAssertTrue(r.stdout.contains("2018-12-00000001.json:\(try place("-1", key: "schema", in: negative)): error: schema -1"), r.stdout)
        XCTAssertTrue(r.stdout.contains("2018-12-00000002.json:\(try place("\"../../plan-smart\"", key: "id", in: escaping)): error:"), r.stdout)
        XCTAssertTrue(r.stdout.contains("error: template id \"../../plan-smart\" is not a template id"), r.stdout)
    }
}
