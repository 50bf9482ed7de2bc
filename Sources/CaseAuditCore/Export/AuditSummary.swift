import Foundation

/// `caseaudit summary`: the page a team manager gives the worker and puts on the case file.
/// Built once as plain values, then written as text, Markdown or self-contained HTML.
public struct AuditSummary: Sendable {
    public enum Format: String, CaseIterable, Sendable { case text, markdown, html }

    public struct Field: Sendable {
        public var label: String
        public var value: String
    }

    public struct KeyAnswer: Sendable {
        public var question: String
        public var answer: Answer
        public var note: String
    }

    public struct Section: Sendable {
        public var title: String
        /// "Good", or "Good (moderated; auditor's grade: Requires improvement)"; empty when ungraded.
        public var grade: String
        public var rationale: String
        public var moderationNote: String
        public var keyAnswers: [KeyAnswer]
        /// The grade that counted in the case's previous audit, e.g. "Requires improvement (2026-05)";
        /// empty without a previous audit or grade.
        public var previousGrade: String = ""
    }

    public var title: String
    public var fields: [Field]
    /// The child's own words as recorded: the text answers of the `voice` section, each under
    /// its question.
    public var childsWords: [Field]
    /// The supervision dates recorded: the date answers of the `supervision` section.
    public var supervisionDates: [Field]
    public var sections: [Section]
    public var overall: Section
    public var actions: [AuditAction]
    public var workerFeedback: String
    public var familyFeedback: String
    /// The auditor's feedback to the worker; empty when none is recorded.
    public var feedbackToWorker: String
    /// The worker's reply to it: "Partly agrees (2026-12-01): ..."; empty when none is recorded.
    public var workerReply: String

    /// `previous`: the same case's audit before this one, whose grades are shown beside these.
    public init(_ audit: Audit, template: AuditTemplate?, previous: Audit? = nil) {
        let templateName = template.map { "\($0.title), version \(audit.template.version)" }
            ?? "\(audit.template.id), version \(audit.template.version)"
        title = "Case file audit: \(audit.caseRef.isEmpty ? audit.id : audit.caseRef)"
        fields = [
            Field(label: "Case reference", value: audit.caseRef),
            Field(label: "Cohort", value: audit.cohort.map { "\($0.title) (\($0.rawValue))" } ?? ""),
            Field(label: "Team", value: audit.team),
            Field(label: "Worker", value: audit.worker),
            Field(label: "Auditor", value: audit.auditor),
            Field(label: "Month", value: audit.month?.title ?? ""),
            Field(label: "Template", value: templateName),
            Field(label: "Status", value: audit.status == .complete
                  ? "Complete" + (audit.completed.map { " (\(AuditSummary.day($0)))" } ?? "") : "Draft"),
            Field(label: "Audit id", value: audit.id),
        ]
        childsWords = AuditSummary.answers(audit, section: "voice", type: .text, template: template)
        supervisionDates = AuditSummary.answers(audit, section: "supervision", type: .date, template: template)
        var order = template?.sections.map(\.id) ?? []
        order += audit.sections.keys.filter { !order.contains($0) }.sorted()
        sections = order.compactMap { id in
            let ts = template?.section(id)
            let record = audit.sections[id] ?? SectionRecord()
            let keys = AuditSummary.keyAnswers(record, section: ts)
            let graded = ts?.graded ?? (record.grade != nil)
            guard graded || !keys.isEmpty else { return nil }
            let j = Judgement(grade: record.grade, rationale: record.rationale, moderation: record.moderation)
            return Section(title: ts?.title ?? id, grade: graded ? AuditSummary.gradeText(j) : "",
                           rationale: record.rationale, moderationNote: AuditSummary.moderationNote(j),
                           keyAnswers: keys,
                           previousGrade: graded ? AuditSummary.previous(previous, previous?.effectiveGrade(section: id)) : "")
        }
        overall = Section(title: "Overall", grade: AuditSummary.gradeText(audit.overall), rationale: audit.overall.rationale,
                          moderationNote: AuditSummary.moderationNote(audit.overall), keyAnswers: [],
                          previousGrade: AuditSummary.previous(previous, previous?.effectiveOverall))
        feedbackToWorker = audit.feedback.toWorker
        workerReply = audit.feedback.reply.map { r in
            r.agreement.title + (r.date.isEmpty ? "" : " (\(r.date))") + (r.text.isEmpty ? "" : ": \(r.text)")
        } ?? ""
        actions = audit.actions
        workerFeedback = audit.feedback.worker
        familyFeedback = audit.feedback.family
    }

