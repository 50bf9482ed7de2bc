import XCTest
@testable import CaseAuditCore
#if canImport(Glibc)
import Glibc
#endif

final class AuditStoreTests: XCTestCase {
    private var scratch = ScratchData()

    override func setUp() { scratch = ScratchData() }
    override func tearDown() { scratch.cleanUp() }

    private func savedAudit() throws -> (Audit, Data) {
        let audit = Sample.completeAudit()
        try scratch.store.save(audit)
        return (audit, try XCTUnwrap(scratch.bytes(audit.id)))
    }

    // MARK: failed writes

    func testFailureBeforeRenameLeavesThePreviousFileIntact() throws {
        let (audit, before) = try savedAudit()
        var changed = audit
        changed.team = "Team Beta"
        XCTAssertThrowsError(try scratch.store.save(changed, beforeRename: { throw InjectedFailure() })) {
            XCTAssertTrue($0 is InjectedFailure, "\($0)")
        }
        XCTAssertEqual(scratch.bytes(audit.id), before)
        XCTAssertEqual(scratch.temporaryFiles(), [])
        XCTAssertEqual(try scratch.store.load(audit.id).team, "Team Alpha")
    }

    func testWriteIntoReadOnlyFolderLeavesThePreviousFileIntact() throws {
        let (audit, before) = try savedAudit()
        // Root ignores folder permissions, so act as an ordinary user who owns the data.
        let asRoot = geteuid() == 0
        if asRoot {
            scratch.chownAll(to: 65534)
            XCTAssertEqual(seteuid(65534), 0)
        }
        defer { if asRoot { seteuid(0) } }
        chmod(scratch.directory.audits.path, 0o500)
        defer { chmod(scratch.directory.audits.path, 0o700) }
        if faccessat(AT_FDCWD, scratch.directory.audits.path, W_OK, AT_EACCESS) == 0 {
            throw XCTSkip("folder permissions do not stop this user, so a read-only folder cannot be made")
        }
        var changed = audit
        changed.team = "Team Beta"
        XCTAssertThrowsError(try scratch.store.save(changed)) { error in
            guard let e = error as? CaseAuditError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.status, .cannotCreate)
            XCTAssertNotNil(e.diagnostic.remedy)
        }
        XCTAssertEqual(scratch.bytes(audit.id), before)
        XCTAssertEqual(scratch.temporaryFiles(), [])
    }

    /// A write that fails part-way (the file size limit stands in for a full disk, and works
    /// even for root, whom folder permissions do not stop).
    func testWriteFailingPartWayLeavesThePreviousFileIntact() throws {
        let (audit, before) = try savedAudit()
        var changed = audit
        changed.overall.rationale = String(repeating: "A long rationale. ", count: 2000)
        let oldHandler = signal(SIGXFSZ, SIG_IGN)
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
        var small = limit
        small.rlim_cur = 4096
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &small), 0)
        XCTAssertThrowsError(try scratch.store.save(changed)) { error in
            XCTAssertTrue(error is CaseAuditError, "\(error)")
        }
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
        signal(SIGXFSZ, oldHandler)
        XCTAssertEqual(scratch.bytes(audit.id), before)
        XCTAssertEqual(scratch.temporaryFiles(), [])
        // And the same write succeeds once there is room.
        try scratch.store.save(changed)
        XCTAssertEqual(try scratch.store.load(audit.id), changed)
    }

    // MARK: permissions

    func testFoldersAre0700AndFiles0600UnderUmaskZero() throws {
        let old = umask(0)
        defer { umask(old) }
        let d = scratch.directory
        XCTAssertFalse(d.exists)
        try d.prepare(defaultMeasures: Data("measures: []\n".utf8))
        for folder in [d.root, d.audits, d.templates, d.history, d.locks] {
            XCTAssertEqual(scratch.mode(folder), 0o700, folder.path)
        }
        XCTAssertEqual(scratch.mode(d.measuresFile), 0o600)
        let audit = Sample.completeAudit()
        try scratch.store.save(audit)
        XCTAssertEqual(scratch.mode(d.auditFile(audit.id)), 0o600)
        // Replacing the file keeps it private.
        try scratch.store.save(audit)
        XCTAssertEqual(scratch.mode(d.auditFile(audit.id)), 0o600)
        try scratch.store.snapshotTemplate(audit.template, yaml: Data("id: child-journey\n".utf8))
        XCTAssertEqual(scratch.mode(d.templateSnapshot(audit.template)), 0o600)
        XCTAssertNil(d.permissionWarning())
    }

    func testSaveCreatesTheDataDirectoryPrivately() throws {
        let old = umask(0)
        defer { umask(old) }
        try scratch.store.save(Sample.completeAudit())
        XCTAssertEqual(scratch.mode(scratch.directory.root), 0o700)
        XCTAssertEqual(scratch.mode(scratch.directory.audits), 0o700)
    }

    // MARK: damaged files

    func testDamagedFileIsNeverOverwritten() throws {
        let audit = Sample.completeAudit()
        let damaged: [String: Data] = [
            "truncated": Data("{\n  \"id\" : \"2018-12-0000abcd\",\n  \"sche".utf8),
            "not UTF-8": Data([0x7B, 0xFF, 0xFE, 0x7D]),
            "empty": Data(),
            "wrong id": try AuditCoding.encode({ var a = audit; a.id = "another"; return a }()),
        ]
        for (what, bytes) in damaged {
            try AtomicFile.makeFolder(scratch.directory.audits)
            try bytes.write(to: scratch.directory.auditFile(audit.id))
            XCTAssertThrowsError(try scratch.store.save(audit), what) { error in
                guard let e = error as? CaseAuditError else { return XCTFail("\(what): \(error)") }
                XCTAssertEqual(e.status, .dataError, what)
                XCTAssertTrue(e.diagnostic.message.contains("refusing to overwrite"), what)
                XCTAssertTrue(e.diagnostic.file.hasSuffix("2018-12-0000abcd.json"), what)
            }
            XCTAssertEqual(scratch.bytes(audit.id), bytes, what)
            XCTAssertEqual(scratch.temporaryFiles(), [], what)
        }
    }

    func testLoadAllReportsDamagedFilesAndReturnsTheGoodOnes() throws {
        let good = Sample.completeAudit()
        try scratch.store.save(good)
        var second = Sample.completeAudit()
        second.id = "2018-11-00000002"
        try scratch.store.save(second)
        let valid = String(decoding: try AuditCoding.encode(good), as: UTF8.self)
        try scratch.write("", as: "empty.json")
        try scratch.write(String(valid.prefix(120)), as: "truncated.json")
        try AtomicFile.makeFolder(scratch.directory.audits)
        try Data([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D]).write(to: scratch.directory.audits.appendingPathComponent("latin.json"))
        try scratch.write(valid.replacingOccurrences(of: "\"schema\" : 1", with: "\"schema\" : 99")
            .replacingOccurrences(of: "2018-12-0000abcd", with: "future"), as: "future.json")
        try scratch.write(valid.replacingOccurrences(of: "\"status\" : \"draft\"", with: "\"status\" : 5")
            .replacingOccurrences(of: "2018-12-0000abcd", with: "badtype"), as: "badtype.json")
        try scratch.write(valid.replacingOccurrences(of: "\"schema\" : 1,", with: "")
            .replacingOccurrences(of: "2018-12-0000abcd", with: "noschema"), as: "noschema.json")
        try scratch.write(valid, as: "copied.json")
        // Not audits: ignored.
        try scratch.write("half", as: ".tmp-2018-12-0000abcd.json.123.456")
        try scratch.write("notes", as: "README.txt")

        let result = scratch.store.loadAll()
        XCTAssertEqual(result.audits.map(\.id).sorted(), ["2018-11-00000002", "2018-12-0000abcd"])
        let byFile = Dictionary(uniqueKeysWithValues: result.problems.map {
            (URL(fileURLWithPath: $0.file).lastPathComponent, $0)
        })
        XCTAssertEqual(byFile.keys.sorted(), ["badtype.json", "copied.json", "empty.json", "future.json",
                                              "latin.json", "noschema.json", "truncated.json"])
        XCTAssertTrue(result.problems.allSatisfy { $0.severity == .error && $0.remedy != nil })
        XCTAssertTrue(byFile["empty.json"]!.message.contains("empty"))
        XCTAssertTrue(byFile["truncated.json"]!.message.contains("not valid JSON"), byFile["truncated.json"]!.message)
        XCTAssertTrue(byFile["latin.json"]!.message.contains("UTF-8"))
        XCTAssertTrue(byFile["future.json"]!.message.contains("schema 99"))
        XCTAssertTrue(byFile["badtype.json"]!.message.contains("status"), byFile["badtype.json"]!.message)
        XCTAssertTrue(byFile["noschema.json"]!.message.contains("missing field \"schema\""), byFile["noschema.json"]!.message)
        XCTAssertTrue(byFile["copied.json"]!.message.contains("does not match the file name"))
        // Field problems point at the field's line.
        let lines = valid.split(separator: "\n", omittingEmptySubsequences: false)
        for (name, key) in [("badtype.json", "\"status\""), ("future.json", "\"schema\"")] {
            let line = try XCTUnwrap(byFile[name]?.line, name)
            XCTAssertTrue(lines[line - 1].contains(key), "\(name): line \(line)")
        }
        XCTAssertEqual(byFile["truncated.json"]?.line, valid.prefix(120).split(separator: "\n", omittingEmptySubsequences: false).count)
    }

    // MARK: file layout

    /// The golden file was written by this encoder and read by hand: keys sorted at every level,
    /// two-space indentation, ISO 8601 UTC dates, slashes unescaped, a final newline.
    func testAuditJSONRoundTripKeepsTheGoldenLayout() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "golden-audit", withExtension: "json",
                                                  subdirectory: "Fixtures"))
        let golden = try Data(contentsOf: url)
        let audit = Self.goldenAudit()
        let encoded = try AuditCoding.encode(audit)
        XCTAssertEqual(String(decoding: encoded, as: UTF8.self), String(decoding: golden, as: UTF8.self))
        let decoded = try AuditCoding.decode(golden, file: url.path)
        XCTAssertEqual(decoded, audit)
        XCTAssertEqual(try AuditCoding.encode(decoded), golden)
        // Through the store too.
        try scratch.store.save(decoded)
        XCTAssertEqual(scratch.bytes(audit.id), golden)
    }

    static func goldenAudit() -> Audit {
        var a = Sample.completeAudit()
        a.status = .complete
        a.completed = Date(timeIntervalSince1970: 1_544_745_600) // 2018-12-14
        a.updated = a.completed!
        a.sections["plan"]?.moderation = Moderation(grade: .requiresImprovement, by: "Alex Moderator",
                                                    at: Date(timeIntervalSince1970: 1_546_300_800),
                                                    rationale: "Actions lack timescales.")
        a.sections["plan"]?.answers["plan-contingency"]?.note = "Contingency is generic: see 3/12 notes, “café” meeting."
        a.actions = [AuditAction(what: "Update the chronology", who: "Sam Sample", by: "2019-01-15")]
        a.feedback = Feedback(worker: "Useful discussion.", family: "")
        return a
    }
}
