import XCTest
@testable import CaseAuditCore

final class MeasuresFileTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// issue 10: the measures the improvement plan's baselines came from count only the child
    /// journey templates; themed plan audits and permanence have measures of their own.
    static let shippedMeasures = [
            Measure(id: "lac-assessment", title: "LAC assessments rated good or outstanding", section: "assessment",
                    cohorts: [.lookedAfter], baseline: 40, target: 70, templates: ["child-journey", "child-journey-lac"]),
            Measure(id: "plan-quality", title: "Plans rated good or outstanding", section: "plan",
                    cohorts: [], baseline: 44, target: 70, templates: ["child-journey", "child-journey-lac"]),
            Measure(id: "plan-smart-quality", title: "Plans rated good or outstanding in themed plan audits", section: "plan",
                    cohorts: [], baseline: nil, target: 70, templates: ["plan-smart"]),
            Measure(id: "supervision-quality", title: "Supervision rated good or outstanding", section: "supervision",
                    cohorts: [], baseline: nil, target: 70, templates: ["child-journey", "child-journey-lac"]),
            Measure(id: "contact-quality", title: "Contact arrangements rated good or outstanding", section: "contact",
                    cohorts: [.lookedAfter], baseline: nil, target: 70, templates: ["child-journey-lac", "contact-arrangements"]),
            Measure(id: "permanence-quality", title: "Permanence planning rated good or outstanding", section: "permanence",
                    cohorts: [.lookedAfter], baseline: nil, target: 70, templates: ["child-journey", "child-journey-lac"]),
            Measure(id: "children-seen-alone", title: "Children seen alone, or the reason recorded", section: "",
                    cohorts: [], baseline: nil, target: 90, templates: ["child-journey", "child-journey-lac"],
                    question: QuestionCount(question: "visits-seen-alone", rule: .yes)),
            Measure(id: "permanence-by-second-review", title: "Permanence plans agreed by the second review", section: "",
                    cohorts: [.lookedAfter], baseline: nil, target: 90, templates: ["child-journey-lac"],
                    question: QuestionCount(question: "permanence-plan-by-second-review", rule: .yes)),
            Measure(id: "supervision-no-long-gap", title: "Cases supervised with no gap of three months or more", section: "",
                    cohorts: [], baseline: nil, target: 90, templates: ["child-journey", "child-journey-lac"],
                    question: QuestionCount(question: "supervision-longest-gap", rule: .atMost(2))),
            Measure(id: "plan-actions-time-bound", title: "Plans with a clear timescale for every action", section: "",
                    cohorts: [], baseline: nil, target: 90, templates: ["child-journey", "child-journey-lac"],
                    question: QuestionCount(question: "plan-timescales", rule: .yes)),
        ]

    func testShippedDefaultsParseToTheMeasuresOfTheSpec() throws {
        let url = Self.fixtures.appendingPathComponent("measures/defaults.yaml")
        XCTAssertEqual(try MeasuresFile.load(url), Self.shippedMeasures)
    }

    /// A measures file written before `templates:` existed keeps its meaning: every template
    /// with the section counts.
    func testAnOldMeasuresFileWithoutTemplatesCountsEveryTemplate() throws {
        let url = Self.fixtures.appendingPathComponent("measures/defaults-before-templates.yaml")
        let measures = try MeasuresFile.load(url)
        XCTAssertEqual(measures.map(\.id), ["lac-assessment", "plan-quality", "supervision-quality", "contact-quality"])
        XCTAssertEqual(measures.map(\.templates), [[], [], [], []])
    }

    func testTemplatesIsAListOfIdsOrAll() {
        XCTAssertEqual(MeasuresFile.parse(measure(good + "\ntemplates: all"), file: "m").measures.first?.templates, [])
        XCTAssertEqual(MeasuresFile.parse(measure(good + "\ntemplates: [plan-smart, plan-smart]"), file: "m").measures.first?.templates,
                       ["plan-smart"])
        let empty = problems(measure(good + "\ntemplates: []"))
        XCTAssertEqual(empty.map(\.line), [8])
        XCTAssertTrue(empty[0].message.contains("templates must be"), empty[0].message)
        let bad = problems(measure(good + "\ntemplates: [child journey]"))
        XCTAssertEqual(bad.count, 1)
        XCTAssertTrue(bad[0].message.contains("\"child journey\" is not a template id"), bad[0].message)
        XCTAssertEqual(bad[0].severity, .error)
    }

    func testShippedDefaultsFileMatchesTheFixtureAndTheBuiltInCopy() throws {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("AuditTemplates/defaults/measures.yaml")
        let measures = try MeasuresFile.load(shipped)
        XCTAssertEqual(measures, try MeasuresFile.load(Self.fixtures.appendingPathComponent("measures/defaults.yaml")))
        XCTAssertEqual(measures, MeasuresFile.parse(MeasuresFile.builtInDefaults, file: "built-in").measures)
    }

    func testBuiltInDefaultsMatchTheFixture() throws {
        let url = Self.fixtures.appendingPathComponent("measures/defaults.yaml")
        let fixture = try MeasuresFile.load(url)
        let builtIn = MeasuresFile.parse(MeasuresFile.builtInDefaults, file: "built-in")
        XCTAssertEqual(builtIn.diagnostics, [])
        XCTAssertEqual(builtIn.measures, fixture)
    }

    private func problems(_ yaml: String) -> [Diagnostic] {
        MeasuresFile.parse(yaml, file: "measures.yaml").diagnostics
    }

    private func measure(_ fields: String) -> String {
        "measures:\n  - " + fields.split(separator: "\n").joined(separator: "\n    ") + "\n"
    }

    let good = "id: m1\ntitle: Plans\nsection: plan\ncohorts: all\nbaseline: 40\ntarget: 70"

    func testAGoodMeasureHasNoProblems() {
        XCTAssertEqual(problems(measure(good)), [])
    }

    func testUnknownKeyIsReportedWithLineAndColumn() {
        let p = problems(measure(good + "\ntargte: 80"))
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(p.first?.line, 8)
        XCTAssertEqual(p.first?.column, 5)
        XCTAssertEqual(p.first?.severity, .error)
        XCTAssertTrue(p.first?.message.contains("unknown key \"targte\"") ?? false, "\(p)")
        XCTAssertTrue(p.first?.remedy?.contains("allowed keys") ?? false)
        XCTAssertEqual(p.first?.file, "measures.yaml")
    }

    func testUnknownTopLevelKey() {
        let p = problems("measure:\n  - id: x\n")
        XCTAssertTrue(p.contains { $0.message.contains("unknown key \"measure\"") && $0.line == 1 }, "\(p)")
        XCTAssertTrue(p.contains { $0.message.contains("missing `measures:`") })
    }

    func testEveryMissingFieldIsReported() {
        let p = problems(measure("id: m1\nsection: plan"))
        let messages = p.map(\.message).joined(separator: "\n")
        for field in ["title", "cohorts", "baseline", "target"] {
            XCTAssertTrue(messages.contains("missing field \"\(field)\""), messages)
        }
        XCTAssertTrue(p.allSatisfy { $0.line == 2 && $0.remedy != nil }, "\(p)")
    }

    func testDuplicateIdsAreReportedAtTheSecond() {
        let yaml = measure(good) + "  - " + good.replacingOccurrences(of: "\n", with: "\n    ") + "\n"
        let (measures, p) = MeasuresFile.parse(yaml, file: "measures.yaml")
        XCTAssertEqual(measures.count, 1)
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(p.first?.line, 8)
        XCTAssertTrue(p.first?.message.contains("duplicate measure id \"m1\" (first defined on line 2)") ?? false, "\(p)")
    }

    func testBadCohorts() {
        for (value, fragment) in [("[LAC, XX]", "unknown cohort \"XX\""), ("some", "neither `all` nor"), ("[]", "empty list")] {
            let p = problems(measure(good.replacingOccurrences(of: "cohorts: all", with: "cohorts: \(value)")))
            XCTAssertEqual(p.count, 1, value)
            XCTAssertTrue(p.first?.message.contains(fragment) ?? false, "\(value): \(p)")
            XCTAssertEqual(p.first?.line, 5, value)
        }
        let lower = MeasuresFile.parse(measure(good.replacingOccurrences(of: "cohorts: all", with: "cohorts: [lac, CL]")), file: "m")
        XCTAssertEqual(lower.measures.first?.cohorts, [.lookedAfter, .careLeaver])
    }

    func testBaselineAndTargetMustBePercentagesOrNone() {
        for bad in ["120", "-1", "high", "[40]"] {
            let p = problems(measure(good.replacingOccurrences(of: "baseline: 40", with: "baseline: \(bad)")))
            XCTAssertEqual(p.count, 1, bad)
            XCTAssertTrue(p.first?.message.contains("is not a percentage from 0 to 100") ?? false, "\(bad): \(p)")
            XCTAssertEqual(p.first?.line, 6)
            XCTAssertEqual(p.first?.column, 15)
        }
        let none = MeasuresFile.parse(measure(good.replacingOccurrences(of: "target: 70", with: "target: none")), file: "m")
        XCTAssertEqual(none.diagnostics, [])
        XCTAssertNil(none.measures.first?.target)
        XCTAssertEqual(none.measures.first?.baseline, 40)
    }

    func testBaselineAboveTarget() {
        let p = problems(measure(good.replacingOccurrences(of: "baseline: 40", with: "baseline: 80")))
        XCTAssertEqual(p.count, 1)
        XCTAssertTrue(p.first?.message.contains("baseline 80 is above target 70") ?? false, "\(p)")
    }

    func testSectionOutsideTheSharedVocabularyIsAWarning() {
        let (measures, p) = MeasuresFile.parse(measure(good.replacingOccurrences(of: "section: plan", with: "section: plans")), file: "m")
        XCTAssertEqual(p.map(\.severity), [.warning])
        XCTAssertEqual(p.first?.line, 4)
        XCTAssertEqual(measures.count, 1)
    }

    func testYAMLSyntaxErrorHasAPlace() {
        let p = problems("measures:\n  - id: [unclosed\n")
        XCTAssertEqual(p.count, 1)
        XCTAssertNotNil(p.first?.line)
        XCTAssertTrue(p.first?.message.hasPrefix("YAML syntax") ?? false, "\(p)")
    }

    func testLoadThrowsDataErrorListingEveryProblem() throws {
        let dir = try TestDirectory()
        let url = dir.url.appendingPathComponent("measures.yaml")
        try Data(measure("id: m1\nsection: plan\ncohorts: [ZZ]").utf8).write(to: url)
        XCTAssertThrowsError(try MeasuresFile.load(url)) { error in
            guard let e = error as? DiagnosticsError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.status, .dataError)
            XCTAssertEqual(e.diagnostics.count, 4)  // title, baseline, target missing; bad cohort
        }
    }

    func testLoadOfAMissingFileIsNoInput() throws {
        let dir = try TestDirectory()
        XCTAssertThrowsError(try MeasuresFile.load(dir.url.appendingPathComponent("nope.yaml"))) { error in
            XCTAssertEqual((error as? CaseAuditError)?.status, .noInput)
        }
    }

    func testEnsureCreatesTheFileOnceWithMode0600() throws {
        let dir = try TestDirectory()
        let data = DataDirectory(root: dir.url.appendingPathComponent("data"))
        let defaults = Self.fixtures.appendingPathComponent("measures/defaults.yaml")
        let url = try MeasuresFile.ensure(directory: data, defaults: defaults)
        XCTAssertEqual(url, data.measuresFile)
        XCTAssertEqual(try Data(contentsOf: url), try Data(contentsOf: defaults))
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        try Data("measures: []\n".utf8).write(to: url)
        _ = try MeasuresFile.ensure(directory: data, defaults: defaults)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "measures: []\n", "an existing file is kept")
    }

    func testEnsureFallsBackToTheBuiltInDefaults() throws {
        let dir = try TestDirectory()
        let data = DataDirectory(root: dir.url)
        let url = try MeasuresFile.ensure(directory: data, defaults: dir.url.appendingPathComponent("missing.yaml"))
        XCTAssertEqual(try MeasuresFile.load(url), Self.shippedMeasures)
    }
}

/// A temporary folder removed when the test ends.
final class TestDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("caseaudit-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}
