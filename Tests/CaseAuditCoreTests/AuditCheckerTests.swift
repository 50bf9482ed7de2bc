import XCTest
@testable import CaseAuditCore

final class AuditCheckerTests: XCTestCase {
    private let file = "/data/audits/2018-12-0000abcd.json"
    private let now = Date(timeIntervalSince1970: 1_546_300_800) // 2019-01-01

    private func check(_ audit: Audit, template: AuditTemplate? = Sample.template, source: Bool = true) -> [Diagnostic] {
        let data = source ? try? AuditCoding.encode(audit) : nil
        return AuditChecker.check(audit, template: template, file: file, source: data, now: now)
    }

    func testGoodCompleteAuditHasNoProblems() {
        var a = Sample.completeAudit()
        a.status = .complete
        a.completed = Sample.created
        XCTAssertEqual(check(a), [])
    }

    func testDraftWithGapsIsFine() {
        let a = Audit(id: "2018-12-0000abcd", template: TemplateRef(id: "child-journey", version: 2), created: Sample.created)
        XCTAssertEqual(check(a), [])
    }

    func testUnknownTemplateVersion() {
        var a = Sample.completeAudit()
        a.template = TemplateRef(id: "child-journey", version: 7)
        let p = check(a, template: nil)
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(p[0].severity, .error)
        XCTAssertEqual(p[0].file, file)
        XCTAssertTrue(p[0].message.contains("child-journey version 7"), p[0].message)
        XCTAssertTrue(p[0].remedy?.contains("templates/child-journey@7.yaml") == true, p[0].remedy ?? "")
        XCTAssertNotNil(p[0].line)
    }

    func testSectionTheTemplateLacks() throws {
        var a = Sample.completeAudit()
        a.sections["contact"] = SectionRecord(grade: .good, rationale: "x")
        let p = check(a)
        XCTAssertEqual(p.count, 1)
        XCTAssertTrue(p[0].message.contains("section \"contact\" is not in template child-journey@2"), p[0].message)
        // The line points at the key in the file.
        let text = String(decoding: try AuditCoding.encode(a), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines[p[0].line! - 1].contains("\"contact\""), "\(p[0])")
    }

