import CaseAuditCore
import Foundation

/// A place the audit is not finished: which section and question, and what is missing.
/// Mirrors the Foundation team's `CompletionGap`.
struct Gap: Equatable, Sendable {
    var sectionID: String?
    var questionID: String?
    var message: String
}

/// Seams for the Foundation team's `GradeSuggestion` and `CompletionCheck`: stand-ins until they
/// land in main, then one-line calls through.
enum GradingBridge {
    static func suggest(section: TemplateSection, record: SectionRecord?, cohort: Cohort?) -> Grade? {
        var score = 0.0
        var counted = 0.0
        for q in section.questions(for: cohort) where q.type == .answer {
            switch record?.answers[q.id]?.answer {
            case .yes?: score += 1; counted += 1
            case .partly?: score += 0.5; counted += 1
            case .no?: counted += 1
            default: break
            }
        }
        guard counted > 0 else { return nil }
        let ratio = score / counted
        var grade: Grade = ratio >= 0.9 ? .outstanding : ratio >= 0.7 ? .good : ratio >= 0.4 ? .requiresImprovement : .inadequate
        if let cap = cap(section: section, record: record, cohort: cohort), grade.rank ?? 0 > cap.rank ?? 0 {
            grade = cap
        }
        return grade
    }

    static func cap(section: TemplateSection, record: SectionRecord?, cohort: Cohort?) -> Grade? {
        var worst: Grade?
        for rule in section.limits {
            guard let q = section.question(rule.question), q.applies(to: cohort),
                  let a = record?.answers[rule.question]?.answer, rule.when.contains(a) else { continue }
            if worst == nil || (rule.cap.rank ?? 0) < (worst?.rank ?? 0) { worst = rule.cap }
        }
        return worst
    }

    static func gaps(in audit: Audit, template: AuditTemplate) -> [Gap] {
        var gaps: [Gap] = []
        for section in template.sections {
            let record = audit.sections[section.id]
            for q in section.questions(for: audit.cohort) where q.required {
                if let message = missing(q, record?.answers[q.id]) {
                    gaps.append(Gap(sectionID: section.id, questionID: q.id, message: message))
                }
            }
            if section.graded {
                if record?.grade == nil {
                    gaps.append(Gap(sectionID: section.id, questionID: nil, message: "\(section.title): grade the section"))
                } else if record?.grade != .na, (record?.rationale ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    gaps.append(Gap(sectionID: section.id, questionID: nil, message: "\(section.title): write the rationale for the grade"))
                }
            }
        }
        if audit.overall.grade == nil {
            gaps.append(Gap(sectionID: nil, questionID: nil, message: "Overall: give the overall grade"))
        } else if audit.overall.rationale.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            gaps.append(Gap(sectionID: nil, questionID: nil, message: "Overall: write the rationale for the overall grade"))
        }
        return gaps
    }

    private static func missing(_ q: Question, _ r: Response?) -> String? {
        func blank(_ s: String?) -> Bool { (s ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        switch q.type {
        case .answer:
            guard let a = r?.answer else { return "\(q.text): answer required" }
            if a.needsNote && !(r?.hasNote ?? false) { return "\(q.text): evidence note required for \(a.title)" }
            return nil
        case .smart:
            return blank(r?.action) ? "\(q.text): write the action" : nil
        default:
            return blank(r?.value) ? "\(q.text): answer required" : nil
        }
    }
}
