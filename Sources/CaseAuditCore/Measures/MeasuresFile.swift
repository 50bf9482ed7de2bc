import Foundation
import Yams

/// Reads `measures.yaml`:
///
///     measures:
///       - id: lac-assessment
///         title: LAC assessments rated good or outstanding
///         section: assessment
///         cohorts: [LAC]        # or: all
///         baseline: 40          # or: none
///         target: 70            # or: none
///         templates: [child-journey, child-journey-lac]   # optional; left out or `all`: every template with the section
///       - id: children-seen-alone
///         title: Children seen alone
///         question: visits-seen-alone   # instead of section: counts answers to one question
///         counts: yes                   # or, for a number question, at_most: N or at_least: N
///         cohorts: all
///         baseline: none
///         target: 90
///         templates: [child-journey, child-journey-lac]   # required for a question measure
///
/// The YAML is composed into nodes (not decoded) so every problem carries its line and column,
/// and every problem in the file is reported in one run.
public enum MeasuresFile {
    static let keys = ["id", "title", "cohorts", "baseline", "target"]
    /// Keys a measure may leave out; exactly one of `section` and `question` is given.
    static let optionalKeys = ["section", "question", "counts", "at_most", "at_least", "templates"]

    /// `templates` are the installed templates (newest versions): a question measure's question
    /// is checked in each of them that it counts. Left empty, that check is skipped.
    public static func parse(_ yaml: String, file: String, templates: [AuditTemplate] = [])
        -> (measures: [Measure], diagnostics: [Diagnostic]) {
        var problems: [Diagnostic] = []
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            return ([], [yamlDiagnostic(error, file: file)])
        } catch {
            return ([], [.error(file, "cannot read the YAML: \(error)", remedy: "fix the YAML syntax")])
        }
        guard let root, let top = root.mapping else {
            return ([], [.error(file, line: root?.mark?.line ?? 1, column: root?.mark?.column ?? 1,
                                "the file must be a mapping with a `measures:` list",
                                remedy: "start the file with `measures:` followed by one `- id: ...` entry per measure")])
        }
        var list: Node?
        for (key, value) in top {
            if key.string == "measures" {
                list = value
            } else {
                problems.append(at(key, file, "unknown key \"\(key.string ?? "?")\" at the top level",
                                   remedy: "the file holds only `measures:`", .error))
            }
        }
        guard let list else {
            problems.append(.error(file, line: top.mark?.line ?? 1, column: top.mark?.column ?? 1,
                                   "missing `measures:`", remedy: "add `measures:` with one `- id: ...` entry per measure"))
            return ([], problems)
        }
        guard let items = list.sequence else {
            if let s = list.scalar?.string, ["", "~", "null"].contains(s) {
                return ([], problems)
            }
            problems.append(at(list, file, "`measures:` must be a list", remedy: "write each measure as `- id: ...`", .error))
            return ([], problems)
        }
        var measures: [Measure] = []
        var seen: [String: Int] = [:]
        for item in items {
            guard let measure = parseMeasure(item, file: file, templates: templates, problems: &problems) else { continue }
            if let first = seen[measure.id] {
                problems.append(at(item, file, "duplicate measure id \"\(measure.id)\" (first defined on line \(first))",
                                   remedy: "give each measure its own id", .error))
                continue
            }
            seen[measure.id] = item.mark?.line ?? 0
            measures.append(measure)
        }
        return (measures, problems)
    }

    private static func parseMeasure(_ node: Node, file: String, templates installed: [AuditTemplate],
                                     problems: inout [Diagnostic]) -> Measure? {
        guard let map = node.mapping else {
            problems.append(at(node, file, "a measure must be a mapping of id, title, section, cohorts, baseline, target",
                               remedy: "write `- id: ...` then the other fields indented below it", .error))
            return nil
        }
        var fields: [String: Node] = [:]
        let before = problems.count
        for (key, value) in map {
            let name = key.string ?? ""
            if !keys.contains(name) && !optionalKeys.contains(name) {
                problems.append(at(key, file, "unknown key \"\(name)\" in a measure",
                                   remedy: "allowed keys: \((keys + optionalKeys).joined(separator: ", "))", .error))
            } else if fields[name] != nil {
                problems.append(at(key, file, "\"\(name)\" is given twice", remedy: "keep one", .error))
            } else {
                fields[name] = value
            }
        }
        for name in keys where fields[name] == nil {
            problems.append(at(node, file, "missing field \"\(name)\" in measure \(fields["id"]?.string.map { "\"\($0)\"" } ?? "")",
                               remedy: remedy(forMissing: name), .error))
        }
        func text(_ name: String) -> String? {
            guard let n = fields[name] else { return nil }
            guard let s = n.scalar?.string.trimmingCharacters(in: .whitespaces), !s.isEmpty else {
                problems.append(at(n, file, "\"\(name)\" must be a single non-empty value", remedy: remedy(forMissing: name), .error))
                return nil
            }
            return s
        }
        let id = text("id")
        let title = text("title")
        if let id, !AuditStore.isValidID(id) {
            problems.append(at(fields["id"]!, file, "measure id \"\(id)\" has characters other than letters, digits, '-', '_' or '.'",
                               remedy: "use an id such as plan-quality", .error))
        }
        let cohorts = fields["cohorts"].flatMap { parseCohorts($0, file: file, problems: &problems) }
        let templates = fields["templates"].map { parseTemplates($0, file: file, problems: &problems) } ?? []
        let baseline = fields["baseline"].flatMap { parsePercent($0, name: "baseline", file: file, problems: &problems) }
        let target = fields["target"].flatMap { parsePercent($0, name: "target", file: file, problems: &problems) }
        if case let .some(.some(b)) = baseline, case let .some(.some(t)) = target, b > t, let n = fields["baseline"] {
            problems.append(at(n, file, "baseline \(ReportNumber.plain(b)) is above target \(ReportNumber.plain(t))",
                               remedy: "the baseline is where the council started and the target where it aims to be; swap them or correct one", .error))
        }
        var section = ""
        var question: QuestionCount?
        if fields["question"] == nil {
            // A grade measure: the question keys have nothing to count.
            for name in ["counts", "at_most", "at_least"] {
                guard let n = fields[name] else { continue }
                problems.append(at(n, file, "\"\(name)\" belongs to a question measure, but this measure has no `question:`",
                                   remedy: "add `question: ID` to count answers to that question, or remove `\(name):`", .error))
            }
            if fields["section"] == nil {
                problems.append(at(node, file, "missing field \"section\" in measure \(id.map { "\"\($0)\"" } ?? "")",
                                   remedy: remedy(forMissing: "section") + ", or `question:` to count answers to one question", .error))
            }
            if let s = text("section") {
                section = s
                if !SharedSections.contains(s), let n = fields["section"] {
                    problems.append(at(n, file, "section \"\(s)\" is not one of the shared section ids, so only templates using this exact id count",
                                       remedy: "shared ids: \(SharedSections.ids.joined(separator: ", "))", .warning))
                }
            }
        } else {
            question = parseQuestion(fields, node: node, templates: templates, installed: installed, file: file, problems: &problems)
        }
        guard !problems[before...].contains(where: { $0.severity == .error }), let id, let title, let cohorts,
              let baseline, let target, let templates else { return nil }
        return Measure(id: id, title: title, section: section, cohorts: cohorts, baseline: baseline, target: target,
                       templates: templates, question: question)
    }

    /// `question:` with exactly one of `counts: yes`, `at_most: N`, `at_least: N`, never beside
    /// `section:`, with the templates it counts named; each named template that is installed must
    /// hold the question, an answer question for `counts`, a number question for a bound.
    private static func parseQuestion(_ fields: [String: Node], node: Node, templates: [String]?, installed: [AuditTemplate],
                                      file: String, problems: inout [Diagnostic]) -> QuestionCount? {
        let before = problems.count
        let qNode = fields["question"]!
        if let s = fields["section"] {
            problems.append(at(s, file, "a measure counts either a section's grades or a question's answers, and this one names both",
                               remedy: "remove `section:` to count the answers to the question, or `question:` (with its `counts:`/`at_most:`/`at_least:`) to count the section's grades", .error))
        }
        let id = qNode.scalar?.string.trimmingCharacters(in: .whitespaces) ?? ""
        let validID = AuditStore.isValidID(id)
        if !validID {
            problems.append(at(qNode, file, "question \(qNode.scalar == nil ? "must be one id, not a list or mapping" : "\"\(id)\" is not a question id")",
                               remedy: "write the id of an answer or number question, such as visits-seen-alone (see `caseaudit templates show ID`)", .error))
        }
        let ruleKeys = ["counts", "at_most", "at_least"].filter { fields[$0] != nil }
        var rule: QuestionCount.Rule?
        switch ruleKeys.count {
        case 0:
            problems.append(at(qNode, file, "question measure \"\(id)\" does not say which answers meet it",
                               remedy: "add `counts: yes` for an answer question, or `at_most: N` or `at_least: N` for a number question", .error))
        case 1:
            let name = ruleKeys[0], n = fields[name]!
            let value = n.scalar?.string.trimmingCharacters(in: .whitespaces) ?? ""
            if name == "counts" {
                if value.lowercased() == "yes" {
                    rule = .yes
                } else {
                    problems.append(at(n, file, "counts \"\(value)\" is not `yes`",
                                       remedy: "write `counts: yes` (the share of yes among yes, partly and no); for a number question use `at_most:` or `at_least:`", .error))
                }
            } else if let v = Double(value), v.isFinite {
                rule = name == "at_most" ? .atMost(v) : .atLeast(v)
            } else {
                problems.append(at(n, file, "\(name) \"\(value)\" is not a number",
                                   remedy: "write a number, such as `\(name): 2`", .error))
            }
        default:
            problems.append(at(fields[ruleKeys[1]]!, file, "a question measure takes one of counts, at_most and at_least, and this one has \(ruleKeys.joined(separator: " and "))",
                               remedy: "keep one: `counts: yes` for an answer question, `at_most: N` or `at_least: N` for a number question", .error))
        }
        if let templates, templates.isEmpty {
            let holding = installed.filter { t in t.sections.contains { $0.questions.contains { $0.id == id } } }.map(\.id)
            problems.append(at(fields["templates"] ?? node, file, "question measure \"\(id)\" must name the templates whose audits it counts",
                               remedy: "add `templates: [\(holding.isEmpty ? "child-journey, child-journey-lac" : holding.joined(separator: ", "))]`"
                                   + (holding.isEmpty ? "" : " (the installed templates with this question)"), .error))
        }
        if let rule, let templates, validID {
            for t in templates {
                guard let template = installed.first(where: { $0.id == t }) else { continue }
                guard let q = template.sections.lazy.flatMap(\.questions).first(where: { $0.id == id }) else {
                    problems.append(at(qNode, file, "template \(t) has no question \"\(id)\"",
                                       remedy: "correct the question id (see `caseaudit templates show \(t)`), or take \(t) out of `templates:`", .error))
                    continue
                }
                let wanted: QuestionType = rule == .yes ? .answer : .number
                if q.type != wanted {
                    let key = ruleKeys[0]
                    problems.append(at(fields[key]!, file, "\(key) needs \(wanted == .answer ? "an answer" : "a number") question, but \"\(id)\" is a \(q.type.rawValue) question in template \(t)",
                                       remedy: wanted == .answer ? "use `at_most: N` or `at_least: N` for a number question, or name an answer question"
                                           : "use `counts: yes` for an answer question, or name a number question", .error))
                }
            }
        }
        guard problems.count == before, let rule else { return nil }
        return QuestionCount(question: id, rule: rule)
    }

    /// `all` is every template with the section (`[]`); otherwise a list of template ids.
    private static func parseTemplates(_ node: Node, file: String, problems: inout [Diagnostic]) -> [String]? {
        if let s = node.scalar?.string.trimmingCharacters(in: .whitespaces) {
            if s.lowercased() == "all" { return [] }
            if AuditStore.isValidID(s) { return [s] }
        }
        guard let seq = node.sequence, !seq.isEmpty else {
            problems.append(at(node, file, "templates must be `all` or a list of template ids such as [child-journey, child-journey-lac]",
                               remedy: "write `all`, or list the template ids whose audits count", .error))
            return nil
        }
        var result: [String] = []
        for item in seq {
            guard let s = item.scalar?.string.trimmingCharacters(in: .whitespaces), AuditStore.isValidID(s) else {
                problems.append(at(item, file, "\"\(item.string ?? "?")\" is not a template id",
                                   remedy: "use a template id such as child-journey (see `caseaudit templates`)", .error))
                return nil
            }
            if !result.contains(s) { result.append(s) }
        }
        return result
    }

    private static func parseCohorts(_ node: Node, file: String, problems: inout [Diagnostic]) -> [Cohort]? {
        let allowed = Cohort.allCases.map(\.rawValue).joined(separator: ", ")
        if let s = node.scalar?.string {
            if s.trimmingCharacters(in: .whitespaces).lowercased() == "all" { return [] }
            if let c = Cohort.parse(s) { return [c] }
            problems.append(at(node, file, "cohorts \"\(s)\" is neither `all` nor a list of cohorts",
                               remedy: "write `all` or a list such as [LAC, CL]; cohorts: \(allowed)", .error))
            return nil
        }
        guard let seq = node.sequence else {
            problems.append(at(node, file, "cohorts must be `all` or a list such as [LAC]", remedy: "cohorts: \(allowed)", .error))
            return nil
        }
        if seq.isEmpty {
            problems.append(at(node, file, "cohorts is an empty list, so the measure would count nothing",
                               remedy: "write `all` or list at least one of \(allowed)", .error))
            return nil
        }
        var result: [Cohort] = []
        var ok = true
        for item in seq {
            guard let s = item.scalar?.string, let c = Cohort.parse(s) else {
                problems.append(at(item, file, "unknown cohort \"\(item.string ?? "?")\"", remedy: "cohorts: \(allowed)", .error))
                ok = false
                continue
            }
            if !result.contains(c) { result.append(c) }
        }
        return ok ? result : nil
    }

    /// `.some(nil)` is `none`; `nil` is a problem already reported.
    private static func parsePercent(_ node: Node, name: String, file: String,
                                     problems: inout [Diagnostic]) -> Double?? {
        let s = node.scalar?.string.trimmingCharacters(in: .whitespaces) ?? ""
        if s.lowercased() == "none" { return .some(nil) }
        let cleaned = s.hasSuffix("%") ? String(s.dropLast()) : s
        if let v = Double(cleaned), v.isFinite, (0...100).contains(v) { return .some(v) }
        problems.append(at(node, file, "\(name) \"\(s)\" is not a percentage from 0 to 100",
                           remedy: "write a number from 0 to 100, or `none`", .error))
        return nil
    }

    private static func remedy(forMissing name: String) -> String {
        switch name {
        case "id": return "add `id:`, a short name such as plan-quality"
        case "title": return "add `title:`, the words shown in reports"
        case "section": return "add `section:`, a shared section id such as plan"
        case "cohorts": return "add `cohorts: all` or a list such as `cohorts: [LAC]`"
        default: return "add `\(name):` with a percentage from 0 to 100, or `none`"
        }
    }

    private static func at(_ node: Node, _ file: String, _ message: String, remedy: String,
                           _ severity: Diagnostic.Severity) -> Diagnostic {
        Diagnostic(severity, file: file, line: node.mark?.line, column: node.mark?.column, message: message, remedy: remedy)
    }

    static func yamlDiagnostic(_ error: YamlError, file: String) -> Diagnostic {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return .error(file, line: mark.line, column: mark.column, "YAML syntax: \(problem)",
                          remedy: "fix the indentation or quoting at this place")
        default:
            return .error(file, "cannot read the YAML: \(error)", remedy: "fix the YAML syntax")
        }
    }

    /// Reads and checks a measures file. Throws `CaseAuditError` (66) when it is missing or
    /// unreadable, `DiagnosticsError` (65) listing every problem when any is an error.
    public static func load(_ url: URL, templates: [AuditTemplate] = []) throws -> [Measure] {
        try loadWithWarnings(url, templates: templates).measures
    }

    /// As `load`, also returning the warnings (for `validate` and the report commands to print).
    public static func loadWithWarnings(_ url: URL, templates: [AuditTemplate] = []) throws -> (measures: [Measure], warnings: [Diagnostic]) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CaseAuditError(.noInput, file: url.path, "the measures file does not exist",
                                 remedy: "run any report once to create it from the shipped defaults, or restore it")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CaseAuditError(.noInput, file: url.path, "cannot read the measures file: \(error.localizedDescription)",
                                 remedy: "check the file's permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticsError([.error(url.path, "the measures file is not UTF-8 text",
                                           remedy: "save it as UTF-8 with a plain text editor")])
        }
        let result = parse(text, file: url.path, templates: templates)
        if result.diagnostics.hasErrors { throw DiagnosticsError(result.diagnostics) }
        return (result.measures, result.diagnostics)
    }

    /// The measures of a command that only reads: `DATA/measures.yaml` when it exists, else the
    /// shipped defaults (the file, or the copy built into the program), used in memory. Nothing
    /// is written: a report run on a mistyped or fresh folder must leave it as it was.
    /// `file` is the file the measures came from, for messages.
    public static func loadForReading(directory: DataDirectory, defaults: URL, templates: [AuditTemplate] = []) throws
        -> (measures: [Measure], warnings: [Diagnostic], file: URL) {
        let own = directory.measuresFile
        for url in [own, defaults] where FileManager.default.fileExists(atPath: url.path) {
            let (measures, warnings) = try loadWithWarnings(url, templates: templates)
            return (measures, warnings, url)
        }
        let result = parse(builtInDefaults, file: own.path, templates: templates)
        if result.diagnostics.hasErrors { throw DiagnosticsError(result.diagnostics) }
        return (result.measures, result.diagnostics, own)
    }

    /// Returns `DATA/measures.yaml`, first creating it (0600) from the shipped defaults, or from
    /// the copy built into the program when the defaults file cannot be found.
    @discardableResult
    public static func ensure(directory: DataDirectory, defaults: URL) throws -> URL {
        let url = directory.measuresFile
        if FileManager.default.fileExists(atPath: url.path) { return url }
        let bytes = (try? Data(contentsOf: defaults)) ?? Data(builtInDefaults.utf8)
        try AtomicFile.makeFolder(directory.root)
        do {
            try AtomicFile.write(bytes, to: url)
        } catch let e as CaseAuditError {
            throw CaseAuditError(.cannotCreate, e.diagnostic)
        }
        return url
    }

    /// The shipped defaults (product.md section 4), used when `AuditTemplates/defaults/measures.yaml`
    /// is not installed.
    public static let builtInDefaults = """
        # Measures reported against targets by `caseaudit report` and the dashboard.
        # cohorts: all, or a list of EH, CIN, CP, LAC, CL. baseline and target: 0-100 or none.
        # templates: the template ids whose audits count, or all.
        # question: with counts: yes (or at_most/at_least N for a number question) counts answers, not grades.
        measures:
          - id: lac-assessment
            title: LAC assessments rated good or outstanding
            section: assessment
            cohorts: [LAC]
            baseline: 40
            target: 70
            templates: [child-journey, child-journey-lac]
          - id: plan-quality
            title: Plans rated good or outstanding
            section: plan
            cohorts: all
            baseline: 44
            target: 70
            templates: [child-journey, child-journey-lac]
          - id: plan-smart-quality
            title: Plans rated good or outstanding in themed plan audits
            section: plan
            cohorts: all
            baseline: none
            target: 70
            templates: [plan-smart]
          - id: supervision-quality
            title: Supervision rated good or outstanding
            section: supervision
            cohorts: all
            baseline: none
            target: 70
            templates: [child-journey, child-journey-lac]
          - id: contact-quality
            title: Contact arrangements rated good or outstanding
            section: contact
            cohorts: [LAC]
            baseline: none
            target: 70
            templates: [child-journey-lac, contact-arrangements]
          - id: permanence-quality
            title: Permanence planning rated good or outstanding
            section: permanence
            cohorts: [LAC]
            baseline: none
            target: 70
            templates: [child-journey, child-journey-lac]
          - id: children-seen-alone
            title: Children seen alone, or the reason recorded
            question: visits-seen-alone
            counts: yes
            cohorts: all
            baseline: none
            target: 90
            templates: [child-journey, child-journey-lac]
          - id: permanence-by-second-review
            title: Permanence plans agreed by the second review
            question: permanence-plan-by-second-review
            counts: yes
            cohorts: [LAC]
            baseline: none
            target: 90
            templates: [child-journey-lac]
          - id: supervision-no-long-gap
            title: Cases supervised with no gap of three months or more
            question: supervision-longest-gap
            at_most: 2
            cohorts: all
            baseline: none
            target: 90
            templates: [child-journey, child-journey-lac]
          - id: plan-actions-time-bound
            title: Plans with a clear timescale for every action
            question: plan-timescales
            counts: yes
            cohorts: all
            baseline: none
            target: 90
            templates: [child-journey, child-journey-lac]

        """
}
