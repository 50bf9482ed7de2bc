import XCTest
@testable import CaseAuditCore

/// Facts built in code: one audit of `child-journey`-like templates with the given grades.
func fact(_ id: String, _ month: String?, cohort: Cohort? = .childInNeed, status: AuditStatus = .complete,
          sections: [String] = ["assessment", "plan", "supervision"], grades: [String: Grade] = [:],
          team: String = "North", auditor: String = "A. Auditor") -> AuditFacts {
    AuditFacts(id: id, month: month.flatMap(Month.init), template: TemplateRef(id: "child-journey", version: 1),
               cohort: cohort, team: team, auditor: auditor, worker: "W. Worker", status: status,
               caseRef: "CR-\(id)", grades: NamedValues(grades), templateSections: sections)
}

final class AggregatorTests: XCTestCase {
    let plan = Measure(id: "plan-quality", title: "Plans", section: "plan", cohorts: [], baseline: 44, target: 70)
    let lac = Measure(id: "lac-assessment", title: "LAC assessments", section: "assessment", cohorts: [.lookedAfter],
                      baseline: 40, target: 70)

    func rows(_ measures: [Measure], _ facts: [AuditFacts], by: Grouping = .month,
              from: String? = nil, to: String? = nil) -> [MeasureRow] {
        Aggregator.measureRows(measures: measures, facts: facts, by: by, from: from.flatMap(Month.init), to: to.flatMap(Month.init))
    }

    func testNAAndBlankCountAsAuditsButNotAsGraded() {
        let r = rows([plan], [
            fact("a1", "2018-12", grades: ["plan": .good]),
            fact("a2", "2018-12", grades: ["plan": .na]),
            fact("a3", "2018-12", grades: [:]),
            fact("a4", "2018-12", grades: ["plan": .inadequate]),
        ])
        XCTAssertEqual(r.count, 1)
        XCTAssertEqual(r[0].audits, 4)
        XCTAssertEqual(r[0].graded, 2)
        XCTAssertEqual(r[0].goodOrBetter, 1)
        XCTAssertEqual(r[0].percent, 50.0)
    }

    func testOutstandingAndGoodAreGoodOrBetter() {
        let r = rows([plan], [
            fact("a1", "2018-12", grades: ["plan": .outstanding]),
            fact("a2", "2018-12", grades: ["plan": .good]),
            fact("a3", "2018-12", grades: ["plan": .requiresImprovement]),
        ])
        XCTAssertEqual(r[0].goodOrBetter, 2)
        XCTAssertEqual(r[0].percent, 66.7)
    }

    func testDraftsNeverCount() {
        let r = rows([plan], [
            fact("a1", "2018-12", grades: ["plan": .good]),
            fact("d1", "2018-12", status: .draft, grades: ["plan": .inadequate]),
            fact("d2", "2019-01", status: .draft, grades: ["plan": .inadequate]),
        ])
        XCTAssertEqual(r.map(\.period), ["2018-12"])
        XCTAssertEqual(r[0].audits, 1)
        XCTAssertEqual(r[0].percent, 100.0)
    }

    func testModeratedGradeWins() throws {
        var audit = Audit(id: "m1", template: TemplateRef(id: "child-journey", version: 1), status: .complete,
                          cohort: .childProtection, month: Month("2018-12"))
        audit.sections["plan"] = SectionRecord(grade: .good, moderation: Moderation(grade: .requiresImprovement, by: "Q. Lead", at: Date()))
        audit.sections["assessment"] = SectionRecord(grade: .inadequate, moderation: Moderation(grade: .outstanding, by: "Q. Lead", at: Date()))
        let f = AuditFacts(audit: audit, templateSections: ["assessment", "plan"])
        XCTAssertEqual(f.grades, ["plan": .requiresImprovement, "assessment": .outstanding])
        let r = rows([plan], [f])
        XCTAssertEqual(r[0].goodOrBetter, 0)
        XCTAssertEqual(r[0].graded, 1)
    }

    func testCohortFilter() {
        let r = rows([lac, plan], [
            fact("a1", "2018-12", cohort: .lookedAfter, grades: ["assessment": .good, "plan": .good]),
            fact("a2", "2018-12", cohort: .childProtection, grades: ["assessment": .inadequate, "plan": .good]),
            fact("a3", "2018-12", cohort: nil, grades: ["assessment": .inadequate, "plan": .inadequate]),
        ])
        XCTAssertEqual(r.map(\.measure.id), ["lac-assessment", "plan-quality"])
        XCTAssertEqual(r[0].audits, 1)
        XCTAssertEqual(r[0].percent, 100.0)
        XCTAssertEqual(r[1].audits, 3, "cohorts: all counts audits without a cohort too")
    }

