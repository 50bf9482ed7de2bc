import XCTest
@testable import CaseAuditCore

/// The one counting rule: every figure equals what a plain reading of product.md section 4 gives,
/// and the audits behind each figure add up to it.
final class CountingTests: XCTestCase {
    static let templates: [String: [String]] = [
        "child-journey": ["assessment", "plan", "supervision"],
        "child-journey-lac": ["assessment", "plan", "contact", "supervision"],
        "supervision-file": ["supervision"],
        "front-door": ["decision"],
    ]
    static let measures = [
        Measure(id: "lac", title: "LAC", section: "assessment", cohorts: [.lookedAfter], baseline: 40, target: 70),
        Measure(id: "plan", title: "Plans", section: "plan", baseline: 44, target: 70),
        Measure(id: "sup", title: "Supervision", section: "supervision", target: 70),
        Measure(id: "contact", title: "Contact", section: "contact", cohorts: [.lookedAfter, .careLeaver]),
        Measure(id: "alone", title: "Seen alone", section: "", target: 90, templates: ["child-journey", "child-journey-lac"],
                question: QuestionCount(question: "visits-seen-alone", rule: .yes)),
        Measure(id: "gap", title: "No long gap", section: "", cohorts: [.lookedAfter], target: 90,
                templates: ["child-journey-lac", "supervision-file"], question: QuestionCount(question: "supervision-longest-gap", rule: .atMost(2))),
        Measure(id: "often", title: "Many visits", section: "", templates: ["child-journey"],
                question: QuestionCount(question: "supervision-longest-gap", rule: .atLeast(3))),
    ]

    /// Random audits: any template, cohort, status, month (or none), team, and grades for some
    /// of the template's sections, now and then one the template does not have.
    static func randomAudits(seed: UInt64, count: Int) -> [AuditFacts] {
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        let ids = templates.keys.sorted()
        return (0..<count).map { i in
            let t = pick(ids)
            var grades: [String: Grade] = [:]
            for s in templates[t]! + ["plan"] where rng.next() % 4 != 0 { grades[s] = pick(Grade.allCases) }
            var marks: [String: String] = [:]
            if let a = pick(["yes", "partly", "no", "na", nil] as [String?]) { marks["visits-seen-alone"] = a }
            if let n = pick(["0", "2", "2.5", "3", "12", "none", nil] as [String?]) { marks["supervision-longest-gap"] = n }
            return AuditFacts(id: "a\(i)", month: rng.next() % 10 == 0 ? nil : Month(year: 2025 + Int(rng.next() % 2), month: 1 + Int(rng.next() % 12)),
                              template: TemplateRef(id: t, version: 1), cohort: rng.next() % 8 == 0 ? nil : pick(Cohort.allCases),
                              team: pick(["North", "south", "", "East"]), auditor: pick(["Ann", "Bo", ""]),
                              status: rng.next() % 5 == 0 ? .draft : .complete, caseRef: "CR-\(i)", grades: NamedValues(grades),
                              overall: pick(Grade.allCases), templateSections: templates[t]!, marks: NamedValues(marks))
        }
    }

    /// product.md section 4 read plainly, one audit at a time.
    func plainRows(_ m: Measure, _ audits: [AuditFacts], _ by: Grouping, _ from: Month?, _ to: Month?) -> [String: (Int, Int, Int)] {
        var rows: [String: (Int, Int, Int)] = [:]
        for a in audits where a.status == .complete && (m.question != nil || a.templateSections.contains(m.section)) {
            if !m.cohorts.isEmpty && !(a.cohort.map(m.cohorts.contains) ?? false) { continue }
            if !m.templates.isEmpty && !m.templates.contains(a.template.id) { continue }
            if from != nil || to != nil {
                guard let month = a.month, from.map({ month >= $0 }) ?? true, to.map({ month <= $0 }) ?? true else { continue }
            }
            let period: String?
            switch by {
            case .month: period = a.month?.description
            case .quarter: period = a.month?.quarterLabel
            case .year: period = a.month?.financialYearLabel
            case .team: period = a.team.isEmpty ? "(no team)" : a.team
            case .auditor: period = a.auditor.isEmpty ? "(no auditor)" : a.auditor
            case .template: period = a.template.id
            case .ageBand: period = a.marks["child-age-band"] ?? "(not recorded)"
            case .disability: period = a.marks["child-disability"] ?? "(not recorded)"
            case .ethnicity: period = a.marks["child-ethnicity"] ?? "(not recorded)"
            case .uasc: period = a.marks["child-uasc"] ?? "(not recorded)"
            }
            guard let period else { continue }
            var r = rows[period] ?? (0, 0, 0)
            r.0 += 1
            if let q = m.question {
                // docs/reports.md read plainly: yes among yes/partly/no; a number against its bound.
                let answer = a.marks[q.question]
                switch q.rule {
                case .yes:
                    if ["yes", "partly", "no"].contains(answer) { r.1 += 1; if answer == "yes" { r.2 += 1 } }
                case .atMost(let n):
                    if let v = answer.flatMap(Double.init) { r.1 += 1; if v <= n { r.2 += 1 } }
                case .atLeast(let n):
                    if let v = answer.flatMap(Double.init) { r.1 += 1; if v >= n { r.2 += 1 } }
                }
            } else if let g = a.grades[m.section], g != .na {
                r.1 += 1
                if g == .good || g == .outstanding { r.2 += 1 }
            }
            rows[period] = r
        }
        return rows
    }

