import Foundation

/// Checks one decoded audit against the template version it was made with, for
/// `caseaudit validate`. Decoding problems (bad JSON, a bad month, wrong types) are found
/// earlier by `AuditCoding.decode`; this finds what is well-formed but wrong.
public enum AuditChecker {
    /// Every problem with `audit`, naming `file`. `source` (the file's bytes) lets messages give
    /// the line of the offending key; `now` decides what counts as a future month.
    public static func check(_ audit: Audit, template: AuditTemplate?, file: String,
                             source: Data? = nil, now: Date = Date()) -> [Diagnostic] {
        let locator = JSONKeyLocator(source)
        var problems = fieldProblems(audit, file: file, source: source, locator: locator)
        // An id like "../x" names no template, and the remedy below would print a path outside the folder.
        guard TemplateVocabulary.isValidID(audit.template.id) else { return problems }

        if let month = audit.month, month > Month.current(now).adding(months: 1) {
            problems.append(.warning(file, line: locator.line(["month"]),
                                     "month \(month) is in the future",
                                     remedy: "check the month the audit belongs to"))
        }
        if audit.isComplete && audit.completed == nil {
            problems.append(.warning(file, line: locator.line(["status"]),
                                     "the audit is complete but has no completion date",
                                     remedy: "add \"completed\" with the date it was completed"))
        }
        for (i, action) in audit.actions.enumerated() where !action.by.isEmpty && !ResponseRules.isValidDate(action.by) {
            problems.append(.warning(file, line: locator.line(["actions"]),
                                     "action \(i + 1) is due by \"\(action.by)\", not a date YYYY-MM-DD",
                                     remedy: "write the due date as YYYY-MM-DD"))
        }

        guard let template else {
            let ref = audit.template
            problems.append(.error(file, line: locator.line(["template"]),
                                   "template \(ref.id) version \(ref.version) is unknown, so the answers cannot be checked or reported",
                                   remedy: "restore templates/\(ref.key).yaml in the data directory from a backup, or put \(ref.id).yaml version \(ref.version) back in the templates folder"))
            return problems
        }

        if let cohort = audit.cohort, !template.cohorts.contains(cohort) {
            let allowed = template.cohorts.map(\.rawValue).joined(separator: ", ")
            problems.append(.error(file, line: locator.line(["cohort"]),
                                   "cohort \(cohort.rawValue) is not allowed by template \(template.versionKey) (allowed: \(allowed))",
                                   remedy: "correct the cohort, or redo the audit with a template for that cohort"))
        }

        for sectionID in audit.sections.keys.sorted() {
            let record = audit.sections[sectionID]!
            guard let section = template.section(sectionID) else {
                problems.append(.error(file, line: locator.line(["sections", sectionID]),
                                       "section \"\(sectionID)\" is not in template \(template.versionKey)",
                                       remedy: "remove the section or correct its id; the template's sections are \(template.sections.map(\.id).joined(separator: ", "))"))
                continue
            }
            if !section.graded, record.grade != nil {
                problems.append(.warning(file, line: locator.line(["sections", sectionID, "grade"]),
                                         "section \"\(sectionID)\" is not graded in the template but has a grade",
                                         remedy: "remove the grade; it is ignored"))
            }
            for questionID in record.answers.keys.sorted() {
                let here = locator.line(["sections", sectionID, "answers", questionID])
                guard let question = section.question(questionID) else {
                    problems.append(.error(file, line: here,
                                           "question \"\(questionID)\" is not in section \"\(sectionID)\" of template \(template.versionKey)",
                                           remedy: "remove the answer or correct the question id"))
                    continue
                }
                if let why = ResponseRules.invalidValue(question: question, response: record.answers[questionID]!) {
                    problems.append(.error(file, line: here, "question \"\(questionID)\": \(why)",
                                           remedy: "change it to \(ResponseRules.expected(question)), or restore the file from a backup"))
                }
            }
        }

        if audit.isComplete {
            var gaps = CompletionCheck.gaps(in: audit, template: template)
            // Imported audits come from spreadsheets that hold grades only.
            if audit.origin == .imported { gaps = gaps.filter { $0.sectionID == nil && $0.questionID != CompletionGap.overallField } }
            for gap in gaps where !(gap.questionID == "cohort" && audit.cohort != nil) {
                var path: [String] = []
                if let s = gap.sectionID { path = ["sections", s] + (gap.questionID.map { ["answers", $0] } ?? []) }
                else if let q = gap.questionID { path = [q] }
                problems.append(.error(file, line: locator.line(path) ?? locator.line(["status"]),
                                       "the audit is marked complete but: \(gap.message)",
                                       remedy: "fill it in, or set \"status\" back to \"draft\""))
            }
        }
        return problems
    }
}

/// Finds the line of a key in a pretty-printed JSON file by following a path of keys in order.
/// Good enough for messages: our files have one key per line.
struct JSONKeyLocator {
    private let data: Data?

    /// Decodes the text only when a line is asked for: most files have no problem.
    init(_ data: Data?) { self.data = data }

    func line(_ path: [String]) -> Int? {
        guard !path.isEmpty, let data, let text = String(data: data, encoding: .utf8) else { return nil }
        var from = text.startIndex
        var found = from
        for key in path {
            guard let at = keyRange(key, in: text, from: from) else { return nil }
            found = at.lowerBound
            from = at.upperBound
        }
        return text.utf8[..<found].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    private func keyRange(_ key: String, in text: String, from: String.Index) -> Range<String.Index>? {
        let quoted = "\"\(key)\""
        var start = from
        while let r = text.range(of: quoted, range: start..<text.endIndex) {
            let rest = text[r.upperBound...].drop { $0 == " " || $0 == "\t" }
            if rest.first == ":" { return r }
            start = r.upperBound
        }
        return nil
    }
}
