import Foundation
import XCTest
@testable import CaseAuditCore

/// Inputs found by the fuzz targets in Fuzz/ (docs/fuzzing.md), each now a diagnostic
/// instead of a crash or a disagreement.
final class FuzzRegressionTests: XCTestCase {
    private let file = "audits/2024-05-fuzz0001.json"

    /// A small draft audit (the seed of the `audit` and `scan` targets) with its moderation date replaced.
    private func audit(moderatedAt at: String) -> Data {
        Data("""
        {
          "auditor" : "Quinn Testerly",
          "case_ref" : "CR-900001",
          "cohort" : "CP",
          "created" : "2024-05-02T09:30:00Z",
          "id" : "2024-05-fuzz0001",
          "month" : "2024-05",
          "overall" : { "rationale" : "" },
          "schema" : 1,
          "sections" : {
            "plan" : {
              "grade" : "requires-improvement",
              "moderation" : {
                "at" : "\(at)",
                "by" : "Morgan Samplewood",
                "grade" : "inadequate",
                "rationale" : "No contingency."
              },
              "rationale" : "Plan lacks timescales."
            }
          },
          "status" : "draft",
          "team" : "Northvale CIN",
          "template" : { "id" : "child-journey", "version" : 1 }
        }

        """.utf8)
    }

    /// What the index makes of the file: read from a folder, as `report` reads it.
    private func scan(_ data: Data) -> Result<Audit, Diagnostic> {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try? data.write(to: folder.appendingPathComponent("2024-05-fuzz0001.json"))
        // Named as the store names it, so the two diagnostics compare whole.
        let read = AuditIndex.readAudit(folder, "2024-05-fuzz0001.json") ?? .failure(.error(file, "gone", remedy: ""))
        return read.mapError { var d = $0; d.file = file; return d }
    }

    private func decodeDiagnostic(_ data: Data) -> Diagnostic? {
        do {
            _ = try AuditCoding.decode(data, file: file)
            return nil
        } catch {
            return error as? Diagnostic
        }
    }

    /// Found by `scan`: Foundation's `.iso8601` reader took "12:020:00" as a time, so the store
    /// read a file the index counted as damaged. Both now refuse it, with the same message.
    /// Found by `audit`: a year before 1583 changed when saved (Foundation writes it in the
    /// Julian calendar), so such years are refused.
    func testMalformedTimeIsRefusedByStoreAndIndexAlike() throws {
        for bad in ["2024-05-20T12:020:00Z", "2024-02-30T12:00:00Z", "2024-05-20T24:00:00Z",
                    "2024-05-20T12:00:60Z", "2024-05-20 12:00:00Z", "2024-05-20T12:00:00+1:00",
                    "1009-01-01T00:00:00Z"] {
            let data = audit(moderatedAt: bad)
            let d = try XCTUnwrap(decodeDiagnostic(data), "the store read \(bad)")
            XCTAssertEqual(d.file, file)
            XCTAssertEqual(d.severity, .error)
            XCTAssertTrue(d.message.contains("sections.plan.moderation.at"), d.message)
            XCTAssertTrue(d.message.contains("expected a date and time such as 2018-12-03T10:15:00Z"), d.message)
            XCTAssertNotNil(d.remedy)
            guard case .failure(let s) = scan(data) else { return XCTFail("the index read \(bad)") }
            XCTAssertTrue(s.message.contains("expected a date and time"), s.message)
            XCTAssertEqual(s.line, 14)
        }
    }

    /// The stricter reader still takes every form the encoder writes, and offsets, and a leap day.
    func testWellFormedDatesAreReadAlike() throws {
        let cases: [(String, TimeInterval)] = [
            ("2024-05-20T12:00:00Z", 1_716_206_400),
            ("2024-05-20T13:00:00+01:00", 1_716_206_400),
            ("2024-05-20T07:30:00-04:30", 1_716_206_400),
            ("2024-02-29T00:00:00Z", 1_709_164_800),
            ("1600-03-01T00:00:00Z", -11_670_912_000),
        ]
        for (text, seconds) in cases {
            let data = audit(moderatedAt: text)
            let decoded = try AuditCoding.decode(data, file: file)
            XCTAssertEqual(decoded.sections["plan"]?.moderation?.at, Date(timeIntervalSince1970: seconds), text)
            guard case .success(let s) = scan(data) else { return XCTFail("the index refused \(text)") }
            XCTAssertEqual(s.sections["plan"]?.moderation?.grade ?? s.sections["plan"]?.grade, .inadequate)
            XCTAssertEqual(try AuditCoding.decode(AuditCoding.encode(decoded), file: file), decoded)
        }
    }
}

