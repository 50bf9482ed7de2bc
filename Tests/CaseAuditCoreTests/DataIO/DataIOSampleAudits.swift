import Foundation
@testable import CaseAuditCore

/// Three audits covering what export and summary must show: a complete audit with answers,
/// notes with commas, quotes and newlines, a moderated grade, actions and feedback; a draft; an
/// imported audit with grades only. All names and case references are invented.
enum DataIOSampleAudits {
    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    static let complete: Audit = {
        var a = Audit(id: "2024-04-0a1b2c3d", template: TemplateRef(id: "child-journey", version: 2),
                      status: .complete, origin: .interactive, caseRef: "CR-100501", cohort: .childProtection,
                      team: "Eastbrook Child Protection", auditor: "Riley Oakhearth", worker: "Sam Fernhollow",
                      month: Month("2024-04"), created: date("2024-04-10T09:00:00Z"),
                      updated: date("2024-04-12T15:30:00Z"), completed: date("2024-04-12T15:30:00Z"))
        a.sections["chronology"] = SectionRecord(
            answers: ["chronology-up-to-date": Response(answer: .yes)],
            grade: .good, rationale: "Chronology is current and highlights significant events.")
        a.sections["assessment"] = SectionRecord(
            answers: ["assessment-current": Response(answer: .yes),
                      "assessment-child-views": Response(answer: .partly, note: "Views gathered, but not from the child's school.")],
            grade: .good, rationale: "Analytical; risks and protective factors weighed.")
        a.sections["plan"] = SectionRecord(
            answers: ["plan-outcome-focused": Response(answer: .no, note: "Actions read \"ongoing\"; no outcomes,\nno timescales."),
                      "plan-contingency": Response(answer: .yes),
                      "plan-action": Response(action: "Mother to attend the parenting course by 30 June",
                                              smart: SmartCheck(specific: true, measurable: true, achievable: true,
                                                                realistic: true, timeBound: true))],
            grade: .requiresImprovement, rationale: "Plan is generic; contingency is clear.",
            moderation: Moderation(grade: .good, by: "Morgan Heathcombe", at: date("2024-05-02T10:00:00Z"),
                                   rationale: "Contingency and SMART action lift it to good."))
        a.sections["visits"] = SectionRecord(answers: ["visits-seen-alone": Response(answer: .yes)],
                                             grade: .outstanding, rationale: "Child seen alone at every visit.")
        a.sections["supervision"] = SectionRecord(
            answers: ["supervision-regular": Response(answer: .no, note: "Gap of three months between supervisions."),
                      "supervision-last": Response(value: "2024-01-15")],
            grade: .inadequate, rationale: "Supervision brief with little direction.")
        a.sections["context"] = SectionRecord(answers: ["placement": Response(value: "CP plan"),
                                                        "summary": Response(value: "Two siblings, both on plans.")])
        a.overall = Judgement(grade: .requiresImprovement, rationale: "Good direct work; oversight must improve.")
        a.actions = [AuditAction(what: "Book monthly supervision for the next six months", who: "Jamie Larkspire", by: "2024-05-15"),
                     AuditAction(what: "Rewrite plan actions with timescales", who: "Sam Fernhollow", by: "2024-05-31", done: true)]
        a.feedback = Feedback(worker: "Helpful, fair audit.", family: "Mum said she now knows what is expected.")
        return a
    }()

    static let draft: Audit = {
        var a = Audit(id: "2024-05-11223344", template: TemplateRef(id: "child-journey-lac", version: 1),
                      status: .draft, origin: .interactive, caseRef: "CR-100502", cohort: .lookedAfter,
                      team: "Hillcrest LAC", auditor: "Taylor Brookmantle", worker: "Alex Larkspire",
                      month: Month("2024-05"), created: date("2024-05-03T11:00:00Z"))
        a.sections["assessment"] = SectionRecord(answers: ["lac-assessment-analytical": Response(answer: .yes)],
                                                 grade: .good, rationale: "")
        return a
    }()

    static let imported: Audit = {
        var a = Audit(id: "imp-00112233aabbccdd", template: TemplateRef(id: "plan-smart", version: 1),
                      status: .complete, origin: .imported, caseRef: "CR-100503", cohort: .childInNeed,
                      team: "Riverside CIN", auditor: "Casey Thistledown", worker: "",
                      month: Month("2024-06"), created: date("2024-07-01T08:00:00Z"), completed: date("2024-07-01T08:00:00Z"))
        a.sections["plan"] = SectionRecord(grade: .good)
        a.overall = Judgement(grade: .good)
        return a
    }()

    static let all = [imported, draft, complete]
}
