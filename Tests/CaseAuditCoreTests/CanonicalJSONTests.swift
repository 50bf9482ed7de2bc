import Foundation
import XCTest
@testable import CaseAuditCore

final class CanonicalJSONTests: XCTestCase {
    func testCanonicalFormSortsKeysAndDropsWhitespace() throws {
        let value = try JSONValue.parse(Data(#"{ "b": [1, true, null], "a": "x\"y\n", "é": "café" }"#.utf8))
        XCTAssertEqual(value.canonical, #"{"a":"x\"y\n","b":[1,true,null],"é":"café"}"#)
    }

    func testNumbersAreNotReadAsBooleans() throws {
        XCTAssertEqual(try JSONValue.parse(Data("[1,0,true]".utf8)), .array([.int(1), .int(0), .bool(true)]))
    }

    func testFlattenedPathsLeaveOutNulls() throws {
        let value = try JSONValue.parse(Data(#"{"team":"Team Kestrel","sections":{"plan":{"grade":"good","moderation":null}},"actions":[{"what":"Visit"}]}"#.utf8))
        XCTAssertEqual(value.flattened(), [
            "team": "Team Kestrel",
            "sections.plan.grade": "good",
            "actions[0].what": "Visit",
        ])
    }
}
