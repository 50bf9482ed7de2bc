import XCTest
@testable import CaseAuditCore

/// Audits made on version 1 of the shipped templates stay on version 1 after version 2 ships:
/// they open, validate, report and export exactly as they did when version 1 was the newest,
/// even in a data directory that lost its `templates/` snapshots (AuditTemplates/versions/).
final class TemplateVersionsTests: XCTestCase {
    private static let shipped = TemplateFixtures.repository.appendingPathComponent("AuditTemplates")

    /// The templates folder as it was before version 2: each `versions/<id>@1.yaml` as `<id>.yaml`.
    private func versionOneFolder() throws -> URL {
        let folder = try TemplateFixtures.temporaryFolder(self).appendingPathComponent("AuditTemplates")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("defaults"), withIntermediateDirectories: true)
        let versions = TemplateCatalog.versionsFolder(Self.shipped)
        for url in TemplateCatalog.yamlFiles(in: versions) {
            let name = url.lastPathComponent.replacingOccurrences(of: "@1.yaml", with: ".yaml")
            try FileManager.default.copyItem(at: url, to: folder.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: Self.shipped.appendingPathComponent("defaults/measures.yaml"),
                                         to: folder.appendingPathComponent("defaults/measures.yaml"))
        return folder
    }

    /// A complete audit answering every question of a template version, Yes or a value.
    private func completeAudit(_ t: AuditTemplate, id: String, cohort: Cohort, month: String) -> Audit {
        var audit = Audit(id: id, template: TemplateRef(id: t.id, version: t.version), status: .complete,
                          caseRef: "CR-\(id.suffix(6))", cohort: cohort, team: "Hillcrest LAC", auditor: "Taylor Brookmantle",
                          worker: "Alex Larkspire", month: Month(month), created: Date(timeIntervalSince1970: 1_543_000_000),
                          completed: Date(timeIntervalSince1970: 1_543_100_000))
        for (n, section) in t.sections.enumerated() {
            var record = SectionRecord()
            for q in section.questions(for: cohort) {
                switch q.type {
                case .answer: record.answers[q.id] = n % 3 == 0 ? Response(answer: .partly, note: "Some of it on file.") : Response(answer: .yes)
                case .choice: record.answers[q.id] = Response(value: q.options[0])
                case .date: record.answers[q.id] = Response(value: "\(month)-03")
                case .number: record.answers[q.id] = Response(value: "1")
                case .text: record.answers[q.id] = Response(value: "Settled and happy at school.")
                case .grade: record.answers[q.id] = Response(value: "good")
                case .smart: record.answers[q.id] = Response(action: "Review contact by 2019-01-31", smart: SmartCheck(specific: true, timeBound: true))
                }
            }
            if section.graded {
                record.grade = n % 2 == 0 ? .good : .requiresImprovement
                record.rationale = "Judged on the file read in full."
            }
            audit.sections[section.id] = record
        }
        audit.overall = Judgement(grade: .good, rationale: "Good overall, with gaps in contact.")
        return audit
    }

