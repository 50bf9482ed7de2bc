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
}
