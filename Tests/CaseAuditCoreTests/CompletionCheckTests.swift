import XCTest
@testable import CaseAuditCore

final class CompletionCheckTests: XCTestCase {
    private let template = Sample.template

    private func gaps(_ audit: Audit) -> [CompletionGap] { CompletionCheck.gaps(in: audit, template: template) }

    /// (section, question) pairs, "-" for nil, to compare order compactly.
    private func places(_ gaps: [CompletionGap]) -> [String] {
        gaps.map { "\($0.sectionID ?? "-")/\($0.questionID ?? "-")" }
    }

    func testCompleteAuditHasNoGaps() {
        XCTAssertEqual(gaps(Sample.completeAudit()), [])
    }

    func testEmptyAuditListsEveryGapInTemplateOrder() {
        let audit = Audit(id: "2018-12-00000001", template: TemplateRef(id: "child-journey", version: 2), created: Sample.created)
        XCTAssertEqual(places(gaps(audit)), [
            "-/case_ref", "-/cohort", "-/team", "-/auditor", "-/month",
            "details/placement", "details/review-date", "details/visit-count",
            // no cohort: every question applies, including the CP and LAC ones
            "plan/plan-up-to-date", "plan/plan-contingency", "plan/plan-action", "plan/plan-quality",
            "plan/plan-parents-clear", "plan/permanence-plan", "plan/-", "plan/-",
            "supervision/supervision-regular", "supervision/-", "supervision/-",
            "-/overall", "-/overall",
        ])
        let messages = gaps(audit).map(\.message)
        XCTAssertEqual(messages[0], "no case reference")
        XCTAssertEqual(messages[1], "no cohort")
        XCTAssertTrue(messages.contains("Plan: no section grade"))
        XCTAssertTrue(messages.contains("Plan: no rationale for the grade"))
        XCTAssertEqual(messages.suffix(2), ["no overall grade", "no rationale for the overall grade"])
    }

    func testCarriedOverActionNeedsAnOutcome() {
        var a = Sample.completeAudit()
        a.actions = [AuditAction(what: "New action", who: "SW", by: "2026-12-01"),
                     AuditAction(what: "Update the chronology", who: "SW", by: "2026-06-01", carriedFrom: "2026-05-earlier1")]
        let found = gaps(a)
        XCTAssertEqual(places(found), ["-/actions[1]"], "only the carried-over action, not a new one")
        XCTAssertEqual(found.first?.actionIndex, 1)
        XCTAssertEqual(found.first?.message,
                       "carried-over action \"Update the chronology\" needs an outcome: done, not done or no longer needed")
        for outcome in ActionOutcome.allCases {
            a.actions[1].outcome = outcome
            XCTAssertEqual(gaps(a), [], "\(outcome) closes it")
        }
    }

    func testAnActionWithoutOwnerOrDueDateIsAGap() {
        var a = Sample.completeAudit()
        a.actions = [AuditAction(what: "Book supervision", who: "SW", by: "2026-12-01"),
                     AuditAction(what: "Update the plan", who: " ", by: ""),
                     AuditAction(what: "Visit", who: "", by: "2026-12-01"),
                     AuditAction(what: "Review", who: "TM", by: "")]
        let found = gaps(a)
        XCTAssertEqual(places(found), ["-/actions[1]", "-/actions[2]", "-/actions[3]"])
        XCTAssertEqual(found.map(\.actionIndex), [1, 2, 3])
        XCTAssertEqual(found.map(\.message), ["action \"Update the plan\" does not say who will do it or by when",
                                              "action \"Visit\" does not say who will do it",
                                              "action \"Review\" does not say by when"])
        a.actions = Array(a.actions.prefix(1))
        XCTAssertEqual(gaps(a), [])
    }

    func testBlankHeaderFieldsAreGaps() {
        var a = Sample.completeAudit()
        a.caseRef = "  "
        a.team = ""
        a.auditor = "\n"
        a.month = nil
        XCTAssertEqual(places(gaps(a)), ["-/case_ref", "-/team", "-/auditor", "-/month"])
    }

