/// The CSV of product.md section 5: exact headers, LF line ends, RFC 4180 quoting, numbers with
/// a dot and one decimal whatever the locale. Cells go through `CSVWriter`, which also keeps a
/// team or auditor name from running as a spreadsheet formula unless `raw`.
enum CSVRenderer {
    static let measuresHeader = ["measure", "period", "audits", "graded", "good_or_better", "percent", "baseline", "target", "rag", "ci_low", "ci_high", "partial", "previous", "year_before"]
    static let gradesHeader = ["section", "period", "graded", "outstanding", "good", "requires_improvement", "inadequate"]

    static func render(_ report: MeasureReport, raw: Bool = false) -> String {
        var w = CSVWriter(raw: raw)
        w.row(measuresHeader)
        for r in report.rows {
            w.row([r.measure.id, r.period, "\(r.audits)", "\(r.graded)", "\(r.goodOrBetter)",
                   ReportNumber.optionalOneDecimal(r.percent), ReportNumber.optionalPlain(r.measure.baseline),
                   ReportNumber.optionalPlain(r.measure.target), r.rag.rawValue,
                   ReportNumber.optionalOneDecimal(r.ciLow), ReportNumber.optionalOneDecimal(r.ciHigh),
                   report.grouping.isTime ? (r.partial ? "yes" : "no") : "",
                   ReportNumber.optionalOneDecimal(r.previous), ReportNumber.optionalOneDecimal(r.yearBefore)])
        }
        return w.text
    }

    static func render(_ report: GradeReport, raw: Bool = false) -> String {
        var w = CSVWriter(raw: raw)
        w.row(gradesHeader)
        for r in report.rows {
            w.row([r.section, r.period, "\(r.graded)"] + Grade.scale.map { ReportNumber.optionalOneDecimal(r.percent($0)) })
        }
        return w.text
    }
}
