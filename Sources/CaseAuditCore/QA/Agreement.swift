import Foundation

/// Agreement between auditors and moderators (issue 11). A pair is one audit's section, or its
/// overall grade, where both the auditor and the moderator gave one of the four grades (`na` and
/// blanks are not pairs).
public enum Agreement {
    public enum GroupBy: String, Sendable, CaseIterable {
        case section, auditor, team
    }

    public struct Pair: Equatable, Sendable {
        public var auditID: String
        /// A section id, or `overall`.
        public var section: String
        public var auditor: String
        public var team: String
        public var auditorGrade: Grade
        public var moderatorGrade: Grade
        /// The audit's month, so a screen narrowed to a period takes its pairs without the audit.
        public var month: Month?
        public init(auditID: String, section: String, auditor: String, team: String,
                    auditorGrade: Grade, moderatorGrade: Grade, month: Month? = nil) {
            self.auditID = auditID
            self.section = section
            self.auditor = auditor
            self.team = team
            self.auditorGrade = auditorGrade
            self.moderatorGrade = moderatorGrade
            self.month = month
        }
    }

    /// One group's figures. Kappas are nil when there are no pairs or pe = 1 (every grade the
    /// same on both sides, where chance agreement is certain and kappa is undefined).
    public struct Row: Equatable, Sendable {
        public var group: String
        public var pairs: Int
        public var exact: Int
        public var sameSide: Int
        public var kappa: Double?
        public var weightedKappa: Double?
        /// Moderator's grade better than the auditor's.
        public var movedUp: Int
        /// Moderator's grade worse than the auditor's.
        public var movedDown: Int

        public var exactPercent: Double? { pairs == 0 ? nil : 100 * Double(exact) / Double(pairs) }
        public var sameSidePercent: Double? { pairs == 0 ? nil : 100 * Double(sameSide) / Double(pairs) }
    }

    /// Position on the scale for the weights: outstanding=0, good=1, requires-improvement=2, inadequate=3.
    static func index(_ g: Grade) -> Int? { Grade.scale.firstIndex(of: g) }

    /// Every pair in the audits, in audit order, sections in id order, then overall.
    public static func pairs(in audits: [Audit]) -> [Pair] {
        var out: [Pair] = []
        for a in audits {
            for id in a.sections.keys.sorted() {
                let s = a.sections[id]!
                if let g = s.grade, let m = s.moderation?.grade, index(g) != nil, index(m) != nil {
                    out.append(Pair(auditID: a.id, section: id, auditor: a.auditor, team: a.team,
                                    auditorGrade: g, moderatorGrade: m, month: a.month))
                }
            }
            if let g = a.overall.grade, let m = a.overall.moderation?.grade, index(g) != nil, index(m) != nil {
                out.append(Pair(auditID: a.id, section: "overall", auditor: a.auditor, team: a.team,
                                auditorGrade: g, moderatorGrade: m, month: a.month))
            }
        }
        return out
    }

