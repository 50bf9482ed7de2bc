/// One self-contained, printable HTML file: inline CSS and SVG, no scripts, no external assets,
/// so it can be e-mailed to a scrutiny committee or printed for a performance meeting.
enum HTMLRenderer {
    static func render(_ report: MeasureReport) -> String {
        var body = "<h1>Measures against targets</h1>\n<p class=\"scope\">\(escape(ReportText.scope(report.grouping, report.from, report.to))).</p>\n"
        for m in report.measures {
            let rows = report.rows(of: m)
            body += "<section class=\"measure\">\n<h2>\(escape(m.title))</h2>\n"
            body += "<p class=\"meta\"><code>\(escape(m.id))</code>: \(escape(ReportText.describe(m))).</p>\n"
            if rows.isEmpty {
                body += "<p>No completed audits in this range.</p>\n</section>\n"
                continue
            }
            body += SVGCharts.trend(rows, measure: m, grouping: report.grouping)
            body += "<table>\n<thead><tr><th>\(ReportText.periodHeading(report.grouping))</th><th class=\"n\">Audits</th><th class=\"n\">Graded</th>"
                + "<th class=\"n\">Good or better</th><th class=\"n\">Percent</th><th>RAG</th><th class=\"n\">CI low</th><th class=\"n\">CI high</th>"
                + (report.grouping.isTime ? "<th class=\"n\">Change on previous</th><th class=\"n\">Change on a year before</th>" : "")
                + "</tr></thead>\n<tbody>\n"
            for r in rows {
                body += "<tr><td>\(escape(ReportText.period(r)))</td><td class=\"n\">\(r.audits)</td><td class=\"n\">\(r.graded)</td>"
                    + "<td class=\"n\">\(r.goodOrBetter)</td><td class=\"n\">\(ReportText.percent(r))</td>"
                    + "<td class=\"rag \(r.rag.rawValue)\">\(r.rag.rawValue)</td>"
                    + "<td class=\"n\">\(r.ciLow.map { ReportNumber.oneDecimal($0) + "%" } ?? "")</td>"
                    + "<td class=\"n\">\(r.ciHigh.map { ReportNumber.oneDecimal($0) + "%" } ?? "")</td>"
                    + (report.grouping.isTime ? "<td class=\"n\">\(ReportText.change(r, from: r.previous))</td><td class=\"n\">\(ReportText.change(r, from: r.yearBefore))</td>" : "")
                    + "</tr>\n"
            }
            body += "</tbody>\n</table>\n"
            if rows.contains(where: { $0.isLowCount && $0.graded > 0 }) { body += "<p class=\"meta\">\(escape(ReportText.lowCountNote))</p>\n" }
            body += "</section>\n"
        }
        if !report.distributions.isEmpty {
            body += "<h2 class=\"part\">Grade distribution</h2>\n"
            for d in report.distributions { body += distribution(d, level: 3) }
        }
        return page(title: "Measures against targets", body: body)
    }

    static func render(_ report: GradeReport) -> String {
        let title = "Grade distribution: \(ReportText.sectionTitle(report.section))"
        var body = "<h1>\(escape(title))</h1>\n<p class=\"scope\">Section <code>\(escape(report.section))</code>. "
            + "\(escape(ReportText.scope(report))). Percentages of the graded audits.</p>\n"
        body += distribution(report, level: 2)
        return page(title: title, body: body)
    }

    static func distribution(_ d: GradeReport, level: Int) -> String {
        var out = "<section class=\"grades\">\n<h\(level)>\(escape(ReportText.sectionTitle(d.section))) <code>\(escape(d.section))</code></h\(level)>\n"
        if d.rows.isEmpty { return out + "<p>No completed audits with this section in this range.</p>\n</section>\n" }
        out += SVGCharts.distribution(d.rows)
        out += "<table>\n<thead><tr><th>\(ReportText.periodHeading(d.grouping))</th><th class=\"n\">Audits</th><th class=\"n\">Graded</th>"
            + Grade.scale.map { "<th class=\"n\">\($0.title)</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for r in d.rows {
            out += "<tr><td>\(escape(ReportText.period(r)))</td><td class=\"n\">\(r.audits)</td><td class=\"n\">\(r.graded)</td>"
            for g in Grade.scale {
                out += "<td class=\"n\">\(r.percent(g).map { ReportNumber.oneDecimal($0) + "% (\(r.count(g)))" } ?? "")</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body { font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; margin: 2em auto; max-width: 60em; padding: 0 1em; line-height: 1.4; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; }
        h2 { font-size: 1.3em; margin: 1.6em 0 0.2em; }
        h3 { font-size: 1.1em; margin: 1.2em 0 0.2em; }
        .scope, .meta { color: #444; margin-top: 0; }
        table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.9em; }
        th, td { border: 1px solid #999; padding: 0.2em 0.6em; text-align: left; }
        th { background: #eee; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        td.rag { font-weight: bold; }
        td.green { background: #d7eed9; } td.amber { background: #fbe7c6; } td.red { background: #f6d0cd; }
        svg { display: block; max-width: 100%; height: auto; }
        svg text { font-family: Arial, Helvetica, sans-serif; font-size: 11px; fill: #1a1a1a; }
        section { break-inside: avoid; page-break-inside: avoid; }
        @page { size: A4; margin: 15mm; }
        @media print {
          body { margin: 0; max-width: none; font-size: 10pt; }
          h2.part { break-before: page; page-break-before: always; }
          th, td.green, td.amber, td.red { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
