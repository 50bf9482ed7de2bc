import Foundation

/// Picks next month's cases from a caseload extract (`caseaudit sample CASES.csv`), and the
/// audits to moderate (`caseaudit sample --moderation`). Both use `SplitMix64`, so the same
/// seed and input give the same output on every machine.
public enum CaseSampler {
    public struct Case: Equatable, Sendable {
        public var caseRef: String
        public var cohort: String
        public var team: String
        public var worker: String
        public init(caseRef: String, cohort: String, team: String, worker: String) {
            self.caseRef = caseRef
            self.cohort = cohort
            self.team = team
            self.worker = worker
        }
    }

    public struct Pick: Equatable, Sendable {
        public var `case`: Case
        public var auditor: String?
    }

    public struct Auditor: Equatable, Sendable {
        public var name: String
        public var team: String
        public init(name: String, team: String) {
            self.name = name
            self.team = team
        }
    }

    // MARK: - Reading the CSV files

    /// Reads a CSV with exactly the named columns (any case, any order, extra columns refused),
    /// every cell one line of printable text, required cells filled. Throws 65 listing every problem.
    public static func read(_ table: CSVTable, file: String, columns: [String], required: [String]) throws -> [[String: String]] {
        var problems: [Diagnostic] = []
        var index: [String: Int] = [:]
        for (i, raw) in table.header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if !columns.contains(name) {
                problems.append(.error(file, line: 1, "column \"\(FieldText.shown(raw))\" is not expected; allowed: \(columns.joined(separator: ", "))"))
            } else if index[name] != nil {
                problems.append(.error(file, line: 1, "column \"\(name)\" appears twice; allowed: each column once"))
            } else {
                index[name] = i
            }
        }
        for c in columns where index[c] == nil {
            problems.append(.error(file, line: 1, "the column \"\(c)\" is missing", remedy: "the columns are \(columns.joined(separator: ","))"))
        }
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        var out: [[String: String]] = []
        for row in table.rows where row.fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            var record: [String: String] = [:]
            for c in columns {
                let i = index[c]!
                let v = i < row.fields.count ? row.fields[i].trimmingCharacters(in: .whitespacesAndNewlines) : ""
                func fail(_ what: String, _ allowed: String) {
                    problems.append(.error(file, line: row.number, "column \"\(c)\": value \"\(FieldText.shown(v, limit: 40))\" \(what); allowed: \(allowed)"))
                }
                if v.count > FieldText.maxOneLineCharacters {
                    fail("is \(v.count) characters long", "at most \(FieldText.maxOneLineCharacters) characters")
                } else if let bad = FieldText.forbidden(in: v) {
                    fail("holds the character \(FieldText.describe(bad))", "printable text on one line")
                } else if v.isEmpty && required.contains(c) {
                    fail("is empty", "a value in every row")
                }
                record[c] = v
            }
            out.append(record)
        }
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        return out
    }

    // MARK: - Cases

    /// Case references (lower case) with a completed audit in the 12 months before `month`.
    public static func recentlyAudited(_ audits: [Audit], before month: Month) -> Set<String> {
        let first = month.adding(months: -12)
        return Set(audits.compactMap { a in
            guard a.status == .complete, let m = a.month, m >= first, m < month else { return nil }
            return a.caseRef.lowercased()
        })
    }

    /// Up to `perTeam` cases per team, leaving out `exclude` (lower-case case references): workers
    /// are taken in turn (in a seeded order), so no worker gets a second case while a colleague
    /// with an eligible case has none. With auditors, each case gets an auditor from another team,
    /// the least-loaded first (ties in a seeded order). Teams in name order.
    public static func pickCases(_ cases: [Case], perTeam: Int, seed: UInt64, exclude: Set<String>,
                                 auditors: [Auditor]?) throws -> [Pick] {
        var rng = SplitMix64(seed: seed)
        // Sorted first, so the order of the rows in the extract does not change the draw.
        let eligible = cases.filter { !exclude.contains($0.caseRef.lowercased()) }
            .sorted { ($0.team, $0.worker, $0.caseRef) < ($1.team, $1.worker, $1.caseRef) }
        let teams = Dictionary(grouping: eligible, by: \.team)
        var picks: [Pick] = []
        for team in teams.keys.sorted() {
            var byWorker = Dictionary(grouping: teams[team]!, by: \.worker).map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
            byWorker = shuffled(byWorker, &rng).map { ($0.0, shuffled($0.1, &rng)) }
            var taken = 0
            var round = 0
            while taken < perTeam {
                var any = false
                for (_, list) in byWorker where round < list.count && taken < perTeam {
                    picks.append(Pick(case: list[round], auditor: nil))
                    taken += 1
                    any = true
                }
                if !any { break }
                round += 1
            }
        }
        guard let auditors else { return picks }
        let order = shuffled(auditors, &rng)
        var load = [Int](repeating: 0, count: order.count)
        for i in picks.indices {
            let team = picks[i].case.team.lowercased()
            let options = order.indices.filter { order[$0].team.lowercased() != team }
            guard let best = options.min(by: { load[$0] < load[$1] }) else {
                throw CaseAuditError(.dataError, file: "--auditors",
                                     "no auditor is outside team \"\(picks[i].case.team)\", so its cases cannot be audited by another team",
                                     remedy: "add an auditor from another team to the auditors file")
            }
            load[best] += 1
            picks[i].auditor = order[best].name
        }
        return picks
    }

    static func shuffled<T>(_ items: [T], _ rng: inout SplitMix64) -> [T] {
        var a = items
        guard a.count > 1 else { return a }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            a.swapAt(i, rng.below(i + 1))
        }
        return a
    }

    public static func casesCSV(_ picks: [Pick], month: Month, raw: Bool) -> String {
        let withAuditor = picks.contains { $0.auditor != nil }
        var w = CSVWriter(raw: raw)
        w.row(["month", "case_ref", "cohort", "team", "worker"] + (withAuditor ? ["auditor"] : []))
        for p in picks {
            w.row([month.description, p.case.caseRef, p.case.cohort, p.case.team, p.case.worker] + (withAuditor ? [p.auditor ?? ""] : []))
        }
        return w.text
    }

    // MARK: - Moderation

    /// A seeded `percent`% (rounded up) of the month's completed audits, plus every one graded
    /// inadequate or outstanding overall by its auditor; in audit id order.
    public static func moderationSample(_ audits: [Audit], month: Month, percent: Double, seed: UInt64) -> ModerationSample {
        let pool = audits.filter { $0.status == .complete && $0.month == month }.sorted { $0.id < $1.id }
        var rng = SplitMix64(seed: seed)
        let k = min(pool.count, Int((Double(pool.count) * percent / 100 - 1e-9).rounded(.up)))
        let drawn = Set(shuffled(pool.map(\.id), &rng).prefix(max(0, k)))
        var entries: [ModerationSample.Entry] = []
        for a in pool {
            if a.overall.grade == .inadequate { entries.append(.init(auditID: a.id, reason: .inadequate)) }
            else if a.overall.grade == .outstanding { entries.append(.init(auditID: a.id, reason: .outstanding)) }
            else if drawn.contains(a.id) { entries.append(.init(auditID: a.id, reason: .random)) }
        }
        return ModerationSample(month: month, entries: entries)
    }
}
