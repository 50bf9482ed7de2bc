import XCTest
@testable import CaseAuditCore

/// The exit status rules of `caseaudit templates check`.
final class TemplateCheckTests: XCTestCase {
    private func path(_ name: String) -> String { TemplateFixtures.url(name).path }

    func testCleanFileIsStatusZero() {
        let report = TemplateCheck.run(paths: [path("sample-journey.yaml")])
        XCTAssertEqual(report.status, .success)
        XCTAssertEqual(report.diagnostics, [])
        XCTAssertEqual(report.summary, "1 file checked: 0 errors, 0 warnings")
    }

    func testWarningsOnlyIsStatusZero() throws {
        let folder = try TemplateFixtures.temporaryFolder(self)
        let file = folder.appendingPathComponent("misnamed.yaml")
        try Data(minimalTemplateYAML.utf8).write(to: file)
        let report = TemplateCheck.run(paths: [file.path])
        XCTAssertEqual(report.status, .success)
        XCTAssertEqual(report.diagnostics.map(\.severity), [.warning])
        XCTAssertEqual(report.summary, "1 file checked: 0 errors, 1 warning")
    }

    func testErrorsInAnyFileIsStatus65AndEveryFileIsReported() {
        let report = TemplateCheck.run(paths: [path("broken.yaml"), path("unknown-type-and-duplicate.yaml"),
                                               path("sample-journey.yaml")])
        XCTAssertEqual(report.status, .dataError)
        XCTAssertEqual(report.files, 3)
        XCTAssertEqual(Set(report.diagnostics.map { URL(fileURLWithPath: $0.file).lastPathComponent }),
                       ["broken.yaml", "unknown-type-and-duplicate.yaml"])
        XCTAssertEqual(report.summary, "3 files checked: 15 errors, 2 warnings")
    }

    func testMissingFileIsStatus66AndTheOthersAreStillChecked() {
        let report = TemplateCheck.run(paths: [path("no-such.yaml"), path("broken.yaml")])
        XCTAssertEqual(report.status, .noInput)
        XCTAssertEqual(report.diagnostics.first?.description,
                       "\(path("no-such.yaml")): error: the file does not exist (check the name; shipped templates are in AuditTemplates/)")
        XCTAssertEqual(report.diagnostics.count, 1 + 15)
    }

    func testFolderStandsForItsYAMLFiles() throws {
        let report = TemplateCheck.run(paths: [TemplateFixtures.folder.path])
        XCTAssertEqual(report.files, 3)
    }

    func testNonUTF8FileIsAnError() throws {
        let folder = try TemplateFixtures.temporaryFolder(self)
        let file = folder.appendingPathComponent("latin1.yaml")
        try Data([0x69, 0x64, 0x3A, 0x20, 0xE9, 0x0A]).write(to: file)
        let report = TemplateCheck.run(paths: [file.path])
        XCTAssertEqual(report.status, .dataError)
        XCTAssertEqual(report.diagnostics.map(\.message), ["the file is not UTF-8 text"])
    }
}
