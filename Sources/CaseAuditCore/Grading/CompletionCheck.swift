import Foundation

/// One item an audit still needs before it can be completed. The editor moves the cursor to it:
/// audit details have `sectionID == nil` and `questionID` one of `CompletionGap.headerFields`;
/// a section's grade or rationale has `sectionID` and `questionID == nil`; the overall grade and
/// rationale have `sectionID == nil` and `questionID == CompletionGap.overallField`.
public struct CompletionGap: Equatable, Sendable, CustomStringConvertible {
    public var sectionID: String?
    public var questionID: String?
    public var message: String

    public init(sectionID: String? = nil, questionID: String? = nil, message: String) {
        self.sectionID = sectionID
        self.questionID = questionID
        self.message = message
    }

    /// The audit details, in the order they are checked (field names as in the audit file).
    public static let headerFields = ["case_ref", "cohort", "team", "auditor", "month"]
    public static let overallField = "overall"
    /// The `questionID` of a gap in the audit's action `index` (a carried-over action's outcome).
    public static func actionField(_ index: Int) -> String { "actions[\(index)]" }
    /// The action index a gap names, if it names one.
    public var actionIndex: Int? {
        guard sectionID == nil, let q = questionID, q.hasPrefix("actions["), q.hasSuffix("]") else { return nil }
        return Int(q.dropFirst(8).dropLast())
    }

    public var description: String { message }
}

/// Lists every required item an audit lacks, in template order (docs/grading.md).
public enum CompletionCheck {
    public static func gaps(in audit: Audit, template: AuditTemplate) -> [CompletionGap] {
        var gaps = headerGaps(audit, template: template)
        let cohort = audit.cohort
        for section in template.sections {
            let record = audit.sections[section.id]
            // A section the auditor judged not applicable needs no answers, only the reason why.
            let notApplicable = section.graded && record?.grade == .na
            if !notApplicable {
                for question in section.questions(for: cohort) where isRequired(question, in: audit, template: template) {
                    if let why = ResponseRules.gap(question: question, response: record?.answers[question.id]) {
                        gaps.append(CompletionGap(sectionID: section.id, questionID: question.id,
                                                  message: "\(section.title): \"\(question.text)\" \(why)"))
                    }
                }
                gaps += contradictions(section: section, record: record, cohort: cohort)
            }
            if section.graded {
                if record?.grade == nil {
                    gaps.append(CompletionGap(sectionID: section.id,
                                              message: "\(section.title): no section grade"))
                }
                if ResponseRules.isBlank(record?.rationale) {
                    gaps.append(CompletionGap(sectionID: section.id,
                                              message: "\(section.title): no rationale for the grade"))
                }
            }
        }
        switch audit.overall.grade {
        case nil:
            gaps.append(CompletionGap(questionID: CompletionGap.overallField, message: "no overall grade"))
        case .na?:
            gaps.append(CompletionGap(questionID: CompletionGap.overallField,
                                      message: "the overall grade cannot be N/A"))
        default: break
        }
        if ResponseRules.isBlank(audit.overall.rationale) {
            gaps.append(CompletionGap(questionID: CompletionGap.overallField,
                                      message: "no rationale for the overall grade"))
        }
        // An action carried over from an earlier audit of the case must say how it ended.
        for (i, action) in audit.actions.enumerated() where action.carriedFrom != nil && action.outcome == nil {
            gaps.append(CompletionGap(questionID: CompletionGap.actionField(i),
                                      message: "carried-over action \"\(action.what)\" needs an outcome: done, not done or no longer needed"))
        }
        // An action of this audit says who will do it and by when (one kept from a hang-up may not).
        for (i, action) in audit.actions.enumerated() where action.carriedFrom == nil {
            let missing = [ResponseRules.isBlank(action.who) ? "who will do it" : nil,
                           ResponseRules.isBlank(action.by) ? "by when" : nil].compactMap { $0 }
            guard !missing.isEmpty else { continue }
            gaps.append(CompletionGap(questionID: CompletionGap.actionField(i),
                                      message: "action \"\(action.what)\" does not say \(missing.joined(separator: " or "))"))
        }
        return gaps
    }

