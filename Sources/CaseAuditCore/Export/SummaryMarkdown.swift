/// The summary as Markdown, for wikis and documents.
enum SummaryMarkdown {
    static func render(_ s: AuditSummary) -> String {
        var out: [String] = ["# \(escape(s.title))", "", "| | |", "| --- | --- |"]
        for f in s.fields { out.append("| \(f.label) | \(cell(f.value)) |") }
        for section in s.sections + [s.overall] {
            out += ["", "## \(escape(section.title))", ""]
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
        }
        out += ["", "## Actions", ""]
        if s.actions.isEmpty {
            out.append("None recorded.")
        } else {
            out += ["| What | Who | By | Done |", "| --- | --- | --- | --- |"]
            for a in s.actions { out.append("| \(cell(a.what)) | \(cell(a.who)) | \(cell(a.by)) | \(a.done ? "yes" : "no") |") }
        }
        out += ["", "## Feedback", ""]
        out.append("- **From the worker:** " + (s.workerFeedback.isEmpty ? "none recorded." : paragraph(s.workerFeedback)))
        out.append("- **From the family:** " + (s.familyFeedback.isEmpty ? "none recorded." : paragraph(s.familyFeedback)))
        if !s.feedbackToWorker.isEmpty { out.append("- **To the worker:** " + paragraph(s.feedbackToWorker)) }
        if !s.workerReply.isEmpty { out.append("- **Worker's reply:** " + paragraph(s.workerReply)) }
        return out.joined(separator: "\n") + "\n"
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
