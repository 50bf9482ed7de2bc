import Foundation
import XCTest
@testable import CaseAuditCore

/// `AuditWriter` writes the bytes Foundation's `JSONEncoder` wrote (the files saved before it,
/// and the JSON Lines export), checked here against `JSONEncoder` itself.
final class AuditWriterTests: XCTestCase {
    private func foundation(_ a: Audit, pretty: Bool) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return String(decoding: try e.encode(a), as: UTF8.self)
    }

    private func check(_ a: Audit, _ what: String) throws {
        XCTAssertEqual(String(decoding: try AuditCoding.encode(a), as: UTF8.self), try foundation(a, pretty: true) + "\n", what)
        XCTAssertEqual(AuditCoding.line(a), try foundation(a, pretty: false), what)
    }

    func testTheSameBytesAsJSONEncoder() throws {
        for n in 0..<21 { try check(awkwardAudit(n), "audit \(n)") }
    }

    func testTheSameBytesOnGeneratedDemoAudits() throws {
        let catalog = TemplateCatalog.load(folder: ExportCountsTests.repositoryRoot.appendingPathComponent("AuditTemplates"))
        let generator = try DemoGenerator(templates: catalog, options: .init(audits: 3000, seed: 9, endMonth: Month("2025-11")!))
        for i in 0..<3000 { try check(generator.audit(i), "demo audit \(i)") }
    }

    func testTheSameBytesOnTheSampleAuditsWithAwkwardText() throws {
        var audit = DataIOSampleAudits.complete
        audit.feedback.family = "tab\tquote\" backslash\\ slash/ bell\u{7} nul\u{0} del\u{7f} é 😀 \u{2028} \r\n\u{8}\u{c}"
        audit.sections["plan"]?.answers["q-10"] = Response(answer: .no, note: "ten")
        audit.sections["plan"]?.answers["q-2"] = Response(answer: .no, note: "two")
        audit.sections["plan"]?.answers["Q-upper"] = Response(value: "")
        audit.created = Date(timeIntervalSince1970: -86_400 * 365.25 * 30)
        audit.month = nil
        audit.cohort = nil
        for a in [audit, DataIOSampleAudits.draft, DataIOSampleAudits.imported] { try check(a, a.id) }
    }

    func testEmptyPartsAndEveryControlCharacter() throws {
        var a = Audit(id: "e", template: TemplateRef(id: "t", version: 1), created: Date(timeIntervalSince1970: 0))
        try check(a, "nothing filled in")
        a.sections["plan"] = SectionRecord()
        a.sections["empty-answer"] = SectionRecord(answers: ["q": Response()])
        a.team = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }) + "\u{7F}\u{80}\u{FEFF}\u{2028}\u{2029}\u{10FFFF}"
        // Keys whose byte order differs from other orders: case, digits, accents, symbols.
        for key in ["q10", "q2", "Q1", "_x", "a-b", "a.b", "a b", "é", "e\u{301}", "Ｚ", "😀", "~"] {
            a.sections["plan"]!.answers[key] = Response(value: key)
            a.sections[key] = SectionRecord(grade: .good)
        }
        try check(a, "empty parts, control characters, key orders")
    }

    func testDatesAsTheISO8601StrategyWritesThem() throws {
        let times: [TimeInterval] = [0, 1.9, -0.5, -1, 86_399.999, 951_782_400, 1_709_164_800, -11_670_912_000,
                                     -12_212_553_600, 253_402_300_799, 1_700_000_000.25]
        for t in times {
            let a = Audit(id: "d", template: TemplateRef(id: "t", version: 1), created: Date(timeIntervalSince1970: t))
            try check(a, "\(t)")
        }
    }
}
