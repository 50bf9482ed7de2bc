import Foundation

/// What `report` and `grades` count, per audit as fixed-width integers plus small shared
/// tables: built straight from the index cache's bytes on the warm path (no Swift object per
/// audit, and only the team, auditor and section strings decoded), or from facts otherwise.
/// `Aggregator` counts from this form only, so both paths share one set of counting rules.
public struct ReportColumns: Sendable {
    public private(set) var count = 0
    /// 1 for a completed audit.
    var complete: [UInt8] = []
    /// `Month.ordinal`, or -1 for an audit without a month.
    var month: [Int32] = []
    /// Index in `Cohort.allCases`, or 255 for none.
    var cohort: [UInt8] = []
    /// Indexes in `teams` and `auditors`.
    var team: [Int32] = []
    var auditor: [Int32] = []
    /// Index in `sectionLists`: the sections of the audit's template version (its own section
    /// keys for a version the catalog does not know).
    var sections: [Int32] = []
    /// Index in `gradeLists`: the effective grades the audit has.
    var grades: [Int32] = []

    var teams: [String] = []
    var auditors: [String] = []
    /// Every section id met, once; section lists and grade lists hold indexes in it.
    var sectionNames: [String] = []
    var sectionLists: [[Int32]] = []
    /// Per list, (section, index in `Grade.allCases`); a section graded twice keeps its last grade.
    var gradeLists: [[(section: Int32, grade: UInt8)]] = []

    init() {}

    mutating func reserve(_ n: Int) {
        complete.reserveCapacity(n); month.reserveCapacity(n); cohort.reserveCapacity(n)
        team.reserveCapacity(n); auditor.reserveCapacity(n); sections.reserveCapacity(n); grades.reserveCapacity(n)
    }

    mutating func append(complete c: Bool, month m: Int32, cohort co: UInt8, team t: Int32, auditor a: Int32,
                         sections s: Int32, grades g: Int32) {
        complete.append(c ? 1 : 0); month.append(m); cohort.append(co)
        team.append(t); auditor.append(a); sections.append(s); grades.append(g)
        count += 1
    }

    /// The columns of facts already in memory (the cold path, the interface, tests).
    public init(_ facts: [AuditFacts]) {
        var b = Builder()
        reserve(facts.count)
        var byShape: [ObjectIdentifier: (Int32, Int32)] = [:]
        for k in facts.indices {
            let s: Int32, g: Int32
            if let shape = facts[k].shape, let known = byShape[ObjectIdentifier(shape)] {
                (s, g) = known
            } else {
                s = b.sectionList(facts[k].templateSections)
                g = b.gradeList(facts[k].grades)
                if let shape = facts[k].shape { byShape[ObjectIdentifier(shape)] = (s, g) }
            }
            let cohortCode = facts[k].cohort.flatMap { AuditIndexCodes.cohorts.firstIndex(of: $0) }.map(UInt8.init) ?? 255
            append(complete: facts[k].status == .complete, month: facts[k].month.map { Int32($0.ordinal) } ?? -1,
                   cohort: cohortCode, team: b.team(facts[k].team), auditor: b.auditor(facts[k].auditor),
                   sections: s, grades: g)
        }
        b.finish(into: &self)
    }

    /// Interns the tables while columns are built.
    struct Builder {
        var teams: [String] = [], auditors: [String] = [], names: [String] = []
        var teamIndex: [String: Int32] = [:], auditorIndex: [String: Int32] = [:], nameIndex: [String: Int32] = [:]
        var lists: [[Int32]] = [], listIndex: [[Int32]: Int32] = [:]
        var gradeLists: [[(section: Int32, grade: UInt8)]] = []

        mutating func team(_ s: String) -> Int32 { Self.intern(s, &teams, &teamIndex) }
        mutating func auditor(_ s: String) -> Int32 { Self.intern(s, &auditors, &auditorIndex) }
        mutating func section(_ s: String) -> Int32 { Self.intern(s, &names, &nameIndex) }

        mutating func sectionList(_ ids: [String]) -> Int32 { sectionList(ids.map { section($0) }) }

        mutating func sectionList(_ numbers: [Int32]) -> Int32 {
            if let i = listIndex[numbers] { return i }
            lists.append(numbers)
            listIndex[numbers] = Int32(lists.count - 1)
            return Int32(lists.count - 1)
        }

        /// A new list every call: callers share lists between audits themselves.
        mutating func gradeList(_ grades: [String: Grade]) -> Int32 {
            gradeLists.append(grades.map { (section($0.key), UInt8(AuditIndexCodes.grades.firstIndex(of: $0.value)!)) })
            return Int32(gradeLists.count - 1)
        }

        mutating func gradeList(_ pairs: [(section: Int32, grade: UInt8)]) -> Int32 {
            gradeLists.append(pairs)
            return Int32(gradeLists.count - 1)
        }

        private static func intern(_ s: String, _ all: inout [String], _ index: inout [String: Int32]) -> Int32 {
            if let i = index[s] { return i }
            all.append(s)
            index[s] = Int32(all.count - 1)
            return Int32(all.count - 1)
        }

        func finish(into c: inout ReportColumns) {
            c.teams = teams
            c.auditors = auditors
            c.sectionNames = names
            c.sectionLists = lists
            c.gradeLists = gradeLists
        }
    }

    /// Per section list, whether it has `section`.
    func listsHaving(_ section: String) -> [Bool] {
        guard let n = sectionNames.firstIndex(of: section).map(Int32.init) else {
            return [Bool](repeating: false, count: sectionLists.count)
        }
        return sectionLists.map { $0.contains(n) }
    }

    /// Per grade list, the grade of `section` (index in `Grade.allCases`), or 255 for none.
    func gradesOf(_ section: String) -> [UInt8] {
        guard let n = sectionNames.firstIndex(of: section).map(Int32.init) else {
            return [UInt8](repeating: 255, count: gradeLists.count)
        }
        return gradeLists.map { list in
            var g: UInt8 = 255
            for p in list where p.section == n { g = p.grade }
            return g
        }
    }

    /// Whether any audit's template version has `section`.
    public func anyHas(_ section: String) -> Bool {
        guard let n = sectionNames.firstIndex(of: section).map(Int32.init) else { return false }
        let having = Set(sectionLists.indices.filter { sectionLists[$0].contains(n) }.map(Int32.init))
        return !having.isEmpty && sections.contains { having.contains($0) }
    }
}