    func testRowsFollowTheRuleAndTheAuditsBehindEachRowAddUp() {
        for seed: UInt64 in 1...6 {
            let audits = Self.randomAudits(seed: seed, count: 400)
            for by in Grouping.allCases {
                let (from, to): (Month?, Month?) = seed % 2 == 0 ? (Month("2025-04"), Month("2026-03")) : (nil, nil)
                let rows = Counting.measureRows(Self.measures, in: audits, by: by, from: from, to: to)
                for m in Self.measures {
                    let mine = rows.filter { $0.measure.id == m.id }
                    let plain = plainRows(m, audits, by, from, to)
                    XCTAssertEqual(mine.count, plain.count, "\(m.id) \(by) seed \(seed)")
                    XCTAssertEqual(mine.map(\.period), mine.map(\.period).sorted(by: by.sortsBefore))
                    for r in mine {
                        let p = plain[r.period]
                        XCTAssertEqual([r.audits, r.graded, r.goodOrBetter], p.map { [$0.0, $0.1, $0.2] }, "\(m.id) \(by) \(r.period)")
                        let behind = Counting.behind(m, period: r.period, by: by, in: audits, from: from, to: to)
                        XCTAssertEqual(behind.count, r.audits)
                        XCTAssertEqual(behind.filter(\.isGraded).count, r.graded)
                        XCTAssertEqual(behind.filter { $0.goodOrBetter == true }.count, r.goodOrBetter)
                        XCTAssertTrue(behind.allSatisfy { (m.question != nil || $0.audit.templateSections.contains(m.section)) && $0.audit.status == .complete })
                        if let q = m.question {
                            XCTAssertEqual(behind.map(\.answer), behind.map { $0.audit.marks[q.question] }, "the answer counted is shown")
                        }
                        if from == nil {
                            let list = AuditList(audits: audits, filter: AuditFilter(""), measure: m, period: r.period, by: by)
                            XCTAssertEqual(list.rows.map(\.audit.id), behind.map(\.audit.id))
                        }
                    }
                }
            }
        }
    }

    func testGradeRowsAreTheSectionCountedOverEveryCohortAndTemplate() {
        let audits = Self.randomAudits(seed: 42, count: 500)
        for by in Grouping.allCases {
            for section in ["plan", "supervision", "contact"] {
                let grades = Counting.gradeRows(section: section, in: audits, by: by)
                let asMeasure = Counting.measureRows([Measure(id: section, title: section, section: section)], in: audits, by: by)
                XCTAssertEqual(grades.map(\.period), asMeasure.map(\.period))
                for (g, m) in zip(grades, asMeasure) {
                    XCTAssertEqual(g.audits, m.audits)
                    XCTAssertEqual(g.graded, m.graded)
                    XCTAssertEqual(g.outstanding + g.good, m.goodOrBetter)
                    XCTAssertEqual(g.outstanding + g.good + g.requiresImprovement + g.inadequate, g.graded)
                }
            }
        }
    }

