import XCTest
@testable import CaseAuditCore

final class GradeSuggestionTests: XCTestCase {
    /// A section of `count` answer questions q1...qN, plus the record answering them in order.
    /// q1 is the impact question, so a Yes there is the evidence of impact Outstanding needs.
    private func answers(_ list: [Answer?], limits: [LimitRule] = []) -> (TemplateSection, SectionRecord) {
        var questions: [Question] = []
        var record = SectionRecord()
        for (i, a) in list.enumerated() {
            questions.append(Question(id: "q\(i + 1)", text: "Question \(i + 1)", type: .answer, role: i == 0 ? .impact : nil))
            if let a { record.answers["q\(i + 1)"] = Response(answer: a, note: a.needsNote ? "why" : nil) }
        }
        return (TemplateSection(id: "plan", title: "Plan", graded: true, questions: questions, limits: limits), record)
    }

    private func suggest(_ list: [Answer?], limits: [LimitRule] = [], cohort: Cohort? = .childInNeed) -> Grade? {
        let (s, r) = answers(list, limits: limits)
        return GradeSuggestion.suggest(section: s, record: r, cohort: cohort)
    }

    private func repeated(_ a: Answer, _ n: Int) -> [Answer?] { Array(repeating: a, count: n) }

    func testAllYesIsOutstanding() {
        XCTAssertEqual(suggest(repeated(.yes, 4)), .outstanding)
    }

    func testOutstandingThresholdIsInclusive() {
        // 19 yes + 2 partly = 20 / 21 = 0.952
        XCTAssertEqual(suggest(repeated(.yes, 19) + repeated(.partly, 2)), .outstanding)
        // 9 yes + 1 partly = 9.5 / 10 = 0.95 exactly
        XCTAssertEqual(suggest(repeated(.yes, 9) + [.partly]), .outstanding)
        // 6 yes + 1 partly = 6.5 / 7 = 0.929: one Partly in a seven-question section is Good
        XCTAssertEqual(suggest(repeated(.yes, 6) + [.partly]), .good)
        // 7 yes + 3 partly = 0.85
        XCTAssertEqual(suggest(repeated(.yes, 7) + repeated(.partly, 3)), .good)
    }

    func testVagueTimescaleIsNotTimeBound() {
        let q = Question(id: "plan-action-1", text: "Action", type: .smart)
        let ticked = SmartCheck(specific: true, measurable: true, achievable: true, realistic: true, timeBound: true)
        XCTAssertEqual(GradeSuggestion.points(question: q, response: Response(action: "Attend parenting course by 30 June", smart: ticked)), 1)
        XCTAssertEqual(GradeSuggestion.points(question: q, response: Response(action: "Parenting work: ongoing", smart: ticked)), 0.8)
        XCTAssertEqual(GradeSuggestion.points(question: q, response: Response(action: "To be reviewed at core group", smart: ticked)), 0.8)
    }

    func testAnyNoPreventsOutstanding() {
        // 19 / 20 = 0.95, but one No
        XCTAssertEqual(suggest(repeated(.yes, 19) + [.no]), .good)
    }

    func testGoodThresholdIsInclusive() {
        // 13 / 20 = 0.65
        XCTAssertEqual(suggest(repeated(.yes, 13) + repeated(.no, 7)), .good)
        // 12.5 / 20 = 0.625
        XCTAssertEqual(suggest(repeated(.yes, 12) + [.partly] + repeated(.no, 7)), .requiresImprovement)
    }

    func testRequiresImprovementThresholdIsInclusive() {
        // 2 / 5 = 0.4
        XCTAssertEqual(suggest(repeated(.yes, 2) + repeated(.no, 3)), .requiresImprovement)
        // 1.5 / 5 = 0.3
        XCTAssertEqual(suggest([.yes, .partly] + repeated(.no, 3)), .inadequate)
        XCTAssertEqual(suggest(repeated(.no, 3)), .inadequate)
    }

    func testNAAndUnansweredAreIgnored() {
        XCTAssertEqual(suggest([.yes, .yes, .yes, .na, nil]), .outstanding)
        XCTAssertEqual(suggest([.no, .no, .na, nil]), .inadequate)
    }

