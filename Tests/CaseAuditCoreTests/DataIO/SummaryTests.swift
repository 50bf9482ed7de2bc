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
