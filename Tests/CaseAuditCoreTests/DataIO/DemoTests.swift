import XCTest
@testable import CaseAuditCore

final class DemoTests: XCTestCase {
    let end = Month("2025-11")!

    func generator(audits: Int, seed: UInt64 = 7) throws -> DemoGenerator {
        try DemoGenerator(templates: DataIOFixtures.templates, options: .init(audits: audits, seed: seed, endMonth: end))
    }

    func testSplitMix64KnownValues() {
        // Reference values of SplitMix64 seeded with 1234567.
        var rng = SplitMix64(seed: 1_234_567)
        XCTAssertEqual(rng.next(), 6_457_827_717_110_365_317)
        XCTAssertEqual(rng.next(), 3_203_168_211_198_807_973)
    }

    func testSameSeedGivesIdenticalFiles() throws {
        let a = DataIOFixtures.temporaryFolder("demoA")
        let b = DataIOFixtures.temporaryFolder("demoB")
        defer {
            try? FileManager.default.removeItem(at: a)
            try? FileManager.default.removeItem(at: b)
        }
        for root in [a, b] {
            let result = try DemoGenerator.fill(DataDirectory(root: root), templates: DataIOFixtures.templates,
                                                options: .init(audits: 300, seed: 42, endMonth: end), force: false,
                                                defaultMeasures: Data("measures: []\n".utf8))
            XCTAssertEqual(result.written, 300)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: a.appendingPathComponent("audits").path).sorted()
        XCTAssertEqual(names.count, 300)
        XCTAssertFalse(names.contains { $0.hasPrefix(".tmp-") })
        XCTAssertEqual(names, try FileManager.default.contentsOfDirectory(atPath: b.appendingPathComponent("audits").path).sorted())
        for name in names {
            let left = try Data(contentsOf: a.appendingPathComponent("audits/\(name)"))
            let right = try Data(contentsOf: b.appendingPathComponent("audits/\(name)"))
            XCTAssertEqual(left, right, name)
        }
        // Every file is a readable audit whose id matches its name.
        let loaded = AuditStore(directory: DataDirectory(root: a)).loadAll()
        XCTAssertEqual(loaded.audits.count, 300)
        XCTAssertEqual(loaded.problems, [])
        let mode = try FileManager.default.attributesOfItem(atPath: a.appendingPathComponent("audits/\(names[0])").path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }

    func testDifferentSeedsDiffer() throws {
        XCTAssertNotEqual(try generator(audits: 50, seed: 1).audit(3), try generator(audits: 50, seed: 2).audit(3))
    }

    func testRefusesADataDirectoryWithAuditsUnlessForced() throws {
        let root = DataIOFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = DataDirectory(root: root)
        try AuditStore(directory: directory).save(DataIOSampleAudits.imported)
        XCTAssertThrowsError(try DemoGenerator.fill(directory, templates: DataIOFixtures.templates,
                                                    options: .init(audits: 10, endMonth: end), force: false, defaultMeasures: nil)) { error in
            let e = error as? CaseAuditError
            XCTAssertEqual(e?.status, .usage)
            XCTAssertTrue(e?.description.contains("already holds 1 audit") ?? false)
            XCTAssertTrue(e?.description.contains("--force") ?? false)
        }
        XCTAssertEqual(AuditStore(directory: directory).auditFiles().count, 1)
        _ = try DemoGenerator.fill(directory, templates: DataIOFixtures.templates,
                                   options: .init(audits: 10, endMonth: end), force: true, defaultMeasures: nil)
        XCTAssertEqual(AuditStore(directory: directory).auditFiles().count, 11)
    }

    func testNoTemplatesIsAClearError() {
        XCTAssertThrowsError(try DemoGenerator(templates: InMemoryTemplates([]), options: .init(endMonth: end))) { error in
            XCTAssertEqual((error as? CaseAuditError)?.status, .noInput)
        }
    }

    /// Plans rise from about 44% to about 57% good or better; LAC assessments from about 40% to 52%.
    func testTrendImprovesOverTheEighteenMonths() throws {
        let g = try generator(audits: 3600)
        let audits = (0..<3600).map(g.audit)
        let firstQuarter = Set((0..<3).map { g.startMonth.adding(months: $0) })
        let lastQuarter = Set((15..<18).map { g.startMonth.adding(months: $0) })
        func percent(_ months: Set<Month>, section: String, cohort: Cohort? = nil) -> Double {
            let graded = audits.filter { a in
                a.status == .complete && months.contains(a.month!) && (cohort == nil || a.cohort == cohort)
            }.compactMap { $0.effectiveGrade(section: section) }.filter { $0 != .na }
            return 100 * Double(graded.filter(\.isGoodOrBetter).count) / Double(graded.count)
        }
        let planStart = percent(firstQuarter, section: "plan")
        let planEnd = percent(lastQuarter, section: "plan")
        XCTAssertEqual(planStart, 45.5, accuracy: 5, "plans at the start")
        XCTAssertEqual(planEnd, 55.5, accuracy: 5, "plans at the end")
        XCTAssertGreaterThan(planEnd - planStart, 5)
        let lacStart = percent(firstQuarter, section: "assessment", cohort: .lookedAfter)
        let lacEnd = percent(lastQuarter, section: "assessment", cohort: .lookedAfter)
        XCTAssertEqual(lacStart, 41, accuracy: 7, "LAC assessments at the start")
        XCTAssertEqual(lacEnd, 51, accuracy: 7, "LAC assessments at the end")
        XCTAssertGreaterThan(lacEnd, lacStart)
    }

    /// With the default 240 audits and the shipped templates the trend shows quarter on quarter,
    /// not only in large samples: the first and last three months of plans and LAC assessments.
    func testTrendShowsAtTheDefaultSize() throws {
        let catalog = TemplateCatalog.load(folder: ExportCountsTests.repositoryRoot.appendingPathComponent("AuditTemplates"))
        for seed: UInt64 in [1, 2, 3] {
            let g = try DemoGenerator(templates: catalog, options: .init(audits: 240, seed: seed, endMonth: end))
            let audits = (0..<240).map(g.audit)
            func percent(_ months: Range<Int>, section: String, lac: Bool) -> Double {
                let wanted = Set(months.map { g.startMonth.adding(months: $0) })
                let grades = audits.filter { $0.isComplete && wanted.contains($0.month!) && (!lac || $0.cohort == .lookedAfter) }
                    .compactMap { $0.effectiveGrade(section: section) }.filter { $0 != .na }
                return 100 * Double(grades.filter(\.isGoodOrBetter).count) / Double(grades.count)
            }
            let plans = (percent(0..<3, section: "plan", lac: false), percent(15..<18, section: "plan", lac: false))
            let lac = (percent(0..<6, section: "assessment", lac: true), percent(12..<18, section: "assessment", lac: true))
            XCTAssertEqual(plans.0, 44, accuracy: 8, "seed \(seed): plans at the start")
            XCTAssertEqual(plans.1, 57, accuracy: 8, "seed \(seed): plans at the end")
            XCTAssertGreaterThan(plans.1, plans.0 + 4, "seed \(seed)")
            XCTAssertGreaterThan(lac.1, lac.0, "seed \(seed): LAC assessments improve")
        }
    }

    func testShapeOfTheData() throws {
        let g = try generator(audits: 2000)
        let audits = (0..<2000).map(g.audit)
        XCTAssertEqual(Set(audits.map(\.id)).count, 2000, "ids are unique")
        XCTAssertEqual(audits.compactMap(\.month).min(), Month("2024-06"))
        XCTAssertEqual(audits.compactMap(\.month).max(), end)
        let drafts = audits.filter { $0.status == .draft }.count
        XCTAssertTrue((20...100).contains(drafts), "about 3% drafts, got \(drafts)")
        let imported = audits.filter { $0.origin == .imported }.count
        XCTAssertTrue((20...100).contains(imported), "a few imported, got \(imported)")
        let grades = audits.flatMap { $0.sections.values }.filter { $0.grade != nil }
        let moderated = grades.filter { $0.moderation != nil }.count
        XCTAssertEqual(Double(moderated) / Double(grades.count), 0.05, accuracy: 0.02)
        XCTAssertTrue(audits.contains { !$0.actions.isEmpty })
        XCTAssertTrue(audits.contains { !$0.feedback.worker.isEmpty })
        XCTAssertTrue(audits.contains { !$0.feedback.family.isEmpty })
        XCTAssertEqual(Set(audits.map(\.team)).count, 5, "teams whose templates exist (no front door template here)")
        for a in audits {
            XCTAssertTrue(a.caseRef.range(of: #"^CR-\d{6}$"#, options: .regularExpression) != nil, a.caseRef)
            let template = DataIOFixtures.templates.template(a.template)!
            XCTAssertTrue(template.cohorts.contains(a.cohort!), "\(a.id) cohort fits the template")
            if a.team == "Hillcrest LAC" { XCTAssertEqual(a.cohort, .lookedAfter) }
            if a.status == .complete, a.origin != .imported {
                XCTAssertEqual(CompletionCheck.gaps(in: a, template: template).map(\.message), [], "\(a.id) passes the completion check")
            }
            for (sid, record) in a.sections {
                let section = template.section(sid)!
                // A limiting question answered No never sits under a grade above its cap.
                for limit in section.limits {
                    if let answer = record.answers[limit.question]?.answer, limit.when.contains(answer),
                       let g = record.grade?.rank, let cap = limit.cap.rank {
                        XCTAssertLessThanOrEqual(g, cap, "\(a.id) \(sid)")
                    }
                }
                for (qid, r) in record.answers {
                    if let answer = r.answer, section.question(qid)?.needsNote(answer) == true {
                        XCTAssertTrue(r.hasNote, "\(a.id) \(sid) \(qid): an answer that needs a note carries one")
                    }
                }
            }
        }
    }
}