    func testCohortMustBeOneOfTheTemplates() {
        var a = Sample.completeAudit()
        a.cohort = .careLeaver
        let g = gaps(a)
        XCTAssertEqual(places(g), ["-/cohort"])
        XCTAssertTrue(g[0].message.contains("CL"), g[0].message)
        XCTAssertTrue(g[0].message.contains("CIN, CP, LAC"), g[0].message)
    }

    func testOnlyQuestionsForTheCohortAreRequired() {
        var a = Sample.completeAudit()
        a.cohort = .childProtection
        XCTAssertEqual(places(gaps(a)), ["plan/plan-parents-clear"])
        a.cohort = .lookedAfter
        XCTAssertEqual(places(gaps(a)), ["plan/permanence-plan"])
    }

    func testOptionalQuestionsAreNotRequired() {
        var a = Sample.completeAudit()
        a.sections["details"]?.answers["worker-note"] = nil
        XCTAssertEqual(gaps(a), [])
    }

    func testAnswerQuestions() {
        func gapFor(_ r: Response?) -> [String] {
            var a = Sample.completeAudit()
            a.sections["plan"]?.answers["plan-up-to-date"] = r
            return gaps(a).map(\.message)
        }
        XCTAssertEqual(gapFor(nil), ["Plan: \"Is the plan up to date?\" not answered (Yes, Partly, No or N/A)"])
        XCTAssertEqual(gapFor(Response(answer: .no)), ["Plan: \"Is the plan up to date?\" answered No without an evidence note"])
        XCTAssertEqual(gapFor(Response(answer: .partly, note: " \n ")).count, 1)
        XCTAssertEqual(gapFor(Response(answer: .no, note: "Plan is 14 months old")), [])
        XCTAssertEqual(gapFor(Response(answer: .yes)), [])
        XCTAssertEqual(gapFor(Response(answer: .na)), [])
        XCTAssertEqual(gapFor(Response(value: "yes")).count, 1)
    }

    private func detailGaps(_ question: String, _ value: String?) -> [CompletionGap] {
        var a = Sample.completeAudit()
        a.sections["details"]?.answers[question] = value.map { Response(value: $0) }
        return gaps(a)
    }

    func testChoiceQuestions() {
        XCTAssertEqual(places(detailGaps("placement", nil)), ["details/placement"])
        XCTAssertEqual(places(detailGaps("placement", "Residential")), ["details/placement"])
        XCTAssertTrue(detailGaps("placement", "Residential")[0].message.contains("one of: Foster care, Kinship care"))
        XCTAssertEqual(detailGaps("placement", "Foster care"), [])
    }

    func testDateQuestions() {
        for bad in ["", "28/11/2018", "2018-11-31", "2019-02-29", "2018-13-01", "2018-1-01", "20181128"] {
            XCTAssertEqual(places(detailGaps("review-date", bad)), ["details/review-date"], bad)
        }
        for good in ["2020-02-29", "2018-12-31", "2019-01-01"] {
            XCTAssertEqual(detailGaps("review-date", good), [], good)
        }
    }

    func testNumberQuestions() {
        for bad in ["", "three", "4 visits", "nan", "inf"] {
            XCTAssertEqual(places(detailGaps("visit-count", bad)), ["details/visit-count"], bad)
        }
        for good in ["0", "12", "2.5", " 3 "] {
            XCTAssertEqual(detailGaps("visit-count", good), [], good)
        }
    }

    func testGradeQuestions() {
        func g(_ value: String?) -> [String] {
            var a = Sample.completeAudit()
            a.sections["plan"]?.answers["plan-quality"] = value.map { Response(value: $0) }
            return places(gaps(a))
        }
        XCTAssertEqual(g(nil), ["plan/plan-quality"])
        XCTAssertEqual(g("Good"), ["plan/plan-quality"]) // stored words only
        XCTAssertEqual(g("excellent"), ["plan/plan-quality"])
        XCTAssertEqual(g("requires-improvement"), [])
        XCTAssertEqual(g("na"), [])
    }

