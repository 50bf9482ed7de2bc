import XCTest
@testable import CaseAuditCore

final class TemplateTextTests: XCTestCase {
    private func sample() throws -> AuditTemplate {
        try XCTUnwrap(TemplateParser.parse(contentsOf: TemplateFixtures.url("sample-journey.yaml")).template)
    }

    func testTableListsIDVersionTitleCohortsAndSections() throws {
        XCTAssertEqual(TemplateText.table([try sample()]), """
            ID              VERSION  TITLE                       COHORTS  SECTIONS
            sample-journey  2        Sample child journey audit  CIN, CP  plan, visits
            """)
    }

    func testDescribeShowsSectionsQuestionsLimitsGuidanceAndSource() throws {
        XCTAssertEqual(TemplateText.describe(try sample()), """
            Sample child journey audit
            sample-journey, version 2, for CIN (child in need), CP (child protection)
            A made-up template for tests.

            1. The plan [plan], graded
               Read the latest plan.
               1.1 Is there an up-to-date plan? [plan-up-to-date]
                   answer, required
                   Source: Plans: every child has an up-to-date plan
               1.2 Is there a clear contingency plan? [plan-contingency]
                   answer, optional, applies to CP
                   Guidance: What happens if the plan does not work.
               Limits:
                 - No to plan-up-to-date caps the grade at Requires improvement
                 - No or Partly to plan-contingency caps the grade at Good

            2. Visits [visits], not graded
               2.1 How was the child last seen? [visit-type]
                   choice, required
                   Options: Home visit | School visit | Office: planned
               2.2 Date of the last visit [last-visit]
                   date, required
            """)
    }

    func testWrapKeepsLinesWithinTheWidthAndIndents() {
        let text = TemplateText.wrapped("one two three four five six", indent: "  ", hanging: "    ", width: 14)
        XCTAssertEqual(text, "  one two\n    three four\n    five six")
    }
}
