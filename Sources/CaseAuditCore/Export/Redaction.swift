/// `--redact`: what may leave the data directory when names and free text must not.
///
/// Dropped: people's names (auditor, worker, moderator, action owners), the case reference, and
/// every piece of free text (rationales, evidence notes, text answers, plan actions, action
/// descriptions, feedback). Kept: ids, months, templates, cohorts, the team (not a person),
/// statuses, grades, answers and the non-free-text values (grade, choice, date, number).
public enum Redaction {
    public static func redacted(_ audit: Audit, template: AuditTemplate?) -> Audit {
        var a = audit
        a.auditor = ""
        a.worker = ""
        a.caseRef = ""
        a.overall = redacted(a.overall)
        for (id, record) in a.sections {
            var r = record
            r.rationale = ""
            r.moderation = r.moderation.map(redacted)
            let section = template?.section(id)
            for (qid, response) in r.answers {
                var resp = response
                resp.note = nil
                resp.action = nil
                if resp.value != nil, !keepsValue(section?.question(qid)?.type) { resp.value = nil }
                r.answers[qid] = resp
            }
            a.sections[id] = r
        }
        a.actions = a.actions.map { AuditAction(what: "", who: "", by: $0.by, done: $0.done) }
        a.feedback = Feedback()
        return a
    }

    /// Values that are never free text; without the template the type is unknown, so the value goes.
    static func keepsValue(_ type: QuestionType?) -> Bool {
        switch type {
        case .grade?, .choice?, .date?, .number?: return true
        default: return false
        }
    }

    static func redacted(_ j: Judgement) -> Judgement {
        Judgement(grade: j.grade, rationale: "", moderation: j.moderation.map(redacted))
    }

    static func redacted(_ m: Moderation) -> Moderation {
        Moderation(grade: m.grade, by: "", at: m.at, rationale: "")
    }
}