    /// Issue 9: the Plans row of a quarter listed front door and supervision audits, which have no plan section.
    func testAuditsWhoseTemplateLacksTheSectionAreNeverBehindIt() {
        let audits = [
            AuditFacts(id: "fd", month: Month("2026-10"), template: TemplateRef(id: "front-door", version: 1), cohort: .childInNeed,
                       status: .complete, grades: ["plan": .good], templateSections: ["decision"]),
            AuditFacts(id: "cj", month: Month("2026-11"), template: TemplateRef(id: "child-journey", version: 1), cohort: .childInNeed,
                       status: .complete, grades: ["plan": .inadequate], templateSections: ["plan"]),
            AuditFacts(id: "draft", month: Month("2026-11"), template: TemplateRef(id: "child-journey", version: 1), cohort: .childInNeed,
                       status: .draft, grades: ["plan": .good], templateSections: ["plan"]),
        ]
        let plan = Self.measures[1]
        XCTAssertEqual(Counting.behind(plan, period: "FY2026-27 Q3", by: .quarter, in: audits).map(\.audit.id), ["cj"])
        let row = Counting.measureRows([plan], in: audits, by: .quarter)
        XCTAssertEqual(row.map { [$0.audits, $0.graded, $0.goodOrBetter] }, [[1, 1, 0]])
    }

    func testTheModeratedGradeIsTheOneThatCounts() {
        var a = Audit(id: "m1", template: TemplateRef(id: "child-journey", version: 1), status: .complete,
                      cohort: .lookedAfter, month: Month("2026-05"), created: Date(timeIntervalSince1970: 0))
        a.sections["plan"] = SectionRecord(grade: .inadequate,
                                           moderation: Moderation(grade: .good, by: "QA", at: Date(timeIntervalSince1970: 0)))
        let facts = AuditFacts(audit: a, templateSections: ["plan"])
        let counted = Counting.counted(Self.measures[1], in: [facts], by: .month)
        XCTAssertEqual(counted.map(\.grade), [.good])
        XCTAssertEqual(counted.map(\.goodOrBetter), [true])
    }

    func testTheFilterLanguage() {
        let audits = Self.randomAudits(seed: 7, count: 300)
        let f = AuditFilter("team:north status:comp \"quarter:fy2025-26 q3\"")
        let hit = audits.filter(f.matches)
        XCTAssertFalse(hit.isEmpty)
        XCTAssertEqual(hit, audits.filter { $0.team.lowercased().contains("north") && $0.status == .complete
                && $0.month?.quarterLabel == "FY2025-26 Q3" })
        XCTAssertEqual(audits.filter(AuditFilter("").matches).count, audits.count)
        XCTAssertEqual(audits.filter(AuditFilter("cr-12").matches).map(\.id), audits.filter { $0.caseRef.lowercased().contains("cr-12") }.map(\.id))
    }
}

/// issue 10: which audits a measure counts.
final class MeasureTemplatesTests: XCTestCase {
    static let plan = MeasuresFile.parse(MeasuresFile.builtInDefaults, file: "built-in").measures.first { $0.id == "plan-quality" }!
    static let smart = MeasuresFile.parse(MeasuresFile.builtInDefaults, file: "built-in").measures.first { $0.id == "plan-smart-quality" }!

    static func audit(_ id: String, _ template: String, _ grade: Grade, caseRef: String) -> AuditFacts {
        AuditFacts(id: id, month: Month(year: 2018, month: 12), template: TemplateRef(id: template, version: 2),
                   cohort: .childInNeed, status: .complete, caseRef: caseRef, grades: ["plan": grade],
                   templateSections: ["child", "plan"])
    }

    /// The case: 4 of 7 child journey plans good (57.1%, amber). Three themed plan-smart
    /// audits graded good, of children already audited that month, made it 7 of 10 (70.0%,
    /// green) when every template with a plan section counted. Pathway plan and PEP audits,
    /// added with templates v2, must not count either.
    func testThemedAuditsLeavePlanQualityUnchanged() {
        let journeys = (0..<7).map { i in Self.audit("cj\(i)", i % 2 == 0 ? "child-journey" : "child-journey-lac",
                                                     i < 4 ? .good : .requiresImprovement, caseRef: "C\(i)") }
        let themed = (0..<3).map { i in Self.audit("ps\(i)", "plan-smart", .good, caseRef: "C\(i)") }
            + [Self.audit("pw", "pathway-plan", .outstanding, caseRef: "C5"), Self.audit("pep", "pep-quality", .good, caseRef: "C6")]
        let before = Counting.measureRows([Self.plan], in: journeys, by: .month)
        let after = Counting.measureRows([Self.plan, Self.smart], in: journeys + themed, by: .month)
        XCTAssertEqual(before.map { [$0.audits, $0.graded, $0.goodOrBetter] }, [[7, 7, 4]])
        XCTAssertEqual(after.filter { $0.measure.id == "plan-quality" }.map { [$0.audits, $0.graded, $0.goodOrBetter] }, [[7, 7, 4]])
        XCTAssertEqual(after.filter { $0.measure.id == "plan-smart-quality" }.map { [$0.audits, $0.graded, $0.goodOrBetter] }, [[3, 3, 3]])
        // Without `templates:` (an old measures file) the themed audits count, as before.
        var old = Self.plan
        old.templates = []
        XCTAssertEqual(Counting.measureRows([old], in: journeys + themed, by: .month).map { [$0.audits, $0.goodOrBetter] }, [[12, 9]])
    }

