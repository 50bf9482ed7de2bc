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

final class JSONParserTests: XCTestCase {
    func testParsesEscapesSurrogatesAndNumbers() throws {
        let value = try JSONValue.parse(Data(#"{"a":"\u00e9\ud83d\ude00\n\/","n":-12,"d":1.5e2,"z":[]}"#.utf8))
        XCTAssertEqual(value, .object(["a": .string("é😀\n/"), "n": .int(-12), "d": .double(150), "z": .array([])]))
    }

    func testRejectsWhatJSONDoesNotAllow() {
        for bad in ["", "{", "{\"a\":1,}", "[1,]", "01", "\"\u{01}\"", "{\"a\":1,\"a\":2}", "tru", "1 2",
                    "\"\\ud800\"", "\"\\x\"", "[1]]", "{'a':1}", "NaN", "1e400", "-1e999"] {
            XCTAssertThrowsError(try JSONValue.parse(Data(bad.utf8)), "accepted \(bad)")
        }
    }

    /// Agrees with Foundation on what it reads.
    func testAgreesWithFoundationOnAnAuditFile() throws {
        var audit = sampleReliabilityAudit()
        audit.actions = [AuditAction(what: "Visit \"weekly\" — with ünïcode", who: "SW", by: "2019-01-31")]
        let data = try AuditCoding.encode(audit)
        let ours = try JSONValue.parse(data)
        let theirs = try JSONDecoder().decode(FoundationJSON.self, from: data).value
        XCTAssertEqual(ours, theirs)
    }
}

/// Foundation's reading of JSON, for comparison with ours.
struct FoundationJSON: Decodable {
    var value: JSONValue
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { value = .null }
        else if let b = try? c.decode(Bool.self) { value = .bool(b) }
        else if let i = try? c.decode(Int.self) { value = .int(i) }
        else if let d = try? c.decode(Double.self) { value = .double(d) }
        else if let s = try? c.decode(String.self) { value = .string(s) }
        else if let o = try? c.decode([String: FoundationJSON].self) { value = .object(o.mapValues(\.value)) }
        else { value = .array(try c.decode([FoundationJSON].self).map(\.value)) }
    }
}
