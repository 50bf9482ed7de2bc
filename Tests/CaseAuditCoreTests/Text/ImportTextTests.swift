import XCTest
@testable import CaseAuditCore

/// Issue 14 points 7, 8 and 10: import refuses control characters and over-long values, each
/// with row and column and nothing written; it normalises case references to NFC and warns of
/// invisible and look-alike characters in them.
final class ImportTextTests: XCTestCase {
    var dataRoot: URL!

    override func setUp() { dataRoot = DataIOFixtures.temporaryFolder(name) }
    override func tearDown() { try? FileManager.default.removeItem(at: dataRoot) }

    static let header = "month,template,case_ref,cohort,team,auditor,worker,overall,plan\n"

    func row(caseRef: String = "CR-1", team: String = "North", auditor: String = "Ann Example", worker: String = "Sam") -> String {
        "2024-04,child-journey,\(caseRef),CIN,\(team),\(auditor),\(worker),Good,Good\n"
    }

    func importer() -> AuditImporter {
        AuditImporter(directory: DataDirectory(root: dataRoot), templates: DataIOFixtures.templates, now: DataIOFixtures.fixedNow)
    }

    func run(_ csv: String) throws -> AuditImporter.Summary {
        try importer().run(CSVTable.parse(Data(csv.utf8), file: "in.csv"), file: "in.csv")
    }

    /// Every message of a refused import (exit 65), with nothing written.
    func refusal(_ csv: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        var text = ""
        do {
            _ = try run(csv)
            XCTFail("imported without error", file: file, line: line)
        } catch let e as DiagnosticsError {
            XCTAssertEqual(e.status, .dataError, file: file, line: line)
            text = e.description
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dataRoot.path), "a refused import wrote", file: file, line: line)
        return text
    }

    func testEscapeInAnImportIsRefusedWithRowAndColumn() {
        let text = refusal(Self.header + row() + row(caseRef: "CR-2", team: "North\u{1B}]0;owned\u{07}"))
        XCTAssertTrue(text.contains("in.csv:3: error: column \"team\": value \"North<U+001B>]0;owned<U+0007>\" holds the control character U+001B ESCAPE; allowed: printable text on one line"), text)
        XCTAssertFalse(text.contains("\u{1B}"), "the message itself carries no escape character")
        XCTAssertTrue(text.contains("1 row has problems; nothing was imported"), text)
    }

    func testEveryControlAndBidiCharacterInEveryOneLineColumnIsRefused() {
        let bad: [Unicode.Scalar] = ["\u{07}", "\u{08}", "\u{0B}", "\u{7F}", "\u{85}", "\u{9B}", "\u{202E}", "\u{202A}",
                                     "\u{2066}", "\u{2069}", "\u{200E}", "\u{200F}", "\u{061C}"]
        for s in bad {
            let v = "A\(Character(s))B"
            for (column, csv) in [("case_ref", row(caseRef: v)), ("team", row(team: v)), ("auditor", row(auditor: v)),
                                  ("worker", row(worker: v))] {
                let text = refusal(Self.header + csv)
                XCTAssertTrue(text.contains("in.csv:2: error: column \"\(column)\": value \"A\(TerminalText.escaped(s))B\" holds the"),
                              "\(column) \(TerminalText.escaped(s)): \(text)")
            }
        }
    }

    func testAuditIDWithAControlCharacterIsRefused() {
        let text = refusal("audit_id," + Self.header + "legacy\u{1B}1," + row())
        XCTAssertTrue(text.contains("in.csv:2: error: column \"audit_id\": value \"legacy<U+001B>1\" holds the control character"), text)
    }

    func testOneLineValuesOver200CharactersAreRefusedWithRowAndColumn() throws {
        let fits = String(repeating: "a", count: FieldText.maxOneLineCharacters)
        XCTAssertEqual(try run(Self.header + row(team: fits)).created, 1)
        try? FileManager.default.removeItem(at: dataRoot)
        let text = refusal(Self.header + row(caseRef: "CR-9", team: fits + "b"))
        XCTAssertTrue(text.contains("in.csv:2: error: column \"team\": value \"\(String(repeating: "a", count: 40))…\" is 201 characters long; allowed: at most 200 characters"), text)
        let megabyte = refusal(Self.header + row(auditor: String(repeating: "x", count: 60_000)))
        XCTAssertTrue(megabyte.contains("column \"auditor\"") && megabyte.contains("is 60000 characters long"), megabyte)
        XCTAssertLessThan(megabyte.utf8.count, 1_000, "the message quotes a prefix, not the value")
    }

    func testCaseReferencesAreStoredInNFCSoBothFormsAreOneCase() throws {
        let decomposed = "CR-E\u{0301}1"   // E + combining acute
        let composed = "CR-\u{00C9}1"
        XCTAssertNotEqual(Array(decomposed.utf8), Array(composed.utf8))
        let first = try run(Self.header + row(caseRef: decomposed))
        XCTAssertEqual(first.created, 1)
        let audits = AuditStore(directory: DataDirectory(root: dataRoot)).loadAll().audits
        XCTAssertEqual(audits.map { Array($0.caseRef.utf8) }, [Array(composed.utf8)])
        let again = try run(Self.header + row(caseRef: composed))
        XCTAssertEqual([again.created, again.unchanged], [0, 1], "the composed form is the same case")
    }

    func testInvisibleAndLookAlikeCharactersInACaseReferenceAreWarnedNotRefused() throws {
        let summary = try run(Self.header + row(caseRef: "CR-1\u{200B}00") + row(caseRef: "СR-101") + row(caseRef: "CR-1\u{0455}2")
                              + row(caseRef: "CR-\u{FF11}03") + row(caseRef: "CR-104"))
        XCTAssertEqual(summary.created, 5)
        let warnings = summary.warnings.map(\.description)
        XCTAssertEqual(warnings.count, 4, warnings.joined(separator: "\n"))
        XCTAssertTrue(warnings.contains { $0.hasPrefix("in.csv:2: warning: column \"case_ref\": value \"CR-1<U+200B>00\" holds U+200B ZERO WIDTH SPACE") }, "\(warnings)")
        XCTAssertTrue(warnings.contains { $0.hasPrefix("in.csv:3: warning:") && $0.contains("U+0421 CYRILLIC CAPITAL LETTER ES") }, "\(warnings)")
        XCTAssertTrue(warnings.contains { $0.hasPrefix("in.csv:4: warning:") && $0.contains("U+0455 CYRILLIC SMALL LETTER DZE") }, "\(warnings)")
        XCTAssertTrue(warnings.contains { $0.hasPrefix("in.csv:5: warning:") && $0.contains("U+FF11 FULLWIDTH DIGIT ONE") }, "\(warnings)")
        XCTAssertFalse(warnings.contains { $0.hasPrefix("in.csv:6:") }, "a plain reference gets no warning")
    }

    func testLeadingTabIsTrimmedNotRefused() throws {
        XCTAssertEqual(try run(Self.header + row(team: "\tNorth")).created, 1)
        XCTAssertEqual(AuditStore(directory: DataDirectory(root: dataRoot)).loadAll().audits.first?.team, "North")
    }
}