    func testValidateWarnsOfTwoCompletedAuditsOfOneFamilyInAMonth() {
        let folder = URL(fileURLWithPath: "/data/audits")
        var draft = Self.audit("d1", "child-journey", .good, caseRef: "C1")
        draft.status = .draft
        let audits = [Self.audit("a1", "child-journey", .good, caseRef: "C1"),
                      Self.audit("a2", "child-journey-lac", .good, caseRef: "C1"),   // same family
                      Self.audit("a3", "plan-smart", .good, caseRef: "C1"),          // another family
                      Self.audit("a4", "child-journey", .good, caseRef: "C2"),       // another case
                      draft]
        let warnings = Counting.repeatedAudits(audits, folder: folder)
        XCTAssertEqual(warnings.map(\.file), ["/data/audits/a2.json"])
        XCTAssertEqual(warnings.map(\.severity), [.warning])
        XCTAssertTrue(warnings[0].message.contains("case C1 has 2 completed child-journey audits in 2018-12 (a1, a2)"), warnings[0].message)
        var later = audits[1]
        later.month = Month(year: 2019, month: 1)
        XCTAssertEqual(Counting.repeatedAudits([audits[0], later], folder: folder), [])
    }
}

/// `grades --cohort --template` narrow the distribution as a measure's keys do.
final class GradeNarrowingTests: XCTestCase {
    func testCohortAndTemplateNarrowTheDistribution() {
        func a(_ id: String, _ t: String, _ c: Cohort, _ g: Grade) -> AuditFacts {
            AuditFacts(id: id, month: Month(year: 2019, month: 1), template: TemplateRef(id: t, version: 2), cohort: c,
                       status: .complete, grades: ["plan": g], templateSections: ["plan"])
        }
        let audits = [a("1", "child-journey", .childInNeed, .good), a("2", "child-journey-lac", .lookedAfter, .inadequate),
                      a("3", "plan-smart", .lookedAfter, .outstanding), a("4", "plan-smart", .childInNeed, .good)]
        let all = Counting.gradeRows(section: "plan", in: audits, by: .month)
        XCTAssertEqual(all.map { [$0.graded, $0.outstanding, $0.good, $0.inadequate] }, [[4, 1, 2, 1]])
        let lac = Counting.gradeRows(section: "plan", in: audits, by: .month, cohorts: [.lookedAfter])
        XCTAssertEqual(lac.map { [$0.graded, $0.outstanding, $0.good, $0.inadequate] }, [[2, 1, 0, 1]])
        let themedLAC = Counting.gradeRows(section: "plan", in: audits, by: .month, cohorts: [.lookedAfter], templates: ["plan-smart"])
        XCTAssertEqual(themedLAC.map { [$0.graded, $0.outstanding] }, [[1, 1]])
        let report = GradeReport(section: "plan", facts: audits, by: .month, from: nil, to: nil, cohorts: [.lookedAfter], templates: ["plan-smart"])
        XCTAssertTrue(report.render(.table).contains("By month, all months, cohorts LAC, templates plan-smart."), report.render(.table))
    }
}