    /// Required in the template, or required by a Yes to the answer question its `required-if` names.
    static func isRequired(_ question: Question, in audit: Audit, template: AuditTemplate) -> Bool {
        if question.required { return true }
        guard let target = question.requiredIf, let holder = template.section(holding: target) else { return false }
        return audit.sections[holder.id]?.answers[target]?.answer == .yes
    }

    /// A number that triggers a limit beside a Yes it contradicts ("longest gap 5 months" and
    /// "no gap of three months or more: Yes"): one of them is wrong, and the grade depends on it.
    public static func contradictions(section: TemplateSection, record: SectionRecord?, cohort: Cohort?) -> [CompletionGap] {
        guard let record else { return [] }
        var gaps: [CompletionGap] = []
        for rule in section.limits {
            guard let other = rule.contradicts, let atLeast = rule.atLeast,
                  let number = section.question(rule.question), number.applies(to: cohort),
                  let answer = section.question(other), answer.applies(to: cohort),
                  rule.triggered(by: record.answers[rule.question]),
                  record.answers[other]?.answer == .yes else { continue }
            let value = record.answers[rule.question]?.value?.trimmingCharacters(in: .whitespaces) ?? ""
            let limit = atLeast == atLeast.rounded() ? String(Int(atLeast)) : String(atLeast)
            gaps.append(CompletionGap(sectionID: section.id, questionID: other,
                                      message: "\(section.title): \"\(answer.text)\" is Yes, but \"\(number.text)\" is \(value) (\(limit) or more): correct one of them"))
        }
        return gaps
    }

    static func headerGaps(_ audit: Audit, template: AuditTemplate) -> [CompletionGap] {
        var gaps: [CompletionGap] = []
        func blank(_ field: String, _ value: String, _ what: String) {
            if ResponseRules.isBlank(value) { gaps.append(CompletionGap(questionID: field, message: "no \(what)")) }
        }
        blank("case_ref", audit.caseRef, "case reference")
        if let cohort = audit.cohort {
            if !template.cohorts.contains(cohort) {
                let allowed = template.cohorts.map(\.rawValue).joined(separator: ", ")
                gaps.append(CompletionGap(questionID: "cohort",
                                          message: "cohort \(cohort.rawValue) is not covered by template \(template.id) (\(allowed))"))
            }
        } else {
            gaps.append(CompletionGap(questionID: "cohort", message: "no cohort"))
        }
        blank("team", audit.team, "team")
        blank("auditor", audit.auditor, "auditor")
        if audit.month == nil { gaps.append(CompletionGap(questionID: "month", message: "no month")) }
        return gaps
    }
}

/// Marks an audit complete once nothing required is missing.
public enum AuditCompletion {
    /// Throws `DiagnosticsError` (65) listing every gap, or sets the status to complete and
    /// `completed` (and `updated`) to `at`. `file` names the audit in the messages.
    public static func complete(_ audit: inout Audit, template: AuditTemplate, at: Date,
                                file: String? = nil) throws {
        let name = file ?? "\(audit.id).json"
        guard audit.template == TemplateRef(id: template.id, version: template.version) else {
            throw DiagnosticsError([.error(name, "the audit was made with \(audit.template.key), not \(template.versionKey)",
                                           remedy: "complete it against the template version it was made with")])
        }
        let gaps = CompletionCheck.gaps(in: audit, template: template)
        guard gaps.isEmpty else {
            throw DiagnosticsError(gaps.map {
                .error(name, "cannot complete: \($0.message)", remedy: "fill it in, then complete the audit again")
            })
        }
        audit.status = .complete
        audit.completed = at
        audit.updated = at
    }
}