    /// Answers of No or Partly, in template order, with their evidence notes; for the escalation
    /// question only a Yes (a No there is good news), and the impact question whatever its answer
    /// (its note says what difference the work made).
    /// The case's earlier completed audits, latest first: same case reference, another id, a month
    /// before this audit's (any month when either has none).
    public static func earlier(than audit: Audit, among facts: [AuditFacts]) -> [AuditFacts] {
        guard !audit.caseRef.isBlank else { return [] }
        // Fields read in place and the case reference (short, so cheap to compare) first: the
        // interface runs this over every audit when one is opened.
        var found: [AuditFacts] = []
        for k in facts.indices where facts[k].status == .complete && facts[k].caseRef == audit.caseRef {
            let f = facts[k]
            guard f.id != audit.id, f.month == nil || audit.month == nil || f.month! < audit.month! else { continue }
            found.append(f)
        }
        return found.sorted { ($0.month?.ordinal ?? 0, $0.updated) > ($1.month?.ordinal ?? 0, $1.updated) }
    }

    /// The answers of type `type` in section `section`, in template order, labelled by their
    /// question; blank answers are left out.
    static func answers(_ audit: Audit, section: String, type: QuestionType, template: AuditTemplate?) -> [Field] {
        guard let ts = template?.section(section), let record = audit.sections[section] else { return [] }
        return ts.questions.filter { $0.type == type }.compactMap { q in
            guard let value = record.answers[q.id]?.value, !value.isBlank else { return nil }
            return Field(label: q.text, value: value)
        }
    }

    /// An action's owner, due date and how it stands: "Who: …; by: …; done on …".
    public static func actionStatus(_ a: AuditAction) -> String {
        var parts = ["Who: \(a.who.isEmpty ? "not set" : a.who)", "by: \(a.by.isEmpty ? "not set" : a.by)"]
        switch a.outcome {
        case .done?: parts.append(a.doneOn.map { "done on \($0)" } ?? "done")
        case .notDone?: parts.append("outcome: not done")
        case .noLongerNeeded?: parts.append("outcome: no longer needed")
        case nil: parts.append(a.done ? a.doneOn.map { "done on \($0)" } ?? "done" : "open")
        }
        if let from = a.carriedFrom { parts.append("carried over from audit \(from)") }
        return parts.joined(separator: "; ")
    }

    /// "Good (2026-05)": the grade that counted in the previous audit, with its month.
    static func previous(_ audit: Audit?, _ grade: Grade?) -> String {
        guard let audit, let grade else { return "" }
        return grade.title + (audit.month.map { " (\($0))" } ?? "")
    }

    static func keyAnswers(_ record: SectionRecord, section: TemplateSection?) -> [KeyAnswer] {
        var ids = section?.questions.map(\.id).filter { record.answers[$0] != nil } ?? []
        ids += record.answers.keys.filter { !ids.contains($0) }.sorted()
        return ids.compactMap { qid in
            guard let r = record.answers[qid], let a = r.answer else { return nil }
            switch section?.question(qid)?.role {
            case .escalation?: guard a == .yes else { return nil }
            case .impact?: break
            default: guard a == .no || a == .partly else { return nil }
            }
            return KeyAnswer(question: section?.question(qid)?.text ?? qid, answer: a, note: r.note ?? "")
        }
    }

    /// The grade that counts, and the auditor's beside it when moderated (the editor shows the same).
    public static func gradeText(_ j: Judgement) -> String {
        guard let m = j.moderation else { return j.grade?.title ?? "Not graded" }
        return "\(m.grade.title) (moderated; auditor's grade: \(j.grade?.title ?? "not graded"))"
    }

    public static func moderationNote(_ j: Judgement) -> String {
        guard let m = j.moderation else { return "" }
        var text = "Moderated by \(m.by.isEmpty ? "a QA lead" : m.by) on \(day(m.at))"
        if !m.rationale.isEmpty { text += ": \(m.rationale)" }
        return text
    }

    static func day(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .text: return SummaryText.render(self)
        // Markdown goes to standard output unless --out: no control character reaches a terminal.
        case .markdown: return TerminalText.safe(SummaryMarkdown.render(self), multiline: true)
        case .html: return SummaryHTML.render(self)
        }
    }
}
