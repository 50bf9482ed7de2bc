import XCTest
@testable import CaseAuditCore

/// "\r\n" is a single Character in Swift, equal to neither "\r" nor "\n"; CSV fields holding it
/// must still be quoted or one record spans two lines.
final class CSVLineBreakTests: XCTestCase {
    func testFieldWithALoneCRIsQuoted() {
        XCTAssertEqual(CSVWriter.escape("North\rSouth"), "\"North\rSouth\"")
    }

    func testExportFieldWithCRLFIsQuoted() {
        XCTAssertEqual(CSVWriter.escape("Team\r\nMulti"), "\"Team\r\nMulti\"")
        XCTAssertEqual(CSVWriter.escape("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVWriter.escape("plain"), "plain")
    }
}
