import Foundation

/// `caseaudit export`: the raw results, one row per audit, per audit and section, or per answer
/// (CSV), or one JSON object per audit (JSONL, whatever the level).
public struct AuditExporter: Sendable {
    public enum Level: String, CaseIterable, Sendable { case audit, section, answer }
    public enum Format: String, CaseIterable, Sendable { case csv, jsonl }

    public struct Options: Sendable {
        public var format: Format = .csv
        public var level: Level = .audit
        public var redact = false
        public var from: Month?
        public var to: Month?
        public var byteOrderMark = false
        /// The key for the pseudonyms of a redacted export; nil makes a random one for this
        /// export alone. Given (`--pseudonym-key FILE`), several exports share their pseudonyms.
        public var pseudonymKey: [UInt8]?
        /// CSV cells exactly as stored, with no `'` before a formula-like cell (see `CSVWriter`).
        public var raw = false
        public init(format: Format = .csv, level: Level = .audit, redact: Bool = false,
                    from: Month? = nil, to: Month? = nil, byteOrderMark: Bool = false,
                    pseudonymKey: [UInt8]? = nil, raw: Bool = false) {
            self.format = format
            self.level = level
            self.redact = redact
            self.from = from
            self.to = to
            self.byteOrderMark = byteOrderMark
            self.pseudonymKey = pseudonymKey
            self.raw = raw
        }
    }

    public static let auditColumns = ["audit_id", "month", "template", "cohort", "team", "auditor", "status", "overall",
                                      "template_version", "worker", "origin", "case_ref"]
    public static let sectionColumns = ["audit_id", "month", "template", "cohort", "team", "auditor", "section", "grade",
                                        "auditor_grade", "moderated", "status", "rationale"]
    public static let answerColumns = ["audit_id", "section", "question", "answer", "note", "value", "smart"]

    public var templates: TemplateSource?
    public var options: Options
    /// Made once per exporter, so every row of one export gives an audit the same pseudonym.
    let pseudonym: Pseudonym

    public init(templates: TemplateSource?, options: Options) {
        self.templates = templates
        self.options = options
        pseudonym = Pseudonym(key: options.pseudonymKey ?? Pseudonym.randomKey())
    }

    /// Whether an audit is in the month range (every audit when there is no range).
    public func includes(_ a: Audit) -> Bool {
        if options.from == nil && options.to == nil { return true }
        guard let m = a.month else { return false }
        if let from = options.from, m < from { return false }
        if let to = options.to, m > to { return false }
        return true
    }

    /// The audits in the month range, ordered by month then id (audits with no month first).
    public func select(_ audits: [Audit]) -> [Audit] {
        audits.filter(includes).sorted { ($0.month?.description ?? "", orderID($0.id)) < ($1.month?.description ?? "", orderID($1.id)) }
    }

    /// The id rows are ordered by within a month: the pseudonym when redacting, since the order
    /// of stored ids (an old `imp-` id is a hash of the case) would say something about them.
    func orderID(_ id: String) -> String {
        options.redact ? pseudonym.of(id) : id
    }

    public func export(_ audits: [Audit]) throws -> String {
        var text = header()
        for a in select(audits) { text += body(a) }
        return text
    }

    /// The byte-order mark and header row for CSV; nothing for JSONL.
    func header() -> String {
        guard options.format == .csv else { return "" }
        var w = CSVWriter(byteOrderMark: options.byteOrderMark)
        switch options.level {
        case .audit: w.row(Self.auditColumns)
        case .section: w.row(Self.sectionColumns)
        case .answer: w.row(Self.answerColumns)
        }
        return w.text
    }

    /// The CSV rows or the JSON line of one audit, redacted when asked.
    func body(_ audit: Audit) -> String {
        let t = templates?.template(audit.template)
        let a = options.redact ? Redaction.redacted(audit, template: t, pseudonym: pseudonym) : audit
        switch options.format {
        case .jsonl:
            return AuditCoding.line(a) + "\n"
        case .csv:
            var w = CSVWriter(raw: options.raw)
            switch options.level {
            case .audit: w.row(auditRow(a))
            case .section: for row in sectionRows(a, template: t) { w.row(row) }
            case .answer: for row in answerRows(a, template: t) { w.row(row) }
            }
            return w.text
        }
    }

    func auditRow(_ a: Audit) -> [String] {
        [a.id, a.month?.description ?? "", a.template.id, a.cohort?.rawValue ?? "", a.team, a.auditor,
         a.status.rawValue, a.effectiveOverall?.rawValue ?? "", String(a.template.version), a.worker,
         a.origin.rawValue, a.caseRef]
    }

    /// The template's graded sections in order, then any other section that holds a grade.
    static func sectionIDs(_ a: Audit, template: AuditTemplate?) -> [String] {
        var ids = template?.gradedSections.map(\.id) ?? []
        let extra = a.sections.filter { !ids.contains($0.key) && ($0.value.grade != nil || $0.value.moderation != nil) }
        ids += extra.keys.sorted()
        return ids
    }

    func sectionRows(_ a: Audit, template: AuditTemplate?) -> [[String]] {
        Self.sectionIDs(a, template: template).map { id in
            let record = a.sections[id]
            let moderated = record?.moderation != nil
            return [a.id, a.month?.description ?? "", a.template.id, a.cohort?.rawValue ?? "", a.team, a.auditor,
                    id, a.effectiveGrade(section: id)?.rawValue ?? "", record?.grade?.rawValue ?? "",
                    moderated ? "yes" : "no", a.status.rawValue, record?.rationale ?? ""]
        }
    }

    func answerRows(_ a: Audit, template: AuditTemplate?) -> [[String]] {
        var sectionOrder = template?.sections.map(\.id) ?? []
        sectionOrder += a.sections.keys.filter { !sectionOrder.contains($0) }.sorted()
        var rows: [[String]] = []
        for sid in sectionOrder {
            guard let record = a.sections[sid], !record.answers.isEmpty else { continue }
            var order = template?.section(sid)?.questions.map(\.id).filter { record.answers[$0] != nil } ?? []
            order += record.answers.keys.filter { !order.contains($0) }.sorted()
            for qid in order {
                let r = record.answers[qid]!
                let value = r.value ?? r.action ?? ""
                rows.append([a.id, sid, qid, r.answer?.rawValue ?? "", r.note ?? "", value, Self.smartText(r.smart)])
            }
        }
        return rows
    }

    /// The SMART criteria met, as letters: `S M A R T` with `-` for a criterion not met.
    static func smartText(_ s: SmartCheck?) -> String {
        guard let s else { return "" }
        let flags = [(s.specific, "S"), (s.measurable, "M"), (s.achievable, "A"), (s.realistic, "R"), (s.timeBound, "T")]
        return flags.map { $0.0 ? $0.1 : "-" }.joined()
    }
}
