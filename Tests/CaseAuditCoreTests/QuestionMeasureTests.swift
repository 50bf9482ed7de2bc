import XCTest
@testable import CaseAuditCore

/// issue 10: measures that count answers to one question instead of grades. Every figure here
/// was worked out by hand (docs/reports.md, "Question-level measures").
final class QuestionMeasureTests: XCTestCase {
    static let shipped = MeasuresFile.parse(MeasuresFile.builtInDefaults, file: "built-in").measures
    static func measure(_ id: String) -> Measure { shipped.first { $0.id == id }! }

    /// One audit with one answer (nil: left blank).
    static func audit(_ id: String, _ month: String, _ question: String, _ answer: String?, template: String = "child-journey",
                      cohort: Cohort = .childInNeed, status: AuditStatus = .complete) -> AuditFacts {
        AuditFacts(id: id, month: Month(month), template: TemplateRef(id: template, version: 1), cohort: cohort,
                   team: "North", auditor: "Ann Example", status: status, caseRef: "CR-\(id)",
                   templateSections: ["visits", "supervision", "plan"], marks: answer.map { [question: $0] } ?? [:])
    }

    /// The worked example of docs/reports.md: `children-seen-alone` in January 2019.
    static let example: [AuditFacts] = [
        audit("q1", "2019-01", "visits-seen-alone", "yes"),
        audit("q2", "2019-01", "visits-seen-alone", "yes", template: "child-journey-lac", cohort: .lookedAfter),
        audit("q3", "2019-01", "visits-seen-alone", "yes", cohort: .childProtection),
        audit("q4", "2019-01", "visits-seen-alone", "partly"),
        audit("q5", "2019-01", "visits-seen-alone", "partly", template: "child-journey-lac", cohort: .lookedAfter),
        audit("q6", "2019-01", "visits-seen-alone", "no", cohort: .childProtection),
        audit("q7", "2019-01", "visits-seen-alone", "na"),
        audit("q8", "2019-01", "visits-seen-alone", "na", template: "child-journey-lac", cohort: .lookedAfter),
        audit("q9", "2019-01", "visits-seen-alone", nil),
        audit("q10", "2019-01", "visits-seen-alone", "yes", status: .draft),
        audit("q11", "2019-01", "visits-seen-alone", "yes", template: "plan-smart"),
    ]

    func csvRows(_ measures: [Measure], _ facts: [AuditFacts], by: Grouping = .month, today: Month = Month("2019-04")!) -> [String] {
        let text = MeasureReport(measures: measures, facts: facts, by: by, from: nil, to: nil, today: today).render(.csv)
        return Array(text.split(separator: "\n").dropFirst().map(String.init))
    }

