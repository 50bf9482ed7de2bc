import Foundation

/// `--redact`: what may leave the data directory when names and free text must not.
///
/// An allow-list, not a block-list: what survives is what cannot hold typed text. Kept: months,
/// templates, cohorts, the team (not a person), statuses, origins, grades, yes/partly/no answers,
/// SMART flags, times, and a response's value only when it is one of the template's options for
/// a choice question, a grade word for a grade question, a real date `YYYY-MM-DD` for a date
/// question or a plain number for a number question. Everything else goes: names, the case
/// reference, rationales, notes, text answers, plan actions, feedback, action descriptions, a
/// choice typed by hand, and every value whose question the template does not know (or when
/// the template is missing). The stored audit id is replaced by a `Pseudonym`.
public enum Redaction {
    public static func redacted(_ audit: Audit, template: AuditTemplate?, pseudonym: Pseudonym) -> Audit {
        var a = audit
        a.id = pseudonym.of(audit.id)
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
                if let value = resp.value, !survives(value, question: section?.question(qid)) { resp.value = nil }
                r.answers[qid] = resp
            }
            a.sections[id] = r
        }
        a.actions = a.actions.map { AuditAction(what: "", who: "", by: isDate($0.by) ? $0.by : "", done: $0.done) }
        a.feedback = Feedback()
        return a
    }

    /// Whether a response's value is one the question's type allows, and so holds no typed text.
    static func survives(_ value: String, question: Question?) -> Bool {
        guard let question else { return false }
        switch question.type {
        case .grade: return Grade(rawValue: value) != nil
        case .choice: return question.options.contains(value)
        case .date: return isDate(value)
        case .number: return isNumber(value)
        case .answer, .text, .smart: return false
        }
    }

    /// `YYYY-MM-DD`, a day that exists.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m) else { return false }
        return d >= 1 && d <= AuditDate.daysIn(month: m, year: y)
    }

    /// An optional minus, up to 9 digits, and optionally a point and up to 6 digits: a count or
    /// a measure, too short to be a phone number and with no letters to spell a name.
    static func isNumber(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.hasPrefix("-") { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, (1...9).contains(parts[0].count) else { return false }
        if parts.count == 2, !(1...6).contains(parts[1].count) { return false }
        return parts.allSatisfy { $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
    }

    static func redacted(_ j: Judgement) -> Judgement {
        Judgement(grade: j.grade, rationale: "", moderation: j.moderation.map(redacted))
    }

    static func redacted(_ m: Moderation) -> Moderation {
        Moderation(grade: m.grade, by: "", at: m.at, rationale: "")
    }
}
