import Foundation

/// `caseaudit moderate FILE.csv`: moderated grades from a spreadsheet, written like an import.
///
/// Every row is checked first; any problem means nothing is written and every problem is
/// reported with its row, column, value and what is allowed (exit 65). A row whose moderation
/// is already on file is left alone, so running the same file twice changes nothing. Each
/// changed audit is saved through `AuditRepository`, whose history records a `moderate` entry.
public struct ModerationImporter: Sendable {
    public struct Summary: Equatable, Sendable {
        public var moderated = 0
        public var unchanged = 0
        public var audits = 0
        public var line: String {
            "moderated \(moderated) grade\(moderated == 1 ? "" : "s") in \(audits) audit\(audits == 1 ? "" : "s"), \(unchanged) unchanged"
        }
    }

    public static let columns = ["audit_id", "month", "template", "case_ref", "section", "moderator", "grade", "rationale", "date"]

    public let directory: DataDirectory
    public let now: Date
    public let user: String

    public init(directory: DataDirectory, now: Date = Date(), user: String = AuditRepository.currentUser()) {
        self.directory = directory
        self.now = now
        self.user = user
    }

    public func run(_ url: URL) throws -> Summary {
        try run(try CSVTable.read(url), file: url.path)
    }

    public func run(_ table: CSVTable, file: String) throws -> Summary {
        let (changed, summary) = try plan(table, file: file)
        let repository = AuditRepository(directory: directory, catalog: nil)
        let reason = "moderated from \(URL(fileURLWithPath: file).lastPathComponent)"
        for audit in changed {
            // Someone may have opened it since the check; their editor would overwrite this change.
            switch try AuditLock.acquire(id: audit.id, directory: directory) {
            case .acquired(let lock):
                defer { lock.release() }
                try repository.save(audit, by: user, reason: reason)
            case .heldBy(let holder):
                throw CaseAuditError(.ioError, file: directory.auditFile(audit.id).path,
                                     "opened for editing by \(holder.user) during the moderation; the audits before it were moderated",
                                     remedy: "run the same file again once it is closed: rows already done are left as they are")
            }
        }
        return summary
    }