    /// Yes among yes, partly and no: 3 of 6; N/A, blank, the draft and the unnamed template left out.
    func testTheWorkedExampleYesPartlyNoNAAndBlank() {
        XCTAssertEqual(csvRows([Self.measure("children-seen-alone")], Self.example),
                       ["children-seen-alone,2019-01,9,6,3,50.0,,90,amber,18.8,81.2,no,,"])
        let behind = Counting.behind(Self.measure("children-seen-alone"), period: "2019-01", by: .month, in: Self.example)
        XCTAssertEqual(behind.map(\.audit.id), ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9"])
        XCTAssertEqual(behind.map(\.goodOrBetter), [true, true, true, false, false, false, nil, nil, nil])
    }

    /// `caseaudit audits` for it: the answer counted in `grade`, `good_or_better` yes, no or empty.
    func testTheAuditsBehindShowTheAnswerCounted() {
        let list = AuditList(audits: Self.example, filter: AuditFilter(""), measure: Self.measure("children-seen-alone"),
                             period: "2019-01", by: .month)
        let lines = list.render(.csv).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, AuditList.columns.joined(separator: ","))
        XCTAssertEqual(lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).suffix(2).joined(separator: ",") },
                       ["yes,yes", "yes,yes", "yes,yes", "partly,no", "partly,no", "no,no", "na,", "na,", ","])
        XCTAssertEqual(list.summary, "9 audits counted by children-seen-alone in 2019-01: 6 answered, 3 meeting the measure")
        XCTAssertTrue(list.render(.table).contains("Answer"), "the table names the column for what it holds")
    }

    /// A number question against its bound, on the boundary: 2 is at most 2, 3 is at least 3.
    func testAtMostAndAtLeastOnTheBoundary() {
        let answers: [String?] = ["1", "2", "3", "0", nil, "2.0", "3.5"]
        let facts = answers.enumerated().map { i, a in Self.audit("n\(i)", "2019-01", "supervision-longest-gap", a) }
        // 1, 2, 0 and 2.0 are at most 2 of the six answered; 3 and 3.5 are not.
        XCTAssertEqual(csvRows([Self.measure("supervision-no-long-gap")], facts),
                       ["supervision-no-long-gap,2019-01,7,6,4,66.7,,90,amber,30.0,90.3,no,,"])
        var atLeast = Self.measure("supervision-no-long-gap")
        atLeast.question = QuestionCount(question: "supervision-longest-gap", rule: .atLeast(3))
        XCTAssertEqual(csvRows([atLeast], facts), ["supervision-no-long-gap,2019-01,7,6,2,33.3,,90,amber,9.7,70.0,no,,"])
        XCTAssertEqual(QuestionCount(question: "g", rule: .atMost(2)).meets("2"), true)
        XCTAssertEqual(QuestionCount(question: "g", rule: .atMost(2)).meets("2.01"), false)
        XCTAssertEqual(QuestionCount(question: "g", rule: .atLeast(3)).meets("3"), true)
        XCTAssertEqual(QuestionCount(question: "g", rule: .atLeast(3)).meets("2.99"), false)
        XCTAssertNil(QuestionCount(question: "g", rule: .atLeast(3)).meets("three"))
        XCTAssertNil(QuestionCount(question: "g", rule: .yes).meets("na"))
    }

    /// Nothing answered: audits but no percentage, no interval, RAG none.
    func testNoneAnsweredHasNoPercentageAndNoInterval() {
        let facts = [Self.audit("z1", "2019-01", "visits-seen-alone", "na"), Self.audit("z2", "2019-01", "visits-seen-alone", nil)]
        let rows = Counting.measureRows([Self.measure("children-seen-alone")], in: facts, by: .month)
        XCTAssertEqual(rows.map { [$0.audits, $0.graded, $0.goodOrBetter] }, [[2, 0, 0]])
        XCTAssertNil(rows[0].percent)
        XCTAssertNil(rows[0].ciLow)
        XCTAssertNil(rows[0].ciHigh)
        XCTAssertEqual(rows[0].rag, RAG.none)
    }

    /// 0 of 5 and 5 of 5, with their intervals.
    func testNoneAndAllOfFive() {
        let none = (0..<5).map { Self.audit("o\($0)", "2019-01", "permanence-plan-by-second-review", "no") }
        let all = (0..<5).map { Self.audit("a\($0)", "2019-02", "permanence-plan-by-second-review", "yes") }
        let m = Self.measure("permanence-by-second-review")
        let lac = (none + all).map { f -> AuditFacts in
            var f = f
            f.template.id = "child-journey-lac"
            f.cohort = .lookedAfter
            return f
        }
        XCTAssertEqual(csvRows([m], lac), ["permanence-by-second-review,2019-01,5,5,0,0.0,,90,amber,0.0,43.4,no,,",
                                           "permanence-by-second-review,2019-02,5,5,5,100.0,,90,green,56.6,100.0,no,0.0,"])
        // Not LAC, or not the LAC template: not counted at all.
        XCTAssertEqual(csvRows([m], none + all), [])
    }

    /// Today is February 2019: the quarter January to March is partly in the future, so partial;
    /// the quarter before is over.
    func testAPeriodPartlyInTheFutureIsPartial() {
        let facts = [Self.audit("p1", "2018-12", "plan-timescales", "yes"), Self.audit("p2", "2019-01", "plan-timescales", "no"),
                     Self.audit("p3", "2019-02", "plan-timescales", "yes")]
        XCTAssertEqual(csvRows([Self.measure("plan-actions-time-bound")], facts, by: .quarter, today: Month("2019-02")!),
                       ["plan-actions-time-bound,FY2018-19 Q3,1,1,1,100.0,,90,green,20.7,100.0,no,,",
                        "plan-actions-time-bound,FY2018-19 Q4,2,2,1,50.0,,90,amber,9.5,90.5,yes,100.0,"])
    }

    /// The question is read from the answers, never from a grade: moderation of the section does not move it.
    func testGradesDoNotMoveAQuestionMeasure() {
        var a = Self.audit("g1", "2019-01", "visits-seen-alone", "no")
        a.grades = ["visits": .outstanding]
        XCTAssertEqual(Counting.measureRows([Self.measure("children-seen-alone")], in: [a], by: .month).map(\.goodOrBetter), [0])
    }

    /// A question measure is left out of the grade distributions (it has no section).
    func testAQuestionMeasureHasNoSectionToDistribute() {
        XCTAssertEqual(Measure.sections(Self.shipped), ["assessment", "plan", "supervision", "contact", "permanence"])
        XCTAssertEqual(Measure.answerIDs(Self.shipped),
                       ["permanence-plan-by-second-review", "plan-timescales", "supervision-longest-gap", "visits-seen-alone"])
    }
}

