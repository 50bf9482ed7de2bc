import XCTest
@testable import CaseAuditCore

/// The template keys added with version 2 of the shipped templates (docs/templates.md): `role`,
/// `note-on`, `required-if`, `overall-guidance`, and number limits with `at-least` and
/// `contradicts`; each bad value gets a message with its line and a remedy.
final class TemplateV2FormatTests: XCTestCase {
    private let good = """
        id: t
        title: T
        version: 2
        cohorts: [CIN]
        overall-guidance: Say what difference the work made.
        sections:
          - id: escalation
            title: Safe today
            graded: false
            questions:
              - id: escalation-needed
                text: Did anything need action today?
                type: answer
                role: escalation
                note-on: [yes]
              - id: escalation-to
                text: Who was it escalated to?
                type: text
                required: false
                required-if: escalation-needed
          - id: supervision
            title: Supervision
            graded: true
            questions:
              - id: supervision-longest-gap
                text: Longest gap in months
                type: number
              - id: supervision-no-long-gap
                text: No gap of three months or more?
                type: answer
              - id: supervision-difference-made
                text: What difference has the work made for the child?
                type: answer
                role: impact
                note-on: [yes, partly, no, na]
            limits:
              - question: supervision-longest-gap
                at-least: 3
                cap: inadequate
                contradicts: supervision-no-long-gap
        """

    private func template(_ yaml: String) throws -> AuditTemplate {
        let result = TemplateParser.parse(yaml, file: "t.yaml")
        XCTAssertEqual(result.diagnostics.map(\.description), [])
        return try XCTUnwrap(result.template)
    }

    private func problems(_ yaml: String) -> [String] {
        templateDiagnostics(yaml).map(\.description)
    }

    func testTheNewKeysAreRead() throws {
        let t = try template(good)
        XCTAssertEqual(t.overallGuidance, "Say what difference the work made.")
        XCTAssertEqual(t.escalationQuestion?.id, "escalation-needed")
        XCTAssertEqual(t.question("escalation-needed")?.noteOn, [.yes])
        XCTAssertEqual(t.question("escalation-to")?.requiredIf, "escalation-needed")
        XCTAssertEqual(t.question("supervision-difference-made")?.role, .impact)
        XCTAssertEqual(t.question("supervision-no-long-gap")?.noteOn, [.partly, .no], "the default")
        XCTAssertEqual(t.section("supervision")?.limits,
                       [LimitRule(question: "supervision-longest-gap", cap: .inadequate, atLeast: 3, contradicts: "supervision-no-long-gap")])
    }

    func testTheCacheKeepsTheNewKeys() throws {
        let folder = try TemplateFixtures.temporaryFolder(self)
        try Data(good.utf8).write(to: folder.appendingPathComponent("t.yaml"))
        let cache = folder.appendingPathComponent(".cache")
        let later = Date().addingTimeInterval(3600)
        let first = TemplateCatalog.load(folder: folder, snapshots: nil, cache: cache, now: later)
        let second = TemplateCatalog.load(folder: folder, snapshots: nil, cache: cache, now: later)
        XCTAssertTrue(FileManager.default.fileExists(atPath: cache.appendingPathComponent(TemplateCatalogCache.fileName).path))
        XCTAssertEqual(second.latest("t"), try template(good))
        XCTAssertTrue(first.sameAs(second))
    }

    func testBadRoleNoteOnAndRequiredIfAreReported() {
        let yaml = good
            .replacingOccurrences(of: "role: escalation", with: "role: escalate")
            .replacingOccurrences(of: "note-on: [yes]", with: "note-on: [yes, sometimes]")
            .replacingOccurrences(of: "required-if: escalation-needed", with: "required-if: escalation-neded")
        XCTAssertEqual(problems(yaml), [
            "t.yaml:14:15: error: \"role\" of question \"escalation-needed\" must be impact, escalation, resolution or characteristic, not \"escalate\" (did you mean \"escalation\"? use one of impact, escalation, resolution or characteristic, or leave \"role\" out)",
            "t.yaml:15:24: error: \"note-on\" of question \"escalation-needed\" lists \"sometimes\", which is not an answer (use yes, partly, no or na)",
            "t.yaml:20:22: error: \"required-if\" of question \"escalation-to\" names question \"escalation-neded\", which is not in the template (did you mean \"escalation-needed\"? name an answer question of this template)",
        ])
    }

    /// The facts keep escalation and characteristic answers by the shipped ids, so another id is
    /// named before the dashboard silently misses it.
    func testAnEscalationUnderAnotherIdIsWarnedOf() {
        let yaml = good
            .replacingOccurrences(of: "id: escalation-needed", with: "id: safe-today")
            .replacingOccurrences(of: "required-if: escalation-needed", with: "required-if: safe-today")
        XCTAssertEqual(problems(yaml), [
            "t.yaml:14:15: warning: question \"safe-today\" has role escalation but the id \"safe-today\": the dashboard, the filters and --by read only escalation-needed (give it the id escalation-needed)",
        ])
    }

    func testRoleAndRequiredIfNeedAnswerQuestions() {
        let yaml = good
            .replacingOccurrences(of: "required-if: escalation-needed", with: "required-if: supervision-longest-gap\n        role: impact")
        XCTAssertEqual(problems(yaml), [
            "t.yaml:20:22: error: \"required-if\" of question \"escalation-to\" names \"supervision-longest-gap\", a number question (name an answer question: a Yes to it makes this question required)",
            "t.yaml:21:15: error: question \"escalation-to\" has role impact but is a text question (make it an answer question: its Yes is what the role reads)",
        ])
    }