    func testNilWhenNothingCountedWasAnswered() {
        XCTAssertNil(suggest([nil, nil]))
        XCTAssertNil(suggest([.na, .na]))
        let (s, _) = answers([.yes])
        XCTAssertNil(GradeSuggestion.suggest(section: s, record: nil, cohort: .childInNeed))
        // Text, date, choice and number questions never count.
        let text = TemplateSection(id: "x", title: "X", graded: true,
                                   questions: [Question(id: "t", text: "T", type: .text)])
        XCTAssertNil(GradeSuggestion.suggest(section: text, record: SectionRecord(answers: ["t": Response(value: "fine")]),
                                             cohort: nil))
    }

    func testSmartActionsScoreByCriteriaMet() {
        let section = TemplateSection(id: "plan", title: "Plan", graded: true,
                                      questions: [Question(id: "a", text: "Action", type: .smart)])
        func grade(_ action: String?, _ check: SmartCheck?) -> Grade? {
            GradeSuggestion.suggest(section: section,
                                    record: SectionRecord(answers: ["a": Response(action: action, smart: check)]),
                                    cohort: nil)
        }
        // Every criterion met, but the section has no impact question: Good at best.
        XCTAssertEqual(grade("Visit fortnightly until March", SmartCheck(specific: true, measurable: true, achievable: true, realistic: true, timeBound: true)), .good)
        XCTAssertEqual(grade("Visit fortnightly", SmartCheck(specific: true, measurable: true, achievable: true, realistic: true)), .good) // 0.8
        XCTAssertEqual(grade("Visits", SmartCheck(specific: true, measurable: true, achievable: true)), .requiresImprovement) // 0.6
        XCTAssertEqual(grade("Ongoing", SmartCheck(specific: true)), .inadequate) // 0.2
        XCTAssertEqual(grade("Ongoing", nil), .inadequate) // ticked nothing
        XCTAssertNil(grade("  ", SmartCheck(specific: true, measurable: true, achievable: true, realistic: true, timeBound: true)))
        XCTAssertNil(grade(nil, nil))
    }

    func testGradeQuestionsScoreByGrade() {
        let section = TemplateSection(id: "plan", title: "Plan", graded: true,
                                      questions: [Question(id: "g", text: "Quality", type: .grade)])
        func grade(_ value: String) -> Grade? {
            GradeSuggestion.suggest(section: section, record: SectionRecord(answers: ["g": Response(value: value)]), cohort: nil)
        }
        XCTAssertEqual(grade("outstanding"), .good, "no impact question, so Good at best")
        XCTAssertEqual(GradeSuggestion.score(section: section, record: SectionRecord(answers: ["g": Response(value: "outstanding")]), cohort: nil)?.ratio, 1)
        XCTAssertEqual(grade("good"), .good)
        XCTAssertEqual(grade("requires-improvement"), .requiresImprovement)
        XCTAssertEqual(grade("inadequate"), .inadequate)
        XCTAssertNil(grade("na"))
        XCTAssertNil(grade("very good"))
    }

    func testMixedTypesAverage() {
        let section = TemplateSection(id: "plan", title: "Plan", graded: true, questions: [
            Question(id: "a", text: "A", type: .answer),
            Question(id: "g", text: "G", type: .grade),
            Question(id: "s", text: "S", type: .smart),
        ])
        // (1 + 0.75 + 0.6) / 3 = 0.783
        let record = SectionRecord(answers: [
            "a": Response(answer: .yes),
            "g": Response(value: "good"),
            "s": Response(action: "Do it", smart: SmartCheck(specific: true, measurable: true, achievable: true)),
        ])
        XCTAssertEqual(GradeSuggestion.score(section: section, record: record, cohort: nil)?.counted, 3)
        XCTAssertEqual(GradeSuggestion.suggest(section: section, record: record, cohort: nil), .good)
    }

    func testTriggeredLimitCapsTheGrade() {
        let limit = LimitRule(question: "q1", cap: .requiresImprovement)
        // 9 / 10 = 0.9 with a No: good, capped at requires improvement.
        XCTAssertEqual(suggest([.no] + repeated(.yes, 9), limits: [limit]), .requiresImprovement)
        let (s, r) = answers([.no] + repeated(.yes, 9), limits: [limit])
        XCTAssertEqual(GradeSuggestion.cap(section: s, record: r, cohort: nil), .requiresImprovement)
        // Not triggered by yes.
        XCTAssertEqual(suggest(repeated(.yes, 10), limits: [limit]), .outstanding)
        let (s2, r2) = answers(repeated(.yes, 10), limits: [limit])
        XCTAssertNil(GradeSuggestion.cap(section: s2, record: r2, cohort: nil))
    }