/// Every bad combination of the question keys in measures.yaml: an error with its line and a remedy.
final class QuestionMeasureFileTests: XCTestCase {
    static let catalog = TemplateCatalog.load(folder: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("AuditTemplates"))

    let head = "id: q1\ntitle: Seen alone\ncohorts: all\nbaseline: none\ntarget: 90"

    func parse(_ fields: String) -> (measures: [Measure], diagnostics: [Diagnostic]) {
        let yaml = "measures:\n  - " + (head + "\n" + fields).split(separator: "\n").joined(separator: "\n    ") + "\n"
        return MeasuresFile.parse(yaml, file: "measures.yaml", templates: Self.catalog.templates)
    }

    func testAGoodQuestionMeasure() {
        let (measures, problems) = parse("question: visits-seen-alone\ncounts: yes\ntemplates: [child-journey, child-journey-lac]")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(measures.first?.question, QuestionCount(question: "visits-seen-alone", rule: .yes))
        XCTAssertEqual(measures.first?.section, "")
        let bound = parse("question: supervision-longest-gap\nat_least: 2.5\ntemplates: [supervision-file]")
        XCTAssertEqual(bound.diagnostics, [])
        XCTAssertEqual(bound.measures.first?.question?.rule, .atLeast(2.5))
    }

    /// (fields, the line the problem is on, words of the message, words of the remedy)
    func testEachBadCombinationIsAnErrorWithLineAndRemedy() {
        let cases: [(String, Int, String, String)] = [
            ("section: visits\nquestion: visits-seen-alone\ncounts: yes\ntemplates: [child-journey]", 7,
             "names both", "remove `section:`"),
            ("question: visits-seen-alone\ntemplates: [child-journey]", 7, "does not say which answers meet it", "counts: yes"),
            ("question: visits-seen-alone\ncounts: yes\nat_most: 2\ntemplates: [child-journey]", 9,
             "one of counts, at_most and at_least", "keep one"),
            ("question: supervision-longest-gap\nat_most: 2\nat_least: 1\ntemplates: [child-journey]", 9,
             "has at_most and at_least", "keep one"),
            ("question: visits-seen-alone\ncounts: no\ntemplates: [child-journey]", 8, "counts \"no\" is not `yes`", "counts: yes"),
            ("question: supervision-longest-gap\nat_most: three\ntemplates: [child-journey]", 8, "at_most \"three\" is not a number", "at_most: 2"),
            ("question: visits-seen-alone\nat_most: 2\ntemplates: [child-journey]", 8,
             "at_most needs a number question, but \"visits-seen-alone\" is a answer question", "counts: yes"),
            ("question: supervision-longest-gap\ncounts: yes\ntemplates: [child-journey]", 8,
             "counts needs an answer question", "at_most: N"),
            ("question: visits-seen-alone\ncounts: yes\ntemplates: [child-journey, plan-smart]", 7,
             "template plan-smart has no question \"visits-seen-alone\"", "take plan-smart out"),
            ("question: visits-seen-alon\ncounts: yes\ntemplates: [child-journey]", 7,
             "template child-journey has no question \"visits-seen-alon\"", "correct the question id"),
            ("question: visits-seen-alone\ncounts: yes", 2, "must name the templates", "templates: [child-journey, child-journey-lac]"),
            ("question: visits-seen-alone\ncounts: yes\ntemplates: all", 9, "must name the templates", "add `templates:"),
            ("question: [a, b]\ncounts: yes\ntemplates: [child-journey]", 7, "must be one id", "visits-seen-alone"),
            ("question: visits seen alone\ncounts: yes\ntemplates: [child-journey]", 7, "\"visits seen alone\" is not a question id", "visits-seen-alone"),
            ("section: plan\ncounts: yes", 8, "\"counts\" belongs to a question measure", "add `question: ID`"),
            ("section: plan\nat_least: 3", 8, "\"at_least\" belongs to a question measure", "remove `at_least:`"),
            ("templates: [child-journey]", 2, "missing field \"section\"", "or `question:`"),
        ]
        for (fields, line, message, remedy) in cases {
            let (measures, problems) = parse(fields)
            XCTAssertEqual(measures, [], fields)
            XCTAssertEqual(problems.count, 1, "\(fields): \(problems)")
            guard let p = problems.first else { continue }
            XCTAssertEqual(p.severity, .error, fields)
            XCTAssertEqual(p.file, "measures.yaml")
            XCTAssertEqual(p.line, line, "\(fields): \(p)")
            XCTAssertTrue(p.message.contains(message), "\(fields): \(p.message)")
            XCTAssertTrue(p.remedy?.contains(remedy) ?? false, "\(fields): \(p.remedy ?? "")")
        }
    }

