/// Markdown for the performance-meeting papers: one table per measure.
enum MarkdownRenderer {
    static func render(_ report: MeasureReport) -> String {
        var out = "# Measures against targets\n\n\(ReportText.scope(report.grouping, report.from, report.to)).\n"
        for m in report.measures {
            out += "\n## \(cell(m.title))\n\n`\(m.id)`: \(ReportText.describe(m)).\n\n"
            let rows = report.rows(of: m)
            if rows.isEmpty {
                out += "No completed audits in this range.\n"
                continue
            }
            out += "| \(ReportText.periodHeading(report.grouping)) | Audits | Graded | Good or better | Percent | RAG | CI low | CI high |"
                + (report.grouping.isTime ? " Change on previous | Change on a year before |\n" : "\n")
            out += "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |" + (report.grouping.isTime ? " ---: | ---: |\n" : "\n")
            for r in rows {
                out += "| \(cell(ReportText.period(r))) | \(r.audits) | \(r.graded) | \(r.goodOrBetter) | "
                    + "\(ReportText.percent(r)) | \(r.rag.rawValue) | \(r.ciLow.map { ReportNumber.oneDecimal($0) + "%" } ?? "") | "
                    + "\(r.ciHigh.map { ReportNumber.oneDecimal($0) + "%" } ?? "") |"
                    + (report.grouping.isTime ? " \(ReportText.change(r, from: r.previous)) | \(ReportText.change(r, from: r.yearBefore)) |\n" : "\n")
            }
            if rows.contains(where: { $0.isLowCount && $0.graded > 0 }) { out += "\n\(ReportText.lowCountNote)\n" }
        }
        return out
    }

    static func render(_ report: GradeReport) -> String {
        var out = "# Grade distribution: \(cell(ReportText.sectionTitle(report.section)))\n\n"
        out += "Section `\(report.section)`. \(ReportText.scope(report)). Percentages of the graded audits.\n\n"
        if report.rows.isEmpty { return out + "No completed audits with this section in this range.\n" }
        out += "| \(ReportText.periodHeading(report.grouping)) | Audits | Graded | Outstanding | Good | Requires improvement | Inadequate |\n"
        out += "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        for r in report.rows {
            let pcts = Grade.scale.map { g in r.percent(g).map { ReportNumber.oneDecimal($0) + "%" } ?? "" }
            out += "| \(cell(ReportText.period(r))) | \(r.audits) | \(r.graded) | " + pcts.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// Text safe inside a table cell or heading.
    static func cell(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "|", "\\", "*", "_", "`", "[", "]", "<", ">", "#": out += "\\\(ch)"
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }
}