    /// The figures for one set of pairs.
    public static func row(_ group: String, _ pairs: [Pair]) -> Row {
        let n = pairs.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: 4), count: 4)
        var exact = 0, same = 0, up = 0, down = 0
        for p in pairs {
            let i = index(p.auditorGrade)!, j = index(p.moderatorGrade)!
            table[i][j] += 1
            if i == j { exact += 1 }
            if p.auditorGrade.isGoodOrBetter == p.moderatorGrade.isGoodOrBetter { same += 1 }
            if j < i { up += 1 }
            if j > i { down += 1 }
        }
        let k = kappas(table)
        return Row(group: group, pairs: n, exact: exact, sameSide: same, kappa: k.kappa,
                   weightedKappa: k.weighted, movedUp: up, movedDown: down)
    }

    /// Cohen's kappa and linear weighted kappa from a 4x4 table of counts (rows: auditor's grade,
    /// columns: moderator's, both in scale order). kappa = (po - pe) / (1 - pe) with po the share
    /// on the diagonal and pe = sum of auditor share x moderator share per grade; the weighted
    /// form uses w = 1 - |i - j| / 3 in both po and pe. Nil when there are no pairs or pe = 1.
    public static func kappas(_ table: [[Int]]) -> (kappa: Double?, weighted: Double?) {
        let n = Double(table.joined().reduce(0, +))
        guard n > 0 else { return (nil, nil) }
        let rows = table.map { Double($0.reduce(0, +)) / n }
        let cols = (0..<4).map { j in Double(table.reduce(0) { $0 + $1[j] }) / n }
        var po = 0.0, pe = 0.0, pow = 0.0, pew = 0.0
        for i in 0..<4 {
            for j in 0..<4 {
                let w = 1 - Double(abs(i - j)) / 3
                let p = Double(table[i][j]) / n
                if i == j { po += p; pe += rows[i] * cols[j] }
                pow += w * p
                pew += w * rows[i] * cols[j]
            }
        }
        // pe is a sum of products of shares; a tolerance keeps rounding from turning 1 into 0.9999...
        let kappa = abs(1 - pe) < 1e-12 ? nil : (po - pe) / (1 - pe)
        let weighted = abs(1 - pew) < 1e-12 ? nil : (pow - pew) / (1 - pew)
        return (kappa, weighted)
    }

    /// Rows per group (sorted by name), then the `all` row.
    public static func rows(_ pairs: [Pair], by: GroupBy) -> [Row] {
        var groups: [String: [Pair]] = [:]
        for p in pairs {
            let key: String
            switch by {
            case .section: key = p.section
            case .auditor: key = p.auditor.isEmpty ? "(no auditor)" : p.auditor
            case .team: key = p.team.isEmpty ? "(no team)" : p.team
            }
            groups[key, default: []].append(p)
        }
        return groups.keys.sorted().map { row($0, groups[$0]!) } + [row("all", pairs)]
    }

    /// Three decimals, or empty.
    public static func format(_ k: Double?) -> String {
        guard let k else { return "" }
        let s = String(format: "%.3f", k)
        return s == "-0.000" ? "0.000" : s
    }

    /// A percentage to one decimal, or empty.
    public static func percent(_ p: Double?) -> String {
        guard let p else { return "" }
        return String(format: "%.1f", p)
    }

    public static let csvHeader = ["group", "pairs", "exact", "exact_percent", "same_side", "same_side_percent",
                                   "kappa", "weighted_kappa"]

    public static func csvFields(_ r: Row) -> [String] {
        [r.group, String(r.pairs), String(r.exact), percent(r.exactPercent), String(r.sameSide),
         percent(r.sameSidePercent), format(r.kappa), format(r.weightedKappa)]
    }
}

extension Agreement {
    /// The completed audits whose month lies in `from...to` (either end open).
    public static func audits(_ all: [Audit], from: Month?, to: Month?) -> [Audit] {
        all.filter { a in a.status == .complete && inRange(a.month, from: from, to: to) }
    }

    /// The pairs (of completed audits) whose month lies in `from...to`, by the rule of `audits`.
    public static func pairs(_ all: [Pair], from: Month?, to: Month?) -> [Pair] {
        all.filter { inRange($0.month, from: from, to: to) }
    }

    /// A month in `from...to` (either end open); with a bound, an audit without a month is out.
    static func inRange(_ month: Month?, from: Month?, to: Month?) -> Bool {
        guard let m = month else { return from == nil && to == nil }
        return (from.map { m >= $0 } ?? true) && (to.map { m <= $0 } ?? true)
    }

    /// The agreement table for `--by`, the `all` row last; in HTML, followed by agreement by
    /// auditor with the direction grades move, so a QA lead sees whose grades are moved and how.
    public static func report(_ audits: [Audit], by: GroupBy, format: QAFormat, raw: Bool = false) -> String {
        let p = pairs(in: audits)
        let table = QATable(title: "Agreement by \(by.rawValue)", header: csvHeader,
                            rows: rows(p, by: by).map(csvFields), numeric: Set(1...7))
        guard format == .html else { return table.render(format, raw: raw) }
        var extra = "<h2>Grades moved by moderation, by auditor</h2>\n<table>\n"
        extra += "<tr><th>auditor</th><th>pairs</th><th>exact_percent</th><th>moved up</th><th>moved down</th><th>weighted_kappa</th></tr>\n"
        for r in rows(p, by: .auditor) {
            extra += "<tr><td>\(HTMLRenderer.escape(TerminalText.safe(r.group)))</td><td class=\"num\">\(r.pairs)</td>"
            extra += "<td class=\"num\">\(percent(r.exactPercent))</td><td class=\"num\">\(r.movedUp)</td>"
            extra += "<td class=\"num\">\(r.movedDown)</td><td class=\"num\">\(Agreement.format(r.weightedKappa))</td></tr>\n"
        }
        extra += "</table>\n<p>Moved up: the moderator's grade is better than the auditor's; moved down: worse.</p>\n"
        return table.render(.html, htmlExtra: extra)
    }
}
