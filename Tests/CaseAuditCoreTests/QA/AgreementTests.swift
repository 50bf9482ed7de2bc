import XCTest
@testable import CaseAuditCore

/// Kappa and weighted kappa against examples worked by hand in the comments.
final class AgreementTests: XCTestCase {
    func pairs(_ list: [(Grade, Grade)], auditor: String = "Ann") -> [Agreement.Pair] {
        list.enumerated().map { i, p in
            Agreement.Pair(auditID: "a\(i)", section: "overall", auditor: auditor, team: "T",
                           auditorGrade: p.0, moderatorGrade: p.1)
        }
    }

    /// O-O, G-G, RI-RI, I-I: po = 1, pe = 4 x (1/4 x 1/4) = 0.25, kappa = 0.75 / 0.75 = 1.
    /// Weighted: the weights of the 4x4 table sum to 4 + 6 x 2/3 + 4 x 1/3 = 28/3, so
    /// pe_w = (28/3) / 16 = 7/12 and kw = (1 - 7/12) / (1 - 7/12) = 1.
    func testPerfectAgreement() {
        let r = Agreement.row("all", pairs([(.outstanding, .outstanding), (.good, .good),
                                            (.requiresImprovement, .requiresImprovement), (.inadequate, .inadequate)]))
        XCTAssertEqual(r.pairs, 4)
        XCTAssertEqual(r.exact, 4)
        XCTAssertEqual(r.sameSide, 4)
        XCTAssertEqual(Agreement.format(r.kappa), "1.000")
        XCTAssertEqual(Agreement.format(r.weightedKappa), "1.000")
        XCTAssertEqual(r.movedUp + r.movedDown, 0)
    }

    /// G-G, G-RI, RI-G, RI-RI: po = 2/4 = 0.5; both sides give G half the time and RI half, so
    /// pe = 0.5 x 0.5 + 0.5 x 0.5 = 0.5 and kappa = 0. Weighted: po_w = (1 + 2/3 + 2/3 + 1) / 4 = 5/6,
    /// pe_w = 0.25 x (1 + 2/3 + 2/3 + 1) = 5/6, kw = 0.
    func testAgreementNoBetterThanChanceIsZero() {
        let r = Agreement.row("all", pairs([(.good, .good), (.good, .requiresImprovement),
                                            (.requiresImprovement, .good), (.requiresImprovement, .requiresImprovement)]))
        XCTAssertEqual(r.exact, 2)
        XCTAssertEqual(r.sameSide, 2)
        XCTAssertEqual(r.kappa!, 0, accuracy: 1e-12)
        XCTAssertEqual(r.weightedKappa!, 0, accuracy: 1e-12)
        XCTAssertEqual(Agreement.format(r.kappa), "0.000")
        XCTAssertEqual(r.movedUp, 1)
        XCTAssertEqual(r.movedDown, 1)
    }

    /// Three G-G: both sides always say Good, so pe = 1 x 1 = 1 and kappa is undefined: empty.
    func testChanceAgreementOfOneLeavesKappasEmpty() {
        let r = Agreement.row("all", pairs([(.good, .good), (.good, .good), (.good, .good)]))
        XCTAssertEqual(r.exact, 3)
        XCTAssertNil(r.kappa)
        XCTAssertNil(r.weightedKappa)
        XCTAssertEqual(Agreement.csvFields(r), ["all", "3", "3", "100.0", "3", "100.0", "", ""])
    }

    func testNoPairsLeavesEverythingEmpty() {
        let r = Agreement.row("all", [])
        XCTAssertEqual(Agreement.csvFields(r), ["all", "0", "0", "", "0", "", "", ""])
    }

