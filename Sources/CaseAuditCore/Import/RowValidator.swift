import Foundation

/// One valid CSV row, with everything checked: ready to be applied to an audit.
struct ImportRow {
    var number: Int
    /// The `audit_id` given; nil when the row names its audit by month, template and case_ref.
    var id: String?
    var template: AuditTemplate
    var month: Month
    var caseRef: String
    var cohort: Cohort
    var team: String
    var auditor: String
    /// nil when the file has no `worker` column (the stored value is then kept).
    var worker: String?
    /// Outer nil: no `overall` column; inner nil: blank (not graded).
    var overall: Grade??
    /// Section id -> grade (nil = blank) for the section columns the template has.
    var grades: [String: Grade?]
}

/// Checks one row against the header and the templates; every problem becomes a diagnostic
/// `FILE:ROW: column "x": value "y" is not ...; allowed: ...`.
struct RowValidator {
    var header: ImportHeader
    var templates: TemplateSource
    var file: String

    func validate(_ row: CSVTable.Row) -> (row: ImportRow?, problems: [Diagnostic]) {
        var problems: [Diagnostic] = []
        func fail(_ column: String, _ value: String, _ what: String, allowed: String) {
            problems.append(.error(file, line: row.number,
                                   "column \"\(column)\": value \"\(value)\" \(what); allowed: \(allowed)"))
        }
        func required(_ column: String, allowed: String) -> String {
            let v = header.value(column, in: row.fields) ?? ""
            if v.isEmpty { fail(column, v, "is empty", allowed: allowed) }
            return v
        }

        if row.fields.count > header.width, row.fields[header.width...].contains(where: { !$0.isEmpty }) {
            problems.append(.error(file, line: row.number,
                "the row has \(row.fields.count) fields but the header names \(header.width) columns; allowed: one value per header column"))
        }
        let textErrors = textProblems(row)
        problems += textErrors
        // A cell that is too long or holds a control character would only repeat itself in the
        // checks below; the row is refused on these alone.
        if !textErrors.isEmpty { return (nil, problems) }

        let monthText = required("month", allowed: "a month written YYYY-MM, for example 2018-12")
        let month = Month(monthText)
        if month == nil, !monthText.isEmpty {
            fail("month", monthText, "is not a month", allowed: "YYYY-MM, for example 2018-12")
        }

        let templateIDs = Set(templates.templates.map(\.id)).sorted().joined(separator: ", ")
        let templateText = required("template", allowed: "a template id: \(templateIDs)")
        let template = templateText.isEmpty ? nil : templates.latest(templateText) ?? templates.latest(templateText.lowercased())
        if template == nil, !templateText.isEmpty, templates.unreadableIDs.contains(templateText.lowercased()) {
            problems.append(.error(file, line: row.number,
                "column \"template\": template \"\(templateText)\" could not be read: run `caseaudit templates check`",
                remedy: "fix the template file it lists, then import again"))
        } else if template == nil, !templateText.isEmpty {
            fail("template", templateText, "is not a template id", allowed: templateIDs)
        }

        // NFC, so a reference typed with a combining accent is the same case as a precomposed one.
        let caseRef = required("case_ref", allowed: "the council's case reference, for example CR-100234")
            .precomposedStringWithCanonicalMapping
        let team = required("team", allowed: "the team's name").precomposedStringWithCanonicalMapping
        let auditor = required("auditor", allowed: "the auditor's name").precomposedStringWithCanonicalMapping
        let suspicious = FieldText.suspicious(in: caseRef)
        if !suspicious.isEmpty {
            problems.append(.warning(file, line: row.number,
                "column \"case_ref\": value \"\(FieldText.shown(caseRef))\" holds \(suspicious.map(FieldText.describe).joined(separator: ", ")), "
                + "which look\(suspicious.count == 1 ? "s" : "") like another character or nothing; it counts as a different case from the one typed plainly",
                remedy: "retype the reference in the spreadsheet with plain letters and digits if it should match an existing case"))
        }

        let cohortText = required("cohort", allowed: Cohort.allCases.map(\.rawValue).joined(separator: ", "))
        let cohort = Cohort.parse(cohortText)
        if cohort == nil, !cohortText.isEmpty {
            fail("cohort", cohortText, "is not a cohort", allowed: Cohort.allCases.map(\.rawValue).joined(separator: ", "))
        } else if let cohort, let template, !template.cohorts.contains(cohort) {
            fail("cohort", cohortText, "is not a cohort the template \(template.id) covers",
                 allowed: template.cohorts.map(\.rawValue).joined(separator: ", "))
        }

        var id: String?
        if let given = header.value("audit_id", in: row.fields), !given.isEmpty {
            if AuditStore.isValidID(given) {
                id = given
            } else {
                fail("audit_id", given, "is not a valid audit id",
                     allowed: "1-64 letters, digits, '-', '_' or '.', or blank to identify the audit by month, template and case_ref")
            }
        }

        var overall: Grade?? = nil
        if let text = header.value("overall", in: row.fields) {
            overall = parseGrade(text, column: "overall", fail: fail)
        }

        var grades: [String: Grade?] = [:]
        for (section, index) in header.sections.sorted(by: { $0.value < $1.value }) {
            let text = index < row.fields.count ? row.fields[index].trimmingCharacters(in: .whitespacesAndNewlines) : ""
            guard let parsed = parseGrade(text, column: section, fail: fail) else { continue }
            guard let template else { continue }
            if let s = template.section(section) {
                if s.graded {
                    grades[section] = parsed
                } else if parsed != nil {
                    fail(section, text, "is a grade for a section the template \(template.id) does not grade",
                         allowed: "blank; graded sections: \(template.gradedSections.map(\.id).joined(separator: ", "))")
                }
            } else if parsed != nil {
                fail(section, text, "is a grade for a section the template \(template.id) does not have",
                     allowed: "blank; its sections: \(template.gradedSections.map(\.id).joined(separator: ", "))")
            }
        }

        guard !problems.hasErrors, let template, let month, let cohort else { return (nil, problems) }
        return (ImportRow(number: row.number, id: id, template: template, month: month, caseRef: caseRef,
                          cohort: cohort, team: team, auditor: auditor,
                          worker: header.value("worker", in: row.fields)?.precomposedStringWithCanonicalMapping,
                          overall: overall, grades: grades),
                problems)
    }

