import Foundation
@testable import CaseAuditCore

/// Small templates built in code, shaped like the shipped ones, so these tests do not depend on
/// the YAML files or the template parser.
enum DataIOFixtures {
    static func answer(_ id: String, _ text: String) -> Question {
        Question(id: id, text: text, type: .answer)
    }

    static let childJourney = AuditTemplate(
        id: "child-journey", title: "Child journey audit", version: 2, cohorts: [.childInNeed, .childProtection],
        sections: [
            TemplateSection(id: "chronology", title: "Chronology", graded: true,
                            questions: [answer("chronology-up-to-date", "Is the chronology up to date?")]),
            TemplateSection(id: "assessment", title: "Assessment", graded: true,
                            questions: [answer("assessment-current", "Is there a current assessment?"),
                                        answer("assessment-child-views", "Does it include the child's views?")],
                            limits: [LimitRule(question: "assessment-current", cap: .requiresImprovement)]),
            TemplateSection(id: "plan", title: "Plan", graded: true,
                            questions: [answer("plan-outcome-focused", "Is the plan outcome focused?"),
                                        answer("plan-contingency", "Is there a clear contingency plan?"),
                                        Question(id: "plan-action", text: "One plan action", type: .smart, required: false)]),
            TemplateSection(id: "visits", title: "Visits", graded: true,
                            questions: [answer("visits-seen-alone", "Was the child seen alone?")]),
            TemplateSection(id: "supervision", title: "Management oversight and supervision", graded: true,
                            questions: [answer("supervision-regular", "Is supervision regular and reflective?"),
                                        Question(id: "supervision-last", text: "Date of the last supervision", type: .date, required: false)]),
            TemplateSection(id: "context", title: "Case context", graded: false,
                            questions: [Question(id: "placement", text: "Legal status", type: .choice,
                                                 options: ["CIN plan", "CP plan"]),
                                        Question(id: "summary", text: "Summary", type: .text, required: false)]),
        ])

    static let childJourneyLAC = AuditTemplate(
        id: "child-journey-lac", title: "Child journey audit (looked after children)", version: 1, cohorts: [.lookedAfter],
        sections: [
            TemplateSection(id: "assessment", title: "Assessment", graded: true,
                            questions: [answer("lac-assessment-analytical", "Is the assessment analytical?")]),
            TemplateSection(id: "plan", title: "Care plan", graded: true,
                            questions: [answer("care-plan-current", "Is the care plan current?")]),
            TemplateSection(id: "permanence", title: "Permanence", graded: true,
                            questions: [answer("permanence-plan", "Is there a permanence plan by the second review?")]),
            TemplateSection(id: "contact", title: "Contact", graded: true,
                            questions: [answer("contact-agreement", "Is there an assessed contact agreement?")]),
        ])

    static let planSmart = AuditTemplate(
        id: "plan-smart", title: "Plan SMART audit", version: 1, cohorts: [.childInNeed, .childProtection, .lookedAfter],
        sections: [
            TemplateSection(id: "plan", title: "Plan", graded: true,
                            questions: [answer("plan-parents-clear", "Are parents clear on what is expected?")]),
        ])

    /// An older version of child-journey, to check imports take the latest.
    static let childJourneyV1: AuditTemplate = {
        var t = childJourney
        t.version = 1
        return t
    }()

    static var templates: InMemoryTemplates {
        InMemoryTemplates([childJourneyV1, childJourney, childJourneyLAC, planSmart],
                          yaml: ["child-journey@2": Data("id: child-journey\nversion: 2\n".utf8),
                                 "child-journey-lac@1": Data("id: child-journey-lac\nversion: 1\n".utf8),
                                 "plan-smart@1": Data("id: plan-smart\nversion: 1\n".utf8)])
    }

    /// A new empty folder for one test's data directory (not created: tests check nothing appears).
    static func temporaryFolder(_ name: String = #function) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("caseaudit-dataio-\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString.prefix(8))")
        return url
    }

    static func fixture(_ path: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(path)
    }

    static let fixedNow = Date(timeIntervalSince1970: 1_700_000_000)
}
