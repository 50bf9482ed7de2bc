import XCTest
@testable import CaseAuditCore

final class AuditIndexTests: XCTestCase {
    var tmp: TestDirectory!
    var data: DataDirectory!
    var store: AuditStore!
    /// Far enough ahead that files just written are old enough to cache.
    let later = Date().addingTimeInterval(3600)

    let sections: [String: [String]] = [
        "child-journey@1": ["chronology", "assessment", "plan", "visits", "voice", "core-group", "supervision"],
        "supervision-file@2": ["supervision"],
    ]

    override func setUpWithError() throws {
        tmp = try TestDirectory()
        data = DataDirectory(root: tmp.url.appendingPathComponent("data"))
        store = AuditStore(directory: data)
    }

    func sectionsFor(_ ref: TemplateRef) -> [String]? { sections[ref.key] }

    func load() -> AuditIndex.Run {
        AuditIndex.loadCounting(directory: data, sectionsFor: sectionsFor, now: later)
    }

    var logURL: URL { data.cache.appendingPathComponent(IndexLog.fileName) }

    /// The file names the log holds a live entry for.
    func logged() -> [String] {
        (IndexLog.read(logURL, headerStart: IndexLog.headerStart(data))?.live.keys).map { $0.sorted() } ?? []
    }

    func audit(_ id: String, month: String = "2018-12", plan: Grade? = .good, team: String = "North") -> Audit {
        var a = Audit(id: id, template: TemplateRef(id: "child-journey", version: 1), status: .complete,
                      origin: .demo, caseRef: "CR-\(id)", cohort: .lookedAfter, team: team, auditor: "Ann Example",
                      worker: "Wil Example", month: Month(month), created: Date(timeIntervalSince1970: 1_543_622_400))
        a.sections["plan"] = SectionRecord(grade: plan, rationale: "Plan is clear")
        return a
    }

    func path(_ id: String) -> String { data.auditFile(id).path }

    /// Sets a file's mtime (seconds since 1970) without touching its contents.
    func setMtime(_ id: String, _ seconds: Int) {
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        XCTAssertEqual(utimensat(AT_FDCWD, path(id), &times, 0), 0)
    }

    func testFactsMatchTheFullDecoder() throws {
        var a = audit("2018-12-rich")
        a.cohort = .childProtection
        a.worker = "Zoë \"Quote\" Example\\"
        a.updated = Date(timeIntervalSince1970: 1_546_000_000)
        a.completed = a.updated
        a.sections["assessment"] = SectionRecord(
            answers: ["a1": Response(answer: .no, note: "Notes with ünïcödé, a tab\tand\nnew lines"),
                      "a2": Response(action: "ongoing", smart: SmartCheck(specific: true))],
            grade: .inadequate, rationale: "r",
            moderation: Moderation(grade: .good, by: "Q. Lead", at: Date(timeIntervalSince1970: 1_546_100_000), rationale: "m"))
        a.sections["voice"] = SectionRecord(grade: .na)
        a.sections["visits"] = SectionRecord()
        a.overall = Judgement(grade: .requiresImprovement, rationale: "o",
                              moderation: Moderation(grade: .good, by: "Q", at: Date(timeIntervalSince1970: 1_546_100_000)))
        a.actions = [AuditAction(what: "Update the plan", who: "SW", by: "2019-01-31")]
        a.feedback = Feedback(worker: "ok", family: "")
        try store.save(a)
        let draft = Audit(id: "2019-01-draft", template: TemplateRef(id: "supervision-file", version: 2), status: .draft,
                          created: Date(timeIntervalSince1970: 1_546_300_000))
        try store.save(draft)

        let run = load()
        XCTAssertEqual(run.problems, [])
        XCTAssertEqual(run.facts, [
            AuditFacts(audit: a, templateSections: sections["child-journey@1"]!),
            AuditFacts(audit: draft, templateSections: ["supervision"]),
        ])
        XCTAssertEqual(run.facts[0].grades, ["plan": .good, "assessment": .good, "voice": .na])
        XCTAssertEqual(run.facts[0].overall, .good)
        XCTAssertEqual(run.facts[1].month, nil)
        XCTAssertEqual(run.facts[1].team, "")
        // The cached copy gives the same answer.
        let warm = load()
        XCTAssertEqual(warm.filesRead, 0)
        XCTAssertEqual(warm.facts, run.facts)
    }

