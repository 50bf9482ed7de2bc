import XCTest
@testable import CaseAuditCore

/// The SMART checker on a table of synthetic plan actions, good and bad, with what it must find.
final class SmartCheckerTests: XCTestCase {
    /// t = lacks timescale, o = lacks owner, m = lacks measurable outcome; vague lists the phrases.
    struct Case {
        let action: String
        let lacks: String
        let vague: [String]
        let verdict: SmartFindings.Verdict
    }

    static let table: [Case] = [
        // The two the issue names.
        Case(action: "Ongoing support from family", lacks: "tom", vague: ["ongoing", "support"], verdict: .notSmart),
        Case(action: "To be reviewed at core group", lacks: "tom", vague: ["to be reviewed at core group"], verdict: .notSmart),
        Case(action: "Support the family — ongoing", lacks: "tom", vague: ["ongoing", "support"], verdict: .notSmart),
        Case(action: "Monitor", lacks: "tom", vague: ["monitor"], verdict: .notSmart),
        Case(action: "Continue to monitor", lacks: "tom", vague: ["continue to", "monitor"], verdict: .notSmart),
        Case(action: "Support as needed", lacks: "tom", vague: ["as needed", "support"], verdict: .notSmart),
        Case(action: "Referral to CAMHS TBC", lacks: "to", vague: ["tbc"], verdict: .notSmart),
        Case(action: "Mum to engage with services as and when required", lacks: "tm", vague: ["as and when"], verdict: .notSmart),
        Case(action: "Review at the next core group", lacks: "tom", vague: ["at the next core group"], verdict: .notSmart),
        Case(action: "Family to continue to support the child as required", lacks: "tom", vague: ["as required", "continue to", "support"], verdict: .notSmart),
        Case(action: "On-going monitoring of home conditions", lacks: "tom", vague: ["on-going", "monitoring"], verdict: .notSmart),
        Case(action: "Social worker to monitor", lacks: "tm", vague: ["monitor"], verdict: .notSmart),
        Case(action: "SW to visit weekly", lacks: "", vague: [], verdict: .smart),
        Case(action: "Improve engagement", lacks: "tom", vague: [], verdict: .notSmart),
        Case(action: "Work on routines", lacks: "tom", vague: [], verdict: .notSmart),
        Case(action: "School to keep an eye on attendance", lacks: "t", vague: [], verdict: .needsWork),
        Case(action: "Health visitor to support mum", lacks: "tm", vague: ["support"], verdict: .notSmart),
        Case(action: "Parents to think about parenting course", lacks: "tm", vague: [], verdict: .needsWork),
        // Good actions: who, what, by when.
        Case(action: "SW to complete the child and family assessment by 2026-03-14", lacks: "", vague: [], verdict: .smart),
        Case(action: "Mum to attend all 8 sessions of the Freedom Programme by 30/04/2026", lacks: "", vague: [], verdict: .smart),
        Case(action: "School to send weekly attendance figures to the SW; target 95% attendance", lacks: "", vague: [], verdict: .smart),
        Case(action: "IRO to convene the review by 12 March 2026", lacks: "", vague: [], verdict: .smart),
        Case(action: "Team manager to sign off the chronology within 10 working days", lacks: "", vague: [], verdict: .smart),
        Case(action: "Foster carer to register Jay with a dentist within 2 weeks", lacks: "", vague: [], verdict: .smart),
        Case(action: "Priya to book the health assessment by Friday", lacks: "", vague: [], verdict: .smart),
        Case(action: "GP to refer to the paediatrician by the end of the month", lacks: "", vague: [], verdict: .smart),
        Case(action: "Designated teacher to update the PEP before the CLA review", lacks: "", vague: [], verdict: .smart),
        Case(action: "PA to help Leo apply for housing within 28 days", lacks: "", vague: [], verdict: .smart),
        Case(action: "Dad to attend supervised contact twice a week for 6 weeks", lacks: "", vague: [], verdict: .smart),
        Case(action: "SW to share the safety plan with both parents by 2026-02-27", lacks: "", vague: [], verdict: .smart),
        Case(action: "Virtual school to agree the PEP targets at the PEP review", lacks: "", vague: [], verdict: .smart),
        Case(action: "Housing to provide a move date by 1 April", lacks: "", vague: [], verdict: .smart),
        Case(action: "Chair to distribute the minutes within 5 days", lacks: "", vague: [], verdict: .smart),
        Case(action: "Sam Reid to carry out the genogram by 3rd March", lacks: "", vague: [], verdict: .smart),
        Case(action: "SW to support Jay to attend 90% of school days by the review conference", lacks: "", vague: [], verdict: .smart),
        Case(action: "School nurse to monitor weight monthly and report to the SW; target weight gain of 1 kg", lacks: "", vague: [], verdict: .smart),
        // Partly there.
        Case(action: "Complete the assessment by 2026-03-14", lacks: "o", vague: [], verdict: .needsWork),
        Case(action: "SW to complete the assessment", lacks: "t", vague: [], verdict: .needsWork),
        Case(action: "Mum to attend parenting course — ongoing", lacks: "t", vague: ["ongoing"], verdict: .needsWork),
        Case(action: "Refer to CAMHS within 2 weeks", lacks: "o", vague: [], verdict: .needsWork),
        Case(action: "Carers to encourage contact with siblings by 2026-05-01", lacks: "m", vague: [], verdict: .needsWork),
        Case(action: "SW to visit as required", lacks: "t", vague: ["as required"], verdict: .needsWork),
        Case(action: "Mother may attend a group in May 2026", lacks: "", vague: [], verdict: .smart),
        Case(action: "Parents may need help", lacks: "tm", vague: [], verdict: .needsWork),
        Case(action: "", lacks: "tom", vague: [], verdict: .notSmart),
    ]

