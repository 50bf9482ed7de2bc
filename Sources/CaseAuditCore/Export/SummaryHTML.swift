/// The summary as one self-contained, printable HTML file (no scripts, no external files).
enum SummaryHTML {
    static let style = """
        body { font-family: Arial, Helvetica, sans-serif; color: #111; max-width: 48em; margin: 2em auto; padding: 0 1em; line-height: 1.4; }
        h1 { font-size: 1.5em; border-bottom: 2px solid #333; padding-bottom: .2em; }
        h2 { font-size: 1.15em; margin-top: 1.5em; border-bottom: 1px solid #999; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: .25em .5em; border: 1px solid #bbb; }
        th { background: #eee; }
        .grade { font-weight: bold; }
        .note { white-space: pre-wrap; }
        .moderation { font-style: italic; }
        @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } section { break-inside: avoid; } }
        """

    static func render(_ s: AuditSummary) -> String {
        var out = ["<!DOCTYPE html>", "<html lang=\"en-GB\">", "<head>", "<meta charset=\"utf-8\">",
                   "<title>\(escape(s.title))</title>", "<style>", style, "</style>", "</head>", "<body>",
                   "<h1>\(escape(s.title))</h1>", "<table class=\"details\">"]
        for f in s.fields { out.append("<tr><th scope=\"row\">\(escape(f.label))</th><td>\(escape(f.value))</td></tr>") }
        out.append("</table>")
        for section in s.sections + [s.overall] {
            out += ["<section>", "<h2>\(escape(section.title))</h2>"]
            if !section.grade.isEmpty { out.append("<p>Grade: <span class=\"grade\">\(escape(section.grade))</span></p>") }
            if !section.previousGrade.isEmpty { out.append("<p>Previous audit: \(escape(section.previousGrade))</p>") }
            if !section.rationale.isEmpty { out.append("<p class=\"note\">Rationale: \(escape(section.rationale))</p>") }
            if !section.moderationNote.isEmpty { out.append("<p class=\"moderation\">\(escape(section.moderationNote))</p>") }
            if !section.keyAnswers.isEmpty {
                out.append("<ul>")
                for k in section.keyAnswers {
                    var item = "<li><strong>\(escape(k.answer.title)):</strong> \(escape(k.question))"
                    if !k.note.isEmpty { item += "<br><span class=\"note\">\(escape(k.note))</span>" }
                    out.append(item + "</li>")
                }
                out.append("</ul>")
            }
            out.append("</section>")
        }
        out += ["<section>", "<h2>Actions</h2>"]
        if s.actions.isEmpty {
            out.append("<p>None recorded.</p>")
        } else {
            out += ["<table>", "<tr><th>What</th><th>Who</th><th>By</th><th>Done</th></tr>"]
            for a in s.actions {
                out.append("<tr><td class=\"note\">\(escape(a.what))</td><td>\(escape(a.who))</td><td>\(escape(a.by))</td><td>\(a.done ? "yes" : "no")</td></tr>")
            }
            out.append("</table>")
        }
        out += ["</section>", "<section>", "<h2>Feedback</h2>",
                "<p class=\"note\"><strong>From the worker:</strong> \(s.workerFeedback.isEmpty ? "none recorded." : escape(s.workerFeedback))</p>",
                "<p class=\"note\"><strong>From the family:</strong> \(s.familyFeedback.isEmpty ? "none recorded." : escape(s.familyFeedback))</p>",
                ]
        if !s.feedbackToWorker.isEmpty {
            out.append("<p class=\"note\"><strong>To the worker:</strong> \(escape(s.feedbackToWorker))</p>")
        }
        if !s.workerReply.isEmpty { out.append("<p class=\"note\"><strong>Worker's reply:</strong> \(escape(s.workerReply))</p>") }
        out += ["</section>", "</body>", "</html>"]
        return out.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String { HTMLRenderer.escape(text) }
}
