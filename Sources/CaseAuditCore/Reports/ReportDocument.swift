import Foundation

/// Output formats of `caseaudit report` and `caseaudit grades`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case table, csv, json, markdown, html
}

/// Everything a measures report shows: the rows, and for the HTML charts the grade
/// distribution of each measure's section.
public struct MeasureReport: Sendable {
    public var measures: [Measure]
    public var rows: [MeasureRow]
    public var grouping: Grouping
    public var from: Month?
    public var to: Month?
    private let facts: [AuditFacts]
    private let today: Month

    /// `today` decides which periods are partial (`report --today`; tests pass a fixed month).
    public init(measures: [Measure], facts: [AuditFacts], by grouping: Grouping, from: Month?, to: Month?,
                today: Month = Month.current()) {
        self.measures = measures
        self.grouping = grouping
        self.from = from
        self.to = to
        self.facts = facts
        self.today = today
        self.rows = Counting.reportRows(measures, in: facts, by: grouping, from: from, to: to, today: today)
    }

    /// Grade distributions per section, in the order the measures first name the sections
    /// (computed on demand: only the HTML report shows them).
    public var distributions: [GradeReport] {
        Measure.sections(measures).map { GradeReport(section: $0, facts: facts, by: grouping, from: from, to: to, today: today) }
    }

    public func rows(of measure: Measure) -> [MeasureRow] { rows.filter { $0.measure.id == measure.id } }

    /// `raw` writes CSV cells exactly as they are, with no `'` before a formula-like cell.
    public func render(_ format: ReportFormat, raw: Bool = false) -> String {
        switch format {
        case .table: return TableRenderer.render(self)
        case .csv: return CSVRenderer.render(self, raw: raw)
        case .json: return JSONRenderer.render(self)
        // Markdown goes to standard output unless --out: no control character reaches a terminal.
        case .markdown: return TerminalText.safe(MarkdownRenderer.render(self), multiline: true)
        case .html: return HTMLRenderer.render(self)
        }
    }
}

/// The grade distribution of one section per period (`caseaudit grades`).
public struct GradeReport: Sendable {
    public var section: String
    public var rows: [GradeRow]
    public var grouping: Grouping
    public var from: Month?
    public var to: Month?

    /// Cohorts and templates counted (`grades --cohort`, `--template`); empty: every one.
    public var cohorts: [Cohort]
    public var templates: [String]

    /// `today` decides which periods are partial (`grades --today`; tests pass a fixed month).
    public init(section: String, facts: [AuditFacts], by grouping: Grouping, from: Month?, to: Month?,
                cohorts: [Cohort] = [], templates: [String] = [], today: Month = Month.current()) {
        self.section = section
        self.grouping = grouping
        self.from = from
        self.to = to
        self.cohorts = cohorts
        self.templates = templates
        self.rows = Counting.gradeRows(section: section, in: facts, by: grouping, from: from, to: to,
                                       cohorts: cohorts, templates: templates, today: today)
    }

    /// `raw` writes CSV cells exactly as they are, with no `'` before a formula-like cell.
    public func render(_ format: ReportFormat, raw: Bool = false) -> String {
        switch format {
        case .table: return TableRenderer.render(self)
        case .csv: return CSVRenderer.render(self, raw: raw)
        case .json: return JSONRenderer.render(self)
        // Markdown goes to standard output unless --out: no control character reaches a terminal.
        case .markdown: return TerminalText.safe(MarkdownRenderer.render(self), multiline: true)
        case .html: return HTMLRenderer.render(self)
        }
    }
}

/// Wording shared by the renderers.
enum ReportText {
    static func scope(_ grouping: Grouping, _ from: Month?, _ to: Month?) -> String {
        let by: String
        switch grouping {
        case .month: by = "By month"
        case .quarter: by = "By financial-year quarter"
        case .year: by = "By financial year"
        case .team: by = "By team"
        case .auditor: by = "By auditor"
        case .template: by = "By template"
        case .ageBand: by = "By the child's age band"
        case .disability: by = "By the child's disability"
        case .ethnicity: by = "By the child's ethnic group"
        case .uasc: by = "By unaccompanied asylum-seeking child"
        }
        switch (from, to) {
        case let (f?, t?): return "\(by), \(f) to \(t)"
        case let (f?, nil): return "\(by), from \(f)"
        case let (nil, t?): return "\(by), up to \(t)"
        case (nil, nil): return "\(by), all months"
        }
    }

    /// The scope of a grade distribution: `scope`, then the cohorts and templates it is narrowed to.
    static func scope(_ report: GradeReport) -> String {
        var out = scope(report.grouping, report.from, report.to)
        if !report.cohorts.isEmpty { out += ", cohorts \(report.cohorts.map(\.rawValue).joined(separator: ", "))" }
        if !report.templates.isEmpty { out += ", templates \(report.templates.joined(separator: ", "))" }
        return out
    }

    /// `57.1%`, with `*` when fewer than 10 were graded; empty when nothing was.
    static func percent(_ r: MeasureRow) -> String {
        guard let p = r.percent else { return "" }
        return ReportNumber.oneDecimal(p) + "%" + (r.isLowCount ? "*" : "")
    }

    /// `2019-04 (partial)` for a period not over yet.
    static func period(_ r: MeasureRow) -> String { r.partial ? r.period + " (partial)" : r.period }
    static func period(_ r: GradeRow) -> String { r.partial ? r.period + " (partial)" : r.period }

    /// The change in percentage points from `earlier` to the row's percent: `+4.2`, `-10.0`, `0.0`;
    /// empty when either is missing.
    static func change(_ r: MeasureRow, from earlier: Double?) -> String { ReportNumber.change(r.percent, from: earlier) }

    static let changeNote = "Prev and Year: change in percentage points from the period before and from the same period a year earlier."

    static let lowCountNote = "* fewer than \(ReportNumber.lowCount) graded: read the percentage with its 95% interval (CI low to CI high)."

    static func periodHeading(_ grouping: Grouping) -> String {
        switch grouping {
        case .month: return "Month"
        case .quarter: return "Quarter"
        case .year: return "Year"
        case .team: return "Team"
        case .auditor: return "Auditor"
        case .template: return "Template"
        case .ageBand: return "Age band"
        case .disability: return "Disability"
        case .ethnicity: return "Ethnic group"
        case .uasc: return "UASC"
        }
    }

    static func cohorts(_ m: Measure) -> String {
        m.cohorts.isEmpty ? "all" : m.cohorts.map(\.rawValue).joined(separator: ", ")
    }

    static func targets(_ m: Measure) -> String {
        "baseline \(m.baseline.map { ReportNumber.plain($0) + "%" } ?? "none"), target \(m.target.map { ReportNumber.plain($0) + "%" } ?? "none")"
    }

    static func describe(_ m: Measure) -> String {
        let templates = m.templates.isEmpty ? "" : ", templates \(m.templates.joined(separator: ", "))"
        let what = m.question.map { "question \($0.question) (\($0.description))" } ?? "section \(m.section)"
        return "\(what), cohorts \(cohorts(m))\(templates), \(targets(m))"
    }

    static func sectionTitle(_ id: String) -> String {
        switch id {
        case "front-door": return "Front door"
        case "core-group": return "Core group"
        case "voice": return "Voice of the child"
        case "supervision": return "Supervision and management oversight"
        case "contact": return "Contact arrangements"
        default: return id.prefix(1).uppercased() + id.dropFirst().replacingOccurrences(of: "-", with: " ")
        }
    }
}