    func testCapNeverRaisesTheGrade() {
        let limit = LimitRule(question: "q1", cap: .good)
        XCTAssertEqual(suggest(repeated(.no, 4), limits: [limit]), .inadequate)
    }

    func testLimitWhenListsTheTriggeringAnswers() {
        let limit = LimitRule(question: "q2", when: [.partly, .no], cap: .requiresImprovement)
        XCTAssertEqual(suggest([.yes, .partly] + repeated(.yes, 18), limits: [limit]), .requiresImprovement) // 0.975, capped
        let noOnly = LimitRule(question: "q2", when: [.no], cap: .requiresImprovement)
        // Not capped, but a Partly on a limiting question still rules out Outstanding.
        XCTAssertEqual(suggest([.yes, .partly] + repeated(.yes, 18), limits: [noOnly]), .good)
        // A Partly elsewhere does not.
        XCTAssertEqual(suggest([.yes, .yes, .partly] + repeated(.yes, 17), limits: [noOnly]), .outstanding)
    }

    func testLowestTriggeredCapWins() {
        let limits = [LimitRule(question: "q1", cap: .good),
                      LimitRule(question: "q2", cap: .inadequate),
                      LimitRule(question: "q3", cap: .requiresImprovement)]
        let list: [Answer?] = [.no, .no, .no] + repeated(.yes, 30)
        XCTAssertEqual(suggest(list, limits: limits), .inadequate)
        XCTAssertEqual(suggest(list, limits: limits.reversed()), .inadequate)
        let (s, r) = answers(list, limits: limits)
        XCTAssertEqual(GradeSuggestion.cap(section: s, record: r, cohort: nil), .inadequate)
        // Only the triggered ones count.
        let (s2, r2) = answers([.no, .yes, .no] + repeated(.yes, 30), limits: limits)
        XCTAssertEqual(GradeSuggestion.cap(section: s2, record: r2, cohort: nil), .requiresImprovement)
    }

    func testQuestionsThatDoNotApplyToTheCohortAreIgnored() {
        let section = TemplateSection(id: "plan", title: "Plan", graded: true, questions: [
            Question(id: "all", text: "All", type: .answer, role: .impact),
            Question(id: "lac", text: "LAC only", type: .answer, appliesTo: [.lookedAfter]),
        ], limits: [LimitRule(question: "lac", cap: .inadequate)])
        let record = SectionRecord(answers: ["all": Response(answer: .yes), "lac": Response(answer: .no, note: "none")])
        XCTAssertEqual(GradeSuggestion.suggest(section: section, record: record, cohort: .childInNeed), .outstanding)
        XCTAssertNil(GradeSuggestion.cap(section: section, record: record, cohort: .childInNeed))
        XCTAssertEqual(GradeSuggestion.suggest(section: section, record: record, cohort: .lookedAfter), .inadequate)
        // Without a cohort every question applies.
        XCTAssertEqual(GradeSuggestion.suggest(section: section, record: record, cohort: nil), .inadequate)
        // Only a LAC question answered, cohort CIN: nothing counted.
        let lacOnly = SectionRecord(answers: ["lac": Response(answer: .yes)])
        XCTAssertNil(GradeSuggestion.suggest(section: section, record: lacOnly, cohort: .childInNeed))
    }

    func testSuggestionNeverTouchesTheAuditorsGrade() {
        var audit = Sample.completeAudit()
        let section = Sample.template.section("plan")!
        let suggested = GradeSuggestion.suggest(section: section, record: audit.sections["plan"], cohort: audit.cohort)
        // yes 1, partly 0.5, smart 1, good 0.75 = 3.25 / 4 = 0.8125
        XCTAssertEqual(suggested, .good)
        audit.sections["plan"]?.grade = .inadequate
        XCTAssertEqual(GradeSuggestion.suggest(section: section, record: audit.sections["plan"], cohort: audit.cohort), .good)
        XCTAssertEqual(audit.sections["plan"]?.grade, .inadequate)
    }
}
