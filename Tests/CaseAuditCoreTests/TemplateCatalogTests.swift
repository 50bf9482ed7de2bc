import XCTest
@testable import CaseAuditCore

final class TemplateCatalogTests: XCTestCase {
    private func write(_ text: String, _ name: String, in folder: URL) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    private func version(_ v: Int, title: String = "T") -> String {
        minimalTemplateYAML.replacingOccurrences(of: "version: 1", with: "version: \(v)")
            .replacingOccurrences(of: "title: T\n", with: "title: \(title)\n")
    }

    func testExactVersionComesFromSnapshot() throws {
        let root = try TemplateFixtures.temporaryFolder(self)
        let shipped = root.appendingPathComponent("AuditTemplates")
        let snapshots = root.appendingPathComponent("data/templates")
        try FileManager.default.createDirectory(at: shipped, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: snapshots, withIntermediateDirectories: true)
        try write(version(3, title: "Now"), "t.yaml", in: shipped)
        try write(version(1, title: "Then"), "t@1.yaml", in: snapshots)

        let catalog = TemplateCatalog.load(folder: shipped, snapshots: snapshots)
        XCTAssertEqual(catalog.diagnostics, [])
        XCTAssertEqual(catalog.templates.map(\.versionKey), ["t@3"])
        XCTAssertEqual(catalog.latest("t")?.version, 3)
        XCTAssertEqual(catalog.template(TemplateRef(id: "t", version: 1))?.title, "Then")
        XCTAssertEqual(catalog.template(TemplateRef(id: "t", version: 3))?.title, "Now")
        XCTAssertNil(catalog.template(TemplateRef(id: "t", version: 2)))
        XCTAssertEqual(catalog.source(TemplateRef(id: "t", version: 1)), Data(version(1, title: "Then").utf8))
        XCTAssertEqual(catalog.source(TemplateRef(id: "t", version: 3)), Data(version(3, title: "Now").utf8))
        XCTAssertEqual(catalog.defaultMeasuresFile.path, shipped.appendingPathComponent("defaults/measures.yaml").path)
    }

    func testLoadsTopLevelYAMLOnlyAndReportsBrokenFiles() throws {
        let folder = try TemplateFixtures.temporaryFolder(self)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("defaults"), withIntermediateDirectories: true)
        try write("measures: []\n", "defaults/measures.yaml", in: folder)
        try write(version(1), "t.yaml", in: folder)
        try write("id: [\n", "broken.yaml", in: folder)
        try write("not yaml at all", "notes.txt", in: folder)

        let catalog = TemplateCatalog.load(folder: folder)
        XCTAssertEqual(catalog.templates.map(\.id), ["t"])
        XCTAssertEqual(catalog.diagnostics.count, 1)
        XCTAssertTrue(catalog.diagnostics[0].file.hasSuffix("broken.yaml"))
    }

    func testSnapshotThatDiffersFromShippedSameVersionIsWarned() throws {
        let root = try TemplateFixtures.temporaryFolder(self)
        let shipped = root.appendingPathComponent("shipped")
        let snapshots = root.appendingPathComponent("snapshots")
        try FileManager.default.createDirectory(at: shipped, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: snapshots, withIntermediateDirectories: true)
        try write(version(1, title: "Edited"), "t.yaml", in: shipped)
        try write(version(1, title: "Original"), "t@1.yaml", in: snapshots)

        let catalog = TemplateCatalog.load(folder: shipped, snapshots: snapshots)
        XCTAssertEqual(catalog.template(TemplateRef(id: "t", version: 1))?.title, "Original")
        XCTAssertEqual(catalog.diagnostics.map(\.severity), [.warning])
        XCTAssertEqual(catalog.diagnostics.first?.remedy, "a change to a template is a new version: raise \"version\" to 2")
    }

    func testMisnamedSnapshotIsAnError() throws {
        let root = try TemplateFixtures.temporaryFolder(self)
        try write(version(2), "t@1.yaml", in: root)
        let catalog = TemplateCatalog.load(folder: root.appendingPathComponent("missing"), snapshots: root)
        XCTAssertNil(catalog.template(TemplateRef(id: "t", version: 2)))
        XCTAssertEqual(catalog.diagnostics.map(\.message), [
            "the templates folder does not exist",
            "this snapshot holds t@2 but is named t@1.yaml",
        ])
    }

    func testSameVersionTwiceInFolderIsAnError() throws {
        let folder = try TemplateFixtures.temporaryFolder(self)
        try write(version(1), "t.yaml", in: folder)
        try write(version(1), "u.yaml", in: folder)
        let catalog = TemplateCatalog.load(folder: folder)
        XCTAssertTrue(catalog.diagnostics.errors.contains { $0.message.hasPrefix("template t version 1 is also defined in") })
    }

    func testInMemoryCatalogKeepsEveryVersionAndListsTheNewest() throws {
        let v1 = try XCTUnwrap(TemplateParser.parse(version(1, title: "One"), file: "t.yaml").template)
        let v2 = try XCTUnwrap(TemplateParser.parse(version(2, title: "Two"), file: "t.yaml").template)
        let catalog = TemplateCatalog(templates: [v2, v1])
        XCTAssertEqual(catalog.templates.map(\.versionKey), ["t@2"])
        XCTAssertEqual(catalog.template(TemplateRef(id: "t", version: 1))?.title, "One")
        XCTAssertNil(catalog.source(TemplateRef(id: "t", version: 1)))
        XCTAssertEqual(catalog.allVersions.map(\.key), ["t@1", "t@2"])
    }

    func testCatalogServesAsTheTemplateSourceOfImportAndExport() throws {
        let v1 = try XCTUnwrap(TemplateParser.parse(version(1), file: "t.yaml").template)
        let source: any TemplateSource = TemplateCatalog(templates: [v1])
        XCTAssertEqual(source.latest("t")?.version, 1)
        XCTAssertEqual(source.templates.map(\.id), ["t"])
    }
}
