import XCTest
@testable import CaseAuditCore

/// issue 14 points 2 and 4: import finds an audit by audit_id or by month, template and
/// case_ref (ids are random now), and leaves no audit file without the history entry for it.
final class ImportLookupTests: XCTestCase {
    var dataRoot: URL!
    var csvFile: URL!

    override func setUp() {
        dataRoot = DataIOFixtures.temporaryFolder(name)
        csvFile = dataRoot.deletingLastPathComponent().appendingPathComponent("lookup-\(UUID().uuidString).csv")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: dataRoot)
        try? FileManager.default.removeItem(at: csvFile)
    }

    var directory: DataDirectory { DataDirectory(root: dataRoot) }
    var store: AuditStore { AuditStore(directory: directory) }
    let header = "month,template,case_ref,cohort,team,auditor,assessment\n"
    let rows = ["2024-04,child-journey,CR-700001,CIN,Riverside CIN,Casey Thistledown,Good",
                "2024-04,child-journey,CR-700002,CP,Riverside CIN,Casey Thistledown,Inadequate",
                "2024-05,child-journey,CR-700001,CIN,Riverside CIN,Casey Thistledown,RI"]

    func importer(user: String = "avery.importer") -> AuditImporter {
        AuditImporter(directory: directory, templates: DataIOFixtures.templates, now: DataIOFixtures.fixedNow, user: user)
    }

    @discardableResult
    func importRows(_ rows: [String], header: String? = nil, importer: AuditImporter? = nil) throws -> AuditImporter.Summary {
        try Data(((header ?? self.header) + rows.joined(separator: "\n") + "\n").utf8).write(to: csvFile)
        return try (importer ?? self.importer()).run(csvFile)
    }

    func failure(_ rows: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let before = store.auditFiles().map(\.lastPathComponent)
        var text = ""
        XCTAssertThrowsError(try importRows(rows), file: file, line: line) { error in
            XCTAssertEqual((error as? DiagnosticsError)?.status, .dataError, file: file, line: line)
            text = "\(error)"
        }
        XCTAssertEqual(store.auditFiles().map(\.lastPathComponent), before, "files changed", file: file, line: line)
        return text
    }

    /// An imported audit on file, as an older version of caseaudit (or another tool) left it.
    func existing(_ id: String, caseRef: String = "CR-700001", month: String = "2024-04",
                  origin: AuditOrigin = .imported, grade: Grade = .good) throws {
        try directory.prepare(defaultMeasures: nil)
        var a = Audit(id: id, template: TemplateRef(id: "child-journey", version: 2), status: .complete, origin: origin,
                      caseRef: caseRef, cohort: .childInNeed, team: "Riverside CIN", auditor: "Casey Thistledown",
                      month: Month(month), created: DataIOFixtures.fixedNow, completed: DataIOFixtures.fixedNow)
        a.sections["assessment"] = SectionRecord(grade: grade)
        try AuditRepository(directory: directory).save(a, by: "earlier.user", reason: "imported from old.csv")
    }

    func idsByCase() -> [String: String] {
        Dictionary(uniqueKeysWithValues: store.loadAll().audits.map { ("\($0.month!)|\($0.caseRef)", $0.id) })
    }

    // MARK: identity by fields

    func testImportingTwiceFindsEachAuditByMonthTemplateAndCaseRef() throws {
        XCTAssertEqual(try importRows(rows).line, "imported 3 new, 0 updated, 0 unchanged")
        let first = idsByCase()
        XCTAssertEqual(first.count, 3)
        XCTAssertEqual(try importRows(rows).line, "imported 0 new, 0 updated, 3 unchanged")
        XCTAssertEqual(idsByCase(), first)
        // A changed grade updates the audit it names, under its id.
        var changed = rows
        changed[1] = changed[1].replacingOccurrences(of: "Inadequate", with: "Good")
        XCTAssertEqual(try importRows(changed).line, "imported 0 new, 1 updated, 2 unchanged")
        XCTAssertEqual(idsByCase(), first)
        XCTAssertEqual(try store.load(first["2024-04|CR-700002"]!).sections["assessment"]?.grade, .good)
        XCTAssertEqual(store.auditFiles().count, 3)
    }

    func testAnAuditWithAnOldImpIdKeepsItAndIsFoundByItsFields() throws {
        let oldID = "imp-" + StableID.hex16(StableID.fnv1a64("2024-04|child-journey|CR-700001"))
        try existing(oldID)
        XCTAssertEqual(try importRows([rows[0]]).line, "imported 0 new, 0 updated, 1 unchanged")
        XCTAssertEqual(try importRows([rows[0].replacingOccurrences(of: ",Good", with: ",Outstanding")]).line,
                       "imported 0 new, 1 updated, 0 unchanged")
        XCTAssertEqual(store.auditFiles().map(\.lastPathComponent), ["\(oldID).json"])
        XCTAssertEqual(try store.load(oldID).sections["assessment"]?.grade, .outstanding)
    }

    func testAnAuditGivenByAuditIdIsFoundByIt() throws {
        try existing("LEGACY-7", caseRef: "CR-700001")
        let summary = try importRows(["LEGACY-7,2024-04,child-journey,CR-700001,CIN,Riverside CIN,Casey Thistledown,Good"],
                                     header: "audit_id," + header)
        XCTAssertEqual(summary.line, "imported 0 new, 0 updated, 1 unchanged")
        // Without the audit_id the same row still finds it, by its fields.
        XCTAssertEqual(try importRows([rows[0]]).line, "imported 0 new, 0 updated, 1 unchanged")
        XCTAssertEqual(store.auditFiles().count, 1)
    }

    func testTwoImportedAuditsWithTheSameFieldsAreRefusedAsAmbiguous() throws {
        try existing("2024-04-aaaaaaaaaaaa")
        try existing("2024-04-bbbbbbbbbbbb", grade: .inadequate)
        let text = try failure([rows[1], rows[0]])
        XCTAssertTrue(text.contains(":3: error: month 2024-04, template child-journey and case_ref \"CR-700001\" match 2 imported audits (2024-04-aaaaaaaaaaaa, 2024-04-bbbbbbbbbbbb), so the row cannot tell which to update"), text)
        XCTAssertTrue(text.contains("add an audit_id column giving the id of the audit this row is"), text)
        XCTAssertTrue(text.contains("1 row has problems; nothing was imported"), text)
        // Naming one by audit_id resolves it.
        let summary = try importRows(["2024-04-bbbbbbbbbbbb,2024-04,child-journey,CR-700001,CIN,Riverside CIN,Casey Thistledown,Good"],
                                     header: "audit_id," + header)
        XCTAssertEqual(summary.line, "imported 0 new, 1 updated, 0 unchanged")
    }

    func testAnAuditMadeInCaseauditIsNotTakenForTheRow() throws {
        // As before random ids: a case audited in caseaudit and in a spreadsheet are two audits.
        try existing("2024-04-cccccccccccc", origin: .interactive)
        XCTAssertEqual(try importRows([rows[0]]).line, "imported 1 new, 0 updated, 0 unchanged")
        XCTAssertEqual(store.loadAll().audits.filter { $0.origin == .imported }.count, 1)
        XCTAssertEqual(try store.load("2024-04-cccccccccccc").origin, .interactive)
    }

    func testTwoRowsForOneCaseAreRefused() throws {
        let text = try failure([rows[0], rows[0].replacingOccurrences(of: ",Good", with: ",RI")])
        XCTAssertTrue(text.contains(":3: error: column \"case_ref\": value \"CR-700001\" is the same audit as row 2"), text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dataRoot.path))
    }

    func testAnUnreadableAuditFileStopsRowsWithoutAnAuditId() throws {
        try importRows([rows[0]])
        try Data("{ damaged".utf8).write(to: directory.auditFile("2024-04-dddddddddddd"))
        let text = try failure([rows[0], rows[1], rows[2]])
        XCTAssertTrue(text.contains(":3: error: 1 audit file(s) cannot be read"), text)
        XCTAssertTrue(text.contains("2024-04-dddddddddddd.json"), text)
        XCTAssertTrue(text.contains("repair or move those files away"), text)
        XCTAssertTrue(text.contains("2 rows have problems; nothing was imported"), text)
        // Row 2 matched its audit by fields, so only the new rows are in doubt.
        XCTAssertFalse(text.contains(":2: error"), text)
    }

    func testConcurrentImportsOfOneFileMakeEachAuditOnce() throws {
        try Data((header + rows.joined(separator: "\n") + "\n").utf8).write(to: csvFile)
        let importer = importer()
        let file = csvFile!
        let results = ImportResults()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do { results.add(try importer.run(file).created) } catch { results.add(-1) }
        }
        XCTAssertEqual(results.values.sorted(), [0, 0, 0, 3])
        XCTAssertEqual(store.auditFiles().count, 3)
    }

    // MARK: point 4: a history for every audit

    struct DiskFull: Error {}

    /// Every audit file has a history whose last entry records exactly that file.
    func assertEveryAuditRecorded(file: StaticString = #filePath, line: UInt = #line) {
        let history = AuditHistory(directory: directory)
        for url in store.auditFiles() {
            let id = url.deletingPathExtension().lastPathComponent
            XCTAssertFalse(AuditRepository.fileIsUnrecorded(id, in: directory), "\(id) is not recorded", file: file, line: line)
            XCTAssertEqual(history.verify(id), [], id, file: file, line: line)
        }
        XCTAssertEqual(history.verifyAll(), [], file: file, line: line)
    }

    func testAFailingHistoryAppendIsRepairedByTheNextImport() throws {
        var failing = importer()
        let count = ImportWriteCounter()
        // The second audit's file is written, then its history append fails (a full disk).
        failing.afterAuditWrite = { if count.next() == 2 { throw DiskFull() } }
        XCTAssertThrowsError(try importRows(rows, importer: failing))
        XCTAssertEqual(store.auditFiles().count, 2)
        let unrecorded = store.auditFiles().map { $0.deletingPathExtension().lastPathComponent }
            .filter { AuditRepository.fileIsUnrecorded($0, in: directory) }
        XCTAssertEqual(unrecorded.count, 1, "the file written before the failure has no history entry")
        let id = try XCTUnwrap(unrecorded.first)

        let rerun = try importRows(rows)
        XCTAssertEqual(rerun.line, "imported 1 new, 0 updated, 2 unchanged; 1 of them had no history entry for their file (an interrupted import) and now have one")
        XCTAssertEqual(rerun.recorded, 1)
        assertEveryAuditRecorded()
        let entries = try AuditHistory(directory: directory).entries(id)
        XCTAssertEqual(entries.map(\.action), [.import])
        XCTAssertEqual(entries.first?.user, "avery.importer")
        XCTAssertEqual(entries.first?.reason, "imported from \(csvFile.lastPathComponent)")
        XCTAssertFalse(entries.first?.changes.isEmpty ?? true, "the first entry lists every field")
        // And now nothing is left to do.
        XCTAssertEqual(try importRows(rows).line, "imported 0 new, 0 updated, 3 unchanged")
    }

    func testAFailingAppendOnAnUpdateIsRecordedByTheNextImport() throws {
        try importRows(rows)
        var failing = importer(user: "riley.second")
        failing.afterAuditWrite = { throw DiskFull() }
        var changed = rows
        changed[0] = changed[0].replacingOccurrences(of: ",Good", with: ",Outstanding")
        XCTAssertThrowsError(try importRows(changed, importer: failing))
        let id = try XCTUnwrap(idsByCase()["2024-04|CR-700001"])
        XCTAssertTrue(AuditRepository.fileIsUnrecorded(id, in: directory))

        XCTAssertEqual(try importRows(changed, importer: importer(user: "riley.second")).recorded, 1)
        assertEveryAuditRecorded()
        let last = try XCTUnwrap(try AuditHistory(directory: directory).entries(id).last)
        XCTAssertEqual(last.user, "riley.second")
        XCTAssertEqual(last.action, .amend)
        XCTAssertEqual(last.reason, "imported from \(csvFile.lastPathComponent)")
        XCTAssertEqual(last.changes, [FieldChange(field: "sections.assessment.grade", from: "good", to: "outstanding")])
    }
}

/// Results gathered from several threads.
final class ImportResults: @unchecked Sendable {
    private var list: [Int] = []
    private let lock = NSLock()
    func add(_ value: Int) {
        lock.lock()
        list.append(value)
        lock.unlock()
    }
    var values: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
}