    func testNumberLimitsNeedAtLeastAndAnswerLimitsRefuseIt() {
        let missing = good.replacingOccurrences(of: "        at-least: 3\n", with: "")
        XCTAssertEqual(problems(missing), [
            "t.yaml:37:9: error: limit 1 of section \"supervision\" names a number question but has no \"at-least\" (add \"at-least:\" with the number from which the cap applies, such as \"at-least: 3\")",
            "t.yaml:39:22: error: \"contradicts\" of limit 1 of section \"supervision\" needs \"at-least\" on a number question (remove \"contradicts\", or name a number question with \"at-least\")",
        ])
        let notANumber = good.replacingOccurrences(of: "at-least: 3", with: "at-least: three")
        XCTAssertEqual(problems(notANumber), [
            "t.yaml:38:19: error: \"at-least\" of limit 1 of section \"supervision\" must be a number, not \"three\" (write a number such as \"at-least: 3\")",
        ])
        let onAnswer = good.replacingOccurrences(of: "question: supervision-longest-gap", with: "question: supervision-no-long-gap")
        XCTAssertEqual(problems(onAnswer), [
            "t.yaml:38:19: error: limit 1 of section \"supervision\" names an answer question, so \"at-least\" has no number to compare (remove \"at-least\", or name a number question)",
        ])
        let contradictsText = good.replacingOccurrences(of: "contradicts: supervision-no-long-gap", with: "contradicts: supervision-longest-gap")
        XCTAssertEqual(problems(contradictsText), [
            "t.yaml:40:22: error: \"contradicts\" of limit 1 of section \"supervision\" names \"supervision-longest-gap\", which is not an answer question of the section (name the answer question whose Yes the number would contradict)",
        ])
    }

    func testTemplatesShowSaysTheNewKeysInWords() throws {
        // Wrapped lines joined again, so a phrase cut by the wrap is still found.
        let text = TemplateText.describe(try template(good)).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for words in ["Overall grade: Say what difference the work made.", "escalation question, a note on Yes",
                      "required after Yes to escalation-needed", "impact question, a note on Yes, Partly, No, N/A",
                      "supervision-longest-gap of 3 or more caps the grade at Inadequate, and cannot stand beside Yes to supervision-no-long-gap"] {
            XCTAssertTrue(text.contains(words), "missing: \(words)\n\(text)")
        }
    }

    // MARK: completion

    private func audit(_ t: AuditTemplate, escalation: Response?, escalatedTo: String?) -> Audit {
        var a = Audit(id: "2018-12-00000001", template: TemplateRef(id: t.id, version: t.version), caseRef: "CR-100001",
                      cohort: .childInNeed, team: "T", auditor: "A", month: Month("2018-12"), created: Date())
        var esc = SectionRecord()
        esc.answers["escalation-needed"] = escalation
        if let escalatedTo { esc.answers["escalation-to"] = Response(value: escalatedTo) }
        a.sections["escalation"] = esc
        return a
    }

    private func escalationGaps(_ a: Audit, _ t: AuditTemplate) -> [String] {
        CompletionCheck.gaps(in: a, template: t).filter { $0.sectionID == "escalation" }.map { $0.questionID ?? "-" }
    }

    func testAYesToEscalationNeedsANoteAndWhoItWentTo() throws {
        let t = try template(good)
        XCTAssertEqual(escalationGaps(audit(t, escalation: nil, escalatedTo: nil), t), ["escalation-needed"])
        XCTAssertEqual(escalationGaps(audit(t, escalation: Response(answer: .no), escalatedTo: nil), t), [], "No needs nothing more")
        XCTAssertEqual(escalationGaps(audit(t, escalation: Response(answer: .yes), escalatedTo: nil), t),
                       ["escalation-needed", "escalation-to"], "Yes needs a note and who it went to")
        XCTAssertEqual(escalationGaps(audit(t, escalation: Response(answer: .yes, note: "Bruising seen at the last visit."), escalatedTo: "Service manager, 2018-12-03"), t), [])
        let gap = CompletionCheck.gaps(in: audit(t, escalation: Response(answer: .yes), escalatedTo: nil), template: t)
            .first { $0.questionID == "escalation-needed" }
        XCTAssertEqual(gap?.message, "Safe today: \"Did anything need action today?\" answered Yes without an evidence note")
    }

    func testTheImpactQuestionIsAlwaysNoted() throws {
        let t = try template(good)
        let q = try XCTUnwrap(t.question("supervision-difference-made"))
        for a in Answer.allCases {
            XCTAssertNotNil(ResponseRules.gap(question: q, response: Response(answer: a)), "\(a) without a note")
            XCTAssertNil(ResponseRules.gap(question: q, response: Response(answer: a, note: "Attendance up.")))
        }
    }

    // MARK: vague wording

    func testVagueWordingIsOneListMatchedAsWholeWords() {
        XCTAssertEqual(VagueWording.phrases, ["ongoing", "on-going", "to be reviewed at core group", "at the next core group",
                                              "as required", "as and when", "as needed", "tbc", "continue to"])
        XCTAssertEqual(SmartCheck.vaguePhrases, VagueWording.phrases, "the SMART check reads the same list")
        XCTAssertEqual(VagueWording.phrases(in: "Support ONGOING, to be reviewed at core group"), ["ongoing", "to be reviewed at core group"])
        XCTAssertEqual(VagueWording.phrases(in: "Date TBC."), ["tbc"])
        XCTAssertEqual(VagueWording.phrases(in: "Mum to continue to attend; help as needed"), ["as needed", "continue to"])
        XCTAssertEqual(VagueWording.phrases(in: "On-going checks"), ["on-going"])
        XCTAssertEqual(VagueWording.phrases(in: "Discontinue tomorrow; attend by 2019-03-31"), [], "only whole words")
        XCTAssertEqual(VagueWording.phrases(in: ""), [])
    }
}
