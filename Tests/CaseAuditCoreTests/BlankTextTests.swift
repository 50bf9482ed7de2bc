import Foundation
import XCTest
@testable import CaseAuditCore

final class BlankTextTests: XCTestCase {
    /// `isBlank` must agree with trimming `.whitespacesAndNewlines` for every scalar of the
    /// Basic Multilingual Plane, alone and around a letter.
    func testAgreesWithFoundationTrimmingForEveryBMPScalar() {
        var disagreements: [String] = []
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let alone = String(Character(scalar))
            let expected = alone.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            if alone.isBlank != expected { disagreements.append(String(value, radix: 16)) }
        }
        XCTAssertEqual(disagreements, [])
        XCTAssertTrue("".isBlank)
        XCTAssertTrue(" \t\r\n\u{00A0}\u{2028}\u{3000}".isBlank)
        XCTAssertFalse("  x  ".isBlank)
        XCTAssertTrue("\u{200B}".isBlank, "a zero-width space shows nothing")
    }
}
