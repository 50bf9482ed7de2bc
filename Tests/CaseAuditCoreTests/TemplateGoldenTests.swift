import XCTest
@testable import CaseAuditCore

final class TemplateGoldenTests: XCTestCase {
    /// Every problem of a deliberately broken template in one run, exactly as `templates check` prints them.
    func testBrokenTemplateReportsEveryProblemAsInTheGoldenFile() throws {
        let result = TemplateParser.parse(try TemplateFixtures.text("broken.yaml"), file: "broken.yaml")
        let actual = result.diagnostics.map(\.description).joined(separator: "\n") + "\n"
        let expected = try TemplateFixtures.text("broken.expected.txt")
        XCTAssertNil(result.template)
        if actual != expected {
            XCTFail("diagnostics differ from broken.expected.txt; got:\n\(actual)")
        }
        XCTAssertEqual(result.diagnostics.errors.count, 13)
        XCTAssertEqual(result.diagnostics.warnings.count, 2)
    }

    func testUnknownTypeOnLine8AndDuplicateQuestionIDAreBothReportedWithTheirLines() throws {
        let name = "unknown-type-and-duplicate.yaml"
        let result = TemplateParser.parse(contentsOf: TemplateFixtures.url(name), file: name)
        XCTAssertNil(result.template)
        XCTAssertEqual(result.diagnostics.count, 2)
        let type = try XCTUnwrap(result.diagnostics.first { $0.message.contains("unknown type") })
        XCTAssertEqual(type.line, 8)
        XCTAssertEqual(type.column, 15)
        XCTAssertEqual(type.message, "question \"seen-alone\" has unknown type \"yesno\"")
        XCTAssertEqual(type.remedy, "use one of answer, grade, choice, text, date, number or smart")
        let duplicate = try XCTUnwrap(result.diagnostics.first { $0.message.contains("used twice") })
        XCTAssertEqual(duplicate.line, 11)
        XCTAssertEqual(duplicate.message, "question id \"seen-alone\" is used twice; the first is at line 9")
        XCTAssertEqual(duplicate.file, name)
    }

    func testMissingFileIsOneDiagnostic() {
        let result = TemplateParser.parse(contentsOf: TemplateFixtures.url("no-such-template.yaml"), file: "x.yaml")
        XCTAssertEqual(result.diagnostics.map(\.description),
                       ["x.yaml: error: the file does not exist (check the name and the folder)"])
    }
}
