import CaseAuditCore
@testable import CaseAuditUI
import Foundation
import XCTest

/// A small looked-after-children template built in code, so tests do not depend on shipped YAML.
enum TestTemplates {
    static let lac = AuditTemplate(
        id: "child-journey-lac", title: "Child journey audit (looked after children)", version: 1,
        description: "Monthly audit of a looked after child's case file.", cohorts: [.lookedAfter, .careLeaver],
        sections: [
            TemplateSection(id: "chronology", title: "Chronology", guidance: "Read the chronology from the start of the current episode.",
                            graded: true, questions: [
                                Question(id: "chron-up-to-date", text: "Is the chronology up to date?", guidance: "Updated within the last month.", type: .answer),
                                Question(id: "chron-significant", text: "Does it record significant events and their impact on the child?", type: .answer),
                            ]),
            TemplateSection(id: "assessment", title: "Assessment", guidance: "Read the latest assessment and its analysis.", graded: true,
                            questions: [
                                Question(id: "assess-current", text: "Is there an up-to-date assessment on file?", type: .answer,
                                         source: "Assessments: comprehensive and analytical (LAC)"),
                                Question(id: "assess-analysis", text: "Does the assessment analyse risks and protective factors and inform the plan?", type: .answer),
                                Question(id: "placement", text: "Where is the child living?", type: .choice,
                                         options: ["Foster care", "Kinship care", "Residential", "Placed with parents"]),
                            ],
                            limits: [LimitRule(question: "assess-current", cap: .requiresImprovement)]),
            TemplateSection(id: "plan", title: "Plan", graded: true, questions: [
                Question(id: "plan-action", text: "Quote one action from the plan and check it is SMART.", type: .smart),
                Question(id: "plan-reviewed", text: "When was the plan last reviewed?", type: .date),
            ]),
            TemplateSection(id: "case-details", title: "Case details", graded: false, questions: [
                Question(id: "visits-count", text: "How many visits in the last three months?", type: .number, required: false),
                Question(id: "child-view", text: "What does the child say about their plan?", type: .text, required: false),
            ]),
        ])

    static let measures = [
        Measure(id: "lac-assessment", title: "LAC assessments rated good or outstanding", section: "assessment",
                cohorts: [.lookedAfter], baseline: 40, target: 70),
        Measure(id: "plan-quality", title: "Plans rated good or outstanding", section: "plan", baseline: 44, target: 70),
        Measure(id: "supervision-quality", title: "Supervision rated good or outstanding", section: "supervision", target: 70),
        Measure(id: "contact-quality", title: "Contact arrangements rated good or outstanding", section: "contact",
                cohorts: [.lookedAfter], target: 70),
    ]
}

/// Fixed clock: 25 November 2026, 10:00 UTC.
let fixedNow = Date(timeIntervalSince1970: 1_795_600_800)

final class TempFolder {
    let url: URL
    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("caseaudit-ui-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Records what the app saved, for reducer and effect tests.
final class SaveLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(Audit, String?)] = []
    func append(_ audit: Audit, _ reason: String?) { lock.lock(); items.append((audit, reason)); lock.unlock() }
    var saves: [(audit: Audit, reason: String?)] { lock.lock(); defer { lock.unlock() }; return items.map { ($0.0, $0.1) } }
}

enum Fixtures {
    static let teams = ["Riverside", "Hillside", "Northgate", "Eastbrook"]
    static let auditors = ["Ada Testwell", "Bram Sample", "Cleo Fictional"]

