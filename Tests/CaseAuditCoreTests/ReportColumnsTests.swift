import XCTest
@testable import CaseAuditCore

/// Report rows counted from columns read straight from the index cache must equal those from
/// the facts `AuditIndex` loads, and from a plain per-audit count written here; whenever the
/// cache cannot be trusted as it is, the columns must come from the facts path.
final class ReportColumnsTests: XCTestCase {
    var tmp: TestDirectory!
    var data: DataDirectory!
    var store: AuditStore!
    var watchers: [FolderWatcher] = []
    /// Far enough ahead that files just written are old enough to cache.
    let later = Date().addingTimeInterval(3600)
    let sections: [String: [String]] = [
        "child-journey@1": ["chronology", "assessment", "plan", "visits", "voice"],
        "supervision-file@2": ["supervision", "plan"],
    ]
    let measures = [
        Measure(id: "plans", title: "Plans", section: "plan"),
        Measure(id: "cp-assessments", title: "CP assessments", section: "assessment", cohorts: [.childProtection, .lookedAfter]),
        Measure(id: "supervision", title: "Supervision", section: "supervision", cohorts: [.careLeaver]),
        Measure(id: "own-keys", title: "Only in retired files", section: "legacy"),
        Measure(id: "nowhere", title: "No template has it", section: "no-such-section"),
    ]
    let gradeSections = ["plan", "assessment", "supervision", "legacy", "no-such-section"]

    override func setUpWithError() throws {
        tmp = try TestDirectory()
        data = DataDirectory(root: tmp.url.appendingPathComponent("data"))
        store = AuditStore(directory: data)
    }

    override func tearDown() {
        for w in watchers { w.stop() }
        watchers = []
    }

    func sectionsFor(_ ref: TemplateRef) -> [String]? { sections[ref.key] }

    func loadFacts(watch: WatchClient? = nil) -> AuditIndex.Run {
        let table = sections
        return AuditIndex.loadCounting(directory: data, sectionsFor: { table[$0.key] }, now: later,
                                       factsAlongside: { table[$0.key] }, watch: watch)
    }

    func loadColumns(watch: WatchClient? = nil) -> (columns: ReportColumns, problems: [Diagnostic], fromCache: Bool) {
        let table = sections
        return AuditIndex.loadReportColumnsCounting(directory: data, sectionsFor: { table[$0.key] }, watch: watch, now: later,
                                                     counting: gradeSections)
    }

    /// `count` invented audits: drafts, no month, no team or auditor, every cohort or none,
    /// a template version no catalog knows (with its own section keys), N/A, blanks, moderation.
    func saveRandomAudits(_ count: Int, seed: UInt64) throws -> [Audit] {
        var rng = SplitMix(seed)
        let templates = [TemplateRef(id: "child-journey", version: 1), TemplateRef(id: "supervision-file", version: 2),
                         TemplateRef(id: "retired", version: 9)]
        let cohorts: [Cohort?] = [nil] + Cohort.allCases
        let grades: [Grade?] = [nil] + Grade.allCases
        var saved: [Audit] = []
        for i in 0..<count {
            let month = rng.next(6) == 0 ? nil : Month(ordinal: Month("2018-01")!.ordinal + rng.next(30))
            var a = Audit(id: String(format: "a%05d", i), template: templates[rng.next(3)],
                          status: rng.next(5) == 0 ? .draft : .complete, origin: .demo, caseRef: "CR-T\(i)",
                          cohort: cohorts[rng.next(cohorts.count)], team: ["", "North Team", "south team", "East, Team"][rng.next(4)],
                          auditor: ["", "Ann Example", "bob Sample", "Cy Invented"][rng.next(4)], worker: "Wil Example",
                          month: month, created: Date(timeIntervalSince1970: 1_543_622_400))
            for s in ["plan", "assessment", "supervision", "legacy", "voice"] where rng.next(4) != 0 {
                var record = SectionRecord(grade: grades[rng.next(grades.count)], rationale: "r")
                if rng.next(4) == 0 {
                    record.moderation = Moderation(grade: Grade.allCases[rng.next(5)], by: "Q. Lead", at: Date(timeIntervalSince1970: 1_546_100_000))
                }
                a.sections[s] = record
            }
            try store.save(a)
            saved.append(a)
        }
        return saved
    }

