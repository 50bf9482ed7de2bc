import XCTest
@testable import CaseAuditCore

/// The improvement plan reports PEP quality as shares of the four-point scale each term
/// (spring 2018: 3% outstanding, 61% good, 29% requires improvement, 7% inadequate; summer 2018:
/// 4/36/53/7). 200 graded PEPs imported from a spreadsheet on the `pep-quality` template give the
/// same tables through what `caseaudit grades --section pep --from --to` runs.
final class PEPTablesTests: XCTestCase {
    private static let shipped = TemplateFixtures.repository.appendingPathComponent("AuditTemplates")

    /// Spring term PEPs are audited January to March 2018, summer term ones May to July 2018.
    private static let terms: [(name: String, months: [String], shares: [(String, Int)])] = [
        ("spring", ["2018-01", "2018-02", "2018-03"], [("Outstanding", 3), ("Good", 61), ("Requires improvement", 29), ("Inadequate", 7)]),
        ("summer", ["2018-05", "2018-06", "2018-07"], [("Outstanding", 4), ("Good", 36), ("RI", 53), ("Inadequate", 7)]),
    ]

    /// 100 PEPs a term, their grades spread over the term's months in turn (synthetic case references).
    private func spreadsheet() -> String {
        var lines = ["month,template,case_ref,cohort,team,auditor,pep,overall"]
        var n = 0
        for term in Self.terms {
            for (grade, count) in term.shares {
                for _ in 0..<count {
                    let month = term.months[n % term.months.count]
                    lines.append("\(month),pep-quality,PEP-\(String(format: "%05d", n)),LAC,Virtual School,Jesse Amberlight,\(grade),\(grade)")
                    n += 1
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func testTwoHundredImportedPEPsReproduceThePlansTermTables() throws {
        let catalog = TemplateCatalog.load(folder: Self.shipped)
        XCTAssertEqual(catalog.latest("pep-quality")?.gradedSections.map(\.id), ["pep"])
        let root = try TemplateFixtures.temporaryFolder(self)
        let csv = root.appendingPathComponent("peps.csv")
        try Data(spreadsheet().utf8).write(to: csv)
        let directory = DataDirectory(root: root.appendingPathComponent("data"))
        let summary = try AuditImporter(directory: directory, templates: catalog).run(csv)
        XCTAssertEqual(summary.line, "imported 200 new, 0 updated, 0 unchanged")

        let (facts, problems) = AuditIndex.load(directory: directory, catalog: catalog)
        XCTAssertEqual(problems.map(\.description), [])
        for term in Self.terms {
            let report = GradeReport(section: "pep", facts: facts, by: .team,
                                     from: Month(term.months.first!), to: Month(term.months.last!))
            XCTAssertEqual(report.rows.count, 1, term.name)
            let row = try XCTUnwrap(report.rows.first)
            XCTAssertEqual(row.graded, 100, term.name)
            XCTAssertEqual([row.outstanding, row.good, row.requiresImprovement, row.inadequate], term.shares.map(\.1), term.name)
            let expected = term.shares.map { String(format: "%.1f", Double($0.1)) }.joined(separator: ",")
            XCTAssertEqual(report.render(.csv).split(separator: "\n").map(String.init), [
                "section,period,graded,outstanding,good,requires_improvement,inadequate",
                "pep,Virtual School,100,\(expected)",
            ], term.name)
        }
    }
}
