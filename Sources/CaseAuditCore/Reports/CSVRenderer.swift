/// The CSV of product.md section 5: exact headers, LF line ends, RFC 4180 quoting, numbers with
/// a dot and one decimal whatever the locale.
enum CSVRenderer {
    static let measuresHeader = "measure,period,audits,graded,good_or_better,percent,baseline,target,rag"
    static let gradesHeader = "section,period,graded,outstanding,good,requires_improvement,inadequate"

    static func render(_ report: MeasureReport) -> String {
        var out = measuresHeader + "\n"
        for r in report.rows {
            out += [field(r.measure.id), field(r.period), "\(r.audits)", "\(r.graded)", "\(r.goodOrBetter)",
                    ReportNumber.optionalOneDecimal(r.percent), ReportNumber.optionalPlain(r.measure.baseline),
                    ReportNumber.optionalPlain(r.measure.target), r.rag.rawValue].joined(separator: ",") + "\n"
        }
        return out
    }

    static func render(_ report: GradeReport) -> String {
        var out = gradesHeader + "\n"
        for r in report.rows {
            var cells = [field(r.section), field(r.period), "\(r.graded)"]
            for g in Grade.scale { cells.append(ReportNumber.optionalOneDecimal(r.percent(g))) }
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    /// Quotes a field holding a comma, quote or line break; also one starting with a character
    /// a spreadsheet would read as a formula.
    static func field(_ text: String) -> String {
        var t = text
        if let first = t.first, "=+-@".contains(first) { t = "'" + t }
        // Bytes, not Characters: "\r\n" is one Character equal to neither "\r" nor "\n".
        guard t.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return t }
        return "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