    /// Every known column holds one line of printable text, at most 200 characters: reports
    /// group by these and print them in one table cell, so a line break is a slip in the
    /// spreadsheet, and a control or bidirectional-control character could rewrite the reader's
    /// terminal or make a name read backwards.
    func textProblems(_ row: CSVTable.Row) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for (column, index) in header.known where index < row.fields.count {
            let value = row.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
            func fail(_ what: String, allowed: String, shown: String? = nil) {
                problems.append(.error(file, line: row.number,
                    "column \"\(column)\": value \"\(shown ?? FieldText.shown(value))\" \(what); allowed: \(allowed)"))
            }
            let length = value.count
            if length > FieldText.maxOneLineCharacters {
                fail("is \(length) characters long", allowed: "at most \(FieldText.maxOneLineCharacters) characters",
                     shown: FieldText.shown(value, limit: 40))
            } else if value.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
                fail("holds a line break", allowed: "one line of text",
                     shown: FieldText.shown(value.replacingOccurrences(of: "\r\n", with: "\n")
                        .replacingOccurrences(of: "\r", with: "\n").replacingOccurrences(of: "\n", with: "\\n")))
            } else if let bad = FieldText.forbidden(in: value) {
                let kind = TerminalText.isBidiControl(bad) ? "bidirectional-control" : "control"
                fail("holds the \(kind) character \(FieldText.describe(bad))",
                     allowed: "printable text on one line; retype the cell, or use CLEAN() in the spreadsheet")
            }
        }
        return problems
    }

    /// nil when invalid (reported), `.some(nil)` when blank.
    private func parseGrade(_ text: String, column: String,
                            fail: (String, String, String, String) -> Void) -> Grade?? {
        switch Grade.parseLenient(text) {
        case .blank: return .some(nil)
        case .grade(let g): return .some(g)
        case .invalid:
            fail(column, text, "is not a grade", Grade.allowedWordsDescription)
            return nil
        }
    }
}
