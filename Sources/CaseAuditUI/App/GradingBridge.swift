import CaseAuditCore
import Foundation

/// The Foundation team's grading rules, in one place so the editor and `caseaudit validate`
/// never disagree.
enum GradingBridge {
    static func suggest(section: TemplateSection, record: SectionRecord?, cohort: Cohort?) -> Grade? {
        GradeSuggestion.suggest(section: section, record: record, cohort: cohort)
    }

    static func cap(section: TemplateSection, record: SectionRecord?, cohort: Cohort?) -> Grade? {
        GradeSuggestion.cap(section: section, record: record, cohort: cohort)
    }

    static func gaps(in audit: Audit, template: AuditTemplate) -> [CompletionGap] {
        CompletionCheck.gaps(in: audit, template: template)
    }
}
