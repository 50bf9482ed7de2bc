/// Who audits what, in a fixed repeating order rather than by chance: each (team, template,
/// cohort) gets slots in proportion to its weight, spread smoothly over a cycle, so every month
/// has the usual mix of teams, and "the k-th graded plan" or "the k-th LAC assessment" is known
/// without counting. Grades then follow a golden-ratio sequence over k per measured stratum, so
/// even the small LAC cohort's share of good grades tracks the trend instead of jumping about.
struct DemoSchedule: Sendable {
    struct Kind: Sendable {
        var team: DemoTeam
        var template: AuditTemplate
        var cohort: Cohort
        /// Slots in one cycle.
        var count: Int
    }

    let kinds: [Kind]
    /// One cycle: the kind of each slot and which of its occurrences in the cycle it is.
    let cycle: [(kind: Int, occurrence: Int)]
    /// Per stratum: members in one cycle, and each slot's number among them (-1: not a member).
    let strata: [String: (perCycle: Int, number: [Int])]

    init(teams: [(DemoTeam, [(AuditTemplate, Double)])], cycleLength: Int = 240) {
        var weighted: [(DemoTeam, AuditTemplate, Cohort, Double)] = []
        for (team, usable) in teams {
            let total = usable.reduce(0) { $0 + $1.1 }
            for (template, w) in usable {
                let shared = team.cohorts.filter(template.cohorts.contains)
                let cohorts = shared.isEmpty ? template.cohorts : shared
                for cohort in cohorts {
                    weighted.append((team, template, cohort, team.share * w / total / Double(cohorts.count)))
                }
            }
        }
        let sum = weighted.reduce(0) { $0 + $1.3 }
        kinds = weighted.map { team, template, cohort, w in
            Kind(team: team, template: template, cohort: cohort, count: max(1, Int((w / sum * Double(cycleLength)).rounded())))
        }
        var slots: [(time: Double, kind: Int, occurrence: Int)] = []
        for (k, kind) in kinds.enumerated() {
            for n in 0..<kind.count { slots.append(((Double(n) + 0.5) / Double(kind.count), k, n)) }
        }
        cycle = slots.sorted { ($0.time, $0.kind) < ($1.time, $1.kind) }.map { ($0.kind, $0.occurrence) }
        var strata: [String: (perCycle: Int, number: [Int])] = [:]
        for (p, entry) in cycle.enumerated() {
            let kind = kinds[entry.kind]
            for section in kind.template.gradedSections {
                let key = DemoSchedule.stratum(section: section.id, cohort: kind.cohort)
                var st = strata[key] ?? (0, Array(repeating: -1, count: cycle.count))
                st.number[p] = st.perCycle
                st.perCycle += 1
                strata[key] = st
            }
        }
        self.strata = strata
    }

    /// The groups the measures count: a section across cohorts, LAC assessments apart.
    static func stratum(section: String, cohort: Cohort) -> String {
        section == "assessment" && cohort == .lookedAfter ? "assessment|LAC" : section
    }

    /// Audit `index`'s number among audits grading `section` in its stratum.
    func number(_ index: Int, section: String, cohort: Cohort) -> Int {
        guard let st = strata[DemoSchedule.stratum(section: section, cohort: cohort)] else { return index }
        let n = st.number[index % cycle.count]
        return n < 0 ? index : index / cycle.count * st.perCycle + n
    }

    /// The kind of audit `index` and its number among audits of that kind.
    func slot(_ index: Int) -> (kind: Kind, kindIndex: Int, number: Int) {
        let entry = cycle[index % cycle.count]
        let number = index / cycle.count * kinds[entry.kind].count + entry.occurrence
        return (kinds[entry.kind], entry.kind, number)
    }
}