    func testTableOfPlanActions() {
        XCTAssertGreaterThanOrEqual(Self.table.count, 40)
        for c in Self.table {
            let f = SmartChecker.check(c.action)
            var lacks = ""
            if f.lacking.contains(.timescale) { lacks += "t" }
            if f.lacking.contains(.owner) { lacks += "o" }
            if f.lacking.contains(.measurableOutcome) { lacks += "m" }
            XCTAssertEqual(lacks, c.lacks, "lacking in \"\(c.action)\"")
            XCTAssertEqual(Set(f.vague), Set(c.vague), "vague in \"\(c.action)\"")
            XCTAssertEqual(f.verdict, c.verdict, "verdict of \"\(c.action)\"")
            // An empty action scores nothing, not even for having no vague wording.
            let expected = c.action.isEmpty ? 0 : (3 - c.lacks.count) + (c.vague.isEmpty ? 1 : 0)
            XCTAssertEqual(f.score, expected, "score of \"\(c.action)\"")
        }
    }

    /// "— ongoing" is not a timescale, so the editor cannot show Time-bound ticked without a note.
    func testOngoingCannotShowTimeBound() {
        XCTAssertFalse(SmartChecker.allowsTimeBound("Support the family — ongoing"))
        XCTAssertTrue(SmartChecker.allowsTimeBound("SW to visit by 2026-03-01 and ongoing after"))
        let ticked = SmartCheck(specific: true, measurable: true, achievable: true, realistic: true, timeBound: true)
        XCTAssertTrue(SmartChecker.timeBoundConflict(action: "Support the family — ongoing", smart: ticked, note: nil))
        XCTAssertFalse(SmartChecker.timeBoundConflict(action: "Support the family — ongoing", smart: ticked,
                                                      note: "the plan sets dates in the attached schedule"))
        XCTAssertFalse(SmartChecker.timeBoundConflict(action: "SW to visit by 2026-03-01", smart: ticked, note: nil))
    }

    /// The added phrases are in the one list, so grading and the editor see them too.
    func testVagueWordingListHoldsTheIssuePhrases() {
        for p in ["ongoing", "on-going", "to be reviewed at core group", "at the next core group", "as required",
                  "as and when", "as needed", "tbc", "continue to"] {
            XCTAssertTrue(VagueWording.phrases.contains(p), p)
        }
        XCTAssertEqual(VagueWording.bareWords(in: "Monitor and support"), ["monitor", "support"])
        XCTAssertEqual(VagueWording.bareWords(in: "supportive monitors"), [])
    }
}
