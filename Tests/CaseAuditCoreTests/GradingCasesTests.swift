import XCTest
@testable import CaseAuditCore

/// The grading cases of issue 12's "Why", one test each, on the shipped templates (docs/grading.md).
final class GradingCasesTests: XCTestCase {
    private static let folder = TemplateFixtures.repository.appendingPathComponent("AuditTemplates")
    private static let catalog = TemplateCatalog.load(folder: folder)

    private func section(_ template: String, _ id: String, version: Int? = nil) throws -> TemplateSection {
        let t = try XCTUnwrap(version.map { Self.catalog.template(TemplateRef(id: template, version: $0)) } ?? Self.catalog.latest(template),
                              "\(template) is shipped")
        return try XCTUnwrap(t.section(id), "\(template) has \(id)")
    }

    /// A record answering the named questions; the rest of the section is left unanswered.
    private func record(_ answers: [String: Answer], values: [String: String] = [:],
                        smart: [String: (String, SmartCheck)] = [:]) -> SectionRecord {
        var r = SectionRecord()
        for (id, a) in answers { r.answers[id] = Response(answer: a, note: "Evidence on file.") }
        for (id, v) in values { r.answers[id] = Response(value: v) }
        for (id, s) in smart { r.answers[id] = Response(action: s.0, smart: s.1) }
        return r
    }

    /// Every answer question of the section answered Yes (the impact question too, unless left out).
    private func allYes(_ section: TemplateSection, cohort: Cohort, except: Set<String> = []) -> [String: Answer] {
        var out: [String: Answer] = [:]
        for q in section.questions(for: cohort) where q.type == .answer && !except.contains(q.id) { out[q.id] = .yes }
        return out
    }

    /// "An LAC assessment with no critical evaluation, two Partly and four Yes is suggested Good (5/7)."
    func testLACAssessmentWithoutCriticalEvaluationIsNotGood() throws {
        let s = try section("child-journey-lac", "assessment")
        let answers: [String: Answer] = [
            "assessment-critical-evaluation": .no,
            "assessment-comprehensive": .partly, "assessment-child-views": .partly,
            "assessment-current": .yes, "assessment-child-focused": .yes, "assessment-risks-protective": .yes,
            "assessment-informs-plan": .yes,
        ]
        let r = record(answers)
        let score = try XCTUnwrap(GradeSuggestion.score(section: s, record: r, cohort: .lookedAfter))
        XCTAssertEqual(score.ratio, 5.0 / 7.0, accuracy: 1e-9, "the ratio alone would say Good")
        XCTAssertEqual(GradeSuggestion.suggest(section: s, record: r, cohort: .lookedAfter), .requiresImprovement)
        // Version 1 of the template had no such limit: the complaint, kept for comparison.
        let v1 = try section("child-journey-lac", "assessment", version: 1)
        var old = answers
        old["assessment-up-to-date"] = old.removeValue(forKey: "assessment-current")
        XCTAssertEqual(GradeSuggestion.suggest(section: v1, record: record(old), cohort: .lookedAfter), .good)
    }

    /// "A plan whose timescales say 'ongoing', with no outcome focus, is suggested Good."
    func testPlanWithOngoingTimescalesAndNoOutcomeFocusIsNotGood() throws {
        for (template, cohort) in [("child-journey", Cohort.childProtection), ("child-journey-lac", .lookedAfter), ("plan-smart", .childInNeed)] {
            let s = try section(template, "plan")
            var answers = allYes(s, cohort: cohort)
            answers["plan-timescales"] = .no
            answers["plan-outcome-focused"] = .no
            let ticked = SmartCheck(specific: true, measurable: true, achievable: true, realistic: true, timeBound: true)
            let r = record(answers, values: ["plan-vague-actions": "0"], smart: ["plan-action-1": ("Attend parenting course: ongoing", ticked)])
            let score = try XCTUnwrap(GradeSuggestion.score(section: s, record: r, cohort: cohort))
            XCTAssertGreaterThanOrEqual(score.ratio, GradeSuggestion.goodFrom, "\(template): the ratio alone would say Good")
            XCTAssertEqual(GradeSuggestion.suggest(section: s, record: r, cohort: cohort), .requiresImprovement, template)
            // "ongoing" is never time-bound, whatever was ticked.
            XCTAssertEqual(GradeSuggestion.points(question: try XCTUnwrap(s.question("plan-action-1")),
                                                  response: Response(action: "Attend parenting course: ongoing", smart: ticked)), 0.8)
        }
    }

    /// "All Yes is Outstanding without any evidence of impact."
    func testAllYesWithoutEvidenceOfImpactIsNotOutstanding() throws {
        let s = try section("child-journey", "supervision")
        var answers = allYes(s, cohort: .childInNeed)
        let impact = try XCTUnwrap(s.questions.first { $0.role == .impact })
        answers[impact.id] = .yes
        let gap = ["supervision-longest-gap": "1"]
        XCTAssertEqual(GradeSuggestion.suggest(section: s, record: record(answers, values: gap), cohort: .childInNeed), .outstanding,
                       "with evidence of impact, all Yes is Outstanding")
        for without in [Answer.partly, .no, .na] {
            answers[impact.id] = without
            let suggestion = GradeSuggestion.explain(section: s, record: record(answers, values: gap), cohort: .childInNeed)
            XCTAssertEqual(suggestion.grade, .good, "impact \(without)")
            if without == .na {
                XCTAssertTrue(suggestion.reasons.joined().contains("evidence of impact"), suggestion.reasons.joined())
            }
        }
        answers[impact.id] = nil
        XCTAssertEqual(GradeSuggestion.suggest(section: s, record: record(answers, values: gap), cohort: .childInNeed), .good, "impact unanswered")
        // A version 1 section has no impact question, so all Yes there is Good at best.
        let v1 = try section("child-journey", "supervision", version: 1)
        XCTAssertEqual(GradeSuggestion.suggest(section: v1, record: record(allYes(v1, cohort: .childInNeed)), cohort: .childInNeed), .good)
    }