    /// The counting rules of product.md section 4, audit by audit, from facts.
    func plainMeasureRows(_ facts: [AuditFacts], by: Grouping, from: Month?, to: Month?) -> [MeasureRow] {
        var rows: [MeasureRow] = []
        for m in measures {
            var tally: [String: (audits: Int, graded: Int, good: Int)] = [:]
            for f in facts where Aggregator.inRange(f, from: from, to: to) {
                guard let period = by.period(of: f), f.templateSections.contains(m.section) else { continue }
                if !m.cohorts.isEmpty { guard let c = f.cohort, m.cohorts.contains(c) else { continue } }
                var t = tally[period] ?? (0, 0, 0)
                t.audits += 1
                if let g = f.grades[m.section], g != .na {
                    t.graded += 1
                    if g.isGoodOrBetter { t.good += 1 }
                }
                tally[period] = t
            }
            for period in tally.keys.sorted(by: by.sortsBefore) {
                let t = tally[period]!
                rows.append(MeasureRow(measure: m, period: period, audits: t.audits, graded: t.graded, goodOrBetter: t.good))
            }
        }
        return rows
    }

    func assertSameRows(_ columns: ReportColumns, _ facts: [AuditFacts], file: StaticString = #filePath, line: UInt = #line) {
        let bounds: [(Month?, Month?)] = [(nil, nil), (Month("2018-04"), Month("2019-03")), (Month("2019-01"), nil),
                                          (nil, Month("2018-06")), (Month("2020-01"), Month("2020-12"))]
        for by in Grouping.allCases {
            for (from, to) in bounds {
                let got = Aggregator.measureRows(measures: measures, columns: columns, by: by, from: from, to: to)
                XCTAssertEqual(got, Aggregator.measureRows(measures: measures, facts: facts, by: by, from: from, to: to),
                               "\(by) \(String(describing: from)) \(String(describing: to))", file: file, line: line)
                XCTAssertEqual(got, plainMeasureRows(facts, by: by, from: from, to: to),
                               "\(by) \(String(describing: from)) \(String(describing: to))", file: file, line: line)
                for s in gradeSections {
                    XCTAssertEqual(Aggregator.gradeRows(section: s, columns: columns, by: by, from: from, to: to),
                                   Aggregator.gradeRows(section: s, facts: facts, by: by, from: from, to: to),
                                   "\(s) \(by)", file: file, line: line)
                }
            }
        }
        for s in gradeSections {
            XCTAssertEqual(columns.anyHas(s), facts.contains { $0.templateSections.contains(s) }, s, file: file, line: line)
        }
    }

    func testColumnsFromTheCacheCountAsTheFactsForRandomDataSets() throws {
        for seed in [1, 2, 3] as [UInt64] {
            setUp()
            try setUpWithError()
            _ = try saveRandomAudits(150, seed: seed)
            let cold = loadColumns()
            XCTAssertFalse(cold.fromCache, "no cache yet: the facts path")
            let facts = loadFacts()
            XCTAssertEqual(facts.filesRead, 0)
            let warm = loadColumns()
            XCTAssertTrue(warm.fromCache, "nothing changed: columns straight from the cache")
            XCTAssertEqual(warm.columns.count, facts.facts.count)
            XCTAssertEqual(warm.problems, facts.problems, "the unknown template version is still reported")
            XCTAssertTrue(warm.problems.contains { $0.message.contains("template retired version 9") })
            assertSameRows(warm.columns, facts.facts)
            assertSameRows(cold.columns, facts.facts)
        }
    }

    func testTheWholeReportFromColumnsEqualsTheReportFromFacts() throws {
        _ = try saveRandomAudits(120, seed: 7)
        _ = loadFacts()
        let warm = loadColumns()
        XCTAssertTrue(warm.fromCache)
        let facts = loadFacts().facts
        for format in ReportFormat.allCases {
            let a = MeasureReport(measures: measures, columns: warm.columns, by: .quarter, from: nil, to: nil)
            let b = MeasureReport(measures: measures, facts: facts, by: .quarter, from: nil, to: nil)
            XCTAssertEqual(a.render(format), b.render(format), "\(format)")
        }
    }

