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
                // Only asked for when there is a problem: asking indexes the whole file's keys.
                let here = { locator.line(["sections", sectionID, "answers", questionID]) }
                guard let question = section.question(questionID) else {
                    problems.append(.error(file, line: here(),
                                           "question \"\(questionID)\" is not in section \"\(sectionID)\" of template \(template.versionKey)",
                                           remedy: "remove the answer or correct the question id"))
                    continue
                }
                if let why = ResponseRules.invalidValue(question: question, response: record.answers[questionID]!) {
                    problems.append(.error(file, line: here(), "question \"\(questionID)\": \(why)",
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

/// The line of each key in a JSON file, found in one pass over the bytes the first time a line
/// is asked for (most files have no problem), so a file with thousands of problems costs one pass,
/// not one per problem. A path names object keys from the top, array positions skipped; a path
/// of one key not at the top finds the first key of that name anywhere.
final class JSONKeyLocator {
    private let data: Data?
    private var lines: [String: Int]?
    private var anywhere: [String: Int] = [:]

    init(_ data: Data?) { self.data = data }

    func line(_ path: [String]) -> Int? {
        guard !path.isEmpty, let data else { return nil }
        if lines == nil { index(data) }
        return lines?[path.joined(separator: "\u{1F}")] ?? (path.count == 1 ? anywhere[path[0]] : nil)
    }

    private func index(_ data: Data) {
        var found: [String: Int] = [:]
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            // Per open container: the path to it, and whether it is an object.
            var stack: [(path: [String], object: Bool)] = []
            var line = 1, i = 0
            var lastString: String?
            // The key just read, until its value opens a container or ends.
            var pendingKey: String?
            while i < b.count {
                let c = b[i]
                switch c {
                case 0x0A: line += 1
                case 0x22:  // a string: skip to its closing quote
                    let start = i + 1
                    i += 1
                    while i < b.count && b[i] != 0x22 {
                        if b[i] == 0x5C { i += 1 } else if b[i] == 0x0A { line += 1 }
                        i += 1
                    }
                    lastString = String(decoding: UnsafeBufferPointer(rebasing: b[start..<min(i, b.count)]), as: UTF8.self)
                case 0x3A:  // ':' after a key
                    if let key = lastString, let top = stack.last, top.object {
                        let path = top.path + [key]
                        let joined = path.joined(separator: "\u{1F}")
                        if found[joined] == nil { found[joined] = line }
                        if anywhere[key] == nil { anywhere[key] = line }
                        pendingKey = key
                    }
                case 0x7B, 0x5B:  // '{' or '['
                    let parent = stack.last?.path ?? []
                    let path = (stack.last?.object ?? false) ? parent + (pendingKey.map { [$0] } ?? []) : parent
                    stack.append((path, c == 0x7B))
                    pendingKey = nil
                case 0x7D, 0x5D:
                    if !stack.isEmpty { stack.removeLast() }
                    pendingKey = nil
                case 0x2C:
                    pendingKey = nil
                default: break
                }
                i += 1
            }
        }
        lines = found
    }
}
