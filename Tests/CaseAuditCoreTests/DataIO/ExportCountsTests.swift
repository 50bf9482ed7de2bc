import XCTest
@testable import CaseAuditCore

/// The section-level export must carry everything needed to recount the measures: read it back
/// as a spreadsheet would and the counts equal the Reports team's Aggregator's.
final class ExportCountsTests: XCTestCase {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    func testSectionExportRecountsToTheAggregatorsMeasures() throws {
        let catalog = TemplateCatalog.load(folder: Self.repositoryRoot.appendingPathComponent("AuditTemplates"))
        XCTAssertFalse(catalog.templates.isEmpty, "shipped templates")
        let all = try MeasuresFile.load(catalog.defaultMeasuresFile)
        XCTAssertEqual(all.map(\.id), ["lac-assessment", "plan-quality", "plan-smart-quality", "supervision-quality", "contact-quality", "permanence-quality",
                                          "children-seen-alone", "permanence-by-second-review", "supervision-no-long-gap", "plan-actions-time-bound"])
        // The section level carries grades; the question measures are recounted from the answer level in QuestionMeasureTests.
        let measures = all.filter { $0.question == nil }

        let generator = try DemoGenerator(templates: catalog, options: .init(audits: 1500, seed: 5, endMonth: Month("2025-03")!))
        var audits = (0..<1500).map(generator.audit)
        // Blank and N/A grades must stay out of `graded` but in `audits`.
        audits[0].sections["plan"]?.grade = nil
        audits[0].sections["plan"]?.moderation = nil

        let text = try AuditExporter(templates: catalog, options: .init(level: .section)).export(audits)
        let table = try CSVTable.parse(Data(text.utf8), file: "section.csv")
        let column = Dictionary(uniqueKeysWithValues: table.header.enumerated().map { ($1, $0) })

        struct Key: Hashable { var measure: String; var month: String }
        var recount: [Key: (audits: Int, graded: Int, good: Int)] = [:]
        for row in table.rows {
            let f = { (name: String) in row.fields[column[name]!] }
            guard f("status") == "complete" else { continue }
            for m in measures where f("section") == m.section && m.counts(cohort: Cohort.parse(f("cohort")))
                && (m.templates.isEmpty || m.templates.contains(f("template"))) {
                var c = recount[Key(measure: m.id, month: f("month"))] ?? (0, 0, 0)
                c.audits += 1
                if let g = Grade(rawValue: f("grade")), g != .na {
                    c.graded += 1
                    if g.isGoodOrBetter { c.good += 1 }
                }
                recount[Key(measure: m.id, month: f("month"))] = c
            }
        }

        let facts = audits.map { a in
            AuditFacts(audit: a, templateSections: catalog.template(a.template)?.sections.map(\.id) ?? [])
        }
        let rows = Aggregator.measureRows(measures: measures, facts: facts, by: .month, from: nil, to: nil)
        XCTAssertGreaterThan(rows.count, 40)
        XCTAssertEqual(rows.count, recount.count)
        for row in rows {
            let c = recount[Key(measure: row.measure.id, month: row.period)]
            XCTAssertEqual(c?.audits, row.audits, "\(row.measure.id) \(row.period) audits")
            XCTAssertEqual(c?.graded, row.graded, "\(row.measure.id) \(row.period) graded")
            XCTAssertEqual(c?.good, row.goodOrBetter, "\(row.measure.id) \(row.period) good or better")
        }
    }
}
