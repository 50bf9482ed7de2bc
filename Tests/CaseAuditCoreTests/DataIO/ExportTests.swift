import XCTest
@testable import CaseAuditCore

final class ExportTests: XCTestCase {
    func export(_ options: AuditExporter.Options) throws -> String {
        try AuditExporter(templates: DataIOFixtures.templates, options: options).export(DataIOSampleAudits.all)
    }

    func testAuditLevelGolden() throws {
        try assertDataIOGolden(export(.init(level: .audit)), "export/audit.csv")
    }

    func testSectionLevelGolden() throws {
        try assertDataIOGolden(export(.init(level: .section)), "export/section.csv")
    }

    func testAnswerLevelGolden() throws {
        try assertDataIOGolden(export(.init(level: .answer)), "export/answer.csv")
    }

    /// A fixed key so the goldens' pseudonyms stay put; real exports make a random one.
    static let goldenKey = [UInt8](repeating: 7, count: 32)

    func testRedactedGoldens() throws {
        try assertDataIOGolden(export(.init(level: .audit, redact: true, pseudonymKey: Self.goldenKey)), "export/audit-redacted.csv")
        try assertDataIOGolden(export(.init(level: .section, redact: true, pseudonymKey: Self.goldenKey)), "export/section-redacted.csv")
        try assertDataIOGolden(export(.init(level: .answer, redact: true, pseudonymKey: Self.goldenKey)), "export/answer-redacted.csv")
    }

    func testJSONLinesGoldenAndRedacted() throws {
        try assertDataIOGolden(export(.init(format: .jsonl)), "export/audits.jsonl")
        try assertDataIOGolden(export(.init(format: .jsonl, redact: true, pseudonymKey: Self.goldenKey)), "export/audits-redacted.jsonl")
    }

    func testRedactionLeavesNoNameCaseRefOrFreeText() throws {
        let secrets = ["Riley Oakhearth", "Sam Fernhollow", "Morgan Heathcombe", "Jamie Larkspire", "Taylor Brookmantle",
                       "Casey Thistledown", "CR-1005", "ongoing", "Chronology is current", "Helpful", "parenting course",
                       "Two siblings", "Book monthly"]
        for format in AuditExporter.Format.allCases {
            for level in AuditExporter.Level.allCases {
                let text = try export(.init(format: format, level: level, redact: true))
                for secret in secrets {
                    XCTAssertFalse(text.contains(secret), "\(format) \(level) leaks \(secret)")
                }
                XCTAssertTrue(text.contains("Eastbrook Child Protection") || level == .answer, "team is kept")
            }
        }
        // Non-free-text values survive redaction.
        let answers = try export(.init(level: .answer, redact: true))
        XCTAssertTrue(answers.contains("2024-01-15"))
        XCTAssertTrue(answers.contains("CP plan"))
    }

    func testEveryJSONLineIsOneAuditThatDecodes() throws {
        let lines = try export(.init(format: .jsonl)).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        let decoded = try lines.map { try AuditCoding.decode(Data($0.utf8), file: "line") }
        XCTAssertEqual(decoded.map(\.id), ["2024-04-0a1b2c3d", "2024-05-11223344", "imp-00112233aabbccdd"])
        XCTAssertEqual(decoded[0], DataIOSampleAudits.complete)
    }

    func testMonthRange() throws {
        let text = try export(.init(level: .audit, from: Month("2024-05"), to: Month("2024-05")))
        let ids = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] }
        XCTAssertEqual(ids, ["2024-05-11223344"])
    }

    func testByteOrderMarkOnlyWhenAsked() throws {
        XCTAssertFalse(try export(.init()).hasPrefix("\u{FEFF}"))
        XCTAssertTrue(try export(.init(byteOrderMark: true)).hasPrefix("\u{FEFF}audit_id,month,template,cohort,team,auditor,status,overall"))
    }

    func testQuotingRoundTripsThroughTheImportReader() throws {
        let text = try export(.init(level: .answer))
        let table = try CSVTable.parse(Data(text.utf8), file: "answer.csv")
        XCTAssertEqual(table.header, AuditExporter.answerColumns)
        let note = table.rows.first { $0.fields[2] == "plan-outcome-focused" }?.fields[4]
        XCTAssertEqual(note, "Actions read \"ongoing\"; no outcomes,\nno timescales.")
    }

    func testExportFromDataDirectoryWarnsAboutDamagedFiles() throws {
        let root = DataIOFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = DataDirectory(root: root)
        let store = AuditStore(directory: directory)
        for a in DataIOSampleAudits.all { try store.save(a) }
        try Data("{ not json".utf8).write(to: directory.auditFile("2024-06-deadbeef"))
        let loaded = AuditExporter.load(directory)
        XCTAssertEqual(loaded.audits.count, 3)
        XCTAssertEqual(loaded.problems.count, 1)
        XCTAssertEqual(AuditExporter.damagedWarning(loaded.problems, directory: directory)?.description,
                       "\(root.path)/audits: warning: 1 audit file could not be read and is left out of the export (run `caseaudit validate` to see why)")
    }
}