    /// The line and column of a problem point at the value in the encoded file.
    private func value(at d: Diagnostic, in audit: Audit) throws -> Substring {
        let text = String(decoding: try AuditCoding.encode(audit), as: UTF8.self)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false)[try XCTUnwrap(d.line) - 1]
        return line.utf8.dropFirst(try XCTUnwrap(d.column) - 1).split(separator: UInt8(ascii: ",")).first.map { Substring($0) } ?? ""
    }

    func testSchemaBelowOneIsAnErrorWithLineAndColumn() throws {
        var a = Sample.completeAudit()
        a.schema = -1
        let p = check(a)
        XCTAssertEqual(p.count, 1, p.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(p[0].severity, .error)
        XCTAssertTrue(p[0].message.contains("schema -1 is not a schema caseaudit writes"), p[0].message)
        XCTAssertEqual(try value(at: p[0], in: a), "-1")
        a.schema = 0
        XCTAssertEqual(check(a).count, 1)
    }

    func testTemplateIDThatIsAPathIsAnErrorWithLineAndColumn() throws {
        var a = Sample.completeAudit()
        a.template = TemplateRef(id: "../../etc/child-journey", version: 2)
        let p = check(a, template: nil)
        XCTAssertEqual(p.count, 1, "only the id problem; no remedy naming a path outside the folder: \(p)")
        XCTAssertEqual(p[0].severity, .error)
        XCTAssertTrue(p[0].message.contains("template id \"../../etc/child-journey\" is not a template id"), p[0].message)
        XCTAssertFalse(p[0].remedy?.contains("../") ?? true, p[0].description)
        XCTAssertEqual(try value(at: p[0], in: a), "\"../../etc/child-journey\"")
        a.template = TemplateRef(id: "child-journey", version: 0)
        let version = check(a, template: nil)
        XCTAssertTrue(version.contains { $0.message.contains("template version 0 is not a version") && $0.column != nil }, "\(version)")
    }

    func testQuestionTheSectionLacks() throws {
        var a = Sample.completeAudit()
        a.sections["plan"]?.answers["plan-typo"] = Response(answer: .yes)
        let p = check(a)
        XCTAssertEqual(p.count, 1)
        XCTAssertTrue(p[0].message.contains("question \"plan-typo\" is not in section \"plan\""), p[0].message)
        let text = String(decoding: try AuditCoding.encode(a), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines[p[0].line! - 1].contains("\"plan-typo\""), "\(p[0])")
    }

    func testValuesInvalidForTheirType() {
        var a = Sample.completeAudit()
        a.sections["details"]?.answers["placement"] = Response(value: "Hotel")
        a.sections["details"]?.answers["review-date"] = Response(value: "2018-02-30")
        a.sections["details"]?.answers["visit-count"] = Response(value: "several")
        a.sections["plan"]?.answers["plan-quality"] = Response(value: "Very good")
        a.sections["plan"]?.answers["plan-up-to-date"] = Response(value: "yes")
        let p = check(a)
        XCTAssertEqual(p.count, 5, p.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(p.allSatisfy { $0.severity == .error && $0.line != nil && $0.remedy != nil })
        let messages = p.map(\.message).joined(separator: "\n")
        XCTAssertTrue(messages.contains("\"Hotel\" is not one of: Foster care, Kinship care"), messages)
        XCTAssertTrue(messages.contains("\"2018-02-30\" is not a date YYYY-MM-DD"), messages)
        XCTAssertTrue(messages.contains("\"several\" is not a number"), messages)
        XCTAssertTrue(messages.contains("\"Very good\" is not a grade"), messages)
        XCTAssertTrue(messages.contains("holds a value (\"yes\") instead of an answer"), messages)
    }

    func testCompletedAuditThatFailsTheCompletionCheck() {
        var a = Sample.completeAudit()
        a.status = .complete
        a.completed = Sample.created
        a.sections["plan"]?.rationale = ""
        a.sections["plan"]?.answers["plan-up-to-date"] = Response(answer: .no)
        let p = check(a)
        XCTAssertEqual(p.count, 2, p.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(p.allSatisfy { $0.message.hasPrefix("the audit is marked complete but") })
        XCTAssertTrue(p[0].message.contains("without an evidence note"))
        XCTAssertTrue(p[1].message.contains("no rationale"))
        // The same gaps in a draft are not problems.
        a.status = .draft
        XCTAssertEqual(check(a), [])
    }

    func testImportedAuditsNeedOnlyTheirDetails() {
        var a = Sample.completeAudit()
        a.origin = .imported
        a.status = .complete
        a.completed = Sample.created
        a.sections = ["plan": SectionRecord(grade: .good)]
        a.overall = Judgement()
        XCTAssertEqual(check(a), [])
        a.team = ""
        XCTAssertEqual(check(a).map(\.message), ["the audit is marked complete but: no team"])
    }

    func testCohortNotAllowedByTheTemplate() {
        var a = Sample.completeAudit()
        a.cohort = .earlyHelp
        let p = check(a)
        XCTAssertEqual(p.count, 1)
        XCTAssertTrue(p[0].message.contains("cohort EH is not allowed by template child-journey@2 (allowed: CIN, CP, LAC)"), p[0].message)
        // Reported once even when the audit is complete.
        a.status = .complete
        a.completed = Sample.created
        XCTAssertEqual(check(a).count, 1)
    }

    func testFutureMonthIsAWarning() {
        var a = Sample.completeAudit()
        a.month = Month(year: 2019, month: 6)
        let p = check(a)
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(p[0].severity, .warning)
        XCTAssertTrue(p[0].message.contains("2019-06"))
        a.month = Month(year: 2019, month: 1)
        XCTAssertEqual(check(a), [])
    }

    func testBadMonthInTheFileIsReportedByDecoding() {
        let json = String(decoding: try! AuditCoding.encode(Sample.completeAudit()), as: UTF8.self)
            .replacingOccurrences(of: "\"2018-12\"", with: "\"2018-13\"")
        XCTAssertThrowsError(try AuditCoding.decode(Data(json.utf8), file: file)) { error in
            let d = error as? Diagnostic
            XCTAssertEqual(d?.file, file)
            XCTAssertTrue(d?.message.contains("month must be YYYY-MM") == true, "\(error)")
            let lines = json.split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertTrue(d?.line.map { lines[$0 - 1].contains("\"month\" : \"2018-13\"") } == true, "\(error)")
        }
    }

    func testCompleteWithoutCompletionDateIsAWarning() {
        var a = Sample.completeAudit()
        a.status = .complete
        let p = check(a)
        XCTAssertEqual(p.map(\.severity), [.warning])
    }

    func testWithoutSourceThereIsNoLine() {
        var a = Sample.completeAudit()
        a.sections["contact"] = SectionRecord()
        let p = check(a, source: false)
        XCTAssertEqual(p.count, 1)
        XCTAssertNil(p[0].line)
    }
}
