import XCTest
@testable import CaseAuditCore

/// Issue 13: a summary fit for the case file: the overall grade first, the child's own words,
/// the actions with owners, due dates and how they stand, the supervision dates; one printed page.
final class CaseFileSummaryTests: XCTestCase {
    /// child-journey with a voice section holding the child's words, as the shipped templates have.
    static let template: AuditTemplate = {
        var t = DataIOFixtures.childJourney
        t.sections.insert(TemplateSection(id: "voice", title: "Voice of the child", graded: true, questions: [
            DataIOFixtures.answer("voice-seen-views", "Are the child's wishes and feelings recorded?"),
            Question(id: "voice-child-words", text: "In the child's own words, where recorded, what do they say about their life?",
                     type: .text, required: false),
        ]), at: 4)
        return t
    }()

    static let audit: Audit = {
        var a = DataIOSampleAudits.complete
        a.sections["voice"] = SectionRecord(answers: ["voice-seen-views": Response(answer: .yes),
                                                      "voice-child-words": Response(value: "I like my new school.\nI want to see Nan more.")],
                                            grade: .good, rationale: "Views recorded at each visit.")
        a.actions.append(AuditAction(what: "Arrange contact with grandmother", who: "Sam Fernhollow", by: "2024-04-30", done: true,
                                     doneOn: "2024-04-28", outcome: .done, carriedFrom: "2024-03-99aa88bb"))
        a.actions.append(AuditAction(what: "Refer to the young carers' service", who: "Sam Fernhollow", by: "2024-03-31", done: true,
                                     outcome: .noLongerNeeded, carriedFrom: "2024-03-99aa88bb"))
        return a
    }()

    var summary: AuditSummary { AuditSummary(Self.audit, template: Self.template) }

    func testGoldens() {
        assertDataIOGolden(summary.render(.text), "summary/case-file.txt")
        assertDataIOGolden(summary.render(.markdown), "summary/case-file.md")
        assertDataIOGolden(summary.render(.html), "summary/case-file.html")
    }

    func testTheOverallGradeComesFirstThenTheChildsWordsActionsAndSupervision() {
        for format in AuditSummary.Format.allCases {
            let text = summary.render(format)
            let order = ["Overall grade", "In the child's words", "I like my new school.", "Actions",
                         "Supervision dates", "2024-01-15", "Chronology", "Feedback"]
            let places = order.map { text.range(of: $0)?.lowerBound }
            XCTAssertFalse(places.contains(nil), "\(format): \(zip(order, places).filter { $0.1 == nil }.map(\.0))")
            XCTAssertEqual(places.compactMap { $0 }, places.compactMap { $0 }.sorted(), "\(format) order:\n\(text)")
        }
    }

    func testActionsSayWhoByWhenAndHowTheyStand() {
        let text = summary.render(.text)
        XCTAssertTrue(text.contains("  Who: Jamie Larkspire; by: 2024-05-15; open"), text)
        XCTAssertTrue(text.contains("  Who: Sam Fernhollow; by: 2024-05-31; done"), text)
        XCTAssertTrue(text.contains("  Who: Sam Fernhollow; by: 2024-04-30; done on 2024-04-28; carried over from audit 2024-03-99aa88bb"), text)
        XCTAssertTrue(text.contains("by: 2024-03-31; outcome: no longer needed"), text)
        XCTAssertTrue(summary.render(.markdown).contains("| Arrange contact with grandmother | Sam Fernhollow | 2024-04-30 | done on 2024-04-28; carried over from audit 2024-03-99aa88bb |"))
    }

    func testWithoutWordsOrDatesTheirHeadingsAreLeftOut() {
        var a = Self.audit
        a.sections["voice"]?.answers["voice-child-words"] = Response(value: "  ")
        a.sections["supervision"]?.answers["supervision-last"] = nil
        let text = AuditSummary(a, template: Self.template).render(.text)
        XCTAssertFalse(text.contains("In the child's words"), text)
        XCTAssertFalse(text.contains("Supervision dates"), text)
    }

    func testTheHTMLPrintsCompactlyWithoutForcedPageBreaks() {
        let html = summary.render(.html)
        XCTAssertTrue(html.contains("@page { size: A4; margin: 12mm; }"))
        XCTAssertTrue(html.contains("body { font-size: 9pt;"))
        XCTAssertFalse(html.contains("break-before"), "nothing forces a new page")
        XCTAssertFalse(html.contains("section { break-inside: avoid"), "no whole-section blocks that push to a new page")
        XCTAssertFalse(html.contains("page-break"))
    }
}
