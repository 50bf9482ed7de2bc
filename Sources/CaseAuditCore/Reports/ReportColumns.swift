import Foundation

/// What `report` and `grades` count, per audit as fixed-width integers plus small shared
/// tables: built straight from the index cache's bytes on the warm path (no Swift object per
/// audit, and only the team, auditor and section strings decoded), or from facts otherwise.
/// Grades are kept only for the sections to be counted (`countedSections`), one byte each.
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
    /// The sections whose grades are kept, and per audit one byte per such section: the
    /// effective grade (index in `Grade.allCases`), or 255 for none. Audit k's grade for
    /// counted section j is `gradeMatrix[k * countedSections.count + j]`.
    public private(set) var countedSections: [String] = []
    var gradeMatrix: [UInt8] = []

    var teams: [String] = []
    var auditors: [String] = []
    /// Every section id met, once; section lists and grade lists hold indexes in it.
    var sectionNames: [String] = []
    var sectionLists: [[Int32]] = []

    init(counting sections: [String]) {
        for s in sections where !countedSections.contains(s) { countedSections.append(s) }
    }

    mutating func reserve(_ n: Int) {
        complete.reserveCapacity(n); month.reserveCapacity(n); cohort.reserveCapacity(n)
        team.reserveCapacity(n); auditor.reserveCapacity(n); sections.reserveCapacity(n)
    }

    mutating func append(complete c: Bool, month m: Int32, cohort co: UInt8, team t: Int32, auditor a: Int32,
                         sections s: Int32) {
        complete.append(c ? 1 : 0); month.append(m); cohort.append(co)
        team.append(t); auditor.append(a); sections.append(s)
        count += 1
    }

    /// The columns of facts already in memory (the cold path, the interface, tests), keeping
    /// the grades of `sections`.
    public init(_ facts: [AuditFacts], counting sections: [String]) {
        self.init(counting: sections)
        var b = Builder()
        reserve(facts.count)
        gradeMatrix.reserveCapacity(facts.count * countedSections.count)
        var byShape: [ObjectIdentifier: (Int32, [UInt8])] = [:]
        for k in facts.indices {
            let s: Int32, g: [UInt8]
            if let shape = facts[k].shape, let known = byShape[ObjectIdentifier(shape)] {
                (s, g) = known
            } else {
                s = b.sectionList(facts[k].templateSections)
                g = countedSections.map { id in facts[k].grades[id].map { UInt8(AuditIndexCodes.grades.firstIndex(of: $0)!) } ?? 255 }
                if let shape = facts[k].shape { byShape[ObjectIdentifier(shape)] = (s, g) }
            }
            gradeMatrix += g
            let cohortCode = facts[k].cohort.flatMap { AuditIndexCodes.cohorts.firstIndex(of: $0) }.map(UInt8.init) ?? 255
            append(complete: facts[k].status == .complete, month: facts[k].month.map { Int32($0.ordinal) } ?? -1,
                   cohort: cohortCode, team: b.team(facts[k].team), auditor: b.auditor(facts[k].auditor),
                   sections: s)
        }
        b.finish(into: &self)
    }

    /// Interns the tables while columns are built.
    struct Builder {
        var teams: [String] = [], auditors: [String] = [], names: [String] = []
        var teamIndex: [String: Int32] = [:], auditorIndex: [String: Int32] = [:], nameIndex: [String: Int32] = [:]
        var lists: [[Int32]] = [], listIndex: [[Int32]: Int32] = [:]

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
        }
    }

    /// Per section list, whether it has `section`.
    func listsHaving(_ section: String) -> [Bool] {
        guard let n = sectionNames.firstIndex(of: section).map(Int32.init) else {
            return [Bool](repeating: false, count: sectionLists.count)
        }
        return sectionLists.map { $0.contains(n) }
    }

    /// Where `section`'s grades are in each audit's row of `gradeMatrix`. The columns must
    /// have been made counting it: a missing section would silently count no grades.
    func gradeSlot(_ section: String) -> Int {
        guard let j = countedSections.firstIndex(of: section) else {
            preconditionFailure("report columns made without the grades of section \(section)")
        }
        return j
    }

    /// Whether any audit's template version has `section`.
    public func anyHas(_ section: String) -> Bool {
        guard let n = sectionNames.firstIndex(of: section).map(Int32.init) else { return false }
        let having = Set(sectionLists.indices.filter { sectionLists[$0].contains(n) }.map(Int32.init))
        return !having.isEmpty && sections.contains { having.contains($0) }
    }
}
