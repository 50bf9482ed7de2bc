import XCTest
@testable import CaseAuditCore
#if canImport(Glibc)
import Glibc
#endif

final class DataValidatorTests: XCTestCase {
    private var scratch = ScratchData()
    private let defaults = Data("measures:\n  - id: plan-quality\n".utf8)
    private let now = Date(timeIntervalSince1970: 1_546_300_800) // 2019-01-01

    override func setUp() { scratch = ScratchData() }

    /// An existing data directory, as the program leaves it.
    private func existingData() throws { try scratch.directory.prepare(defaultMeasures: defaults) }
    override func tearDown() { scratch.cleanUp() }

    private func validate(templateProblems: [Diagnostic] = [],
                          measures: @escaping (String, String) -> [Diagnostic] = { _, _ in [] }) throws -> ValidationReport {
        try DataValidator.validate(directory: scratch.directory, templateProblems: templateProblems,
                                   template: { $0 == TemplateRef(id: "child-journey", version: 2) ? Sample.template : nil },
                                   measuresProblems: measures, now: now)
    }

    func testMissingDataDirectoryIsNotCreated() throws {
        XCTAssertFalse(scratch.directory.exists)
        let report = try validate()
        XCTAssertFalse(scratch.directory.exists, "validate only reads; `caseaudit validate` refuses a missing folder first")
        XCTAssertEqual(report.summary, "0 audit files checked, 1 problem")
    }

    func testEmptyFolderGetsNothingWritten() throws {
        try FileManager.default.createDirectory(at: scratch.directory.root, withIntermediateDirectories: true)
        chmod(scratch.directory.root.path, 0o755)
        let report = try validate()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.directory.root.path), [])
        XCTAssertEqual(report.problems.map(\.message),
                       ["the measures file is missing; reports use the shipped defaults",
                        "the data directory can be read by other users (mode 755)"])
    }

    func testExistingDataDirectoryIsOnlyRead() throws {
        try scratch.write(String(decoding: try AuditCoding.encode(Sample.completeAudit()), as: UTF8.self),
                          as: "2018-12-0000abcd.json")
        chmod(scratch.directory.root.path, 0o700)
        let report = try validate()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.directory.root.path), ["audits"])
        XCTAssertEqual(report.problems.count, 1)
        XCTAssertTrue(report.problems[0].message.contains("measures file is missing"), report.problems[0].message)
        XCTAssertFalse(report.hasErrors)
    }

    func testExistingMeasuresFileIsNotReplaced() throws {
        try scratch.directory.prepare(defaultMeasures: Data("measures: []\n".utf8))
        _ = try validate()
        XCTAssertEqual(try Data(contentsOf: scratch.directory.measuresFile), Data("measures: []\n".utf8))
    }

    func testEveryProblemIsListedWithItsFile() throws {
        try existingData()
        var good = Sample.completeAudit()
        good.id = "2018-12-00000001"
        try scratch.store.save(good)
        var unknown = Sample.completeAudit()
        unknown.id = "2018-12-00000002"
        unknown.template.version = 9
        try scratch.store.save(unknown)
        var stray = Sample.completeAudit()
        stray.id = "2018-12-00000003"
        stray.sections["contact"] = SectionRecord()
        stray.cohort = .earlyHelp
        try scratch.store.save(stray)
        try scratch.write("{", as: "2018-12-00000004.json")

        let templateProblem = Diagnostic.error("/templates/plan-smart.yaml", line: 3, "unknown type \"yesno\"")
        let measuresProblem = Diagnostic.error("measures.yaml", line: 2, "unknown section")
        let report = try validate(templateProblems: [templateProblem], measures: { _, file in
            [Diagnostic.error(file, line: 2, "unknown section")]
        })
        XCTAssertEqual(report.auditFilesChecked, 4)
        XCTAssertTrue(report.hasErrors)
        let files = report.problems.map { URL(fileURLWithPath: $0.file).lastPathComponent }
        XCTAssertEqual(files, ["plan-smart.yaml", "measures.yaml",
                               "2018-12-00000002.json", "2018-12-00000003.json", "2018-12-00000003.json",
                               "2018-12-00000004.json"], report.problems.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(report.problems[1].message, measuresProblem.message)
        XCTAssertTrue(report.problems[2].message.contains("child-journey version 9 is unknown"))
        XCTAssertEqual(report.summary, "4 audit files checked, 6 problems")
    }

    func testManyFilesCheckedOnEveryCoreGiveTheSameProblemsInFileOrder() throws {
        // Enough files for several chunks: every 7th has an unknown template version (one
        // problem), every 11th has two problems, every 13th is damaged.
        try existingData()
        var expected: [String] = []
        for i in 1...300 {
            let name = String(format: "2018-12-%08d", i)
            if i % 13 == 0 {
                try scratch.write("{", as: name + ".json")
                expected.append(name + ".json")
                continue
            }
            var audit = Sample.completeAudit()
            audit.id = name
            if i % 7 == 0 {
                audit.template.version = 9
                expected.append(name + ".json")
            } else if i % 11 == 0 {
                audit.sections["contact"] = SectionRecord()
                audit.cohort = .earlyHelp
                expected += [name + ".json", name + ".json"]
            }
            try scratch.store.save(audit)
        }
        let report = try validate()
        XCTAssertEqual(report.auditFilesChecked, 300)
        XCTAssertEqual(report.problems.map { URL(fileURLWithPath: $0.file).lastPathComponent }, expected)
        // The same again: the chunks on the cores do not change the result from run to run.
        let single = try validate().problems
        XCTAssertEqual(report.problems, single)
    }

    func testHistoryProblemsAreListedWithTheirAuditFiles() throws {
        try existingData()
        var a = Sample.completeAudit()
        a.id = "2018-12-00000001"
        try scratch.store.save(a)
        var b = Sample.completeAudit()
        b.id = "2018-12-00000002"
        b.sections["contact"] = SectionRecord()
        try scratch.store.save(b)
        let tampered = Diagnostic.error(scratch.directory.auditFile(a.id).path, "changed outside caseaudit")
        let report = try DataValidator.validate(directory: scratch.directory, templateProblems: [],
                                                template: { _ in Sample.template }, measuresProblems: { _, _ in [] },
                                                history: { [tampered] }, now: now)
        XCTAssertEqual(report.problems.map { URL(fileURLWithPath: $0.file).lastPathComponent },
                       ["2018-12-00000001.json", "2018-12-00000002.json"])
        XCTAssertEqual(report.problems.first, tampered)
    }

    func testWarningsAloneAreNotErrors() throws {
        try existingData()
        var future = Sample.completeAudit()
        future.month = Month(year: 2020, month: 1)
        try scratch.store.save(future)
        let report = try validate()
        XCTAssertEqual(report.problems.map(\.severity), [.warning])
        XCTAssertFalse(report.hasErrors)
        XCTAssertEqual(report.summary, "1 audit file checked, 1 problem")
    }

    func testMissingMeasuresFileIsAWarning() throws {
        let report = try DataValidator.validate(directory: scratch.directory, templateProblems: [],
                                                template: { _ in nil }, measuresProblems: { _, _ in [] }, now: now)
        XCTAssertEqual(report.problems.count, 1)
        XCTAssertEqual(report.problems[0].file, scratch.directory.measuresFile.path)
        XCTAssertEqual(report.problems[0].severity, .warning)
    }

    func testLeftoverTemporaryFileIsAWarning() throws {
        try existingData()
        try scratch.store.save(Sample.completeAudit())
        let leftover = scratch.directory.audits.appendingPathComponent(".tmp-2018-12-0000abcd.json.1.2")
        try Data("{".utf8).write(to: leftover)
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-3600)], ofItemAtPath: leftover.path)
        let report = try validate()
        XCTAssertEqual(report.problems.map(\.file), [leftover.path])
        XCTAssertEqual(report.problems.map(\.severity), [.warning])
        XCTAssertEqual(report.auditFilesChecked, 1)
    }

    func testOpenPermissionsAreAWarning() throws {
        try scratch.directory.prepare(defaultMeasures: defaults)
        chmod(scratch.directory.root.path, 0o755)
        let report = try validate()
        XCTAssertEqual(report.problems.map(\.severity), [.warning])
        XCTAssertTrue(report.problems[0].remedy?.contains("chmod 700") == true)
    }
}