    /// "One Yes with everything else N/A is Outstanding."
    func testOneYesAndEverythingElseNAIsNotOutstanding() throws {
        let s = try section("child-journey-lac", "contact")
        var answers: [String: Answer] = [:]
        for q in s.questions where q.type == .answer { answers[q.id] = .na }
        answers["contact-agreement"] = .yes
        let suggestion = GradeSuggestion.explain(section: s, record: record(answers), cohort: .lookedAfter)
        XCTAssertNil(suggestion.grade)
        XCTAssertTrue(suggestion.reasons.joined().contains("too few"), suggestion.reasons.joined())
        // 40% answered is enough to suggest; one fewer is not.
        let answerable = s.questions.filter { $0.type == .answer }.map(\.id)
        let enough = Int((Double(answerable.count) * GradeSuggestion.minimumAnsweredShare).rounded(.up))
        for id in answerable.prefix(enough - 1) { answers[id] = .yes }
        XCTAssertNil(GradeSuggestion.suggest(section: s, record: record(answers), cohort: .lookedAfter), "\(enough - 1) of \(answerable.count)")
        answers[answerable[enough - 1]] = .yes
        XCTAssertNotNil(GradeSuggestion.suggest(section: s, record: record(answers), cohort: .lookedAfter), "\(enough) of \(answerable.count)")
    }

    /// A front door contact with its conditional questions rightly N/A still gets a suggestion.
    func testAnOrdinaryFrontDoorContactWithItsConditionalQuestionsNAStillGetsASuggestion() throws {
        let s = try section("front-door-contact", "front-door")
        var answers = allYes(s, cohort: .childInNeed)
        for id in ["front-door-3-day-review", "front-door-5-day-review", "front-door-no-consent-reason", "front-door-da-every-file",
                   "front-door-da-chronology", "front-door-out-of-hours", "front-door-strategy-agencies", "front-door-strategy-risks"] {
            XCTAssertNotNil(s.question(id), id)
            answers[id] = .na
        }
        let r = record(answers, values: ["front-door-working-days": "2"])
        let score = try XCTUnwrap(GradeSuggestion.score(section: s, record: r, cohort: .childInNeed))
        XCTAssertLessThan(score.answeredShare, 0.5, "fewer than half answered")
        XCTAssertEqual(GradeSuggestion.suggest(section: s, record: r, cohort: .childInNeed), .outstanding)
    }

    /// "A supervision gap of 5 months sits beside 'no gap of three months or more: Yes' without a word."
    func testSupervisionGapOfFiveMonthsBesideANoGapYesIsFlagged() throws {
        let template = try XCTUnwrap(Self.catalog.latest("child-journey"))
        let s = try XCTUnwrap(template.section("supervision"))
        let answers = allYes(s, cohort: .childProtection)
        let r = record(answers, values: ["supervision-longest-gap": "5", "supervision-last-date": "2018-11-20"])
        let gaps = CompletionCheck.contradictions(section: s, record: r, cohort: .childProtection)
        XCTAssertEqual(gaps.map(\.questionID), ["supervision-no-long-gap"])
        XCTAssertEqual(gaps.first?.message,
                       "Management oversight and supervision: \"Has the case been supervised without a gap of three months or more in the last 12 months?\" is Yes, but \"Longest gap between recorded case supervisions in the last 12 months, in months\" is 5 (3 or more): correct one of them")
        // The number caps the suggestion whatever the answers say.
        XCTAssertEqual(GradeSuggestion.suggest(section: s, record: r, cohort: .childProtection), .inadequate)
        // The whole audit cannot be completed until one of them is corrected.
        var audit = Audit(id: "2018-12-00000001", template: TemplateRef(id: template.id, version: template.version), created: Date())
        audit.sections["supervision"] = r
        XCTAssertTrue(CompletionCheck.gaps(in: audit, template: template).contains { $0.questionID == "supervision-no-long-gap" })
        // Two months beside the same Yes is no contradiction, and no cap.
        let fine = record(answers, values: ["supervision-longest-gap": "2"])
        XCTAssertEqual(CompletionCheck.contradictions(section: s, record: fine, cohort: .childProtection), [])
        XCTAssertNil(GradeSuggestion.cap(section: s, record: fine, cohort: .childProtection))
    }

    /// The template's promises that are not in the list but follow from it.
    func testOutstandingNeedsNoPartlyOnALimitingQuestion() throws {
        let s = try section("child-journey-lac", "plan")
        let smart = ["plan-action-1": ("Parents attend the parenting course by 2019-03-31", SmartCheck(specific: true, measurable: true, achievable: true, realistic: true, timeBound: true))]
        var answers = allYes(s, cohort: .lookedAfter)
        XCTAssertEqual(GradeSuggestion.suggest(section: s, record: record(answers, smart: smart), cohort: .lookedAfter), .outstanding)
        answers["plan-brief"] = .partly
        XCTAssertEqual(GradeSuggestion.suggest(section: s, record: record(answers, smart: smart), cohort: .lookedAfter), .outstanding,
                       "11.5 / 12 = 0.958, a Partly on a question that does not limit")
        answers["plan-brief"] = .yes
        answers["plan-contingency"] = .partly
        let suggestion = GradeSuggestion.explain(section: s, record: record(answers, smart: smart), cohort: .lookedAfter)
        XCTAssertEqual(suggestion.grade, .good)
        XCTAssertTrue(suggestion.reasons.joined().contains("plan-contingency"), suggestion.reasons.joined())
    }
}