    /// Checks every row and returns the audits to save. Writes nothing.
    public func plan(_ table: CSVTable, file: String) throws -> (audits: [Audit], summary: Summary) {
        var problems: [Diagnostic] = []
        var index: [String: Int] = [:]
        for (i, raw) in table.header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if !Self.columns.contains(name) {
                problems.append(.error(file, line: 1, "column \"\(FieldText.shown(raw))\" is not a moderation column; allowed: \(Self.columns.joined(separator: ", "))"))
            } else if index[name] != nil {
                problems.append(.error(file, line: 1, "column \"\(name)\" appears twice; allowed: each column once"))
            } else {
                index[name] = i
            }
        }
        let byID = index["audit_id"] != nil
        var required = ["section", "moderator", "grade", "rationale"]
        if !byID { required += ["month", "template", "case_ref"] }
        for c in required where index[c] == nil {
            problems.append(.error(file, line: 1, "the column \"\(c)\" is missing",
                                   remedy: "the columns are audit_id (or else month, template and case_ref), section, moderator, grade, rationale and optionally date"))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems + [nothing(file, rows: nil)]) }

        let loaded = AuditStore(directory: directory).loadAll()
        var audits = Dictionary(loaded.audits.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var byCase: [String: [String]] = [:]
        for a in loaded.audits {
            byCase[Self.caseKey(a.month?.description ?? "", a.template.id, a.caseRef), default: []].append(a.id)
        }
        var badRows = Set<Int>()
        var seen: [String: Int] = [:]
        var changedIDs: [String] = []
        var summary = Summary()
        var lockChecked: [String: LockHolder?] = [:]
        for row in table.rows where row.fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            func value(_ c: String) -> String {
                guard let i = index[c], i < row.fields.count else { return "" }
                return row.fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            func fail(_ column: String, _ what: String, allowed: String) {
                problems.append(.error(file, line: row.number,
                    "column \"\(column)\": value \"\(FieldText.shown(value(column), limit: 40))\" \(what); allowed: \(allowed)"))
                badRows.insert(row.number)
            }
            var rowOK = true
            // One-line columns, then the rationale, which may run over lines.
            for c in ["audit_id", "month", "template", "case_ref", "section", "moderator", "grade", "date"] where index[c] != nil {
                let v = value(c)
                if v.count > FieldText.maxOneLineCharacters {
                    fail(c, "is \(v.count) characters long", allowed: "at most \(FieldText.maxOneLineCharacters) characters"); rowOK = false
                } else if let bad = FieldText.forbidden(in: v) {
                    fail(c, "holds the character \(FieldText.describe(bad))", allowed: "printable text on one line"); rowOK = false
                }
            }
            let rationale = value("rationale")
            if rationale.utf8.count > FieldText.maxCellBytes {
                fail("rationale", "is \(rationale.utf8.count) bytes long", allowed: "at most \(FieldText.maxCellBytes) bytes"); rowOK = false
            } else if rationale.unicodeScalars.contains(where: { TerminalText.isUnsafe($0) && $0 != "\n" && $0 != "\r" && $0 != "\t" }) {
                fail("rationale", "holds a control character", allowed: "printable text (line breaks are kept)"); rowOK = false
            } else if rationale.isEmpty {
                fail("rationale", "is empty", allowed: "why the moderator gave this grade"); rowOK = false
            }
            let grade = Self.grade(value("grade"))
            if grade == nil {
                fail("grade", "is not a grade", allowed: "outstanding, good, requires-improvement or inadequate"); rowOK = false
            }
            let moderator = value("moderator")
            if moderator.isEmpty { fail("moderator", "is empty", allowed: "the moderator's name"); rowOK = false }
            var at = now
            if !value("date").isEmpty {
                if let d = Self.date(value("date")) { at = d } else {
                    fail("date", "is not a date", allowed: "YYYY-MM-DD, or leave it empty for today"); rowOK = false
                }
            }
            // The audit: by audit_id, else by month, template and case_ref.
            var audit: Audit?
            if byID {
                let id = value("audit_id")
                audit = audits[id]
                if audit == nil { fail("audit_id", "is not an audit in \(directory.audits.path)", allowed: "the id of an existing audit (the audits list and exports show them)"); rowOK = false }
            } else {
                let template = value("template").split(separator: "@").first.map(String.init) ?? ""
                let matches = byCase[Self.caseKey(value("month"), template, value("case_ref"))] ?? []
                if matches.count == 1 { audit = audits[matches[0]] } else if matches.isEmpty {
                    fail("case_ref", "with month \"\(value("month"))\" and template \"\(template)\" matches no audit",
                         allowed: "the month, template and case_ref of an existing audit, or an audit_id column"); rowOK = false
                } else {
                    fail("case_ref", "with that month and template matches \(matches.count) audits (\(matches.sorted().joined(separator: ", ")))",
                         allowed: "an audit_id column naming which one"); rowOK = false
                }
            }
            guard rowOK, var a = audit, let grade else { continue }
            let section = value("section").lowercased()
            if a.status == .draft {
                fail(byID ? "audit_id" : "case_ref", "is the draft audit \(a.id)", allowed: "a completed audit; complete it first"); continue
            }
            if section != "overall" && a.sections[value("section")] == nil {
                fail("section", "is not a section of audit \(a.id)",
                     allowed: "overall or one of \(a.sections.keys.sorted().joined(separator: ", "))"); continue
            }
            let key = a.id + "\u{1F}" + section
            if let first = seen[key] {
                fail("section", "moderates the same audit and section as row \(first)", allowed: "one row per audit and section"); continue
            }
            seen[key] = row.number
            let sectionID = section == "overall" ? "overall" : value("section")
            let old = sectionID == "overall" ? a.overall.moderation : a.sections[sectionID]?.moderation
            // Unchanged when grade, moderator and rationale match, and the date too when one is given.
            if let old, old.grade == grade, old.by == moderator, old.rationale == rationale,
               value("date").isEmpty || Self.day(old.at) == value("date") {
                summary.unchanged += 1
                continue
            }
            if lockChecked[a.id] == nil {
                switch try AuditLock.acquire(id: a.id, directory: directory) {
                case .acquired(let lock): lock.release(); lockChecked[a.id] = .some(nil)
                case .heldBy(let holder): lockChecked[a.id] = .some(holder)
                }
            }
            if let holder = lockChecked[a.id] ?? nil {
                problems.append(.error(file, line: row.number,
                    "the audit \(a.id) is open for editing by \(holder.user) on \(holder.host) since \(HistoryEntry.isoString(holder.started)); allowed: moderate again once it is closed (or `caseaudit unlock \(a.id)` if that lock is stale)"))
                badRows.insert(row.number)
                continue
            }
            let m = Moderation(grade: grade, by: moderator, at: at, rationale: rationale)
            if sectionID == "overall" { a.overall.moderation = m } else { a.sections[sectionID]?.moderation = m }
            audits[a.id] = a
            if !changedIDs.contains(a.id) { changedIDs.append(a.id) }
            summary.moderated += 1
        }
        if !problems.isEmpty { throw DiagnosticsError(problems + [nothing(file, rows: badRows.count)]) }
        summary.audits = changedIDs.count
        return (changedIDs.compactMap { audits[$0] }, summary)
    }

    private func nothing(_ file: String, rows: Int?) -> Diagnostic {
        let what = rows.map { "\($0) row\($0 == 1 ? " has" : "s have") problems" } ?? "the header has problems"
        return .error(file, "\(what); nothing was moderated", remedy: "fix the problems listed above and run the file again")
    }

    static func caseKey(_ month: String, _ template: String, _ caseRef: String) -> String {
        month + "\u{1F}" + template.lowercased() + "\u{1F}" + caseRef.lowercased()
    }

    /// The four grades, written as the files or the interface write them, any case.
    static func grade(_ text: String) -> Grade? {
        let t = text.lowercased().replacingOccurrences(of: " ", with: "-")
        guard let g = Grade(rawValue: t), g != .na else { return nil }
        return g
    }

    /// `YYYY-MM-DD` as noon UTC, so the day shows the same in any time zone of the UK year.
    static func date(_ text: String) -> Date? {
        guard ResponseRules.isValidDate(text) else { return nil }
        let p = text.split(separator: "-").compactMap { Int($0) }
        var c = DateComponents()
        c.year = p[0]; c.month = p[1]; c.day = p[2]; c.hour = 12
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        return cal.date(from: c)
    }

    static func day(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
