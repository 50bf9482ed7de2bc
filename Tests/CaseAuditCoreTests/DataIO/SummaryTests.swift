import XCTest
@testable import CaseAuditCore

final class SummaryTests: XCTestCase {
    func summary(_ audit: Audit = DataIOSampleAudits.complete) -> AuditSummary {
        AuditSummary(audit, template: DataIOFixtures.templates.template(audit.template))
    }

    func testTextGolden() {
        assertDataIOGolden(summary().render(.text), "summary/complete.txt")
    }

    func testMarkdownGolden() {
        assertDataIOGolden(summary().render(.markdown), "summary/complete.md")
    }

    func testHTMLGolden() {
        assertDataIOGolden(summary().render(.html), "summary/complete.html")
    }

    func testDraftTextGolden() {
        assertDataIOGolden(summary(DataIOSampleAudits.draft).render(.text), "summary/draft.txt")
    }

    func testHTMLIsSelfContainedAndEscaped() {
        var audit = DataIOSampleAudits.complete
        audit.feedback.family = "<script>alert(1)</script> & more"
        let html = summary(audit).render(.html)
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"))
        XCTAssertFalse(html.contains("src="))
        XCTAssertFalse(html.contains("href="))
        XCTAssertTrue(html.contains("@media print"))
    }

    func testModeratedGradeShowsBoth() {
        let plan = summary().sections.first { $0.title == "Plan" }
        XCTAssertEqual(plan?.grade, "Good (moderated; auditor's grade: Requires improvement)")
        XCTAssertEqual(plan?.keyAnswers.map(\.answer), [.no])
    }

    func testRightOfReplyAndThePreviousAuditsGradesInEveryFormat() {
        var audit = DataIOSampleAudits.complete
        audit.feedback.toWorker = "Plan actions need dates."
        audit.feedback.reply = WorkerReply(agreement: .partly, text: "Dates are in the appendix.", date: "2026-12-01")
        var previous = DataIOSampleAudits.complete
        previous.id = "earlier-audit"
        previous.month = Month(year: 2018, month: 6)
        previous.overall = Judgement(grade: .requiresImprovement, rationale: "Earlier.")
        let s = AuditSummary(audit, template: DataIOFixtures.templates.template(audit.template), previous: previous)
        XCTAssertEqual(s.overall.previousGrade, "Requires improvement (2018-06)")
        XCTAssertEqual(s.workerReply, "Partly agrees (2026-12-01): Dates are in the appendix.")
        let text = s.render(.text)
        XCTAssertTrue(text.contains("To the worker: Plan actions need dates."))
        XCTAssertTrue(text.contains("Worker's reply: Partly agrees (2026-12-01): Dates are in the appendix."))
        XCTAssertTrue(text.contains("Previous audit: Requires improvement (2018-06)"))
        XCTAssertTrue(s.render(.markdown).contains("- **Worker's reply:** Partly agrees (2026-12-01): Dates are in the appendix."))
        XCTAssertTrue(s.render(.html).contains("<p>Previous audit: Requires improvement (2018-06)</p>"))
        // Without them nothing is added (the goldens above hold the plain summary).
        XCTAssertFalse(summary().render(.text).contains("Previous audit"))
    }

    func testFeedbackReplyIsOptionalInTheFile() throws {
        let feedback = try readAudit(with: #""feedback": {"worker": "Fine", "family": ""}"#).feedback
        XCTAssertEqual(feedback, Feedback(worker: "Fine"))
        // Written back without the new fields, so an older file keeps its bytes.
        let written = String(decoding: try JSONEncoder().encode(feedback), as: UTF8.self)
        XCTAssertFalse(written.contains("to_worker"))
        XCTAssertFalse(written.contains("reply"))
        let full = Feedback(worker: "", family: "", toWorker: "Dates", reply: WorkerReply(agreement: .disagree, text: "No", date: "2026-12-01"))
        let back = try readAudit(with: "\"feedback\": " + String(decoding: JSONEncoder().encode(full), as: UTF8.self)).feedback
        XCTAssertEqual(back, full)
    }

    func testEarlierAuditsOfTheCase() {
        let ref = TemplateRef(id: "t", version: 1)
        func f(_ id: String, _ m: Int, _ status: AuditStatus = .complete, caseRef: String = "CR-1") -> AuditFacts {
            AuditFacts(id: id, month: Month(year: 2026, month: m), template: ref, cohort: nil, status: status,
                       caseRef: caseRef, templateSections: [])
        }
        let audit = Audit(id: "now", template: ref, caseRef: "CR-1", month: Month(year: 2026, month: 10))
        let facts = [f("a", 3), f("b", 9), f("c", 9, .draft), f("d", 11), f("e", 5, caseRef: "CR-2"), f("now", 10)]
        XCTAssertEqual(AuditSummary.earlier(than: audit, among: facts).map(\.id), ["b", "a"])
        var blank = audit
        blank.caseRef = " "
        XCTAssertEqual(AuditSummary.earlier(than: blank, among: facts), [], "no case reference, no earlier audits")
    }

    func testWithoutTheTemplateFallsBackToIDs() {
        let s = AuditSummary(DataIOSampleAudits.complete, template: nil)
        XCTAssertTrue(s.sections.map(\.title).contains("plan"))
        XCTAssertTrue(s.render(.text).contains("child-journey, version 2"))
    }

    func testUnknownIDIs66WithRemedy() {
        let root = DataIOFixtures.temporaryFolder()
        XCTAssertThrowsError(try AuditStore(directory: DataDirectory(root: root)).load("2024-04-ffffffff")) { error in
            guard let e = error as? CaseAuditError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.status, .noInput)
            XCTAssertTrue(e.description.contains("no audit with id \"2024-04-ffffffff\""))
            XCTAssertNotNil(e.diagnostic.remedy)
        }
    }
}
