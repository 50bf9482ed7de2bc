import Foundation

/// The filter language of the audits list (`/` in the interface) and `caseaudit audits --filter`:
/// words separated by spaces, every word must match; `or` between words gives alternatives
/// (`team:hill status:draft or team:river` is (hill and draft) or river). A bare word matches
/// any field; `key:value` matches one field. Keys: `month:` (prefix, `2018-1`), `quarter:`
/// (`fy2018-19q3` as written, case ignored), `year:` (`fy2018-19`), `team:`, `auditor:`,
/// `worker:`, `case:`/`ref:` (contains, case ignored), `template:` (contains), `status:`
/// (prefix), `cohort:` (exact), `grade:`/`overall:` (the overall grade: prefix of the word or
/// title, the short form, `none`, or `good+`/`g+` for that grade or better), and a section's id
/// (`plan:ri`, `assessment:good+`) for that section's grade; `escalation:` (`open`, `resolved` or
/// `none`), and the child's characteristics `age-band:`/`age:`, `disability:`, `ethnicity:`,
/// `uasc:` (prefix of the recorded option, case ignored; `none` for not recorded). "Quoted words" keep their spaces.
/// An unknown key is an error (`problem`) that lists the known keys.
public struct AuditFilter: Sendable {
    public enum Field: Equatable, Sendable {
        case any, month, quarter, year, team, template, status, cohort, caseRef, auditor, worker, grade, escalation
        /// A section's grade, by the section's id.
        case section(String)
        /// A characteristic's question id (`child-age-band`).
        case mark(String)
    }

    public struct Term: Sendable {
        public var field: Field
        /// Lower-cased.
        public var value: String
        /// Statuses a `status:` word names, worked out once rather than per audit.
        public var statuses: Set<AuditStatus> = []
    }

    /// Alternatives (`or`), each a list of words that must all match.
    public private(set) var groups: [[Term]] = []
    /// Every word of every alternative.
    public var terms: [Term] { groups.flatMap { $0 } }
    /// Why the filter cannot be used (an unknown key), with the known keys; nil when it can.
    public private(set) var problem: String?

    /// `sections` are the section ids the templates use, which are keys for section grades.
    public init(_ text: String, sections: [String] = []) {
        let sectionKeys = Set(sections.map { $0.lowercased() })
        var group: [Term] = []
        for word in AuditFilter.words(text.lowercased()) {
            if word == "or" {
                if !group.isEmpty { groups.append(group) }
                group = []
                continue
            }
            var key: String? = nil
            var value = word
            if let colon = word.firstIndex(of: ":") {
                key = String(word[..<colon])
                value = String(word[word.index(after: colon)...])
            }
            var field = Field.any
            if let key {
                if let known = AuditFilter.fields[key] {
                    field = known
                } else if sectionKeys.contains(key) {
                    field = .section(key)
                } else if problem == nil {
                    let known = AuditFilter.fields.keys.sorted().joined(separator: ", ")
                    let sectionList = sectionKeys.isEmpty ? "" : "; or a section for its grade: " + sectionKeys.sorted().joined(separator: ", ")
                    problem = "unknown filter key \"\(key)\" in \"\(word)\"; known keys: \(known)\(sectionList)"
                }
            }
            var term = Term(field: field, value: field == .any ? word : value)
            term.statuses = Set(AuditStatus.allCases.filter { $0.rawValue.hasPrefix(value) })
            group.append(term)
        }
        if !group.isEmpty { groups.append(group) }
    }

    public static let fields: [String: Field] = [
        "month": .month, "quarter": .quarter, "year": .year, "team": .team, "template": .template,
        "status": .status, "cohort": .cohort, "case": .caseRef, "ref": .caseRef, "auditor": .auditor,
        "worker": .worker, "grade": .grade, "overall": .grade, "escalation": .escalation,
        "age-band": .mark("child-age-band"), "age": .mark("child-age-band"), "disability": .mark("child-disability"),
        "ethnicity": .mark("child-ethnicity"), "uasc": .mark("child-uasc"),
    ]

