import XCTest
@testable import CaseAuditCore

final class JSONSyntaxCheckTests: XCTestCase {
    private func error(_ text: String) -> JSONSyntaxError? { JSONSyntaxCheck.firstError(in: Data(text.utf8)) }

    func testWellFormedJSONHasNoError() {
        XCTAssertNil(error("{}"))
        XCTAssertNil(error(" {\n  \"a\" : [1, -2.5e3, true, false, null, \"x\\n\\u00e9\"],\n  \"b\" : {}\n}\n"))
        XCTAssertNil(JSONSyntaxCheck.firstError(in: try! AuditCoding.encode(Sample.completeAudit())))
    }

    func testTruncatedFile() {
        let e = error("{\n  \"id\" : \"x\",\n  \"sche")
        XCTAssertEqual(e?.line, 3)
        XCTAssertTrue(e?.message.contains("ends inside a string") == true, "\(String(describing: e))")
        XCTAssertEqual(error("{\n  \"id\" : \"x\",\n")?.message, "the file ends early: expected a quoted key")
    }

    func testMissingComma() {
        let e = error("{\n  \"id\" : \"x\"\n  \"team\" : \"A\"\n}")
        XCTAssertEqual(e, JSONSyntaxError(line: 3, column: 3, message: "expected ',' or '}', found '\"'"))
    }

    func testTrailingCommaAndBadValues() {
        XCTAssertEqual(error("{\n  \"a\" : 1,\n}")?.line, 3)
        XCTAssertEqual(error("{\"a\" : yes}")?.message, "expected a value, found 'y'")
        XCTAssertEqual(error("{\"a\" : trve}")?.message, "expected true, found 'v'")
        XCTAssertEqual(error("{\"a\" : 01}")?.message, "expected ',' or '}', found '1'")
        XCTAssertEqual(error("{\"a\" : \"b\\q\"}")?.message, "unknown escape \\q")
        XCTAssertEqual(error("{\"a\" : \"line\nbreak\"}")?.line, 1)
        XCTAssertEqual(error("{} x")?.message, "unexpected text after the end of the JSON value")
        XCTAssertEqual(error("")?.message, "the file ends early: expected a value")
    }

    func testAuditDecodingReportsTheLine() {
        let text = "{\n  \"id\" : \"2018-12-0000abcd\",\n  \"schema\" : 1\n  \"status\" : \"draft\"\n}\n"
        XCTAssertThrowsError(try AuditCoding.decode(Data(text.utf8), file: "audits/2018-12-0000abcd.json")) { error in
            guard let d = error as? Diagnostic else { return XCTFail("\(error)") }
            XCTAssertEqual(d.file, "audits/2018-12-0000abcd.json")
            XCTAssertEqual(d.line, 4)
            XCTAssertEqual(d.column, 3)
            XCTAssertTrue(d.message.hasPrefix("not valid JSON: expected ',' or '}'"), d.message)
            XCTAssertNotNil(d.remedy)
        }
    }
}

extension JSONSyntaxCheckTests {
    /// Keys given twice are found in small objects (compared in place) and large ones (a set).
    func testARepeatedKeyIsFoundInSmallAndLargeObjects() {
        for n in [3, 63, 64, 65, 300] {
            let keys = (0..<n).map { "\"k\($0)\": \($0)" } + ["\"k\(n / 2)\": 0"]
            let text = "{\n" + keys.joined(separator: ",\n") + "\n}"
            let e = JSONSyntaxCheck.firstError(in: Data(text.utf8))
            XCTAssertEqual(e?.line, n + 2, "\(n)")
            XCTAssertEqual(e?.message, "the key \"k\(n / 2)\" is given twice in the same object; keep one")
            let distinct = "{\n" + (0..<n).map { "\"k\($0)\": \($0)" }.joined(separator: ",\n") + "\n}"
            XCTAssertNil(JSONSyntaxCheck.firstError(in: Data(distinct.utf8)), "\(n)")
        }
    }
}