    /// Without the templates (a folder that lacks them), the question cannot be looked up: not an error.
    func testATemplateNotInstalledIsNotChecked() {
        let yaml = "measures:\n  - " + (head + "\nquestion: x-y\ncounts: yes\ntemplates: [local-audit]").split(separator: "\n").joined(separator: "\n    ") + "\n"
        XCTAssertEqual(MeasuresFile.parse(yaml, file: "m", templates: Self.catalog.templates).diagnostics, [])
    }

    /// `validate` and `report` refuse a broken question measure with exit 65, naming file and line.
    func testValidateAndReportExit65() throws {
        let binary = try caseauditBinary()
        let tmp = try TestDirectory()
        let data = DataDirectory(root: tmp.url.appendingPathComponent("data"))
        try FileManager.default.createDirectory(at: data.audits, withIntermediateDirectories: true)
        let yaml = "measures:\n  - " + (head + "\nquestion: visits-seen-alone\nat_most: 2\ntemplates: [child-journey]")
            .split(separator: "\n").joined(separator: "\n    ") + "\n"
        try yaml.write(to: data.measuresFile, atomically: true, encoding: .utf8)
        let args = ["--data", data.root.path, "--templates", try shippedTemplatesFolder().path]
        let validate = try runProcess(binary, ["validate"] + args)
        XCTAssertEqual(validate.status, 65, validate.stdout + validate.stderr)
        XCTAssertTrue((validate.stdout + validate.stderr).contains("measures.yaml:8:"), validate.stdout + validate.stderr)
        XCTAssertTrue((validate.stdout + validate.stderr).contains("at_most needs a number question"))
        let report = try runProcess(binary, ["report"] + args)
        XCTAssertEqual(report.status, 65, report.stderr)
        XCTAssertTrue(report.stderr.contains("measures.yaml:8:"), report.stderr)
        XCTAssertEqual(report.stdout, "")
    }
}

