import CaseAuditCore
import Foundation

/// What the audits list and the dashboard know of one audit (the fields of the Reports team's
/// `AuditFacts`).
public struct AuditRow: Equatable, Sendable {
    public var id: String
    public var month: Month?
    public var template: TemplateRef
    public var cohort: Cohort?
    public var team: String
    public var auditor: String
    public var worker: String
    public var status: AuditStatus
    public var caseRef: String
    /// Effective section grades (moderated wins).
    public var grades: [String: Grade]
    public var overall: Grade?
    public var updated: Date

    public init(id: String, month: Month?, template: TemplateRef, cohort: Cohort?, team: String,
                auditor: String, worker: String, status: AuditStatus, caseRef: String,
                grades: [String: Grade], overall: Grade?, updated: Date) {
        self.id = id
        self.month = month
        self.template = template
        self.cohort = cohort
        self.team = team
        self.auditor = auditor
        self.worker = worker
        self.status = status
        self.caseRef = caseRef
        self.grades = grades
        self.overall = overall
        self.updated = updated
    }

    /// Lower-cased text a free filter word is matched against; built on the first filter, not on open.
    var searchText: String {
        [month?.description ?? "", team, template.id, cohort?.rawValue ?? "", caseRef,
         status.rawValue, overall?.rawValue ?? "", auditor, worker]
            .joined(separator: "\u{1F}").lowercased()
    }

    public init(facts f: AuditFacts) {
        self.init(id: f.id, month: f.month, template: f.template, cohort: f.cohort, team: f.team,
                  auditor: f.auditor, worker: f.worker, status: f.status, caseRef: f.caseRef,
                  grades: f.grades, overall: f.overall, updated: f.updated)
    }

    public init(audit a: Audit) {
        var grades: [String: Grade] = [:]
        for id in a.sections.keys {
            if let g = a.effectiveGrade(section: id) { grades[id] = g }
        }
        self.init(id: a.id, month: a.month, template: a.template, cohort: a.cohort, team: a.team,
                  auditor: a.auditor, worker: a.worker, status: a.status, caseRef: a.caseRef,
                  grades: grades, overall: a.effectiveOverall, updated: a.updated)
    }
}