    func testVersionOneAuditsOpenReportAndExportUnchanged() throws {
        let before = TemplateCatalog.load(folder: try versionOneFolder())
        let after = TemplateCatalog.load(folder: Self.shipped)
        XCTAssertEqual(before.diagnostics.map(\.description), [])
        XCTAssertEqual(after.diagnostics.map(\.description), [])
        XCTAssertEqual(before.templates.map(\.version), Array(repeating: 1, count: 6), "the old folder holds version 1 only")

        let data = try TemplateFixtures.temporaryFolder(self).appendingPathComponent("data")
        let directory = DataDirectory(root: data)
        try directory.prepare(defaultMeasures: FileManager.default.contents(atPath: before.defaultMeasuresFile.path))
        let store = AuditStore(directory: directory)
        var audits: [Audit] = []
        for (i, t) in before.templates.enumerated() {
            XCTAssertEqual(after.template(TemplateRef(id: t.id, version: 1)), t, "\(t.id)@1 still known, identical")
            XCTAssertGreaterThan(after.latest(t.id)?.version ?? 0, 1, "\(t.id): new audits use version 2")
            let audit = completeAudit(t, id: "2018-11-0000000\(i)", cohort: t.cohorts.contains(.lookedAfter) ? .lookedAfter : t.cohorts[0], month: "2018-11")
            XCTAssertEqual(CompletionCheck.gaps(in: audit, template: t).map(\.message), [], t.id)
            try store.save(audit)
            audits.append(audit)
        }
        // No snapshots in DATA/templates/: the shipped versions folder is what keeps them readable.
        XCTAssertEqual(TemplateCatalog.yamlFiles(in: data.appendingPathComponent("templates")), [])

        // They open and validate against version 1.
        for audit in store.loadAll().audits {
            let t = try XCTUnwrap(after.template(audit.template), audit.id)
            XCTAssertEqual(AuditChecker.check(audit, template: t, file: "\(audit.id).json").map(\.description), [], audit.id)
        }
        // They report the same.
        for section in ["assessment", "plan", "contact", "supervision", "permanence", "front-door"] {
            let old = AuditIndex.load(directory: directory, catalog: before)
            let new = AuditIndex.load(directory: directory, catalog: after)
            let a = GradeReport(section: section, facts: old.facts, by: .month, from: nil, to: nil)
            let b = GradeReport(section: section, facts: new.facts, by: .month, from: nil, to: nil)
            XCTAssertEqual(a.render(.csv), b.render(.csv), section)
            XCTAssertTrue(b.rows.contains { $0.graded > 0 }, "\(section) is counted")
        }
        // They export the same, at every level and format, and their summaries read the same.
        for level in AuditExporter.Level.allCases {
            for format in AuditExporter.Format.allCases {
                let options = AuditExporter.Options(format: format, level: level)
                let old = try AuditExporter(templates: before, options: options).export(audits)
                let new = try AuditExporter(templates: after, options: options).export(audits)
                XCTAssertEqual(old, new, "\(level) \(format)")
                XCTAssertTrue(new.contains("2018-11-00000001"))
            }
        }
        for audit in audits {
            let old = AuditSummary(audit, template: before.template(audit.template)).render(.text)
            let new = AuditSummary(audit, template: after.template(audit.template)).render(.text)
            XCTAssertEqual(old, new, audit.id)
        }
    }

    /// Every shipped earlier version is a valid template named `<id>@<version>.yaml`, older than the newest.
    func testShippedEarlierVersionsAreValidAndOlder() throws {
        let catalog = TemplateCatalog.load(folder: Self.shipped)
        let files = TemplateCatalog.yamlFiles(in: TemplateCatalog.versionsFolder(Self.shipped))
        XCTAssertEqual(files.count, 6)
        for url in files {
            let result = TemplateParser.parse(contentsOf: url, file: url.lastPathComponent)
            XCTAssertEqual(result.diagnostics.map(\.description), [], url.lastPathComponent)
            let t = try XCTUnwrap(result.template)
            XCTAssertEqual(url.lastPathComponent, "\(t.versionKey).yaml")
            XCTAssertLessThan(t.version, catalog.latest(t.id)?.version ?? 0)
        }
    }

    /// A file in versions/ named for another version is refused, not used.
    func testAMisnamedEarlierVersionIsAnError() throws {
        let folder = try TemplateFixtures.temporaryFolder(self)
        try FileManager.default.createDirectory(at: TemplateCatalog.versionsFolder(folder), withIntermediateDirectories: true)
        try Data(minimalTemplateYAML.utf8).write(to: folder.appendingPathComponent("t.yaml"))
        try Data(minimalTemplateYAML.utf8).write(to: TemplateCatalog.versionsFolder(folder).appendingPathComponent("t@3.yaml"))
        let catalog = TemplateCatalog.load(folder: folder)
        XCTAssertEqual(catalog.diagnostics.map(\.message), ["this earlier version holds t@1 but is named t@3.yaml"])
        XCTAssertEqual(catalog.diagnostics.first?.remedy, "rename it to t@1.yaml")
        XCTAssertEqual(catalog.allVersions.map(\.key), ["t@1"])
    }
}
