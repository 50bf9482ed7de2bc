import CaseAuditCore
import XCTest

/// `grade:good+`, section grades (`plan:ri`), `or`, and unknown keys as errors.
final class AuditFilterTests: XCTestCase {
    let audits = CountingTests.randomAudits(seed: 11, count: 400)
    let sections = ["plan", "assessment", "chronology"]

    func ids(_ text: String) -> [String] {
        let f = AuditFilter(text, sections: sections)
        XCTAssertNil(f.problem, text)
        return audits.filter(f.matches).map(\.id)
    }

    func plain(_ test: (AuditFacts) -> Bool) -> [String] { audits.filter(test).map(\.id) }

    func testGoodOrBetter() {
        let better: Set<Grade> = [.outstanding, .good]
        for text in ["grade:good+", "grade:g+", "overall:Good+"] {
            XCTAssertEqual(ids(text), plain { $0.overall.map(better.contains) ?? false }, text)
        }
        XCTAssertEqual(ids("grade:ri+"), plain { [.outstanding, .good, .requiresImprovement].contains($0.overall) })
        XCTAssertEqual(ids("grade:o+"), plain { $0.overall == .outstanding })
        XCTAssertEqual(ids("grade:i+"), plain { $0.overall != nil && $0.overall != .na })
        XCTAssertFalse(ids("grade:good+").isEmpty)
    }

    func testSectionGrades() {
        XCTAssertEqual(ids("plan:ri"), plain { $0.grades["plan"] == .requiresImprovement })
        XCTAssertEqual(ids("plan:good+"), plain { [.outstanding, .good].contains($0.grades["plan"]) })
        XCTAssertEqual(ids("assessment:none"), plain { $0.grades["assessment"] == nil })
        XCTAssertEqual(ids("PLAN:Inadequate"), plain { $0.grades["plan"] == .inadequate })
        XCTAssertFalse(ids("plan:ri").isEmpty)
    }

    func testOrJoinsAlternativesOfWordsThatAllMatch() {
        XCTAssertEqual(ids("team:north status:draft or plan:i"),
                       plain { ($0.team.lowercased().contains("north") && $0.status == .draft) || $0.grades["plan"] == .inadequate })
        XCTAssertEqual(ids("or team:east or"), plain { $0.team.lowercased().contains("east") })
        XCTAssertEqual(ids("or"), plain { _ in true }, "a lone or is no filter")
    }

    func testAnUnknownKeyIsAProblemListingTheKnownKeys() {
        let f = AuditFilter("teem:hill status:draft", sections: sections)
        let problem = try! XCTUnwrap(f.problem)
        XCTAssertTrue(problem.hasPrefix("unknown filter key \"teem\" in \"teem:hill\"; known keys: age, age-band, auditor, case, cohort, disability, escalation, ethnicity, grade, "), problem)
        XCTAssertTrue(problem.hasSuffix("or a section for its grade: assessment, chronology, plan"), problem)
        XCTAssertNil(AuditFilter("team:hill plan:ri", sections: sections).problem)
        XCTAssertNotNil(AuditFilter("plan:ri").problem, "a section key needs the templates' sections")
        XCTAssertNil(AuditFilter("CR-1 \"two words\"").problem)
    }
}
