import Foundation

/// `caseaudit demo`: realistic synthetic audits over 18 months, improving over time.
///
/// Each audit is made from its own generator seeded by (seed, index), so audits can be made in
/// parallel and the same seed always gives the same files (for the same end month).
public struct DemoGenerator: Sendable {
    public struct Options: Sendable {
        public var audits: Int
        public var seed: UInt64
        /// The last month; the demo covers `months` months ending here.
        public var endMonth: Month
        public var months: Int
        public init(audits: Int = 240, seed: UInt64 = 1, endMonth: Month = .current(), months: Int = 18) {
            self.audits = audits
            self.seed = seed
            self.endMonth = endMonth
            self.months = months
        }
    }

    /// The share of good-or-better grades at the start and at the end of the period.
    public static let planTrend = (from: 0.44, to: 0.57)
    public static let lacAssessmentTrend = (from: 0.40, to: 0.52)

    public let options: Options
    let templates: [String: AuditTemplate]
    let teams: [(DemoTeam, [(AuditTemplate, Double)])]
    let schedule: DemoSchedule

    /// Throws `CaseAuditError(.noInput)` when none of the shipped templates is found.
    public init(templates source: TemplateSource, options: Options) throws {
        self.options = options
        var found: [String: AuditTemplate] = [:]
        for team in DemoCast.teams {
            for (id, _) in team.templates where found[id] == nil {
                if let t = source.latest(id) { found[id] = t }
            }
        }
        templates = found
        teams = DemoCast.teams.compactMap { team in
            let usable = team.templates.compactMap { id, w in found[id].map { ($0, w) } }
            return usable.isEmpty ? nil : (team, usable)
        }
        schedule = DemoSchedule(teams: teams)
        if teams.isEmpty {
            throw CaseAuditError(.noInput, file: "templates", "none of the shipped templates (child-journey, child-journey-lac, plan-smart, ...) was found",
                                 remedy: "point --templates or $CASEAUDIT_TEMPLATES at the AuditTemplates folder")
        }
    }

    /// The template versions the demo uses, for snapshots.
    public var templateRefs: [TemplateRef] {
        templates.values.map { TemplateRef(id: $0.id, version: $0.version) }.sorted { $0.key < $1.key }
    }

    public var startMonth: Month { options.endMonth.adding(months: -(options.months - 1)) }

    /// The id of audit `index`: `YYYY-MM-d` and 7 hex digits, distinct for every index below 2^28.
    func id(month: Month, index: Int) -> String {
        let mixed = (UInt64(index) &* 0x9E3_779B &+ (options.seed &* 0x5851_F42D)) & 0x0FFF_FFFF
        let hex = String(mixed, radix: 16)
        return "\(month)-d" + String(repeating: "0", count: 7 - hex.count) + hex
    }

