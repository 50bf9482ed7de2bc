import XCTest
@testable import CaseAuditCore

/// The templates shipped in the repository's AuditTemplates/ must check clean.
final class ShippedTemplatesTests: XCTestCase {
    func testEveryShippedTemplateHasNoErrors() throws {
        let folder = TemplateFixtures.repository.appendingPathComponent("AuditTemplates")
        let files = TemplateCatalog.yamlFiles(in: folder)
        if files.isEmpty { throw XCTSkip("no templates in \(folder.path) yet") }
        for url in files {
            let result = TemplateParser.parse(contentsOf: url, file: "AuditTemplates/\(url.lastPathComponent)")
            XCTAssertEqual(result.diagnostics.errors.map(\.description), [], url.lastPathComponent)
            XCTAssertNotNil(result.template, url.lastPathComponent)
        }
        let catalog = TemplateCatalog.load(folder: folder)
        XCTAssertEqual(catalog.diagnostics.errors.map(\.description), [])
        XCTAssertEqual(catalog.templates.count, files.count, "one template per file, no id twice")
    }

    /// The worked example in docs/templates.md must stay a valid template.
    func testWorkedExampleInTheDocsChecksClean() throws {
        let doc = try String(contentsOf: TemplateFixtures.repository.appendingPathComponent("docs/templates.md"), encoding: .utf8)
        let section = try XCTUnwrap(doc.range(of: "## A worked example"))
        let start = try XCTUnwrap(doc.range(of: "```yaml\n", range: section.upperBound..<doc.endIndex))
        let end = try XCTUnwrap(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        let result = TemplateParser.parse(String(doc[start.upperBound..<end.lowerBound]), file: "visits-spot-check.yaml")
        XCTAssertEqual(result.diagnostics.map(\.description), [])
        XCTAssertEqual(result.template?.sections.map(\.id), ["visits", "voice"])
        XCTAssertEqual(result.template?.section("visits")?.limits.count, 2)
    }
}
