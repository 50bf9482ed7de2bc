@testable import CaseAuditCore
import XCTest

final class NamedValuesTests: XCTestCase {
    func testReadsAndWritesLikeADictionaryKeepingNamesInOrder() {
        var grades: NamedValues<Grade> = ["plan": .good, "assessment": .inadequate]
        XCTAssertEqual(grades.names, ["assessment", "plan"])
        XCTAssertEqual(grades["plan"], .good)
        XCTAssertNil(grades["supervision"])
        grades["supervision"] = .outstanding
        grades["plan"] = .requiresImprovement
        XCTAssertEqual(grades.names, ["assessment", "plan", "supervision"])
        XCTAssertEqual(grades["plan"], .requiresImprovement)
        grades["assessment"] = nil
        XCTAssertEqual(grades.map(\.name), ["plan", "supervision"])
        XCTAssertEqual(grades.count, 2)
        grades["nothing"] = nil
        XCTAssertEqual(grades.count, 2)
    }

    func testEqualWhateverOrderItWasMadeIn() {
        let a: NamedValues<String> = ["b": "2", "a": "1"]
        let b = NamedValues(["a": "1", "b": "2"])
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.hashValue, b.hashValue)
        XCTAssertNotEqual(a, ["a": "1"])
    }

    func testPairsOutOfOrderOrTwiceAreSortedAndTheLaterWins() {
        typealias Pair = NamedValues<String>.Pair
        let sorted = NamedValues([Pair(name: "a", value: "1"), Pair(name: "b", value: "2")])
        XCTAssertEqual(sorted, ["a": "1", "b": "2"])
        let unsorted = NamedValues([Pair(name: "b", value: "2"), Pair(name: "a", value: "1"), Pair(name: "b", value: "3")])
        XCTAssertEqual(unsorted.names, ["a", "b"])
        XCTAssertEqual(unsorted["b"], "3")
    }

    func testNamesOfOneLengthAreStillToldApart() {
        let marks: NamedValues<String> = ["child-uasc": "Yes", "child-xxxx": "No"]
        XCTAssertEqual(marks["child-uasc"], "Yes")
        XCTAssertEqual(marks["child-xxxx"], "No")
        XCTAssertNil(marks["child-yyyy"])
    }
}

extension NamedValuesTests {
    /// As a `Dictionary` would: names equal as Swift strings (canonically) are one name.
    func testCanonicallyEqualNamesAreOneName() {
        var marks: NamedValues<String> = ["caf\u{E9}": "precomposed"]
        XCTAssertEqual(marks["cafe\u{301}"], "precomposed")
        marks["cafe\u{301}"] = "decomposed"
        XCTAssertEqual(marks.count, 1)
        XCTAssertEqual(marks["caf\u{E9}"], "decomposed")
    }
}