    func testTextQuestions() {
        let section = TemplateSection(id: "voice", title: "Voice", graded: false,
                                      questions: [Question(id: "wishes", text: "Wishes and feelings", type: .text)])
        let t = AuditTemplate(id: "t", title: "T", version: 1, cohorts: [.childInNeed], sections: [section])
        var a = Sample.completeAudit()
        a.template = TemplateRef(id: "t", version: 1)
        a.sections = ["voice": SectionRecord(answers: ["wishes": Response(value: "  ")])]
        XCTAssertEqual(places(CompletionCheck.gaps(in: a, template: t)), ["voice/wishes"])
        a.sections["voice"]?.answers["wishes"] = Response(value: "Wants to see her brother more.")
        XCTAssertEqual(CompletionCheck.gaps(in: a, template: t), [])
    }

    func testSmartQuestions() {
        func g(_ r: Response?) -> [String] {
            var a = Sample.completeAudit()
            a.sections["plan"]?.answers["plan-action"] = r
            return places(gaps(a))
        }
        XCTAssertEqual(g(nil), ["plan/plan-action"])
        XCTAssertEqual(g(Response(action: " ", smart: SmartCheck(specific: true))), ["plan/plan-action"])
        // The SMART ticks feed the suggestion; an action that meets none is still recorded.
        XCTAssertEqual(g(Response(action: "Ongoing")), [])
    }

    func testSectionGradeAndRationale() {
        var a = Sample.completeAudit()
        a.sections["supervision"]?.grade = nil
        a.sections["supervision"]?.rationale = " "
        XCTAssertEqual(gaps(a).map(\.message), ["Supervision: no section grade", "Supervision: no rationale for the grade"])
        XCTAssertEqual(places(gaps(a)), ["supervision/-", "supervision/-"])
    }

    func testNotApplicableSectionNeedsOnlyARationale() {
        var a = Sample.completeAudit()
        a.sections["supervision"] = SectionRecord(grade: .na, rationale: "")
        XCTAssertEqual(gaps(a).map(\.message), ["Supervision: no rationale for the grade"])
        a.sections["supervision"]?.rationale = "No supervision is expected for an early closure."
        XCTAssertEqual(gaps(a), [])
    }

    func testUngradedSectionNeedsNoGrade() {
        var a = Sample.completeAudit()
        a.sections["details"]?.grade = nil
        a.sections["details"]?.rationale = ""
        XCTAssertEqual(gaps(a), [])
    }

    func testOverallGradeCannotBeNAAndNeedsRationale() {
        var a = Sample.completeAudit()
        a.overall = Judgement(grade: .na, rationale: "")
        XCTAssertEqual(gaps(a).map(\.message), ["the overall grade cannot be N/A", "no rationale for the overall grade"])
        XCTAssertEqual(gaps(a).map(\.questionID), ["overall", "overall"])
    }

    func testCompleteSetsStatusAndDate() throws {
        var a = Sample.completeAudit()
        let at = Date(timeIntervalSince1970: 1_545_000_000)
        try AuditCompletion.complete(&a, template: template, at: at)
        XCTAssertEqual(a.status, .complete)
        XCTAssertEqual(a.completed, at)
        XCTAssertEqual(a.updated, at)
    }

    func testCompleteThrowsEveryGapAndLeavesTheDraft() {
        var a = Sample.completeAudit()
        a.team = ""
        a.overall.rationale = ""
        let before = a
        XCTAssertThrowsError(try AuditCompletion.complete(&a, template: template, at: Date(), file: "audits/x.json")) { error in
            guard let e = error as? DiagnosticsError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.status, .dataError)
            XCTAssertEqual(e.status.rawValue, 65)
            XCTAssertEqual(e.diagnostics.count, 2)
            XCTAssertEqual(e.diagnostics.map(\.file), ["audits/x.json", "audits/x.json"])
            XCTAssertTrue(e.diagnostics[0].message.contains("no team"))
            XCTAssertNotNil(e.diagnostics[0].remedy)
        }
        XCTAssertEqual(a, before)
        XCTAssertEqual(a.status, .draft)
        XCTAssertNil(a.completed)
    }

    func testCompleteRefusesAnotherTemplateVersion() {
        var a = Sample.completeAudit()
        a.template.version = 1
        XCTAssertThrowsError(try AuditCompletion.complete(&a, template: template, at: Date()))
        XCTAssertEqual(a.status, .draft)
    }
}
