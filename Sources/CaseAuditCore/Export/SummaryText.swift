/// The summary as plain text, for the terminal or pasting into a case note. Everything in it
/// comes from the audit file, so control characters are shown as `<U+XXXX>` (`TerminalText`).
/// Order, as a case file reads it: the overall grade, the child's words, the actions, the
/// supervision dates, then each section and the feedback.
enum SummaryText {
    static func render(_ s: AuditSummary) -> String {
        let title = TerminalText.safe(s.title)
        var out: [String] = [title, String(repeating: "=", count: title.count), ""]
        let width = s.fields.map(\.label.count).max() ?? 0
        for f in s.fields {
            out.append("\(f.label):" + String(repeating: " ", count: width - f.label.count + 1) + TerminalText.safe(f.value))
        }
        out += section(s.overall, heading: "Overall grade")
        if !s.childsWords.isEmpty {
            out += heading("In the child's words")
            for w in s.childsWords { out += ["\(w.label)", "  \"" + indent(w.value, by: 3) + "\""] }
        }
        out += heading("Actions")
        if s.actions.isEmpty { out.append("None recorded.") }
        for a in s.actions {
            out.append("* \(indent(a.what, by: 2))")
            out.append("  " + AuditSummary.actionStatus(a))
        }
        if !s.supervisionDates.isEmpty {
            out += heading("Supervision dates")
            for d in s.supervisionDates { out.append("\(d.label): \(d.value)") }
        }
        for sec in s.sections { out += section(sec, heading: sec.title) }
        out += heading("Feedback")
        out.append("From the worker: " + (s.workerFeedback.isEmpty ? "none recorded." : indent(s.workerFeedback)))
        out.append("From the family: " + (s.familyFeedback.isEmpty ? "none recorded." : indent(s.familyFeedback)))
        if !s.feedbackToWorker.isEmpty { out.append("To the worker: " + indent(s.feedbackToWorker)) }
        if !s.workerReply.isEmpty { out.append("Worker's reply: " + indent(s.workerReply)) }
        return TerminalText.safe(out.joined(separator: "\n"), multiline: true) + "\n"
    }

    static func heading(_ text: String) -> [String] { ["", text, String(repeating: "-", count: text.count)] }

    static func section(_ section: AuditSummary.Section, heading title: String) -> [String] {
        var out = heading(title)
        if !section.grade.isEmpty { out.append("Grade: \(section.grade)") }
        if !section.previousGrade.isEmpty { out.append("Previous audit: \(section.previousGrade)") }
        if !section.rationale.isEmpty { out.append("Rationale: " + indent(section.rationale)) }
        if !section.moderationNote.isEmpty { out.append(indent(section.moderationNote)) }
        for k in section.keyAnswers {
            out.append("* \(k.answer.title): \(k.question)")
            if !k.note.isEmpty { out.append("  " + indent(k.note, by: 2)) }
        }
        return out
    }

    /// Continuation lines of a multi-line note line up under its first line.
    static func indent(_ text: String, by n: Int = 2) -> String {
        // isNewline, not "\n": a Windows "\r\n" is one Character that equals neither.
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .joined(separator: "\n" + String(repeating: " ", count: n))
    }
}
