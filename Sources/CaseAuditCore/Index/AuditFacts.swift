import Foundation

/// The few fields of one audit that reports, the audits list and the dashboard need.
/// Built by `AuditIndex` from the audit files (through its log in .cache); never written back.
public struct AuditFacts: Equatable, Hashable, Sendable {
    public var id: String
    public var month: Month?
    public var template: TemplateRef
    public var cohort: Cohort?
    public var team: String
    public var auditor: String
    public var worker: String
    public var status: AuditStatus
    public var origin: AuditOrigin
    public var caseRef: String
    /// The grade that counts per section id: the moderated grade when moderated, else the
    /// auditor's. `na` is kept; a section with no grade is absent.
    public var grades: NamedValues<Grade>
    /// The overall grade that counts (moderated if moderated).
    public var overall: Grade?
    /// Section ids of the exact template version the audit was made with, in template order.
    public var templateSections: [String]
    public var updated: Date
    /// Answers the dashboard, the filters and `--by` read, question id -> value: the escalation
    /// question (`yes`, `no`...), the day it was resolved and the child's characteristics
    /// (`AuditFacts.markedQuestions`), and the questions the question measures count
    /// (`Measure.answerIDs`). A question left blank is absent.
    public var marks: NamedValues<String>
    /// The auditor's own overall grade when a moderator's differs from it (the list shows both);
    /// nil when not moderated or moderated to the same grade.
    public var auditorOverall: Grade?
    public init(id: String, month: Month?, template: TemplateRef, cohort: Cohort?, team: String = "",
                auditor: String = "", worker: String = "", status: AuditStatus, origin: AuditOrigin = .interactive,
                caseRef: String = "", grades: NamedValues<Grade> = [:], overall: Grade? = nil,
                templateSections: [String], updated: Date = Date(timeIntervalSince1970: 0), marks: NamedValues<String> = [:],
                auditorOverall: Grade? = nil) {
        self.id = id
        self.month = month
        self.template = template
        self.cohort = cohort
        self.team = team
        self.auditor = auditor
        self.worker = worker
        self.status = status
        self.origin = origin
        self.caseRef = caseRef
        self.grades = grades
        self.overall = overall
        self.templateSections = templateSections
        self.updated = updated
        self.marks = marks
        self.auditorOverall = auditorOverall
    }

    /// Facts of no audit (an empty id), holding a place in a list being filled in; allocates nothing.
    static let placeholder = AuditFacts(id: "", month: nil, template: TemplateRef(id: "", version: 0), cohort: nil,
                                        status: .draft, templateSections: [])

    /// The facts of an audit already in memory (after a save, or in tests). `answers` are the
    /// question ids the measures count (`Measure.answerIDs`), kept beside the marked ones.
    public init(audit: Audit, templateSections: [String], answers: [String] = []) {
        var grades: NamedValues<Grade> = [:]
        for (id, record) in audit.sections {
            if let g = record.moderation?.grade ?? record.grade { grades[id] = g }
        }
        self.init(id: audit.id, month: audit.month, template: audit.template, cohort: audit.cohort,
                  team: audit.team, auditor: audit.auditor, worker: audit.worker, status: audit.status,
                  origin: audit.origin, caseRef: audit.caseRef, grades: grades, overall: audit.effectiveOverall,
                  templateSections: templateSections, updated: audit.updated, marks: AuditFacts.marks(of: audit, answers: answers),
                  auditorOverall: audit.effectiveOverall == audit.overall.grade ? nil : audit.overall.grade)
    }

    /// The question ids whose answers the facts keep: those of the shipped templates' questions
    /// with `role: escalation`, `role: resolution` and `role: characteristic`. Fixed ids, because
    /// facts are made on the thread that read the file, before its template is looked up.
    public static let escalationQuestion = "escalation-needed"
    public static let resolutionQuestion = "escalation-resolved"
    public static let characteristics = ["child-age-band", "child-disability", "child-ethnicity", "child-uasc"]
    public static let markedQuestions = [escalationQuestion, resolutionQuestion] + characteristics

    static func marks(of audit: Audit, answers: [String] = []) -> NamedValues<String> {
        var marks: NamedValues<String> = [:]
        let ids = answers.isEmpty ? markedQuestions : markedQuestions + answers
        for record in audit.sections.values {
            for id in ids {
                guard let r = record.answers[id] else { continue }
                let v = r.answer?.rawValue ?? r.value?.trimmingCharacters(in: .whitespaces) ?? ""
                if !v.isEmpty { marks[id] = v }
            }
        }
        return marks
    }

    /// As `Escalation.state` reads it: a Yes to the escalation question with no valid day of
    /// resolution.
    public var escalation: Escalation.State {
        guard marks[Self.escalationQuestion] == Answer.yes.rawValue else { return .none }
        if let day = marks[Self.resolutionQuestion], ResponseRules.isValidDate(day) { return .resolved(day) }
        return .open
    }

    public var isComplete: Bool { status == .complete }
    public func hasSection(_ id: String) -> Bool { templateSections.contains(id) }
}