    /// Deterministic audits spread over 14 months up to November 2026, improving over time.
    static func audits(_ count: Int, template: AuditTemplate = TestTemplates.lac) -> [Audit] {
        var result: [Audit] = []
        var seed: UInt64 = 42
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % 1000)
        }
        let last = Month(year: 2026, month: 11)
        for i in 0..<count {
            let month = last.adding(months: -(i % 14))
            let progress = Double(13 - i % 14) / 13
            func grade() -> Grade {
                let r = Double(next()) / 1000
                if r < 0.1 + 0.1 * progress { return .outstanding }
                if r < 0.35 + 0.35 * progress { return .good }
                if r < 0.85 { return .requiresImprovement }
                return .inadequate
            }
            let complete = i % 9 != 4
            var a = Audit(id: String(format: "%@-%06d", month.description, i),
                          template: TemplateRef(id: template.id, version: template.version),
                          status: complete ? .complete : .draft, caseRef: String(format: "CR-%05d", 10000 + i),
                          cohort: i % 5 == 0 ? .careLeaver : .lookedAfter, team: teams[i % teams.count],
                          auditor: auditors[i % auditors.count], worker: "Worker \(i % 7 + 1)", month: month,
                          created: fixedNow)
            if complete {
                for s in template.gradedSections { a.withSection(s.id) { $0.grade = grade(); $0.rationale = "Synthetic rationale." } }
                a.overall = Judgement(grade: grade(), rationale: "Synthetic overall rationale.")
                a.completed = fixedNow
            }
            result.append(a)
        }
        return result
    }

    /// An environment over a temp data directory holding `audits`, with a fixed clock and a save log.
    /// `inMemory` serves rows and audits from memory (for big lists); otherwise files are written
    /// and the real index, repository and locks are used.
    static func environment(_ folder: TempFolder, audits: [Audit] = [], inMemory: Bool = false,
                            log: SaveLog = SaveLog(), problems: [Diagnostic] = []) throws -> AppEnvironment {
        let directory = DataDirectory(root: folder.url)
        var env = AppEnvironment(directory: directory, catalog: TemplateCatalog(templates: [TestTemplates.lac]),
                                 measures: TestTemplates.measures, user: "Mx Auditor", now: { fixedNow })
        if inMemory {
            let rows = audits.map({ AuditFacts(audit: $0, templateSections: TestTemplates.lac.sections.map(\.id)) })
            let byID = Dictionary(uniqueKeysWithValues: audits.map { ($0.id, $0) })
            env.loadRows = { (rows, problems) }
            env.loadAudit = { id in
                guard let a = byID[id] else { throw CaseAuditError(.noInput, file: id, "no such audit") }
                return a
            }
        } else {
            let repository = AuditRepository(directory: directory)
            for a in audits { try repository.save(a, by: "Fixture Loader", reason: nil) }
        }
        let real = env.saveAudit
        env.saveAudit = { audit, reason in
            log.append(audit, reason)
            try real(audit, reason)
        }
        env.makeID = { "\($0)-newaudit1" }
        // The QA figures' background read would ask for a redraw at a moment no script expects;
        // tests that show them set them (`setQA`).
        env.loadQA = nil
        return env
    }
}

extension CaseAuditApp {
    func render(width: Int = 80, height: Int = 24) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        draw(into: &grid)
        return grid
    }

    func press(_ keys: KeyEvent...) { for k in keys { _ = handle(k) } }

    func type(_ text: String) { for ch in text { _ = handle(.character(ch)) } }
}

/// Compares a rendered screen with `Goldens/<name>.txt`; `UPDATE_GOLDENS=1` rewrites the file.
func assertGolden(_ grid: CellGrid, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
        .appendingPathComponent("Goldens").appendingPathComponent("\(name).txt")
    let text = grid.text + "\n"
    if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? text.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("missing golden \(url.path); run with UPDATE_GOLDENS=1 and read it", file: file, line: line)
        return
    }
    if expected != text {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let t = text.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDiff = zip(e, t).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, t.count)
        XCTFail("screen differs from \(name).txt at row \(firstDiff):\nexpected: \(firstDiff < e.count ? String(e[firstDiff]) : "")\nactual:   \(firstDiff < t.count ? String(t[firstDiff]) : "")\n\(text)",
                file: file, line: line)
    }
}
