import CaseAuditCore

extension AuditFacts {
    /// Lower-cased text a free filter word is matched against; built on the first filter, not on open.
    var searchText: String {
        [month?.description ?? "", team, template.id, cohort?.rawValue ?? "", caseRef,
         status.rawValue, overall?.rawValue ?? "", auditor, worker]
            .joined(separator: "\u{1F}").lowercased()
    }
}
