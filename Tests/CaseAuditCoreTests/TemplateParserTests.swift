import XCTest
@testable import CaseAuditCore

final class TemplateParserTests: XCTestCase {
    func testGoodTemplateParsesIntoExpectedValues() throws {
        let result = TemplateParser.parse(try TemplateFixtures.text("sample-journey.yaml"),
                                          file: TemplateFixtures.url("sample-journey.yaml").path)
        XCTAssertEqual(result.diagnostics, [])
        let t = try XCTUnwrap(result.template)
        XCTAssertEqual(t.id, "sample-journey")
        XCTAssertEqual(t.title, "Sample child journey audit")
        XCTAssertEqual(t.version, 2)
        XCTAssertEqual(t.description, "A made-up template for tests.")
        XCTAssertEqual(t.cohorts, [.childInNeed, .childProtection])
        XCTAssertEqual(t.sections.map(\.id), ["plan", "visits"])

        let plan = t.sections[0]
        XCTAssertEqual(plan.title, "The plan")
        XCTAssertEqual(plan.guidance, "Read the latest plan.")
        XCTAssertTrue(plan.graded)
        XCTAssertEqual(plan.questions, [
            Question(id: "plan-up-to-date", text: "Is there an up-to-date plan?", type: .answer,
                     source: "Plans: every child has an up-to-date plan"),
            Question(id: "plan-contingency", text: "Is there a clear contingency plan?",
                     guidance: "What happens if the plan does not work.", type: .answer, required: false,
                     appliesTo: [.childProtection]),
        ])
        XCTAssertEqual(plan.limits, [
            LimitRule(question: "plan-up-to-date", when: [.no], cap: .requiresImprovement),
            LimitRule(question: "plan-contingency", when: [.no, .partly], cap: .good),
        ])

        let visits = t.sections[1]
        XCTAssertFalse(visits.graded)
        XCTAssertEqual(visits.questions[0].type, .choice)
        XCTAssertEqual(visits.questions[0].options, ["Home visit", "School visit", "Office: planned"])
        XCTAssertEqual(visits.questions[1].type, .date)
        XCTAssertTrue(visits.questions[1].required)
    }

    func testMinimalTemplateHasNoDiagnostics() {
        XCTAssertEqual(templateDiagnostics(minimalTemplateYAML), [])
        XCTAssertNotNil(TemplateParser.parse(minimalTemplateYAML, file: "t.yaml").template)
    }

    func testTemplateWithErrorsGivesNoTemplate() {
        let result = TemplateParser.parse(minimalTemplateYAML.replacingOccurrences(of: "type: answer", with: "type: yesno"),
                                          file: "t.yaml")
        XCTAssertNil(result.template)
        XCTAssertTrue(result.diagnostics.hasErrors)
    }

    func testWarningsAloneStillGiveATemplate() {
        let result = TemplateParser.parse(minimalTemplateYAML, file: "other-name.yaml")
        XCTAssertNotNil(result.template)
        XCTAssertEqual(result.diagnostics.map(\.severity), [.warning])
    }
}
