import Foundation
@testable import CaseAuditCore

/// Templates and audits for the grading, completion and checker tests, built in code so these
/// tests do not depend on the YAML parser. All names and case references are invented.
enum Sample {
    static let created = Date(timeIntervalSince1970: 1_543_622_400) // 2018-12-01T00:00:00Z

    static let template = AuditTemplate(
        id: "child-journey", title: "Child journey audit", version: 2,
        cohorts: [.childInNeed, .childProtection, .lookedAfter],
        sections: [
            TemplateSection(id: "details", title: "Case details", graded: false, questions: [
                Question(id: "placement", text: "Where is the child living?", type: .choice,
                         options: ["Foster care", "Kinship care"]),
                Question(id: "review-date", text: "Date of the last review", type: .date),
                Question(id: "visit-count", text: "Visits in the last three months", type: .number),
                Question(id: "worker-note", text: "Anything else?", type: .text, required: false),
            ]),
            TemplateSection(id: "plan", title: "Plan", graded: true, questions: [
                Question(id: "plan-up-to-date", text: "Is the plan up to date?", type: .answer),
                Question(id: "plan-contingency", text: "Is there a clear contingency plan?", type: .answer),
                Question(id: "plan-action", text: "Record one plan action", type: .smart),
                Question(id: "plan-quality", text: "Quality of the plan", type: .grade),
                Question(id: "plan-parents-clear", text: "Are parents clear what is expected?", type: .answer,
                         appliesTo: [.childProtection]),
                Question(id: "permanence-plan", text: "Is there a permanence plan?", type: .answer,
                         appliesTo: [.lookedAfter]),
            ], limits: [
                LimitRule(question: "plan-up-to-date", cap: .requiresImprovement),
            ]),
            TemplateSection(id: "supervision", title: "Supervision", graded: true, questions: [
                Question(id: "supervision-regular", text: "Is supervision regular?", type: .answer),
            ]),
        ])

    /// A complete CIN audit of `template` with nothing missing.
    static func completeAudit() -> Audit {
        var a = Audit(id: "2018-12-0000abcd", template: TemplateRef(id: "child-journey", version: 2),
                      caseRef: "TEST-000123", cohort: .childInNeed, team: "Team Alpha",
                      auditor: "Pat Example", worker: "Sam Sample", month: Month(year: 2018, month: 12),
                      created: created)
        a.sections["details"] = SectionRecord(answers: [
            "placement": Response(value: "Kinship care"),
            "review-date": Response(value: "2018-11-28"),
            "visit-count": Response(value: "4"),
        ])
        a.sections["plan"] = SectionRecord(answers: [
            "plan-up-to-date": Response(answer: .yes),
            "plan-contingency": Response(answer: .partly, note: "Contingency is generic."),
            "plan-action": Response(action: "Mother attends the parenting course by 2019-01-31",
                                    smart: SmartCheck(specific: true, measurable: true, achievable: true,
                                                      realistic: true, timeBound: true)),
            "plan-quality": Response(value: "good"),
        ], grade: .good, rationale: "Plan is current and outcome focused; contingency is weak.")
        a.sections["supervision"] = SectionRecord(answers: ["supervision-regular": Response(answer: .yes)],
                                                  grade: .outstanding, rationale: "Monthly reflective supervision.")
        a.overall = Judgement(grade: .good, rationale: "Good practice overall.")
        return a
    }
}