    func testSecondRunReadsNothingAndTheCacheLivesUnderDotCache() throws {
        for i in 0..<5 { try store.save(audit("a\(i)")) }
        XCTAssertEqual(load().filesRead, 5)
        XCTAssertTrue(FileManager.default.fileExists(atPath: logURL.path))
        let warm = load()
        XCTAssertEqual(warm.filesRead, 0)
        XCTAssertEqual(warm.facts.map(\.id), ["a0", "a1", "a2", "a3", "a4"])
    }

    func testAnEditOfTheSameSizeBehindItsBackIsSeen() throws {
        try store.save(audit("a1", plan: .good))
        setMtime("a1", 1_600_000_000)
        XCTAssertEqual(load().facts.first?.grades["plan"], .good)

        let before = try String(contentsOfFile: path("a1"), encoding: .utf8)
        let after = before.replacingOccurrences(of: "\"grade\" : \"good\"", with: "\"grade\" : \"na\"  ")
        XCTAssertNotEqual(before, after)
        XCTAssertEqual(before.utf8.count, after.utf8.count)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path("a1")))  // same inode
        handle.write(Data(after.utf8))
        try handle.close()
        setMtime("a1", 1_600_000_001)
        let run = load()
        XCTAssertEqual(run.filesRead, 1)
        XCTAssertEqual(run.facts.first?.grades["plan"], .na)
    }

    func testAnEditThatPutsTheMtimeBackIsStillSeen() throws {
        try store.save(audit("a1", team: "North"))
        setMtime("a1", 1_600_000_000)
        XCTAssertEqual(load().facts.first?.team, "North")
        let text = try String(contentsOfFile: path("a1"), encoding: .utf8).replacingOccurrences(of: "North", with: "South")
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path("a1")))
        handle.write(Data(text.utf8))
        try handle.close()
        setMtime("a1", 1_600_000_000)  // as `touch -d` or `cp -p` would; ctime still moves
        XCTAssertEqual(load().facts.first?.team, "South")
    }

    func testAddedRemovedAndCopiedFilesAreSeen() throws {
        try store.save(audit("a1"))
        try store.save(audit("a2"))
        XCTAssertEqual(load().facts.map(\.id), ["a1", "a2"])

        try store.save(audit("a3"))
        try FileManager.default.removeItem(atPath: path("a1"))
        var run = load()
        XCTAssertEqual(run.facts.map(\.id), ["a2", "a3"])
        XCTAssertEqual(run.filesRead, 1)

        // A copy under a new name keeps the old id inside: a problem, not a second audit.
        try FileManager.default.copyItem(atPath: path("a2"), toPath: path("a2-copy"))
        run = load()
        XCTAssertEqual(run.facts.map(\.id), ["a2", "a3"])
        XCTAssertEqual(run.problems.count, 1)
        XCTAssertEqual(run.problems.first?.file, path("a2-copy"))
        XCTAssertTrue(run.problems.first?.message.contains("does not match the file name") ?? false)

        // A copy from elsewhere replacing a file (new inode, maybe an old mtime) is seen.
        let elsewhere = tmp.url.appendingPathComponent("a3.json")
        try AuditCoding.encode(audit("a3", plan: .inadequate)).write(to: elsewhere)
        try FileManager.default.removeItem(atPath: path("a3"))
        try FileManager.default.copyItem(at: elsewhere, to: data.auditFile("a3"))
        XCTAssertEqual(load().facts.last?.grades["plan"], .inadequate)
    }

    func testDeletingTheCacheRebuildsIt() throws {
        for i in 0..<3 { try store.save(audit("a\(i)")) }
        let first = load()
        try FileManager.default.removeItem(at: data.cache)
        let rebuilt = load()
        XCTAssertEqual(rebuilt.filesRead, 3)
        XCTAssertEqual(rebuilt.facts, first.facts)
        XCTAssertEqual(load().filesRead, 0)
    }

    func testADamagedCacheIsIgnored() throws {
        for i in 0..<3 { try store.save(audit("a\(i)")) }
        let first = load()
        let cache = logURL
        let bytes = try Data(contentsOf: cache)
        try bytes.prefix(bytes.count / 2).write(to: cache)
        let again = load()
        XCTAssertEqual(again.facts, first.facts)
        XCTAssertGreaterThan(again.filesRead, 0, "the line cut short is read again from its file")
        try Data("garbage".utf8).write(to: cache)
        XCTAssertEqual(load().facts, first.facts)
    }

    func testADamagedFileIsReportedEveryRunAndNeverCached() throws {
        try store.save(audit("a1"))
        try Data("{\n  \"id\" : \"bad\",\n  \"schema\" : oops\n}\n".utf8).write(to: data.auditFile("bad"))
        for _ in 0..<2 {
            let run = load()
            XCTAssertEqual(run.facts.map(\.id), ["a1"])
            XCTAssertEqual(run.problems.count, 1)
            XCTAssertEqual(run.problems.first?.file, path("bad"))
            XCTAssertEqual(run.problems.first?.line, 3)
            XCTAssertEqual(run.problems.first?.severity, .error)
            XCTAssertNotNil(run.problems.first?.remedy)
        }
        XCTAssertEqual(logged(), ["a1.json"], "the damaged file is not in the log, so it is read again every run")
    }

    func testAGoodFileThatGoesBadIsDroppedFromTheCache() throws {
        try store.save(audit("a1"))
        try store.save(audit("a2"))
        _ = load()
        try Data("".utf8).write(to: data.auditFile("a2"))
        let run = load()
        XCTAssertEqual(run.facts.map(\.id), ["a1"])
        XCTAssertTrue(run.problems.first?.message.contains("empty") ?? false)
        XCTAssertEqual(logged(), ["a1.json"])
    }

    func testFreshFilesAreNotTrustedToTheCache() throws {
        try store.save(audit("a1"))
        _ = AuditIndex.loadCounting(directory: data, sectionsFor: sectionsFor, now: Date())
        XCTAssertEqual(AuditIndex.loadCounting(directory: data, sectionsFor: sectionsFor, now: Date()).filesRead, 1,
                       "a file changed in the last seconds is read again, in case it changes again within the same clock tick")
    }

    func testUnknownTemplateVersionFallsBackToTheSectionsInTheFileWithAWarning() throws {
        var a = audit("a1")
        a.template = TemplateRef(id: "retired", version: 9)
        try store.save(a)
        let run = load()
        XCTAssertEqual(run.facts.first?.templateSections, ["plan"])
        XCTAssertEqual(run.problems.map(\.severity), [.warning])
        XCTAssertTrue(run.problems.first?.message.contains("template retired version 9") ?? false)
        let warm = load()
        XCTAssertEqual(warm.filesRead, 0)
        XCTAssertEqual(warm.facts, run.facts)
        XCTAssertEqual(warm.problems, run.problems)
    }

    func testMissingAuditsFolderIsEmpty() {
        let run = load()
        XCTAssertEqual(run.facts, [])
        XCTAssertEqual(run.problems, [])
    }

    // MARK: the index reads a file as the store does

    func scanProblem(_ json: String, id: String = "x") -> Diagnostic? { scanProblem(Data(json.utf8), id: id) }

    func scanProblem(_ bytes: Data, id: String = "x") -> Diagnostic? {
        let folder = tmp.url.appendingPathComponent("scan-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? bytes.write(to: folder.appendingPathComponent("\(id).json"))
        if case .failure(let d)? = AuditIndex.readAudit(folder, "\(id).json") { return d }
        return nil
    }

    func validJSON() throws -> String {
        try String(decoding: AuditCoding.encode(audit("x")), as: UTF8.self)
    }

    func testScannerRejectsWhatTheDecoderRejects() throws {
        let good = try validJSON()
        XCTAssertNil(scanProblem(good))
        XCTAssertNoThrow(try AuditCoding.decode(Data(good.utf8), file: "x.json"))
        let cases: [(String, String)] = [
            (good.replacingOccurrences(of: "\"good\"", with: "\"great\""), "invalid String value great"),
            (good.replacingOccurrences(of: "\"LAC\"", with: "\"LOOKED\""), "invalid String value LOOKED"),
            (good.replacingOccurrences(of: "\"2018-12\"", with: "\"2018-13\""), "YYYY-MM"),
            (good.replacingOccurrences(of: "\"complete\"", with: "\"done\""), "invalid String value done"),
            (good.replacingOccurrences(of: "\"schema\" : 1", with: "\"schema\" : 2"), "newer than this program"),
            (good.replacingOccurrences(of: "\"schema\" : 1,", with: ""), "missing field \"schema\""),
            (good.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : \"1\""), "Expected to decode Int"),
            (good.replacingOccurrences(of: "2018-12-01T00:00:00Z", with: "yesterday"), "date"),
            (good.replacingOccurrences(of: "\"Plan is clear\"", with: "42"), "Expected to decode String"),
            (String(good.dropLast(3)), "not valid JSON"),
            (good + "}", "unexpected text after"),
            ("", "empty"),
        ]
        for (json, fragment) in cases {
            let problem = scanProblem(json)
            XCTAssertNotNil(problem, fragment)
            XCTAssertTrue(problem?.message.contains(fragment) ?? false, "\(fragment): \(String(describing: problem))")
            XCTAssertThrowsError(try AuditCoding.decode(Data(json.utf8), file: "x.json"), fragment)
        }
        XCTAssertTrue(scanProblem(good, id: "y")?.message.contains("does not match the file name") ?? false)
    }

    func testScannerGivesTheLineOfABadValue() throws {
        let good = try validJSON()
        let bad = good.replacingOccurrences(of: "\"good\"", with: "\"great\"")
        let line = bad.components(separatedBy: "\n").firstIndex { $0.contains("great") }! + 1
        XCTAssertEqual(scanProblem(bad)?.line, line)
    }

    func testInvalidUTF8IsAProblem() throws {
        var bytes = Array(try validJSON().utf8)
        let at = bytes.firstIndex(of: UInt8(ascii: "P"))!
        bytes[at] = 0xFF
        let problem = scanProblem(Data(bytes))
        XCTAssertTrue(problem?.message.contains("UTF-8") ?? false, "\(String(describing: problem))")
    }

    func testTheLogKeepsAwkwardTextExactly() throws {
        var a = audit("a1", team: "Tab\there, new\nline, back\\slash, = and \u{1F}")
        a.caseRef = "CR=1\\t"
        a.sections["odd=section\t"] = SectionRecord(grade: .inadequate)
        try store.save(a)
        let cold = load()
        let warm = load()
        XCTAssertEqual(warm.filesRead, 0)
        XCTAssertEqual(warm.facts, cold.facts)
        XCTAssertEqual(warm.facts.first?.team, a.team)
        XCTAssertEqual(warm.facts.first?.caseRef, a.caseRef)
    }

    func testDatesWithOffsets() {
        XCTAssertEqual(AuditDate.daysFromCivil(1970, 1, 1), 0)
        XCTAssertEqual(AuditDate.daysFromCivil(2018, 12, 1), 17866)
        XCTAssertEqual(AuditDate.daysFromCivil(2000, 3, 1), 11017)
    }
}
