/// The summary as one self-contained, printable HTML file (no scripts, no external files). It
/// prints on one A4 page for a usual audit: small print type, the details in two columns, the
/// sections as one table, and nothing that forces a page break.
enum SummaryHTML {
    static let style = """
        body { font-family: Arial, Helvetica, sans-serif; color: #111; max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.4; }
        h1 { font-size: 1.5em; border-bottom: 2px solid #333; padding-bottom: .2em; }
        h2 { font-size: 1.15em; margin-top: 1.2em; border-bottom: 1px solid #999; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: .25em .5em; border: 1px solid #bbb; }
        th { background: #eee; }
        .overall { font-size: 1.2em; }
        .grade { font-weight: bold; }
        .note { white-space: pre-wrap; }
        .moderation { font-style: italic; }
        blockquote { margin: .3em 0 .3em 1em; padding-left: .6em; border-left: 3px solid #999; }
        ul.answers { margin: .2em 0 0 1em; padding: 0; }
        @page { size: A4; margin: 12mm; }
        @media print {
          body { font-size: 9pt; line-height: 1.25; margin: 0; max-width: none; padding: 0; }
          h1 { font-size: 13pt; margin: 0 0 .3em; }
          h2 { font-size: 10.5pt; margin: .6em 0 .2em; break-after: avoid; }
          p, blockquote, ul { margin-top: .15em; margin-bottom: .15em; }
          th, td { padding: .1em .3em; }
          tr { break-inside: avoid; }
        }
        """

    static func render(_ s: AuditSummary) -> String {
        var out = ["<!DOCTYPE html>", "<html lang=\"en-GB\">", "<head>", "<meta charset=\"utf-8\">",
                   "<title>\(escape(s.title))</title>", "<style>", style, "</style>", "</head>", "<body>",
                   "<h1>\(escape(s.title))</h1>", "<table class=\"details\">"]
        // Two details a row: half the height of one a row.
        for i in stride(from: 0, to: s.fields.count, by: 2) {
            var row = "<tr>"
            for f in s.fields[i..<min(i + 2, s.fields.count)] {
                row += "<th scope=\"row\">\(escape(f.label))</th><td>\(escape(f.value))</td>"
            }
            out.append(row + "</tr>")
        }
        out.append("</table>")
        let o = s.overall
        out += ["<h2>Overall grade</h2>", "<p class=\"overall\">Grade: <span class=\"grade\">\(escape(o.grade))</span></p>"]
        if !o.previousGrade.isEmpty { out.append("<p>Previous audit: \(escape(o.previousGrade))</p>") }
        if !o.rationale.isEmpty { out.append("<p class=\"note\">Rationale: \(escape(o.rationale))</p>") }
        if !o.moderationNote.isEmpty { out.append("<p class=\"moderation\">\(escape(o.moderationNote))</p>") }
        if !s.childsWords.isEmpty {
            out.append("<h2>In the child's words</h2>")
            for w in s.childsWords {
                out += ["<p>\(escape(w.label))</p>", "<blockquote class=\"note\">\(escape(w.value))</blockquote>"]
            }
        }
        out.append("<h2>Actions</h2>")
        if s.actions.isEmpty {
            out.append("<p>None recorded.</p>")
        } else {
            out += ["<table>", "<tr><th>What</th><th>Who</th><th>By</th><th>Done or outcome</th></tr>"]
            for a in s.actions {
                out.append("<tr><td class=\"note\">\(escape(a.what))</td><td>\(escape(a.who))</td><td>\(escape(a.by))</td>"
                           + "<td>\(escape(SummaryMarkdown.standing(a)))</td></tr>")
            }
            out.append("</table>")
        }
        if !s.supervisionDates.isEmpty {
            out += ["<h2>Supervision dates</h2>", "<ul>"]
            for d in s.supervisionDates { out.append("<li>\(escape(d.label)): \(escape(d.value))</li>") }
            out.append("</ul>")
        }
        if !s.sections.isEmpty {
            out += ["<h2>Sections</h2>", "<table>", "<tr><th>Section</th><th>Grade</th><th>Why, and the answers that were No or Partly</th></tr>"]
            for section in s.sections {
                var why: [String] = []
                if !section.rationale.isEmpty { why.append("<span class=\"note\">\(escape(section.rationale))</span>") }
                if !section.moderationNote.isEmpty { why.append("<br><span class=\"moderation\">\(escape(section.moderationNote))</span>") }
                if !section.keyAnswers.isEmpty {
                    why.append("<ul class=\"answers\">")
                    for k in section.keyAnswers {
                        var item = "<li><strong>\(escape(k.answer.title)):</strong> \(escape(k.question))"
                        if !k.note.isEmpty { item += "<br><span class=\"note\">\(escape(k.note))</span>" }
                        why.append(item + "</li>")
                    }
                    why.append("</ul>")
                }
                let grade = section.grade.isEmpty ? "" : "<span class=\"grade\">\(escape(section.grade))</span>"
                    + (section.previousGrade.isEmpty ? "" : "<br>Previous audit: \(escape(section.previousGrade))")
                out.append("<tr><td>\(escape(section.title))</td><td>\(grade)</td><td>\(why.joined())</td></tr>")
            }
            out.append("</table>")
        }
        out += ["<h2>Feedback</h2>",
                "<p class=\"note\"><strong>From the worker:</strong> \(s.workerFeedback.isEmpty ? "none recorded." : escape(s.workerFeedback))</p>",
                "<p class=\"note\"><strong>From the family:</strong> \(s.familyFeedback.isEmpty ? "none recorded." : escape(s.familyFeedback))</p>",
                ]
        if !s.feedbackToWorker.isEmpty {
            out.append("<p class=\"note\"><strong>To the worker:</strong> \(escape(s.feedbackToWorker))</p>")
        }
        if !s.workerReply.isEmpty { out.append("<p class=\"note\"><strong>Worker's reply:</strong> \(escape(s.workerReply))</p>") }
        out += ["</body>", "</html>"]
        return out.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String { HTMLRenderer.escape(text) }
}