/// The index keeps the answers the measures count, and rebuilds only for a question it lacks.
final class QuestionAnswersIndexTests: XCTestCase {
    var tmp: TestDirectory!
    var data: DataDirectory!
    let later = Date().addingTimeInterval(3600)

    override func setUpWithError() throws {
        tmp = try TestDirectory()
        data = DataDirectory(root: tmp.url.appendingPathComponent("data"))
        for (i, answer) in [Answer.yes, .no, .na].enumerated() {
            var a = Audit(id: "a\(i)", template: TemplateRef(id: "child-journey", version: 1), status: .complete,
                          origin: .demo, caseRef: "CR-\(i)", cohort: .childInNeed, team: "North", auditor: "Ann Example",
                          worker: "Wil Example", month: Month("2018-12"), created: Date(timeIntervalSince1970: 1_543_622_400))
            var visits = SectionRecord(grade: .good, rationale: "r")
            visits.answers["visits-seen-alone"] = Response(answer: answer)
            a.sections["visits"] = visits
            var sup = SectionRecord(grade: .good, rationale: "r")
            sup.answers["supervision-longest-gap"] = Response(value: "\(i + 1)")
            a.sections["supervision"] = sup
            try AuditStore(directory: data).save(a)
        }
    }

    func load(_ answers: [String]) -> AuditIndex.Run {
        AuditIndex.loadCounting(directory: data, sectionsFor: { _ in ["visits", "supervision"] }, answers: answers, now: later)
    }

    func testAnswersComeThroughTheLogAndAWarmRunStaysWarm() throws {
        let cold = load(["visits-seen-alone"])
        XCTAssertEqual(cold.filesRead, 3)
        XCTAssertEqual(cold.facts.map { $0.marks["visits-seen-alone"] }, ["yes", "no", "na"])
        XCTAssertNil(cold.facts[0].marks["supervision-longest-gap"], "only the answers asked for are kept")
        let warm = load(["visits-seen-alone"])
        XCTAssertEqual(warm.filesRead, 0)
        XCTAssertEqual(warm.facts, cold.facts)
        // A command that counts no question (export, grades) uses the log as it is.
        XCTAssertEqual(load([]).filesRead, 0)
        let header = try String(contentsOf: data.cache.appendingPathComponent(IndexLog.fileName), encoding: .utf8)
            .prefix { $0 != "\n" }
        XCTAssertTrue(header.hasPrefix("caseaudit audit index 4\t"), String(header))
        XCTAssertTrue(header.hasSuffix("\tvisits-seen-alone"), String(header))
    }

    func testANewQuestionRebuildsTheLogOnce() {
        _ = load(["visits-seen-alone"])
        let added = load(["visits-seen-alone", "supervision-longest-gap"])
        XCTAssertEqual(added.filesRead, 3, "the log lacks the new question's answers")
        XCTAssertEqual(added.facts.map { $0.marks["supervision-longest-gap"] }, ["1", "2", "3"])
        XCTAssertEqual(load(["supervision-longest-gap", "visits-seen-alone"]).filesRead, 0)
        XCTAssertEqual(load(["supervision-longest-gap"]).filesRead, 0, "a question fewer reuses the log")
        let measure = Measure(id: "gap", title: "Gap", section: "", templates: ["child-journey"],
                              question: QuestionCount(question: "supervision-longest-gap", rule: .atMost(2)))
        let rows = Counting.measureRows([measure], in: load(Measure.answerIDs([measure])).facts, by: .month)
        XCTAssertEqual(rows.map { [$0.audits, $0.graded, $0.goodOrBetter] }, [[3, 3, 2]])
    }
}