    /// Audit number `index` (0..<audits), the same every time for the same options.
    public func audit(_ index: Int) -> Audit {
        var rng = SplitMix64(seed: options.seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
        _ = rng.next()
        // Spread evenly over the months, oldest first.
        let offset = min(options.months - 1, index * options.months / max(options.audits, 1))
        let month = startMonth.adding(months: offset)
        let progress = options.months > 1 ? Double(offset) / Double(options.months - 1) : 1
        let kind = schedule.slot(index).kind
        let (team, template, cohort) = (kind.team, kind.template, kind.cohort)

        let day = 1 + rng.below(28)
        let created = DemoGenerator.date(month, day: day, hour: 9 + rng.below(8), minute: rng.below(60))
        let updated = created.addingTimeInterval(Double(3600 * (1 + rng.below(72))))
        let draft = rng.chance(0.03)
        let imported = !draft && rng.chance(0.03)

        var audit = Audit(id: id(month: month, index: index), template: TemplateRef(id: template.id, version: template.version),
                          status: draft ? .draft : .complete, origin: imported ? .imported : .demo,
                          caseRef: "CR-\(100_000 + rng.below(900_000))", cohort: cohort, team: team.name,
                          auditor: rng.pick(team.auditors), worker: rng.pick(team.workers), month: month,
                          created: created, updated: updated, completed: draft ? nil : updated)

        let graded = template.gradedSections
        let gradedCount = draft ? rng.below(max(1, graded.count)) : graded.count
        var ranks: [Int] = []
        for section in graded.prefix(gradedCount) {
            let p = chanceGoodOrBetter(section: section.id, cohort: cohort, progress: progress, team: team)
            let grade = DemoGrades.grade(&rng, position: position(schedule.number(index, section: section.id, cohort: cohort), section: section.id), goodOrBetter: p,
                                         allowNA: !["plan", "assessment"].contains(section.id))
            var record = SectionRecord(grade: grade)
            if !imported {
                record.answers = DemoAnswers.answers(&rng, section: section, cohort: cohort, grade: grade, month: month)
                record.rationale = rng.pick(DemoCast.rationales[grade] ?? [""])
            }
            if !draft, grade != .na, rng.chance(0.05) {
                // Moderators agree with three grades in five, as in a council's sample; the choice
                // comes from the ids, not the random stream, so every other draw stays as it was.
                let agrees = StableID.fnv1a64(audit.id + "/" + section.id) % 5 < 3
                let moderated = agrees ? grade : DemoGrades.moderate(grade)
                record.moderation = Moderation(grade: moderated, by: rng.pick(DemoCast.moderators),
                                               at: updated.addingTimeInterval(86_400 * Double(3 + rng.below(20))),
                                               rationale: imported ? "" : "Moderated after reading the file: \(moderated.title.lowercased()) on balance.")
            }
            if let r = grade.rank { ranks.append(r) }
            audit.sections[section.id] = record
        }
        if !imported {
            // Sections that are not graded (the escalation question) are answered from their own
            // stream, so the graded sections' draws stay as they were.
            var side = SplitMix64(seed: options.seed ^ 0xE5CA_1A7E ^ UInt64(index) &* 0x2545_F491_4F6C_DD1D)
            for section in template.sections where !section.graded {
                audit.sections[section.id] = SectionRecord(answers: DemoAnswers.ungradedAnswers(&side, section: section, cohort: cohort, month: month))
            }
        }
        guard !draft else { return audit }

        // Every graded section N/A still leaves an overall judgement to make.
        let overall = ranks.isEmpty ? (rng.chance(0.5) ? Grade.good : .requiresImprovement) : DemoGrades.overall(ranks)
        audit.overall = Judgement(grade: overall, rationale: imported ? "" : rng.pick(DemoCast.rationales[overall] ?? [""]))
        if imported { return audit }

        let weak = graded.filter { (audit.sections[$0.id]?.grade?.rank ?? 4) <= 2 }
        for section in weak.prefix(2) {
            let due = month.adding(months: 1)
            let done = month.adding(months: 3) <= options.endMonth && rng.chance(0.7)
            audit.actions.append(AuditAction(what: DemoCast.actions[section.id] ?? "Address the gaps in \(section.title.lowercased())",
                                             who: audit.worker, by: "\(due)-\(day < 10 ? "0" : "")\(day)", done: done))
        }
        if rng.chance(0.4) { audit.feedback.worker = rng.pick(DemoCast.workerFeedback) }
        if rng.chance(0.2) { audit.feedback.family = rng.pick(DemoCast.familyFeedback) }
        return audit
    }

    /// The trend the demo shows: plans and LAC assessments follow the action plan's figures;
    /// other sections improve a little; stronger teams do a little better.
    func chanceGoodOrBetter(section: String, cohort: Cohort, progress: Double, team: DemoTeam) -> Double {
        let (from, to): (Double, Double)
        switch section {
        case "plan": (from, to) = DemoGenerator.planTrend
        case "assessment" where cohort == .lookedAfter: (from, to) = DemoGenerator.lacAssessmentTrend
        case "supervision": (from, to) = (0.45, 0.60)
        default: (from, to) = (0.52, 0.62)
        }
        let strength = section == "plan" || section == "assessment" ? 0 : team.strength
        return min(0.95, max(0.05, from + (to - from) * progress + strength))
    }

    /// Where audit `index` falls in [0, 1) for one section: a golden-ratio (Weyl) sequence rather
    /// than independent draws, so each month's share of good grades stays close to the trend even
    /// with only a dozen audits a month; the offset per section keeps sections from moving in step.
    func position(_ number: Int, section: String) -> Double {
        let offset = Double(StableID.fnv1a64(section) % 10_007) / 10_007 + Double(options.seed % 997) / 997
        let x = Double(number) * 0.618_033_988_749_894_9 + offset
        return x - x.rounded(.down)
    }

    static func date(_ month: Month, day: Int, hour: Int, minute: Int) -> Date {
        var c = DateComponents()
        c.year = month.year
        c.month = month.month
        c.day = day
        c.hour = hour
        c.minute = minute
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: c)!
    }
}
