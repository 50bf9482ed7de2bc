import XCTest
@testable import CaseAuditCore

/// A Yes to "Did anything in this file need action to keep the child safe today?" stays open until
/// a QA lead marks it resolved, and the history records who did, when and why.
final class EscalationTests: XCTestCase {
    private static let catalog = TemplateCatalog.load(folder: TemplateFixtures.repository.appendingPathComponent("AuditTemplates"))

    private func audit(_ id: String, template: AuditTemplate, escalation: Answer?, month: String = "2018-12") -> Audit {
        var a = Audit(id: id, template: TemplateRef(id: template.id, version: template.version), caseRef: "CR-\(id.suffix(6))",
                      cohort: template.cohorts[0], team: "Northgate Assessment", auditor: "Casey Thistledown",
                      month: Month(month), created: Date(timeIntervalSince1970: 1_543_000_000))
        if let escalation {
            a.sections["escalation"] = SectionRecord(answers: [
                "escalation-needed": Response(answer: escalation, note: escalation == .yes ? "A new injury recorded at the last visit." : nil),
                "escalation-to": Response(value: "Service manager, the same day"),
            ])
        }
        return a
    }

    func testEveryShippedTemplateCanRecordAndResolveAnEscalation() throws {
        for template in Self.catalog.templates {
            XCTAssertNotNil(template.question(role: .escalation), template.id)
            XCTAssertEqual(template.question(role: .resolution)?.type, .date, template.id)
            var a = audit("2018-12-00000001", template: template, escalation: .yes)
            XCTAssertEqual(Escalation.state(of: a, template: template), .open, template.id)
            try Escalation.resolve(&a, template: template, on: "2018-12-04")
            XCTAssertEqual(Escalation.state(of: a, template: template), .resolved("2018-12-04"), template.id)
        }
    }

    func testOnlyAYesIsOpenAndVersionOneHasNone() throws {
        let t = try XCTUnwrap(Self.catalog.latest("child-journey"))
        XCTAssertEqual(Escalation.state(of: audit("a1", template: t, escalation: .no), template: t), .none)
        XCTAssertEqual(Escalation.state(of: audit("a2", template: t, escalation: nil), template: t), .none)
        let v1 = try XCTUnwrap(Self.catalog.template(TemplateRef(id: "child-journey", version: 1)))
        XCTAssertEqual(Escalation.state(of: audit("a3", template: v1, escalation: nil), template: v1), .none)
        let audits = [audit("2019-01-00000003", template: t, escalation: .yes, month: "2019-01"),
                      audit("2018-12-00000002", template: t, escalation: .no),
                      audit("2018-11-00000001", template: t, escalation: .yes, month: "2018-11"),
                      audit("2018-10-00000009", template: v1, escalation: nil, month: "2018-10")]
        XCTAssertEqual(Escalation.open(audits, template: Self.catalog.template).map(\.id), ["2018-11-00000001", "2019-01-00000003"],
                       "open ones only, oldest first")
    }

    func testResolvingWhatIsNotOpenOrWithABadDateIsRefusedAndChangesNothing() throws {
        let t = try XCTUnwrap(Self.catalog.latest("child-journey-lac"))
        var no = audit("2018-12-00000001", template: t, escalation: .no)
        let before = no
        XCTAssertThrowsError(try Escalation.resolve(&no, template: t, on: "2018-12-04")) { error in
            XCTAssertEqual((error as? DiagnosticsError)?.status, .dataError)
            XCTAssertTrue("\(error)".contains("has no open escalation"), "\(error)")
        }
        XCTAssertEqual(no, before)
        var yes = audit("2018-12-00000002", template: t, escalation: .yes)
        let open = yes
        XCTAssertThrowsError(try Escalation.resolve(&yes, template: t, on: "04/12/2018")) { error in
            XCTAssertTrue("\(error)".contains("\"04/12/2018\" is not a date"), "\(error)")
            XCTAssertTrue("\(error)".contains("YYYY-MM-DD"), "\(error)")
        }
        XCTAssertEqual(yes, open)
        try Escalation.resolve(&yes, template: t, on: "2018-12-05")
        var again = yes
        XCTAssertThrowsError(try Escalation.resolve(&again, template: t, on: "2018-12-06"), "already resolved")
    }

    /// The summary for the case file shows a Yes to the escalation question, never a No, and the
    /// impact question whatever its answer.
    func testTheSummaryShowsAnEscalationAndTheImpact() throws {
        let t = try XCTUnwrap(Self.catalog.latest("child-journey"))
        var yes = audit("2018-12-00000001", template: t, escalation: .yes)
        yes.sections["plan"] = SectionRecord(answers: ["plan-difference-made": Response(answer: .yes, note: "Attendance up to 95%.")])
        let text = AuditSummary(yes, template: t).render(.text)
        XCTAssertTrue(text.contains("Yes: Did anything in this file need action to keep the child safe today?"), text)
        XCTAssertTrue(text.contains("A new injury recorded at the last visit."), text)
        XCTAssertTrue(text.contains("Yes: What difference has the work made for the child?"), text)
        let no = AuditSummary(audit("2018-12-00000002", template: t, escalation: .no), template: t).render(.text)
        XCTAssertFalse(no.contains("keep the child safe today"), no)
    }

    func testResolvingACompletedAuditIsRecordedInItsHistory() throws {
        let root = try TemplateFixtures.temporaryFolder(self)
        let directory = DataDirectory(root: root.appendingPathComponent("data"))
        let repository = AuditRepository(directory: directory, catalog: Self.catalog)
        let t = try XCTUnwrap(Self.catalog.latest("supervision-file"))
        var a = audit("2018-12-00000001", template: t, escalation: .yes)
        a.status = .complete
        a.completed = a.created
        try repository.save(a, by: "casey.thistledown", reason: nil)
        XCTAssertEqual(Escalation.open(repository.store.loadAll().audits, template: Self.catalog.template).map(\.id), [a.id])

        XCTAssertThrowsError(try Escalation.resolve(id: a.id, in: repository, store: repository.store, catalog: Self.catalog,
                                                    on: "2018-12-04", by: "jamie.larkspire", reason: ""),
                             "a completed audit changes only with a reason")
        try Escalation.resolve(id: a.id, in: repository, store: repository.store, catalog: Self.catalog,
                               on: "2018-12-04", by: "jamie.larkspire", reason: "Strategy discussion held; the child is safe with grandparents.")
        XCTAssertEqual(Escalation.open(repository.store.loadAll().audits, template: Self.catalog.template), [])
        let last = try XCTUnwrap(try AuditHistory(directory: directory).entries(a.id).last)
        XCTAssertEqual(last.user, "jamie.larkspire")
        XCTAssertEqual(last.action, .amend)
        XCTAssertEqual(last.reason, "Strategy discussion held; the child is safe with grandparents.")
        XCTAssertTrue(last.changes.contains { $0.field.contains("escalation-resolved") && $0.to?.contains("2018-12-04") == true },
                      "\(last.changes)")
        XCTAssertEqual(AuditHistory(directory: directory).verify(a.id).map(\.description), [])
    }
}
