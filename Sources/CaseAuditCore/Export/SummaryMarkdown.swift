/// The summary as Markdown, for wikis and documents, in the order of the text summary.
enum SummaryMarkdown {
    static func render(_ s: AuditSummary) -> String {
        var out: [String] = ["# \(escape(s.title))", "", "| | |", "| --- | --- |"]
        for f in s.fields { out.append("| \(f.label) | \(cell(f.value)) |") }
        out += section(s.overall, heading: "Overall grade")
        if !s.childsWords.isEmpty {
            out += ["", "## In the child's words", ""]
            for w in s.childsWords { out += ["\(escape(w.label))", "", "> " + paragraph(w.value), ""] }
            out.removeLast()
        }
        out += ["", "## Actions", ""]
        if s.actions.isEmpty {
            out.append("None recorded.")
        } else {
            out += ["| What | Who | By | Done or outcome |", "| --- | --- | --- | --- |"]
            for a in s.actions {
                out.append("| \(cell(a.what)) | \(cell(a.who)) | \(cell(a.by)) | \(cell(standing(a))) |")
            }
        }
        if !s.supervisionDates.isEmpty {
            out += ["", "## Supervision dates", ""]
            for d in s.supervisionDates { out.append("- \(escape(d.label)): \(escape(d.value))") }
        }
        for sec in s.sections { out += section(sec, heading: sec.title) }
        out += ["", "## Feedback", ""]
        out.append("- **From the worker:** " + (s.workerFeedback.isEmpty ? "none recorded." : paragraph(s.workerFeedback)))
        out.append("- **From the family:** " + (s.familyFeedback.isEmpty ? "none recorded." : paragraph(s.familyFeedback)))
        if !s.feedbackToWorker.isEmpty { out.append("- **To the worker:** " + paragraph(s.feedbackToWorker)) }
        if !s.workerReply.isEmpty { out.append("- **Worker's reply:** " + paragraph(s.workerReply)) }
        return out.joined(separator: "\n") + "\n"
    }

    /// "done on 2024-05-20", "open", "outcome: not done" (the part of `actionStatus` after the date).
    static func standing(_ a: AuditAction) -> String {
        AuditSummary.actionStatus(a).components(separatedBy: "; ").dropFirst(2).joined(separator: "; ")
    }

    static func section(_ section: AuditSummary.Section, heading: String) -> [String] {
        var out = ["", "## \(escape(heading))", ""]
        if !section.grade.isEmpty { out.append("**Grade:** \(escape(section.grade))") }
        if !section.previousGrade.isEmpty { out += ["", "**Previous audit:** \(escape(section.previousGrade))"] }
        if !section.rationale.isEmpty { out += ["", "**Rationale:** " + paragraph(section.rationale)] }
        if !section.moderationNote.isEmpty { out += ["", "_\(escape(section.moderationNote))_"] }
        if !section.keyAnswers.isEmpty {
            out += ["", "Key answers:", ""]
            for k in section.keyAnswers {
                var line = "- **\(k.answer.title):** \(escape(k.question))"
                if !k.note.isEmpty { line += " \u{2014} " + paragraph(k.note) }
                out.append(line)
            }
        }
        return out
    }

    /// Characters that would otherwise start emphasis, links or HTML.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_[]<>#|".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// A multi-line note kept as one paragraph with hard line breaks.
    static func paragraph(_ text: String) -> String {
        escape(text).split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "<br>")
    }

    static func cell(_ text: String) -> String { paragraph(text) }
}