/// issue 10: 95% Wilson intervals, checked against figures worked out by hand in docs/reports.md
/// (z = 1.96, z² = 3.8416).
final class WilsonIntervalTests: XCTestCase {
    func testHandWorkedIntervals() throws {
        XCTAssertNil(ReportNumber.wilson(0, of: 0), "0 of 0 has no interval")
        // 0 of 5: centre = (0 + 3.8416/10) / (1 + 3.8416/5) = 0.38416 / 1.76832 = 0.21725, and the
        // half width is the same, so 0% to 43.4%.
        let none = try XCTUnwrap(ReportNumber.wilson(0, of: 5))
        XCTAssertEqual(ReportNumber.oneDecimal(none.low), "0.0")
        XCTAssertEqual(ReportNumber.oneDecimal(none.high), "43.4")
        // 5 of 5 mirrors it: 56.6% to 100%.
        let all = try XCTUnwrap(ReportNumber.wilson(5, of: 5))
        XCTAssertEqual(ReportNumber.oneDecimal(all.low), "56.6")
        XCTAssertEqual(ReportNumber.oneDecimal(all.high), "100.0")
        // 2 of 3: centre (0.66667 + 0.64027) / 2.28053 = 0.57309, half 0.85945 * 0.42519 = 0.36543.
        let mid = try XCTUnwrap(ReportNumber.wilson(2, of: 3))
        XCTAssertEqual(ReportNumber.oneDecimal(mid.low), "20.8")
        XCTAssertEqual(ReportNumber.oneDecimal(mid.high), "93.9")
        // 4 of 7 (the 57.1%): 25.0% to 84.2%.
        let plan = try XCTUnwrap(ReportNumber.wilson(4, of: 7))
        XCTAssertEqual([ReportNumber.oneDecimal(plan.low), ReportNumber.oneDecimal(plan.high)], ["25.0", "84.2"])
    }

    func testRowsCarryTheIntervalAndFlagLowCountsButRAGStaysOnThePoint() {
        let m = Measure(id: "m", title: "M", section: "plan", baseline: 40, target: 70)
        let small = MeasureRow(measure: m, period: "2019-01", audits: 3, graded: 3, goodOrBetter: 2)
        XCTAssertEqual(small.rag, .amber, "66.7% is amber although the interval reaches 93.9%")
        XCTAssertTrue(small.isLowCount)
        XCTAssertFalse(MeasureRow(measure: m, period: "2019-01", audits: 10, graded: 10, goodOrBetter: 7).isLowCount)
        let empty = MeasureRow(measure: m, period: "2019-01", audits: 2, graded: 0, goodOrBetter: 0)
        XCTAssertNil(empty.ciLow)
        XCTAssertNil(empty.ciHigh)
        let report = MeasureReport(measures: [m], facts: [], by: .month, from: nil, to: nil)
        XCTAssertEqual(report.render(.csv), "measure,period,audits,graded,good_or_better,percent,baseline,target,rag,ci_low,ci_high,partial,previous,year_before\n")
    }
}

/// issue 10: partial periods and the change from the previous period and a year earlier,
/// checked against figures worked out by hand.
final class PeriodChangeTests: XCTestCase {
    let m = Measure(id: "plan", title: "Plans", section: "plan", target: 70)

    func audits(_ month: String, good: Int, of n: Int) -> [AuditFacts] {
        (0..<n).map { i in
            AuditFacts(id: "\(month)-\(i)", month: Month(month), template: TemplateRef(id: "child-journey", version: 2),
                       cohort: .childInNeed, status: .complete, grades: ["plan": i < good ? .good : .inadequate],
                       templateSections: ["plan"])
        }
    }

    /// FY2018-19 runs April 2018 to March 2019. April 2018: 1 of 4 (25%). March 2019: 3 of 4.
    /// April 2019: 2 of 2, the first month of FY2019-20, which is partly in the future on
    /// 2019-04 (the report's day).
    var facts: [AuditFacts] { audits("2018-04", good: 1, of: 4) + audits("2019-03", good: 3, of: 4) + audits("2019-04", good: 2, of: 2) }

    func testFinancialYearsPartialAndChange() {
        let years = MeasureReport(measures: [m], facts: facts, by: .year, from: nil, to: nil, today: Month(year: 2019, month: 4)).rows
        // FY2018-19: 4 of 8 = 50.0%, over. FY2019-20: 2 of 2 = 100.0%, partial, previous 50.0.
        XCTAssertEqual(years.map(\.period), ["FY2018-19", "FY2019-20"])
        XCTAssertEqual(years.map(\.percent), [50.0, 100.0])
        XCTAssertEqual(years.map(\.partial), [false, true])
        XCTAssertEqual(years.map(\.previous), [nil, 50.0])
        XCTAssertEqual(years.map(\.yearBefore), [nil, 50.0], "a year before a year is the previous year")
    }

