import XCTest
@testable import CaseAuditCore

final class ImportTests: XCTestCase {
    var dataRoot: URL!

    override func setUp() {
        dataRoot = DataIOFixtures.temporaryFolder(name)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: dataRoot)
    }

    var directory: DataDirectory { DataDirectory(root: dataRoot) }

    func importer(now: Date = DataIOFixtures.fixedNow) -> AuditImporter {
        AuditImporter(directory: directory, templates: DataIOFixtures.templates, now: now)
    }

    func run(_ fixture: String) throws -> AuditImporter.Summary {
        try importer().run(DataIOFixtures.fixture("import/\(fixture)"))
    }

    /// Runs an import that must fail; returns every message and checks nothing was written.
    func failure(_ fixture: String, status: ExitStatus = .dataError,
                 file: StaticString = #filePath, line: UInt = #line) -> String {
        var text = ""
        do {
            _ = try run(fixture)
            XCTFail("\(fixture) imported without error", file: file, line: line)
        } catch let e as CaseAuditError {
            XCTAssertEqual(e.status, status, file: file, line: line)
            text = e.description
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dataRoot.path),
                       "a failed import wrote to the data directory", file: file, line: line)
        return text
    }

    func loadAll() -> [Audit] {
        AuditStore(directory: directory).loadAll().audits.sorted { $0.caseRef < $1.caseRef }
    }

    // MARK: files that import

    func testValidFileImportsCompleteImportedAuditsOnLatestTemplate() throws {
        let summary = try run("valid.csv")
        XCTAssertEqual(summary.line, "imported 3 new, 0 updated, 0 unchanged")
        let audits = loadAll()
        XCTAssertEqual(audits.map(\.caseRef), ["CR-100001", "CR-100002", "CR-100003"])
        let first = audits[0]
        XCTAssertEqual(first.status, .complete)
        XCTAssertEqual(first.origin, .imported)
        XCTAssertEqual(first.template, TemplateRef(id: "child-journey", version: 2))
        XCTAssertEqual(first.month, Month("2024-04"))
        XCTAssertEqual(first.cohort, .childInNeed)
        XCTAssertEqual(first.team, "Riverside CIN")
        XCTAssertEqual(first.worker, "Jordan Willowmere")
        XCTAssertEqual(first.overall.grade, .good)
        XCTAssertEqual(first.sections["plan"]?.grade, .requiresImprovement)
        XCTAssertEqual(first.sections["supervision"]?.grade, .outstanding)
        XCTAssertEqual(audits[1].overall.grade, .requiresImprovement)
        // A blank grade is not graded: no record is made.
        XCTAssertNil(audits[2].sections["supervision"])
        // The id is random: the month and 12 hex digits, nothing from the case.
        XCTAssertTrue(first.id.hasPrefix("2024-04-"), first.id)
        XCTAssertEqual(first.id.count, 20)
        XCTAssertTrue(first.id.dropFirst(8).allSatisfy(\.isHexDigit), first.id)
        XCTAssertNotEqual(first.id, audits[1].id)
        // The template version used is snapshotted.
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.templateSnapshot(first.template).path))
    }

    func testByteOrderMarkAndCRLFGiveTheSameAuditsAsPlainFile() throws {
        _ = try run("valid.csv")
        let plain = try auditContents()
        for fixture in ["bom.csv", "crlf.csv", "bom-crlf.csv"] {
            try FileManager.default.removeItem(at: dataRoot)
            let summary = try run(fixture)
            XCTAssertEqual(summary.created, 3, fixture)
            XCTAssertEqual(try auditContents(), plain, fixture)
        }
    }

    func testQuotedCommaQuotedQuoteAndQuotedNewline() throws {
        _ = try run("quoted.csv")
        let audits = loadAll()
        XCTAssertEqual(audits.count, 2)
        XCTAssertEqual(audits[0].team, "Riverside CIN, North")
        // A worker's name is one line (issue 14); the quoted line break is in the ignored notes column.
        XCTAssertEqual(audits[0].worker, "Jordan Willowmere (acting, covering)")
        XCTAssertEqual(audits[1].team, "Eastbrook \"East\" Team")
    }

    func testRowNumbersCountAQuotedNewlineRecordOnce() {
        let text = failure("quoted-newline-then-bad.csv")
        XCTAssertTrue(text.contains("quoted-newline-then-bad.csv:3: error: column \"month\": value \"2024-13\" is not a month"), text)
    }

    func testHeadersAreCaseInsensitiveInAnyOrder() throws {
        let summary = try run("mixed-case.csv")
        XCTAssertEqual(summary.created, 2)
        let audits = loadAll()
        XCTAssertEqual(audits[0].template.id, "child-journey")
        XCTAssertEqual(audits[0].cohort, .childInNeed)
        XCTAssertEqual(audits[0].sections["plan"]?.grade, .good)
        XCTAssertEqual(audits[0].overall.grade, .requiresImprovement)
        XCTAssertEqual(audits[1].id, "legacy-0042")
        XCTAssertEqual(audits[1].sections["plan"]?.grade, .na)
    }

    func testUnknownColumnsAreOneWarningAndIgnored() throws {
        let summary = try run("unknown-column.csv")
        XCTAssertEqual(summary.created, 1)
        XCTAssertEqual(summary.warnings.count, 1)
        let warning = summary.warnings[0].description
        XCTAssertTrue(warning.contains("unknown-column.csv:1: warning: unknown columns ignored: \"Reviewer notes\", \"colour\""), warning)
    }

    func testHeaderOnlyImportsNothing() throws {
        XCTAssertEqual(try run("header-only.csv").line, "imported 0 new, 0 updated, 0 unchanged")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dataRoot.path))
    }

    // MARK: files that must be refused, with nothing written

    func testDuplicateHeader() {
        let text = failure("duplicate-header.csv")
        XCTAssertTrue(text.contains("duplicate-header.csv:1: error: column \"Month\" appears twice in the header (columns 1 and 7)"), text)
        XCTAssertTrue(text.contains("nothing was imported"), text)
    }

    func testMissingRequiredColumns() {
        let text = failure("missing-column.csv")
        XCTAssertTrue(text.contains("missing-column.csv:1: error: the header lacks the required columns \"cohort\", \"auditor\""), text)
    }

    func testBadMonth() {
        let text = failure("bad-month.csv")
        XCTAssertTrue(text.contains("bad-month.csv:3: error: column \"month\": value \"April 2024\" is not a month; allowed: YYYY-MM"), text)
        XCTAssertFalse(text.contains("bad-month.csv:2:"), text)
        XCTAssertTrue(text.contains("1 row has problems; nothing was imported"), text)
    }

    func testUnknownTemplate() {
        let text = failure("unknown-template.csv")
        XCTAssertTrue(text.contains("unknown-template.csv:2: error: column \"template\": value \"child-jorney\" is not a template id; allowed: child-journey, child-journey-lac, plan-smart"), text)
    }

    func testBadCohortAndCohortTheTemplateDoesNotCover() {
        let text = failure("bad-cohort.csv")
        XCTAssertTrue(text.contains("bad-cohort.csv:2: error: column \"cohort\": value \"Looked after\" is not a cohort; allowed: EH, CIN, CP, LAC, CL"), text)
        XCTAssertTrue(text.contains("bad-cohort.csv:3: error: column \"cohort\": value \"LAC\" is not a cohort the template child-journey covers; allowed: CIN, CP"), text)
    }

    func testLineBreakInsideTeamCaseRefOrAuditor() {
        let text = failure("line-break-in-name.csv")
        XCTAssertTrue(text.contains("line-break-in-name.csv:2: error: column \"team\": value \"Riverside\\nCIN\" holds a line break; allowed: one line of text"), text)
        XCTAssertTrue(text.contains("line-break-in-name.csv:3: error: column \"case_ref\": value \"CR-1000\\n22\" holds a line break"), text)
        XCTAssertTrue(text.contains("line-break-in-name.csv:4: error: column \"auditor\": value \"Riley\\nOakhearth\" holds a line break"), text)
        XCTAssertTrue(text.contains("3 rows have problems; nothing was imported"), text)
    }

    func testBadGradeWord() {
        let text = failure("bad-grade.csv")
        XCTAssertTrue(text.contains("bad-grade.csv:2: error: column \"assessment\": value \"Excellent\" is not a grade; allowed: Outstanding, Good, Requires improvement"), text)
    }

    func testGradeForASectionTheTemplateLacks() {
        let text = failure("section-not-in-template.csv")
        XCTAssertTrue(text.contains("section-not-in-template.csv:2: error: column \"permanence\": value \"Good\" is a grade for a section the template child-journey does not have"), text)
        XCTAssertFalse(text.contains("section-not-in-template.csv:3:"), text)
    }

    func testEmptyFile() {
        let text = failure("empty.csv")
        XCTAssertTrue(text.contains("empty.csv:1: error: the file is empty"), text)
    }

    func testBinaryJunk() {
        let text = failure("binary.csv")
        XCTAssertTrue(text.contains("binary.csv: error: this is not a CSV text file"), text)
        XCTAssertTrue(text.contains("CSV UTF-8"), text)
    }

    func testUnclosedQuote() {
        let text = failure("unclosed-quote.csv")
        XCTAssertTrue(text.contains("unclosed-quote.csv:2: error: a quoted field is never closed"), text)
    }

    func testMissingFileIs66() {
        let text = failure("no-such-file.csv", status: .noInput)
        XCTAssertTrue(text.contains("no-such-file.csv: error: no such file"), text)
    }

    func testEveryWrongRowIsReported() {
        let text = failure("several-bad-rows.csv")
        XCTAssertTrue(text.contains("several-bad-rows.csv:3: error: column \"team\": value \"\" is empty"), text)
        XCTAssertTrue(text.contains("several-bad-rows.csv:3: error: column \"plan\": value \"Great\" is not a grade"), text)
        XCTAssertTrue(text.contains("several-bad-rows.csv:5: error: column \"case_ref\": value \"CR-100121\" is the same audit as row 2"), text)
        XCTAssertTrue(text.contains("several-bad-rows.csv:6: error: column \"cohort\": value \"EH\" is not a cohort the template plan-smart covers"), text)
        XCTAssertFalse(text.contains("several-bad-rows.csv:2:"), text)
        XCTAssertFalse(text.contains("several-bad-rows.csv:4:"), text)
        XCTAssertTrue(text.contains("3 rows have problems; nothing was imported"), text)
    }

    // MARK: idempotency

    func testImportingTwiceChangesNothing() throws {
        _ = try run("valid.csv")
        let before = try snapshot()
        let second = try importer(now: DataIOFixtures.fixedNow.addingTimeInterval(3600))
            .run(DataIOFixtures.fixture("import/valid.csv"))
        XCTAssertEqual(second.line, "imported 0 new, 0 updated, 3 unchanged")
        XCTAssertEqual(try snapshot(), before)
    }

    func testImportAndUpdateAreRecordedInTheHistory() throws {
        _ = try run("valid.csv")
        let id = try XCTUnwrap(loadAll().first { $0.caseRef == "CR-100001" }).id
        let history = AuditHistory(directory: directory)
        XCTAssertEqual(try history.entries(id).map(\.action), [.import])
        XCTAssertEqual(history.verify(id), [])
        _ = try run("valid.csv")
        XCTAssertEqual(try history.entries(id).count, 1, "an unchanged row adds no history")
        var changed = try String(contentsOf: DataIOFixtures.fixture("import/valid.csv"), encoding: .utf8)
        changed = changed.replacingOccurrences(of: "Jordan Willowmere,Good,Good,Requires improvement", with: "Jordan Willowmere,Good,Good,Good")
        let file = dataRoot.deletingLastPathComponent().appendingPathComponent("history-\(UUID().uuidString).csv")
        try Data(changed.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        _ = try importer().run(file)
        let entries = try history.entries(id)
        XCTAssertEqual(entries.count, 2)
        XCTAssertEqual(entries.last?.reason, "imported from \(file.lastPathComponent)")
        XCTAssertTrue(entries.last?.changes.contains { $0.field.contains("plan") } ?? false)
    }

    func testAChangedValueUpdatesTheAudit() throws {
        _ = try run("valid.csv")
        let original = loadAll()[0]
        let changed = try String(contentsOf: DataIOFixtures.fixture("import/valid.csv"), encoding: .utf8)
            .replacingOccurrences(of: "Jordan Willowmere,Good,Good,Requires improvement", with: "Jordan Willowmere,Good,Good,Good")
        let file = dataRoot.deletingLastPathComponent().appendingPathComponent("changed-\(UUID().uuidString).csv")
        try Data(changed.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let later = DataIOFixtures.fixedNow.addingTimeInterval(86_400)
        let summary = try importer(now: later).run(file)
        XCTAssertEqual(summary.line, "imported 0 new, 1 updated, 2 unchanged")
        let updated = loadAll()[0]
        XCTAssertEqual(updated.id, original.id)
        XCTAssertEqual(updated.sections["plan"]?.grade, .good)
        XCTAssertEqual(updated.created, original.created)
        XCTAssertEqual(updated.updated, later)
    }

    func testRerunAfterAKillMidwayEndsAsACleanImport() throws {
        // Simulate a kill after the first audit: the writer throws on the second one.
        struct Killed: Error {}
        let count = ImportWriteCounter()
        let store = AuditStore(directory: directory)
        let dying = AuditImporter(directory: directory, templates: DataIOFixtures.templates, now: DataIOFixtures.fixedNow) { audit in
            if count.next() == 2 { throw Killed() }
            try store.save(audit)
        }
        XCTAssertThrowsError(try dying.run(DataIOFixtures.fixture("import/valid.csv")))
        XCTAssertEqual(loadAll().count, 1)
        let rerun = try run("valid.csv")
        // The dying writer saved without history: the rerun records that audit in its history.
        XCTAssertEqual(rerun.line, "imported 2 new, 0 updated, 1 unchanged; 1 of them had no history entry for their file (an interrupted import) and now have one")
        for audit in loadAll() {
            XCTAssertFalse(AuditRepository.fileIsUnrecorded(audit.id, in: directory), audit.caseRef)
        }
        let afterRerun = try auditContents()

        try FileManager.default.removeItem(at: dataRoot)
        _ = try run("valid.csv")
        XCTAssertEqual(try auditContents(), afterRerun)
    }

    func testAnAuditOpenForEditingIsNotOverwritten() throws {
        _ = try run("valid.csv")
        let id = try XCTUnwrap(loadAll().first { $0.caseRef == "CR-100001" }).id
        // Another user on another host has it open in the editor.
        let holder = LockHolder(user: "avery.editor", host: "qa-laptop-7", pid: 4242, started: DataIOFixtures.fixedNow)
        try AtomicFile.makeFolder(directory.locks)
        try Data((JSONValue.from(holder).canonical + "\n").utf8).write(to: AuditLock.file(id: id, directory: directory))
        let before = try snapshot()
        let changed = try String(contentsOf: DataIOFixtures.fixture("import/valid.csv"), encoding: .utf8)
            .replacingOccurrences(of: "Jordan Willowmere,Good,Good,Requires improvement", with: "Jordan Willowmere,Good,Good,Good")
        let file = dataRoot.deletingLastPathComponent().appendingPathComponent("locked-\(UUID().uuidString).csv")
        try Data(changed.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertThrowsError(try importer().run(file)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(":2: error: the audit \(id) is open for editing by avery.editor on qa-laptop-7"), text)
            XCTAssertTrue(text.contains("nothing was imported"), text)
        }
        XCTAssertEqual(try snapshot(), before)
    }

    func testFNVStillHashesAsBefore() {
        // The demo spreads its data with it; ids no longer use it.
        XCTAssertEqual(StableID.fnv1a64(""), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(StableID.fnv1a64("a"), 0xaf63_dc4c_8601_ec8c)
    }

    // MARK: helpers

    struct FileState: Equatable {
        var data: Data
        var modified: Date
    }

    /// Every file under the data directory with its bytes and modification time.
    func snapshot() throws -> [String: FileState] {
        var states: [String: FileState] = [:]
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: dataRoot.path) else { return [:] }
        for case let relative as String in walker where !relative.hasPrefix(".cache") {
            // The index cache is derived (an import reads through it), not data.
            let url = dataRoot.appendingPathComponent(relative)
            let attrs = try fm.attributesOfItem(atPath: url.path)
            let modified = attrs[.modificationDate] as? Date ?? .distantPast
            let isFile = (attrs[.type] as? FileAttributeType) == .typeRegular
            states[relative] = FileState(data: isFile ? try Data(contentsOf: url) : Data(), modified: modified)
        }
        return states
    }

    /// The audits with the dates that depend on when they were written, and their random ids, left out.
    func auditContents() throws -> [Audit] {
        loadAll().map { a in
            var a = a
            a.id = ""
            a.created = .distantPast
            a.updated = .distantPast
            a.completed = nil
            return a
        }
    }
}

/// A thread-safe counter for the writer hook.
final class ImportWriteCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
