/// JSON for other programs: stable key order, one row per line, `null` for an empty percent,
/// baseline or target.
enum JSONRenderer {
    static func render(_ report: MeasureReport) -> String {
        var out = "{\n"
        out += "  \"by\": \(string(report.grouping.rawValue)),\n"
        out += "  \"from\": \(report.from.map { string($0.description) } ?? "null"),\n"
        out += "  \"to\": \(report.to.map { string($0.description) } ?? "null"),\n"
        out += "  \"measures\": ["
        for (i, m) in report.measures.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\n"
            out += "      \"id\": \(string(m.id)),\n"
            out += "      \"title\": \(string(m.title)),\n"
            if let q = m.question {
                out += "      \"section\": null,\n"
                out += "      \"question\": \(string(q.question)),\n"
                switch q.rule {
                case .yes: out += "      \"counts\": \"yes\",\n"
                case .atMost(let n): out += "      \"at_most\": \(ReportNumber.plain(n)),\n"
                case .atLeast(let n): out += "      \"at_least\": \(ReportNumber.plain(n)),\n"
                }
            } else {
                out += "      \"section\": \(string(m.section)),\n"
            }
            out += "      \"cohorts\": \(m.cohorts.isEmpty ? "\"all\"" : "[" + m.cohorts.map { string($0.rawValue) }.joined(separator: ", ") + "]"),\n"
            out += "      \"baseline\": \(m.baseline.map(ReportNumber.plain) ?? "null"),\n"
            out += "      \"target\": \(m.target.map(ReportNumber.plain) ?? "null"),\n"
            let rows = report.rows(of: m)
            out += "      \"rows\": [" + (rows.isEmpty ? "]\n" : "\n")
            for (j, r) in rows.enumerated() {
                out += "        {\"period\": \(string(r.period)), \"audits\": \(r.audits), \"graded\": \(r.graded), "
                    + "\"good_or_better\": \(r.goodOrBetter), \"percent\": \(r.percent.map(ReportNumber.oneDecimal) ?? "null"), "
                    + "\"rag\": \(string(r.rag.rawValue)), \"ci_low\": \(r.ciLow.map(ReportNumber.oneDecimal) ?? "null"), "
                    + "\"ci_high\": \(r.ciHigh.map(ReportNumber.oneDecimal) ?? "null"), "
                    + "\"partial\": \(report.grouping.isTime ? "\(r.partial)" : "null"), "
                    + "\"previous\": \(r.previous.map(ReportNumber.oneDecimal) ?? "null"), "
                    + "\"year_before\": \(r.yearBefore.map(ReportNumber.oneDecimal) ?? "null")}" + (j == rows.count - 1 ? "\n" : ",\n")
            }
            if !rows.isEmpty { out += "      ]\n" }
            out += "    }"
        }
        out += report.measures.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    static func render(_ report: GradeReport) -> String {
        var out = "{\n"
        out += "  \"section\": \(string(report.section)),\n"
        out += "  \"by\": \(string(report.grouping.rawValue)),\n"
        out += "  \"from\": \(report.from.map { string($0.description) } ?? "null"),\n"
        out += "  \"to\": \(report.to.map { string($0.description) } ?? "null"),\n"
        if !report.cohorts.isEmpty { out += "  \"cohorts\": [\(report.cohorts.map { string($0.rawValue) }.joined(separator: ", "))],\n" }
        if !report.templates.isEmpty { out += "  \"templates\": [\(report.templates.map(string).joined(separator: ", "))],\n" }
        out += "  \"rows\": [" + (report.rows.isEmpty ? "]\n}\n" : "\n")
        for (j, r) in report.rows.enumerated() {
            func pct(_ g: Grade) -> String { r.percent(g).map(ReportNumber.oneDecimal) ?? "null" }
            out += "    {\"period\": \(string(r.period)), \"audits\": \(r.audits), \"graded\": \(r.graded), "
                + "\"outstanding\": \(r.outstanding), \"good\": \(r.good), \"requires_improvement\": \(r.requiresImprovement), "
                + "\"inadequate\": \(r.inadequate), \"percent\": {\"outstanding\": \(pct(.outstanding)), \"good\": \(pct(.good)), "
                + "\"requires_improvement\": \(pct(.requiresImprovement)), \"inadequate\": \(pct(.inadequate))}, "
                + "\"partial\": \(report.grouping.isTime ? "\(r.partial)" : "null")}"
                + (j == report.rows.count - 1 ? "\n" : ",\n")
        }
        if !report.rows.isEmpty { out += "  ]\n}\n" }
        return out
    }

    static func string(_ text: String) -> String {
        var out = ""
        JSONValue.writeString(text, to: &out)
        return out
    }
}