    func testMonthsAndQuartersPartialAndChange() {
        let months = MeasureReport(measures: [m], facts: facts, by: .month, from: Month("2019-03"), to: nil,
                                   today: Month(year: 2019, month: 4)).rows
        // The range starts in March 2019, yet April 2018 is still found as April 2019's year before.
        XCTAssertEqual(months.map(\.period), ["2019-03", "2019-04"])
        XCTAssertEqual(months.map(\.partial), [false, true])
        XCTAssertEqual(months.map(\.previous), [nil, 75.0], "February has no audits; March is 3 of 4")
        XCTAssertEqual(months.map(\.yearBefore), [nil, 25.0])
        let quarters = MeasureReport(measures: [m], facts: facts, by: .quarter, from: nil, to: nil, today: Month(year: 2019, month: 7)).rows
        XCTAssertEqual(quarters.map(\.period), ["FY2018-19 Q1", "FY2018-19 Q4", "FY2019-20 Q1"])
        XCTAssertEqual(quarters.map(\.partial), [false, false, false], "on 2019-07 the April to June quarter is over")
        XCTAssertEqual(quarters.map(\.previous), [nil, nil, 75.0])
        XCTAssertEqual(quarters.map(\.yearBefore), [nil, nil, 25.0])
        let csv = MeasureReport(measures: [m], facts: facts, by: .month, from: Month("2019-04"), to: nil,
                                today: Month(year: 2019, month: 4)).render(.csv)
        XCTAssertEqual(csv.split(separator: "\n").last, "plan,2019-04,2,2,2,100.0,,70,green,34.2,100.0,yes,75.0,25.0")
    }

    func testTeamRowsHaveNoPartialOrChange() {
        let teams = MeasureReport(measures: [m], facts: facts, by: .team, from: nil, to: nil, today: Month(year: 2019, month: 4)).rows
        XCTAssertEqual(teams.map(\.partial), [false])
        XCTAssertEqual(teams.map(\.previous), [nil])
        XCTAssertTrue(MeasureReport(measures: [m], facts: facts, by: .team, from: nil, to: nil).render(.csv).hasSuffix(",,,\n"))
    }
}

/// `caseaudit audits --from --to` lists what a narrowed team row of `report` counts.
final class NarrowedAuditListTests: XCTestCase {
    func testTeamRowOfAQuarterEqualsTheListing() {
        let audits = CountingTests.randomAudits(seed: 7, count: 400)
        let m = CountingTests.measures[1]
        let from = Month(year: 2025, month: 4), to = Month(year: 2025, month: 6)
        let rows = Counting.measureRows([m], in: audits, by: .team, from: from, to: to)
        XCTAssertFalse(rows.isEmpty)
        for row in rows {
            let list = AuditList(audits: audits, filter: AuditFilter(""), measure: m, period: row.period, by: .team, from: from, to: to)
            XCTAssertEqual([list.rows.count, list.graded, list.goodOrBetter], [row.audits, row.graded, row.goodOrBetter], row.period)
            XCTAssertTrue(list.rows.allSatisfy { $0.audit.month.map { (from...to).contains($0) } ?? false })
        }
        let whole = AuditList(audits: audits, filter: AuditFilter(""), measure: m, period: rows[0].period, by: .team)
        XCTAssertGreaterThan(whole.rows.count, rows[0].audits, "without the bounds every month counts")
    }
}

/// Which periods are not over yet: one rule for report rows, grade rows and the screens.
final class PartialPeriodTests: XCTestCase {
    func testAPeriodHoldingTodayOrLaterIsPartialAndOtherGroupingsNeverAre() {
        let today = Month(year: 2026, month: 12)
        XCTAssertTrue(Counting.isPartial("2026-12", by: .month, today: today))
        XCTAssertFalse(Counting.isPartial("2026-11", by: .month, today: today))
        XCTAssertTrue(Counting.isPartial("2027-01", by: .month, today: today))
        XCTAssertTrue(Counting.isPartial("FY2026-27 Q3", by: .quarter, today: today))
        XCTAssertFalse(Counting.isPartial("FY2026-27 Q2", by: .quarter, today: today))
        XCTAssertTrue(Counting.isPartial("FY2026-27", by: .year, today: today))
        XCTAssertFalse(Counting.isPartial("FY2025-26", by: .year, today: today))
        XCTAssertFalse(Counting.isPartial("Riverside", by: .team, today: today))
        // The first month of a financial year starts a new quarter and year.
        XCTAssertFalse(Counting.isPartial("FY2026-27 Q4", by: .quarter, today: Month(year: 2027, month: 4)))
        XCTAssertTrue(Counting.isPartial("FY2027-28 Q1", by: .quarter, today: Month(year: 2027, month: 4)))
    }
}