extension FuzzRegressionTests {
    /// Found by `scan`: Foundation's JSON reader took raw control characters (here U+0001 and
    /// U+0000) inside a string, which RFC 8259 forbids and the index refused. The store refuses
    /// them too now, naming the line.
    func testControlCharacterInsideTextIsRefusedByStoreAndIndexAlike() throws {
        let clean = String(decoding: audit(moderatedAt: "2024-05-20T12:00:00Z"), as: UTF8.self)
        for control in ["\u{01}\u{00}", "\t", "\n"] {
            let data = Data(clean.replacingOccurrences(of: "Plan lacks timescales.",
                                                       with: "Plan lacks\(control) timescales.").utf8)
            let d = try XCTUnwrap(decodeDiagnostic(data), "the store read a control character")
            XCTAssertEqual(d.file, file)
            XCTAssertEqual(d.line, 19)
            XCTAssertEqual(d.message, "not valid JSON: a control character inside text")
            XCTAssertNotNil(d.remedy)
            guard case .failure(let s) = scan(data) else { return XCTFail("the index read a control character") }
            XCTAssertTrue(s.message.contains("a control character inside text"), s.message)
            XCTAssertEqual(s.line, 19)
        }
        // Escaped, the same characters are fine, and tabs and newlines between values are too.
        let escaped = Data(clean.replacingOccurrences(of: "Plan lacks timescales.", with: "Plan lacks\\u0001\\t timescales.")
            .replacingOccurrences(of: "  ", with: "\t").utf8)
        XCTAssertEqual(try AuditCoding.decode(escaped, file: file).sections["plan"]?.rationale, "Plan lacks\u{01}\t timescales.")
        guard case .success = scan(escaped) else { return XCTFail("the index refused escaped control characters") }
    }
}

extension FuzzRegressionTests {
    /// Found by `scan`: Foundation's JSON reader took a trailing comma in an object, which the
    /// index refused. The store now refuses every file the index's scanner refuses.
    func testTrailingCommaIsRefusedByStoreAndIndexAlike() throws {
        let clean = String(decoding: audit(moderatedAt: "2024-05-20T12:00:00Z"), as: UTF8.self)
        let data = Data(clean.replacingOccurrences(of: "\"No contingency.\"", with: "\"No contingency.\",").utf8)
        let d = try XCTUnwrap(decodeDiagnostic(data), "the store read a trailing comma")
        XCTAssertEqual(d.file, file)
        XCTAssertEqual(d.line, 18)
        XCTAssertTrue(d.message.contains("not valid JSON"), d.message)
        XCTAssertNotNil(d.remedy)
        guard case .failure(let s) = scan(data) else { return XCTFail("the index read a trailing comma") }
        XCTAssertEqual(s, d)
    }
}

extension FuzzRegressionTests {
    /// Found by `scan`: a `\ud800` escape (half of a surrogate pair) in a key the store ignores;
    /// Foundation refused the file and the index read it, turning the escape into U+FFFD.
    func testLoneSurrogateEscapeIsRefusedByStoreAndIndexAlike() throws {
        let clean = String(decoding: audit(moderatedAt: "2024-05-20T12:00:00Z"), as: UTF8.self)
        for (from, to) in [("\"sections\"", "\"\\ud800sections\""), ("No contingency.", "No \\udc00contingency."),
                           ("No contingency.", "No \\ud83d\\u0041contingency.")] {
            let data = Data(clean.replacingOccurrences(of: from, with: to).utf8)
            let d = try XCTUnwrap(decodeDiagnostic(data), "the store read \(to)")
            XCTAssertEqual(d.file, file)
            XCTAssertEqual(d.severity, .error)
            XCTAssertTrue(d.message.contains("not valid JSON"), d.message)
            guard case .failure(let s) = scan(data) else { return XCTFail("the index read \(to)") }
            XCTAssertTrue(s.message.contains("half of a character pair"), s.message)
        }
        // A whole pair is one character, read alike.
        let pair = Data(clean.replacingOccurrences(of: "No contingency.", with: "No \\ud83d\\ude00 contingency.").utf8)
        XCTAssertEqual(try AuditCoding.decode(pair, file: file).sections["plan"]?.moderation?.rationale, "No \u{1F600} contingency.")
        guard case .success = scan(pair) else { return XCTFail("the index refused a surrogate pair") }
    }
}

extension FuzzRegressionTests {
    /// Found by `scan`: "template" given twice with different versions; Foundation and the index
    /// each took a different one. Both refuse a key the index reads when it is given twice.
    func testRepeatedKeyIsRefusedByStoreAndIndexAlike() throws {
        let clean = String(decoding: audit(moderatedAt: "2024-05-20T12:00:00Z"), as: UTF8.self)
        let twice = clean.replacingOccurrences(of: "  \"team\" : \"Northvale CIN\",\n",
                                               with: "  \"template\" : { \"id\" : \"child-journey\", \"version\" : 2 },\n  \"team\" : \"Northvale CIN\",\n")
        XCTAssertNotEqual(twice, clean)
        for data in [Data(twice.utf8),
                     Data(clean.replacingOccurrences(of: "\"grade\" : \"inadequate\",", with: "\"grade\" : \"inadequate\", \"grade\" : \"good\",").utf8)] {
            let d = try XCTUnwrap(decodeDiagnostic(data), "the store read a repeated key")
            XCTAssertTrue(d.message.contains("is given twice in the same object"), d.message)
            XCTAssertNotNil(d.line)
            guard case .failure(let s) = scan(data) else { return XCTFail("the index read a repeated key") }
            XCTAssertEqual(s, d)
        }
    }
}
