import Foundation

/// Output formats of `caseaudit audits`.
public enum AuditListFormat: String, CaseIterable, Sendable {
    case table, csv, json
}

/// The audits behind a figure (`caseaudit audits`), written as a table, CSV or JSON. Rows come
/// from `Counting`, so their count, graded and good-or-better add up to the report's row.
public struct AuditList: Sendable {
    public var rows: [CountedAudit]
    /// The measure the grades are for; nil lists the overall grade that counts.
    public var measure: Measure?
    public var period: String?
    public var grouping: Grouping

    /// `filter` narrows the audits first; with a measure only the audits it counts are listed
    /// (in `period` when given), otherwise every audit that matches, with its overall grade.
    /// `from`/`to` bound the months as `report --from/--to` do, so a team row of a narrowed
    /// report can be listed.
    public init(audits: [AuditFacts], filter: AuditFilter, measure: Measure?, period: String?, by grouping: Grouping,
                from: Month? = nil, to: Month? = nil) {
        let matching = filter.isEmpty ? audits : audits.filter(filter.matches)
        self.measure = measure
        self.period = period
        self.grouping = grouping
        if let measure {
            let counted = Counting.counted(measure, in: matching, by: grouping, from: from, to: to)
            rows = period.map { p in counted.filter { $0.period == p } } ?? counted
        } else {
            var labels = PeriodLabels(grouping)
            rows = matching.filter { Counting.inMonths($0.month, from: from, to: to) }.map { CountedAudit(audit: $0, period: labels.period(of: $0) ?? "", grade: $0.overall) }
        }
    }

    public var graded: Int { rows.filter(\.isGraded).count }
    public var goodOrBetter: Int { rows.filter { $0.goodOrBetter == true }.count }

    public static let columns = ["audit_id", "month", "period", "template", "cohort", "team", "auditor", "case_ref",
                                 "status", "grade", "good_or_better"]

    static func fields(_ r: CountedAudit) -> [String] {
        let a = r.audit
        return [a.id, a.month?.description ?? "", r.period, a.template.id, a.cohort?.rawValue ?? "", a.team, a.auditor,
                a.caseRef, a.status.rawValue, r.counted, r.goodOrBetter.map { $0 ? "yes" : "no" } ?? ""]
    }

    /// `12 audits, 10 graded, 7 good or better` (for a measure; `10 answered, 7 meeting the
    /// measure` for a question measure), or `12 audits`.
    public var summary: String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let what = measure.map { " counted by \($0.id)" + (period.map { " in \($0)" } ?? "") } ?? ""
        guard let measure else { return count(rows.count, "audit") + what }
        if measure.question != nil {
            return "\(count(rows.count, "audit"))\(what): \(graded) answered, \(goodOrBetter) meeting the measure"
        }
        return "\(count(rows.count, "audit"))\(what): \(graded) graded, \(goodOrBetter) good or better"
    }

    /// `raw` writes CSV cells exactly as they are, with no `'` before a formula-like cell.
    public func render(_ format: AuditListFormat, raw: Bool = false) -> String {
        switch format {
        case .csv:
            var csv = CSVWriter(raw: raw)
            csv.row(Self.columns)
            for r in rows { csv.row(Self.fields(r)) }
            return csv.text
        case .table:
            if rows.isEmpty { return summary + "\n" }
            // A question measure's column holds the answer counted (the CSV keeps the name `grade`).
            let counted = measure?.question == nil ? ["Grade", "Good+"] : ["Answer", "Meets"]
            let header = ["Audit", "Month", "Period", "Template", "Cohort", "Team", "Auditor", "Case ref", "Status"] + counted
            // Names come from audit files: control characters are shown, never sent to the terminal.
            let body = rows.map { Self.fields($0).map(TableRenderer.safe) }
            return TableRenderer.align([header] + body, rightAligned: []) + "\n" + TableRenderer.safe(summary) + "\n"
        case .json:
            var out = "{\n"
            out += "  \"measure\": \(measure.map { JSONRenderer.string($0.id) } ?? "null"),\n"
            out += "  \"period\": \(period.map(JSONRenderer.string) ?? "null"),\n"
            out += "  \"by\": \(JSONRenderer.string(grouping.rawValue)),\n"
            out += "  \"audits\": \(rows.count), \"graded\": \(graded), \"good_or_better\": \(goodOrBetter),\n"
            out += "  \"rows\": [" + (rows.isEmpty ? "]\n}\n" : "\n")
            for (j, r) in rows.enumerated() {
                let pairs = zip(Self.columns, Self.fields(r)).map { "\(JSONRenderer.string($0)): \(JSONRenderer.string($1))" }
                out += "    {" + pairs.joined(separator: ", ") + "}" + (j == rows.count - 1 ? "\n  ]\n}\n" : ",\n")
            }
            return out
        }
    }
}