    public var isEmpty: Bool { groups.isEmpty }

    /// Splits on spaces, keeping "quoted words" (also after `key:`) together, quotes removed.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        for ch in text {
            if ch == "\"" { quoted.toggle(); continue }
            if ch == " " && !quoted {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Whether a word matches any field, which needs each audit's search text.
    public var needsSearchText: Bool { terms.contains { $0.field == .any } }

    /// Whether every word of one alternative matches the audit.
    public func matches(_ audit: AuditFacts) -> Bool {
        if groups.isEmpty { return true }
        let text = needsSearchText ? AuditFilter.searchText(audit) : ""
        return groups.contains { $0.allSatisfy { $0.matches(audit, searchText: text) } }
    }

    /// Lower-cased text a bare word is matched against.
    public static func searchText(_ a: AuditFacts) -> String {
        [a.month?.description ?? "", a.team, a.template.id, a.cohort?.rawValue ?? "", a.caseRef,
         a.status.rawValue, a.overall?.rawValue ?? "", a.auditor, a.worker]
            .joined(separator: "\u{1F}").lowercased()
    }
}

/// One word's test, per field value, so a list can run it once per distinct value.
extension AuditFilter.Term {
    public func matches(_ row: AuditFacts, searchText: String) -> Bool {
        switch field {
        case .any: return searchText.contains(value)
        case .month, .quarter, .year: return matchesMonth(row.month)
        case .team: return matchesName(row.team)
        case .template: return matchesTemplate(row.template.id)
        case .status: return statuses.contains(row.status)
        case .cohort: return matchesCohort(row.cohort)
        case .caseRef: return matchesName(row.caseRef)
        case .auditor: return matchesName(row.auditor)
        case .worker: return matchesName(row.worker)
        case .grade: return matchesGrade(row.overall)
        case .section(let id): return matchesGrade(row.grades[id])
        case .escalation: return matchesEscalation(row.escalation)
        case .mark(let id): return matchesMark(row.marks[id])
        }
    }

    public func matchesEscalation(_ state: Escalation.State) -> Bool {
        switch state {
        case .none: return value == "none"
        case .open: return value == "open"
        case .resolved: return value == "resolved"
        }
    }

    /// A characteristic: the recorded option starts with the word (`10` for "10 to 15"), or
    /// `none` when it is not recorded.
    public func matchesMark(_ recorded: String?) -> Bool {
        guard let recorded else { return value == "none" || value == "-" }
        return recorded.lowercased().hasPrefix(value)
    }

    public func matchesMonth(_ month: Month?) -> Bool {
        guard let m = month else { return false }
        switch field {
        case .month: return m.description.hasPrefix(value)
        case .quarter: return m.quarterLabel.lowercased() == value
        default: return m.financialYearLabel.lowercased() == value
        }
    }

    /// Team, auditor, worker and case ref: contains the word, ignoring case.
    public func matchesName(_ text: String) -> Bool { text.lowercased().contains(value) }

    public func matchesTemplate(_ id: String) -> Bool { id.contains(value) }

    public func matchesCohort(_ cohort: Cohort?) -> Bool { (cohort?.rawValue.lowercased() ?? "") == value }

    public func matchesGrade(_ grade: Grade?) -> Bool {
        var v = value
        // `good+`: that grade or better (N/A is never better).
        let orBetter = v.hasSuffix("+") && v.count > 1
        if orBetter { v.removeLast() }
        guard let g = grade else { return !orBetter && (v == "none" || v == "-") }
        func names(_ g: Grade) -> Bool {
            g.rawValue.hasPrefix(v) || g.short.lowercased() == v || g.title.lowercased().hasPrefix(v)
        }
        guard orBetter else { return names(g) }
        let ranked: [Grade] = [.outstanding, .good, .requiresImprovement, .inadequate]
        guard let floor = ranked.firstIndex(where: names), let rank = ranked.firstIndex(of: g) else { return false }
        return rank <= floor
    }
}