    /// Ten pairs (auditor -> moderator): O->O x2, O->G, G->G x3, G->RI, RI->RI, RI->G, I->RI.
    /// exact = 6, po = 0.6. Auditor shares O .3, G .4, RI .2, I .1; moderator O .2, G .5, RI .3, I 0.
    /// pe = .3x.2 + .4x.5 + .2x.3 + .1x0 = .32; kappa = (.6 - .32) / .68 = 0.41176 -> 0.412.
    /// Weighted: po_w = (6 + 4 x 2/3) / 10 = 0.86667. pe_w by auditor row, a_i x sum_j w_ij m_j:
    /// O .3 x (.2 + .5x2/3 + .3x1/3) = .19; G .4 x (.2x2/3 + .5 + .3x2/3) = .33333;
    /// RI .2 x (.2x1/3 + .5x2/3 + .3) = .14; I .1 x (.5x1/3 + .3x2/3) = .03667; pe_w = 0.7.
    /// kw = (.86667 - .7) / .3 = 0.55556 -> 0.556. Same side: all but G->RI and RI->G = 8.
    /// Moved up (moderator better): RI->G, I->RI = 2; down: O->G, G->RI = 2.
    func testMixedExampleWorkedByHand() {
        var list: [(Grade, Grade)] = [(.outstanding, .outstanding), (.outstanding, .outstanding), (.outstanding, .good)]
        list += [(.good, .good), (.good, .good), (.good, .good), (.good, .requiresImprovement)]
        list += [(.requiresImprovement, .requiresImprovement), (.requiresImprovement, .good), (.inadequate, .requiresImprovement)]
        let r = Agreement.row("all", pairs(list))
        XCTAssertEqual(r.pairs, 10)
        XCTAssertEqual(r.exact, 6)
        XCTAssertEqual(r.sameSide, 8)
        XCTAssertEqual(r.kappa!, 0.28 / 0.68, accuracy: 1e-9)
        XCTAssertEqual(r.weightedKappa!, (26.0 / 30 - 0.7) / 0.3, accuracy: 1e-9)
        XCTAssertEqual(Agreement.csvFields(r), ["all", "10", "6", "60.0", "8", "80.0", "0.412", "0.556"])
        XCTAssertEqual(r.movedUp, 2)
        XCTAssertEqual(r.movedDown, 2)
    }

    /// Pairs come only from grades given on both sides; na and an unmoderated section are not pairs.
    func testPairsNeedBothGradesFromTheScale() {
        let when = Date(timeIntervalSince1970: 0)
        var a = Audit(id: "x1", template: TemplateRef(id: "t", version: 1), status: .complete, auditor: "Ann")
        a.sections["plan"] = SectionRecord(grade: .good, moderation: Moderation(grade: .requiresImprovement, by: "QA", at: when))
        a.sections["voice"] = SectionRecord(grade: .na, moderation: Moderation(grade: .good, by: "QA", at: when))
        a.sections["health"] = SectionRecord(grade: .good)
        a.overall = Judgement(grade: .good, moderation: Moderation(grade: .good, by: "QA", at: when))
        let p = Agreement.pairs(in: [a])
        XCTAssertEqual(p.map(\.section), ["plan", "overall"])
        let rows = Agreement.rows(p, by: .section)
        XCTAssertEqual(rows.map(\.group), ["overall", "plan", "all"])
        XCTAssertEqual(rows.last?.pairs, 2)
    }
}

/// The shared QA output: control characters never reach the terminal, CSV is formula-safe.
final class QATableTests: XCTestCase {
    func testCellsAreSafeInEveryFormat() {
        let t = QATable(title: "T", header: ["name", "n"], rows: [["Ann\u{1B}[2J", "3"], ["=SUM(A1)", ""]], numeric: [1])
        XCTAssertFalse(t.render(.table).contains("\u{1B}"))
        XCTAssertFalse(t.render(.markdown).contains("\u{1B}"))
        XCTAssertFalse(t.render(.json).contains("\u{1B}"))
        XCTAssertTrue(t.render(.csv).contains("'=SUM(A1)"))
        XCTAssertTrue(t.render(.csv, raw: true).contains("\n=SUM(A1),"))
        XCTAssertTrue(t.render(.json).contains("\"n\": 3") && t.render(.json).contains("\"n\": null"))
        XCTAssertFalse(t.render(.html).contains("\u{1B}"))
    }
}
