import Foundation

/// The few fields of one audit that reports, the audits list and the dashboard need.
/// Built by `AuditIndex` from the audit files (through its cache); never written back.
public struct AuditFacts: Equatable, Sendable {
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
    public var grades: [String: Grade] { didSet { shape = nil } }
    /// The overall grade that counts (moderated if moderated).
    public var overall: Grade?
    /// Section ids of the exact template version the audit was made with, in template order.
    public var templateSections: [String] { didSet { shape = nil } }
    public var updated: Date
    /// `grades` and `templateSections` as shared by every audit the index loaded with the same
    /// template version and grades, so counting works each answer out once per shape, not per
    /// audit. Nil once either field is changed, and for facts not made by the index.
    var shape: FactsShape?

    public init(id: String, month: Month?, template: TemplateRef, cohort: Cohort?, team: String = "",
                auditor: String = "", worker: String = "", status: AuditStatus, origin: AuditOrigin = .interactive,
                caseRef: String = "", grades: [String: Grade] = [:], overall: Grade? = nil,
                templateSections: [String], updated: Date = Date(timeIntervalSince1970: 0)) {
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
    }

    /// The facts of an audit already in memory (after a save, or in tests).
    public init(audit: Audit, templateSections: [String]) {
        var grades: [String: Grade] = [:]
        for (id, record) in audit.sections {
            if let g = record.moderation?.grade ?? record.grade { grades[id] = g }
        }
        self.init(id: audit.id, month: audit.month, template: audit.template, cohort: audit.cohort,
                  team: audit.team, auditor: audit.auditor, worker: audit.worker, status: audit.status,
                  origin: audit.origin, caseRef: audit.caseRef, grades: grades, overall: audit.effectiveOverall,
                  templateSections: templateSections, updated: audit.updated)
    }

    init(id: String, month: Month?, template: TemplateRef, cohort: Cohort?, team: String, auditor: String,
         worker: String, status: AuditStatus, origin: AuditOrigin, caseRef: String, shape: FactsShape,
         overall: Grade?, updated: Date) {
        // Every field set here rather than through the public init, which made a copy (and
        // retained every string twice) per audit.
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
        self.grades = shape.grades
        self.overall = overall
        self.templateSections = shape.sections
        self.updated = updated
        self.shape = shape
    }

    /// The public fields only: the shape is how they are held, not what they say.
    public static func == (a: AuditFacts, b: AuditFacts) -> Bool {
        a.id == b.id && a.month == b.month && a.template == b.template && a.cohort == b.cohort && a.team == b.team
            && a.auditor == b.auditor && a.worker == b.worker && a.status == b.status && a.origin == b.origin
            && a.caseRef == b.caseRef && a.grades == b.grades && a.overall == b.overall
            && a.templateSections == b.templateSections && a.updated == b.updated
    }

    public var isComplete: Bool { status == .complete }
    public func hasSection(_ id: String) -> Bool { templateSections.contains(id) }
}

/// Grades and template sections shared by many audits' facts (see `AuditFacts.shape`).
final class FactsShape: Sendable {
    let grades: [String: Grade]
    let sections: [String]

    init(grades: [String: Grade], sections: [String]) {
        self.grades = grades
        self.sections = sections
    }
}
