import XCTest
@testable import CaseAuditCore

/// Each report format on a small fixed data set, compared with files in Fixtures/reports/.
/// To regenerate after a deliberate change: CASEAUDIT_UPDATE_GOLDENS=1 swift test --filter ReportGoldenTests,
/// then read every changed file before committing it.
final class ReportGoldenTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/reports")

    /// The report's day: April 2019 is not over, so its month and quarter are partial.
    static let today = Month(year: 2019, month: 4)

    static let measures = MeasuresFile.parse(MeasuresFile.builtInDefaults, file: "built-in").measures

    static let facts: [AuditFacts] = {
        let cj = ["chronology", "assessment", "plan", "visits", "voice", "core-group", "supervision"]
        let lac = ["chronology", "assessment", "plan", "permanence", "contact", "visits", "voice", "supervision"]
        func f(_ id: String, _ month: String, _ cohort: Cohort, _ sections: [String], _ grades: [String: Grade],
               team: String = "Team A & B", status: AuditStatus = .complete, answers: [String: String] = [:]) -> AuditFacts {
            var a = fact(id, month, cohort: cohort, status: status, sections: sections, grades: grades, team: team, auditor: "Ann Example")
            a.marks = NamedValues(answers)
            // The shipped measures count by template: LAC audits are made with the LAC journey template.
            if sections == lac { a.template.id = "child-journey-lac" }
            return a
        }
        return [
            f("g01", "2018-12", .lookedAfter, lac, ["assessment": .good, "plan": .good, "contact": .requiresImprovement, "supervision": .good], answers: ["visits-seen-alone": "yes", "permanence-plan-by-second-review": "yes", "supervision-longest-gap": "1", "plan-timescales": "yes"]),
            f("g02", "2018-12", .childInNeed, cj, ["assessment": .inadequate, "plan": .inadequate, "supervision": .requiresImprovement], answers: ["visits-seen-alone": "partly", "supervision-longest-gap": "4", "plan-timescales": "no"]),
            f("g03", "2018-12", .childProtection, cj, ["plan": .requiresImprovement, "supervision": .good], team: "North, Central", answers: ["visits-seen-alone": "yes", "supervision-longest-gap": "2", "plan-timescales": "na"]),
            f("g04", "2019-01", .lookedAfter, lac, ["assessment": .outstanding, "plan": .good, "contact": .good], team: "North, Central", answers: ["visits-seen-alone": "yes", "permanence-plan-by-second-review": "no", "supervision-longest-gap": "3", "plan-timescales": "yes"]),
            f("g05", "2019-01", .lookedAfter, lac, ["assessment": .inadequate, "plan": .requiresImprovement, "contact": .na], answers: ["visits-seen-alone": "na", "permanence-plan-by-second-review": "na", "plan-timescales": "partly"]),
            f("g06", "2019-01", .childInNeed, cj, ["plan": .na]),
            f("g07", "2019-03", .childInNeed, cj, ["plan": .good, "supervision": .na], answers: ["visits-seen-alone": "no", "supervision-longest-gap": "0", "plan-timescales": "yes"]),
            f("g08", "2019-03", .childProtection, cj, ["plan": .good, "supervision": .outstanding], answers: ["visits-seen-alone": "yes", "supervision-longest-gap": "2", "plan-timescales": "yes"]),
            f("g09", "2019-03", .childProtection, cj, ["plan": .outstanding, "supervision": .inadequate], team: "North, Central"),
            f("g10", "2019-04", .lookedAfter, lac, ["plan": .good], answers: ["visits-seen-alone": "yes", "permanence-plan-by-second-review": "yes", "plan-timescales": "yes"]),
            f("g11", "2019-04", .childInNeed, cj, ["plan": .inadequate], status: .draft),
        ]
    }()

    func check(_ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["CASEAUDIT_UPDATE_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if text != expected {
            let a = text.components(separatedBy: "\n"), b = expected.components(separatedBy: "\n")
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            XCTFail("\(name) differs at line \(i + 1):\n got: \(i < a.count ? a[i] : "<end>")\nwant: \(i < b.count ? b[i] : "<end>")",
                    file: file, line: line)
        }
    }

    var report: MeasureReport { MeasureReport(measures: Self.measures, facts: Self.facts, by: .month, from: nil, to: nil, today: Self.today) }

    func testTable() throws { try check(report.render(.table), "report-month.txt") }
    func testCSV() throws { try check(report.render(.csv), "report-month.csv") }
    func testJSON() throws { try check(report.render(.json), "report-month.json") }
    func testMarkdown() throws { try check(report.render(.markdown), "report-month.md") }
    func testHTML() throws { try check(report.render(.html), "report-month.html") }

    func testQuarterCSVWithRange() throws {
        let r = MeasureReport(measures: Self.measures, facts: Self.facts, by: .quarter, from: Month("2019-01"), to: Month("2019-04"), today: Self.today)
        try check(r.render(.csv), "report-quarter-2019-01-to-2019-04.csv")
    }

    func testTeamCSVQuotesNamesWithCommas() throws {
        let r = MeasureReport(measures: Self.measures, facts: Self.facts, by: .team, from: nil, to: nil)
        try check(r.render(.csv), "report-team.csv")
    }

    func testTeamHTMLDrawsBarsNotATrendLine() throws {
        let r = MeasureReport(measures: Self.measures, facts: Self.facts, by: .team, from: nil, to: nil)
        let html = r.render(.html)
        XCTAssertFalse(html.contains("<polyline"), "teams are not a trend")
        try check(html, "report-team.html")
    }

    var grades: GradeReport { GradeReport(section: "plan", facts: Self.facts, by: .quarter, from: nil, to: nil) }

    func testGradesCSV() throws { try check(grades.render(.csv), "grades-plan-quarter.csv") }
    func testGradesTable() throws { try check(grades.render(.table), "grades-plan-quarter.txt") }
    func testGradesJSON() throws { try check(grades.render(.json), "grades-plan-quarter.json") }
    func testGradesMarkdown() throws { try check(grades.render(.markdown), "grades-plan-quarter.md") }
    func testGradesHTML() throws { try check(grades.render(.html), "grades-plan-quarter.html") }

    func testCSVHeadersAreExact() {
        XCTAssertEqual(report.render(.csv).components(separatedBy: "\n").first,
                       "measure,period,audits,graded,good_or_better,percent,baseline,target,rag,ci_low,ci_high,partial,previous,year_before")
        XCTAssertEqual(grades.render(.csv).components(separatedBy: "\n").first,
                       "section,period,graded,outstanding,good,requires_improvement,inadequate")
    }

    func testJSONParses() throws {
        let object = try JSONSerialization.jsonObject(with: Data(report.render(.json).utf8)) as? [String: Any]
        let measures = object?["measures"] as? [[String: Any]]
        XCTAssertEqual(measures?.count, Self.measures.count)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(grades.render(.json).utf8)))
    }

    func testHTMLIsSelfContained() {
        let html = report.render(.html)
        for forbidden in ["<script", "<link", "src=", "href=", "@import", "url("] {
            XCTAssertFalse(html.contains(forbidden), forbidden)
        }
        XCTAssertTrue(html.contains("<svg"))
        XCTAssertTrue(html.contains("@media print"))
        XCTAssertTrue(html.contains("Team A &amp; B") || !html.contains("Team A & B"))
    }
}