extension DataValidatorTests {
    /// An audit answering `n` questions its template does not have: `n` problems in one file.
    private func auditWithUnknownQuestions(_ n: Int) throws -> String {
        var a = Sample.completeAudit()
        var record = a.sections.values.first ?? SectionRecord()
        for q in 0..<n { record.answers["unknown-\(q)"] = Response(answer: .yes) }
        a.sections[a.sections.keys.sorted().first ?? "plan"] = record
        return String(decoding: try AuditCoding.encode(a), as: UTF8.self)
    }

    /// Issue 14 point 5: a file shows at most 50 problems, then "and N more"; the summary counts them all.
    func testAFileShowsFiftyProblemsThenAndNMore() throws {
        try existingData()
        let audit = Sample.completeAudit()
        try scratch.write(try auditWithUnknownQuestions(120), as: "\(audit.id).json")
        let report = try validate()
        let mine = report.problems.filter { $0.file.hasSuffix("\(audit.id).json") }
        XCTAssertEqual(mine.count, 51)
        let last = try XCTUnwrap(mine.last)
        XCTAssertTrue(last.message.hasPrefix("and ") && last.message.hasSuffix(" more problems in this file"), last.message)
        let hidden = Int(last.message.split(separator: " ")[1])!
        XCTAssertGreaterThanOrEqual(hidden, 70)
        XCTAssertEqual(last.severity, .error)
        XCTAssertNotNil(last.remedy)
        XCTAssertTrue(report.summary.hasSuffix("\(50 + hidden + report.problems.count - 51) problems"), report.summary)
        // Every problem shown still has its line, found in one pass.
        XCTAssertTrue(mine.dropLast().allSatisfy { $0.line != nil }, "\(mine.prefix(3))")
    }

    func testTheLineOfEachUnknownQuestionIsItsOwn() throws {
        let text = try auditWithUnknownQuestions(5)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let locator = JSONKeyLocator(Data(text.utf8))
        let section = Sample.completeAudit().sections.keys.sorted().first ?? "plan"
        for q in 0..<5 {
            let line = try XCTUnwrap(locator.line(["sections", section, "answers", "unknown-\(q)"]))
            XCTAssertTrue(lines[line - 1].contains("\"unknown-\(q)\""), String(lines[line - 1]))
        }
        XCTAssertEqual(locator.line(["status"]).map { String(lines[$0 - 1]).contains("\"status\"") }, true)
    }
}
