import XCTest
@testable import CaseAuditCore

/// The optional, non-identifying characteristics of the child (age band, disability, ethnic group
/// in the census's broad groups, unaccompanied asylum seeker) on every shipped template, and
/// `--redact` dropping them while other choice answers survive.
final class CharacteristicsTests: XCTestCase {
    private static let catalog = TemplateCatalog.load(folder: TemplateFixtures.repository.appendingPathComponent("AuditTemplates"))

    func testEveryShippedTemplateAsksTheFourOptionalCharacteristics() throws {
        for t in Self.catalog.templates {
            let child = try XCTUnwrap(t.section("child"), t.id)
            XCTAssertFalse(child.graded, t.id)
            XCTAssertEqual(child.questions.map(\.id), ["child-age-band", "child-disability", "child-ethnicity", "child-uasc"], t.id)
            for q in child.questions {
                XCTAssertEqual(q.role, .characteristic, "\(t.id) \(q.id)")
                XCTAssertEqual(q.type, .choice, "\(t.id) \(q.id)")
                XCTAssertFalse(q.required, "\(t.id) \(q.id) is optional")
            }
            XCTAssertEqual(child.question("child-ethnicity")?.options.count, 6, "five census groups and not recorded")
            XCTAssertEqual(t.sections.first?.id, "escalation", "the escalation question stays first")
        }
    }

    func testRedactionDropsCharacteristicsAndKeepsOtherChoices() throws {
        let t = try XCTUnwrap(Self.catalog.latest("child-journey-lac"))
        var audit = Audit(id: "2018-12-00000001", template: TemplateRef(id: t.id, version: t.version), status: .complete,
                          caseRef: "CR-100001", cohort: .lookedAfter, team: "Hillcrest LAC", auditor: "Taylor Brookmantle",
                          month: Month("2018-12"), created: Date(timeIntervalSince1970: 1_543_000_000))
        audit.sections["child"] = SectionRecord(answers: [
            "child-age-band": Response(value: "10 to 15"), "child-disability": Response(value: "No"),
            "child-ethnicity": Response(value: "Mixed or Multiple ethnic groups"), "child-uasc": Response(value: "Yes"),
        ])
        audit.sections["permanence"] = SectionRecord(answers: ["permanence-placement-type": Response(value: "Placed with parents")])

        let redacted = Redaction.redacted(audit, template: t, pseudonym: Pseudonym(key: Array(repeating: 7, count: 32)))
        XCTAssertEqual(redacted.sections["child"]?.answers.values.compactMap(\.value), [], "characteristics dropped")
        XCTAssertEqual(redacted.sections["permanence"]?.answers["permanence-placement-type"]?.value, "Placed with parents")

        for format in AuditExporter.Format.allCases {
            let options = AuditExporter.Options(format: format, level: .answer, redact: true)
            let text = try AuditExporter(templates: Self.catalog, options: options).export([audit])
            for word in ["10 to 15", "Mixed or Multiple", "CR-100001"] {
                XCTAssertFalse(text.contains(word), "\(format) redacted export holds \(word)")
            }
            XCTAssertTrue(text.contains("Placed with parents"), "\(format)")
            let plain = try AuditExporter(templates: Self.catalog, options: .init(format: format, level: .answer)).export([audit])
            XCTAssertTrue(plain.contains("Mixed or Multiple ethnic groups"), "\(format): kept without --redact")
        }
    }
}
