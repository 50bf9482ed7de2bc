import Foundation
import XCTest
@testable import CaseAuditCore

/// Fixture files are found next to this source file, so tests need no bundle resources.
enum TemplateFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/templates")

    static func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

    static func text(_ name: String) throws -> String { try String(contentsOf: url(name), encoding: .utf8) }

    /// The repository root (for the shipped AuditTemplates folder).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh empty folder, removed when the test ends.
    static func temporaryFolder(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("caseaudit-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}

/// Parses YAML given inline and returns its diagnostics as text, for short assertions.
func templateDiagnostics(_ yaml: String, file: String = "t.yaml") -> [Diagnostic] {
    TemplateParser.parse(yaml, file: file).diagnostics
}

/// A valid template to break one thing at a time; `t.yaml` matches its id so no file-name warning.
let minimalTemplateYAML = """
    id: t
    title: T
    version: 1
    cohorts: [CIN]
    sections:
      - id: plan
        title: Plan
        graded: true
        questions:
          - id: plan-up-to-date
            text: Is there a plan?
            type: answer
    """
