/// Plain-text tables for the terminal: aligned columns, RAG words and a text bar, in ASCII so
/// they survive any terminal, pager or e-mail. Names come from audit files and measures.yaml, so
/// each goes through `TerminalText.safe` (`safe` below) before it is printed.
enum TableRenderer {
    static let barWidth = 20

    static func render(_ report: MeasureReport) -> String {
        var out = "Measures against targets. \(ReportText.scope(report.grouping, report.from, report.to)).\n"
        for m in report.measures {
            out += "\n\(safe(m.title)) (\(safe(m.id)))\n\(safe(ReportText.describe(m)))\n"
            let rows = report.rows(of: m)
            if rows.isEmpty {
                out += "  no completed audits in this range\n"
                continue
            }
            let header = [ReportText.periodHeading(report.grouping), "Audits", "Graded", "Good+", "Percent", "RAG", "0% .. 100%", "95% CI"]
                + (report.grouping.isTime ? ["Prev", "Year"] : [])
            let body = rows.map { r in
                [safe(ReportText.period(r)), "\(r.audits)", "\(r.graded)", "\(r.goodOrBetter)",
                 r.percent == nil ? "-" : ReportText.percent(r), r.rag.rawValue,
                 bar(r.percent, target: m.target),
                 r.ciLow.map { "\(ReportNumber.oneDecimal($0))-\(ReportNumber.oneDecimal(r.ciHigh!))%" } ?? "-"]
                + (report.grouping.isTime ? [ReportText.change(r, from: r.previous), ReportText.change(r, from: r.yearBefore)]
                    .map { $0.isEmpty ? "-" : $0 } : [])
            }
            out += align([header] + body, rightAligned: [1, 2, 3, 4])
            if rows.contains(where: { $0.isLowCount && $0.graded > 0 }) { out += ReportText.lowCountNote + "\n" }
            if report.grouping.isTime { out += ReportText.changeNote + "\n" }
        }
        return out
    }

    static func render(_ report: GradeReport) -> String {
        var out = "Grade distribution of \(safe(report.section)). \(ReportText.scope(report)).\n"
        if report.rows.isEmpty { return out + "  no completed audits with this section in this range\n" }
        out += "O Outstanding, G Good, R Requires improvement, I Inadequate; percentages of the graded audits.\n\n"
        let header = [ReportText.periodHeading(report.grouping), "Audits", "Graded", "Outstanding", "Good", "Req. impr.", "Inadequate", "Distribution"]
        let body = report.rows.map { r -> [String] in
            func pct(_ g: Grade) -> String { r.percent(g).map { ReportNumber.oneDecimal($0) + "%" } ?? "-" }
            return [safe(ReportText.period(r)), "\(r.audits)", "\(r.graded)", pct(.outstanding), pct(.good), pct(.requiresImprovement),
                    pct(.inadequate), stackedBar(r)]
        }
        return out + align([header] + body, rightAligned: [1, 2, 3, 4, 5, 6])
    }

    /// A name as one line of printable text: controls, line breaks and tabs become `<U+XXXX>`.
    static func safe(_ text: String) -> String { TerminalText.safe(text) }

    /// `[########.....|....]`: the percent filled with `#`, the target marked with `|`.
    static func bar(_ percent: Double?, target: Double?) -> String {
        var cells = Array(repeating: Character("."), count: barWidth)
        if let percent {
            let filled = min(barWidth, Int((percent * Double(barWidth) / 100).rounded()))
            for i in 0..<filled { cells[i] = "#" }
        }
        if let target {
            let at = min(barWidth - 1, max(0, Int((target * Double(barWidth) / 100).rounded()) - 1))
            cells[at] = "|"
        }
        return "[" + String(cells) + "]"
    }

    /// `OOOGGGGGGGRRRRRRIIII`: each grade's share of the graded audits, largest remainders so it
    /// always fills the width.
    static func stackedBar(_ r: GradeRow) -> String {
        guard r.graded > 0 else { return "" }
        let grades: [(Character, Int)] = [("O", r.outstanding), ("G", r.good), ("R", r.requiresImprovement), ("I", r.inadequate)]
        let widths = apportion(grades.map(\.1), total: r.graded, width: barWidth)
        return zip(grades, widths).map { String(repeating: $0.0.0, count: $0.1) }.joined()
    }

    /// Splits `width` cells in proportion to `counts` (Hamilton's method).
    static func apportion(_ counts: [Int], total: Int, width: Int) -> [Int] {
        guard total > 0 else { return counts.map { _ in 0 } }
        var cells = counts.map { $0 * width / total }
        var remainders = counts.enumerated().map { ($0.offset, $0.element * width % total) }
        remainders.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        var left = width - cells.reduce(0, +)
        for (i, _) in remainders where left > 0 {
            cells[i] += 1
            left -= 1
        }
        return cells
    }

    /// Columns padded to their widest cell (counted in characters), separated by two spaces.
    static func align(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for row in rows {
            var line = ""
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if i > 0 { line += "  " }
                line += rightAligned.contains(i) ? pad + cell : cell + pad
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