    func testTemplatesWithoutTheSectionAreExcluded() {
        let r = rows([plan], [
            fact("a1", "2018-12", grades: ["plan": .good]),
            // A supervision-file audit has no plan section; a stray grade in the file does not count.
            fact("s1", "2018-12", sections: ["supervision"], grades: ["plan": .inadequate, "supervision": .good]),
        ])
        XCTAssertEqual(r[0].audits, 1)
        XCTAssertEqual(r[0].graded, 1)
    }

    func testMonthPeriodsAreChronological() {
        let r = rows([plan], [
            fact("a1", "2019-01", grades: ["plan": .good]),
            fact("a2", "2018-12", grades: ["plan": .good]),
            fact("a3", "2018-02", grades: ["plan": .good]),
        ])
        XCTAssertEqual(r.map(\.period), ["2018-02", "2018-12", "2019-01"])
    }

    func testQuarterBoundariesMarchAprilAndDecemberJanuary() {
        let facts = ["2018-03", "2018-04", "2018-06", "2018-07", "2018-12", "2019-01", "2019-03", "2019-04"].enumerated().map {
            fact("a\($0.offset)", $0.element, grades: ["plan": .good])
        }
        let r = rows([plan], facts, by: .quarter)
        XCTAssertEqual(r.map(\.period), ["FY2017-18 Q4", "FY2018-19 Q1", "FY2018-19 Q2", "FY2018-19 Q3", "FY2018-19 Q4", "FY2019-20 Q1"])
        XCTAssertEqual(r.map(\.audits), [1, 2, 1, 1, 2, 1])
    }

    func testYearLabels() {
        let r = rows([plan], [
            fact("a1", "2018-03", grades: ["plan": .good]),
            fact("a2", "2018-04", grades: ["plan": .good]),
            fact("a3", "2019-03", grades: ["plan": .inadequate]),
            fact("a4", "2099-12", grades: ["plan": .inadequate]),
            fact("a5", "2100-01", grades: ["plan": .inadequate]),
        ], by: .year)
        XCTAssertEqual(r.map(\.period), ["FY2017-18", "FY2018-19", "FY2099-00"])
        XCTAssertEqual(r.map(\.audits), [1, 2, 2])
    }

    func testTeamAndAuditorAlphabetical() {
        let facts = [
            fact("a1", "2018-12", grades: ["plan": .good], team: "south", auditor: "Zed Example"),
            fact("a2", "2018-12", grades: ["plan": .good], team: "North", auditor: "alex Example"),
            fact("a3", "2018-12", grades: ["plan": .good], team: "East", auditor: "Bea Example"),
            fact("a4", "2018-12", grades: ["plan": .good], team: "", auditor: ""),
        ]
        XCTAssertEqual(rows([plan], facts, by: .team).map(\.period), ["(no team)", "East", "North", "south"])
        XCTAssertEqual(rows([plan], facts, by: .auditor).map(\.period), ["(no auditor)", "alex Example", "Bea Example", "Zed Example"])
    }

    func testRAGAtExactlyTheBaselineIsRedAndAtExactlyTheTargetGreen() {
        // 2 of 5 = 40.0 = baseline; 7 of 10 = 70.0 = target; 1 of 2 = 50 between.
        let red = (0..<5).map { fact("r\($0)", "2018-10", grades: ["assessment": $0 < 2 ? .good : .inadequate]) }
        let green = (0..<10).map { fact("g\($0)", "2018-11", grades: ["assessment": $0 < 7 ? .outstanding : .requiresImprovement]) }
        let amber = (0..<2).map { fact("m\($0)", "2018-12", grades: ["assessment": $0 < 1 ? .good : .inadequate]) }
        let m = Measure(id: "x", title: "X", section: "assessment", baseline: 40, target: 70)
        let r = rows([m], red + green + amber)
        XCTAssertEqual(r.map(\.percent), [40.0, 70.0, 50.0])
        XCTAssertEqual(r.map(\.rag), [.red, .green, .amber])
    }

    func testRAGWithoutBaselineIsAmberAndWithoutTargetNone() {
        let facts = [fact("a1", "2018-12", grades: ["plan": .inadequate])]
        let noBaseline = Measure(id: "nb", title: "NB", section: "plan", baseline: nil, target: 70)
        let noTarget = Measure(id: "nt", title: "NT", section: "plan", baseline: 40, target: nil)
        let r = rows([noBaseline, noTarget], facts)
        XCTAssertEqual(r.map(\.percent), [0.0, 0.0])
        XCTAssertEqual(r.map(\.rag), [.amber, .none])
    }