    func testAChangedFileTakesTheFactsPathAndIsCounted() throws {
        var audits = try saveRandomAudits(60, seed: 11)
        _ = loadFacts()
        XCTAssertTrue(loadColumns().fromCache)
        // Every complete audit with a month and a plan section now has an Outstanding plan.
        let k = try XCTUnwrap(audits.firstIndex { $0.status == .complete && $0.month != nil && $0.template.id == "child-journey" })
        audits[k].sections["plan"] = SectionRecord(grade: .outstanding, rationale: "changed")
        try store.save(audits[k])
        let changed = loadColumns()
        XCTAssertFalse(changed.fromCache, "a changed file: the facts path")
        let facts = loadFacts()
        XCTAssertEqual(facts.filesRead, 0, "the facts path wrote the new cache")
        XCTAssertEqual(facts.facts.first { $0.id == audits[k].id }?.grades["plan"], .outstanding)
        assertSameRows(changed.columns, facts.facts)
        let again = loadColumns()
        XCTAssertTrue(again.fromCache)
        assertSameRows(again.columns, facts.facts)
    }

    func testAddedRemovedAndDamagedFilesTakeTheFactsPath() throws {
        let audits = try saveRandomAudits(40, seed: 5)
        _ = loadFacts()
        try FileManager.default.removeItem(at: data.auditFile(audits[3].id))
        let removed = loadColumns()
        XCTAssertFalse(removed.fromCache)
        assertSameRows(removed.columns, loadFacts().facts)

        try Data("{ not json".utf8).write(to: data.auditFile("zz-damaged"))
        for _ in 0..<2 {
            let damaged = loadColumns()
            XCTAssertFalse(damaged.fromCache, "a damaged file is never cached, so every run takes the facts path")
            XCTAssertEqual(damaged.problems.errors.count, 1)
            XCTAssertEqual(damaged.columns.count, 39)
        }
    }

    func testFreshFilesAreNotTrustedToColumns() throws {
        _ = try saveRandomAudits(10, seed: 3)
        let table = sections
        _ = AuditIndex.loadCounting(directory: data, sectionsFor: { table[$0.key] }, now: Date())
        let run = AuditIndex.loadReportColumnsCounting(directory: data, sectionsFor: { table[$0.key] }, now: Date(),
                                                       counting: gradeSections)
        XCTAssertFalse(run.fromCache, "files written in the last seconds are read again")
        XCTAssertEqual(run.columns.count, 10)
    }

    func testADamagedCacheTakesTheFactsPath() throws {
        _ = try saveRandomAudits(30, seed: 9)
        _ = loadFacts()
        let url = data.cache.appendingPathComponent(IndexCacheFile.fileName)
        var bytes = try Data(contentsOf: url)
        bytes.removeLast(3)
        try bytes.write(to: url)
        let run = loadColumns()
        XCTAssertFalse(run.fromCache)
        assertSameRows(run.columns, loadFacts().facts)
    }

    func testADamagedEntryIsNoColumns() throws {
        let audits = try saveRandomAudits(5, seed: 4)
        _ = loadFacts()
        let url = data.cache.appendingPathComponent(IndexCacheFile.fileName)
        var bytes = [UInt8](try Data(contentsOf: url))
        let image = try XCTUnwrap(IndexCacheFile.decode(CacheBytes(copying: bytes), strings: false))
        XCTAssertEqual(image.reportColumns(sectionsFor: sectionsFor, counting: gradeSections)?.columns.count, audits.count)
        // The first entry's team index (32 bytes into it) beyond the string table.
        for i in 0..<4 { bytes[image.entriesStart + 32 + i] = 0xff }
        let damaged = try XCTUnwrap(IndexCacheFile.decode(CacheBytes(copying: bytes), strings: false))
        XCTAssertNil(damaged.reportColumns(sectionsFor: sectionsFor, counting: gradeSections))
    }

    func testWithTheFolderWatcherColumnsComeFromTheCacheUntilAFileChanges() throws {
        var audits = try saveRandomAudits(30, seed: 13)
        let w = try XCTUnwrap(FolderWatcher(directory: data, idle: 60, maxNames: 20_000))
        w.start()
        watchers.append(w)
        let client = WatchClient(spawn: nil)
        _ = loadFacts(watch: client)
        _ = loadFacts(watch: client)
        let vouched = loadColumns(watch: client)
        XCTAssertTrue(vouched.fromCache)
        assertSameRows(vouched.columns, loadFacts().facts)

        let k = try XCTUnwrap(audits.firstIndex { $0.status == .complete })
        audits[k].team = "Renamed Team"
        try store.save(audits[k])
        let changed = loadColumns(watch: client)
        XCTAssertFalse(changed.fromCache)
        XCTAssertTrue(changed.columns.teams.contains("Renamed Team"))
        assertSameRows(changed.columns, loadFacts().facts)
    }
}

/// A small seeded generator, so every run makes the same data sets.
private struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
