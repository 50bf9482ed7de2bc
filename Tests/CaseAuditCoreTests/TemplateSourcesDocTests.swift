import XCTest
@testable import CaseAuditCore

/// docs/template-sources.md traces every question of the newest shipped templates to its source,
/// so a template change that leaves the document behind fails here.
final class TemplateSourcesDocTests: XCTestCase {
    func testEveryShippedQuestionIsTracedWithItsSource() throws {
        let root = TemplateFixtures.repository
        let doc = try String(contentsOf: root.appendingPathComponent("docs/template-sources.md"), encoding: .utf8)
        let catalog = TemplateCatalog.load(folder: root.appendingPathComponent("AuditTemplates"))
        XCTAssertFalse(catalog.templates.isEmpty)
        for template in catalog.templates {
            let heading = "### `\(template.id)` (version \(template.version))"
            let start = try XCTUnwrap(doc.range(of: heading), "\(heading) is in the document")
            let rest = doc[start.upperBound...]
            let table = rest.range(of: "\n### ").map { rest[..<$0.lowerBound] } ?? rest
            var rows: [String: String] = [:]
            for line in table.split(separator: "\n") where line.hasPrefix("| ") {
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard cells.count >= 4, let tick = cells[2].firstIndex(of: "`") else { continue }
                let id = cells[2][cells[2].index(after: tick)...].prefix { $0 != "`" }
                rows[String(id)] = cells[3].replacingOccurrences(of: "\\", with: "")
            }
            for section in template.sections {
                for q in section.questions {
                    XCTAssertEqual(rows[q.id], q.source, "\(template.id) \(q.id)")
                }
            }
            XCTAssertEqual(rows.count, template.sections.flatMap(\.questions).count, "\(template.id): no question listed that is not in the template")
        }
    }
}