    func testRAGUsesThePercentAsShown() {
        // 699 of 1000 would be 69.9; 2 of 3 = 66.7 rounds; the rounded figure is what is rated.
        XCTAssertEqual(RAG.rate(percent: ReportNumber.percent(7, of: 10), baseline: 40, target: 70), .green)
        XCTAssertEqual(ReportNumber.percent(4, of: 7), 57.1)
        XCTAssertEqual(ReportNumber.percent(1, of: 8), 12.5)
        XCTAssertEqual(ReportNumber.percent(1, of: 16), 6.3, "half up: 6.25 -> 6.3")
        XCTAssertNil(ReportNumber.percent(0, of: 0))
        XCTAssertEqual(ReportNumber.oneDecimal(57.1), "57.1")
        XCTAssertEqual(ReportNumber.oneDecimal(100), "100.0")
        XCTAssertEqual(ReportNumber.plain(44), "44")
        XCTAssertEqual(ReportNumber.plain(44.5), "44.5")
    }

    func testAPeriodWithAuditsButNoGradedOneAppearsWithoutPercent() {
        let r = rows([plan], [
            fact("a1", "2018-11", grades: ["plan": .good]),
            fact("a2", "2018-12", grades: ["plan": .na]),
            fact("a3", "2018-12", grades: [:]),
        ])
        XCTAssertEqual(r.map(\.period), ["2018-11", "2018-12"])
        XCTAssertEqual(r[1].audits, 2)
        XCTAssertEqual(r[1].graded, 0)
        XCTAssertNil(r[1].percent)
        XCTAssertEqual(r[1].rag, .none)
    }

    func testAPeriodWithoutAuditsForTheMeasureHasNoRow() {
        let r = rows([lac], [fact("a1", "2018-12", cohort: .childInNeed, grades: ["assessment": .good])])
        XCTAssertEqual(r, [])
    }

    func testFromAndToAreInclusive() {
        let facts = ["2018-03", "2018-04", "2018-09", "2018-10", "2019-01"].enumerated().map {
            fact("a\($0.offset)", $0.element, grades: ["plan": .good])
        } + [fact("nomonth", nil, grades: ["plan": .good])]
        XCTAssertEqual(rows([plan], facts, from: "2018-04", to: "2018-10").map(\.period), ["2018-04", "2018-09", "2018-10"])
        XCTAssertEqual(rows([plan], facts, from: "2018-10").map(\.period), ["2018-10", "2019-01"])
        XCTAssertEqual(rows([plan], facts, to: "2018-03").map(\.period), ["2018-03"])
        XCTAssertEqual(rows([plan], facts, by: .team).first?.audits, 6, "without bounds an audit with no month counts by team")
        XCTAssertEqual(rows([plan], facts, by: .team, from: "2018-01").first?.audits, 5)
    }

    func testMeasuresKeepTheirOrder() {
        let facts = [fact("a1", "2018-12", cohort: .lookedAfter, grades: ["plan": .good, "assessment": .good])]
        XCTAssertEqual(rows([plan, lac], facts).map(\.measure.id), ["plan-quality", "lac-assessment"])
    }

    func testGradeDistribution() {
        let facts = [
            fact("a1", "2018-12", grades: ["plan": .outstanding]),
            fact("a2", "2018-12", grades: ["plan": .good]),
            fact("a3", "2018-12", grades: ["plan": .good]),
            fact("a4", "2018-12", grades: ["plan": .requiresImprovement]),
            fact("a5", "2018-12", grades: ["plan": .inadequate]),
            fact("a6", "2018-12", grades: ["plan": .inadequate]),
            fact("a7", "2018-12", grades: ["plan": .na]),
            fact("a8", "2018-12", status: .draft, grades: ["plan": .good]),
            fact("a9", "2019-01", grades: [:]),
            fact("s1", "2018-12", sections: ["supervision"], grades: ["plan": .good]),
        ]
        let r = Aggregator.gradeRows(section: "plan", facts: facts, by: .month, from: nil, to: nil)
        XCTAssertEqual(r, [
            GradeRow(section: "plan", period: "2018-12", audits: 7, graded: 6, outstanding: 1, good: 2, requiresImprovement: 1, inadequate: 2),
            GradeRow(section: "plan", period: "2019-01", audits: 1, graded: 0),
        ])
        XCTAssertEqual(r[0].percent(.outstanding), 16.7)
        XCTAssertEqual(r[0].percent(.good), 33.3)
        XCTAssertEqual(r[0].percent(.inadequate), 33.3)
        XCTAssertNil(r[1].percent(.good))
    }
}
