import XCTest
@testable import CaseAuditCore

/// One test per kind of problem `templates check` reports; each breaks one thing in a valid template
/// and asserts the whole message: place, words and remedy.
final class TemplateValidationTests: XCTestCase {
    /// The minimal template with `old` replaced by `new`, checked; the messages as printed.
    private func check(replacing old: String, with new: String, file: String = "t.yaml") -> [String] {
        let yaml = minimalTemplateYAML.replacingOccurrences(of: old, with: new)
        XCTAssertNotEqual(yaml, minimalTemplateYAML, "the replacement did not change the template")
        return templateDiagnostics(yaml, file: file).map(\.description)
    }

    private func check(_ yaml: String, file: String = "t.yaml") -> [String] {
        templateDiagnostics(yaml, file: file).map(\.description)
    }

    func testYAMLSyntaxErrorHasThePositionFromYams() {
        XCTAssertEqual(check(replacing: "    title: Plan", with: "    title: Plan\n   graded: oops"), [
            "t.yaml:8:4: error: YAML syntax error: did not find expected '-' indicator (while parsing a block collection that started at line 6, column 3) (check the indentation and quoting on this line and the one before: indent with spaces, never tabs, and put quotes around text that holds \": \" or \" #\" or starts with a special character)",
        ])
    }

    func testTabIndentationIsASyntaxError() {
        XCTAssertEqual(check(replacing: "    title: Plan", with: "\ttitle: Plan"), [
            "t.yaml:7:1: error: YAML syntax error: found a tab character that violates indentation (while scanning a plain scalar that started at line 6, column 9) (check the indentation and quoting on this line and the one before: indent with spaces, never tabs, and put quotes around text that holds \": \" or \" #\" or starts with a special character)",
        ])
    }

    func testWindowsLineEndsGiveTheSameLinesAndColumns() {
        // A template saved on Windows (CRLF) must be reported at the same places as with LF.
        let broken = [
            minimalTemplateYAML.replacingOccurrences(of: "title: T\n", with: "title: T\ntitle: U\n"),
            minimalTemplateYAML.replacingOccurrences(of: "    title: Plan", with: "    title: Plan\n   graded: oops"),
            minimalTemplateYAML.replacingOccurrences(of: "    title: Plan", with: "\ttitle: Plan"),
            minimalTemplateYAML + "extra: [unclosed\n",
        ]
        for yaml in broken {
            let lf = check(yaml)
            XCTAssertFalse(lf.isEmpty, yaml)
            XCTAssertEqual(check(yaml.replacingOccurrences(of: "\n", with: "\r\n")), lf)
        }
    }

    func testDuplicateKeyInOneMapping() {
        XCTAssertEqual(check(replacing: "title: T\n", with: "title: T\ntitle: U\n"), [
            "t.yaml:3:1: error: the key \"title\" is given twice in the same block; the first is at line 2 (keep one of them; a new section or question starts with \"- \")",
        ])
    }

    func testUnknownKeySuggestsTheNearestKnownKey() {
        XCTAssertEqual(check(replacing: "    title: Plan", with: "    titel: Plan"), [
            "t.yaml:7:5: error: unknown key \"titel\" in section \"plan\" (did you mean \"title\"? the keys allowed here are id, title, guidance, graded, questions, limits)",
        ])
        XCTAssertEqual(check(replacing: "type: answer", with: "type: answer\n        applies_to: [CIN]"), [
            "t.yaml:13:9: error: unknown key \"applies_to\" in question \"plan-up-to-date\" (did you mean \"applies-to\"? the keys allowed here are id, text, type, required, guidance, source, applies-to, options, role, note-on, required-if)",
        ])
    }

    func testUnknownQuestionTypeListsTheAllowedTypes() {
        XCTAssertEqual(check(replacing: "type: answer", with: "type: yesno"), [
            "t.yaml:12:15: error: question \"plan-up-to-date\" has unknown type \"yesno\" (use one of answer, grade, choice, text, date, number or smart)",
        ])
        XCTAssertEqual(check(replacing: "type: answer", with: "type: choise\n        options: [A, B]"), [
            "t.yaml:12:15: error: question \"plan-up-to-date\" has unknown type \"choise\" (did you mean \"choice\"? use one of answer, grade, choice, text, date, number or smart)",
        ])
    }

    func testDuplicateSectionID() {
        XCTAssertEqual(check(minimalTemplateYAML + """

              - id: plan
                title: Plan again
                graded: false
                questions:
                  - id: other
                    text: Other?
                    type: text
            """), [
            "t.yaml:13:9: error: section id \"plan\" is used twice; the first is at line 6 (give each section its own id)",
        ])
    }

    func testDuplicateQuestionIDAcrossSectionsNamesTheFirstLine() {
        XCTAssertEqual(check(minimalTemplateYAML + """

              - id: visits
                title: Visits
                graded: false
                questions:
                  - id: plan-up-to-date
                    text: Again?
                    type: answer
            """), [
            "t.yaml:17:13: error: question id \"plan-up-to-date\" is used twice; the first is at line 10 in section \"plan\" (question ids must be unique in the whole template; rename one of them)",
        ])
    }

    func testMissingRequiredFields() {
        XCTAssertEqual(check(replacing: "version: 1\n", with: ""), [
            "t.yaml:1:1: error: the template is missing \"version\" (add \"version: 1\")",
        ])
        XCTAssertEqual(check(replacing: "    graded: true\n", with: ""), [
            "t.yaml:6:5: error: section \"plan\" is missing \"graded\" (add \"graded: true\" if the auditor grades the section, else \"graded: false\")",
        ])
        XCTAssertEqual(check(replacing: "        text: Is there a plan?\n", with: ""), [
            "t.yaml:10:9: error: question \"plan-up-to-date\" is missing \"text\" (add \"text: Is there an up-to-date plan?\")",
        ])
        XCTAssertEqual(check(replacing: "title: T\n", with: "title:\n"), [
            "t.yaml:2:1: error: \"title\" of the template is empty (give a value, such as \"title: Child journey audit\")",
        ])
    }

    func testVersionMustBeAWholeNumber() {
        XCTAssertEqual(check(replacing: "version: 1", with: "version: 1.5"), [
            "t.yaml:3:10: error: \"version\" of the template must be a whole number of 1 or more, not \"1.5\" (write \"version: 1\" for a new template and raise it by one for each change)",
        ])
        XCTAssertEqual(check(replacing: "version: 1", with: "version: 0"), [
            "t.yaml:3:10: error: \"version\" of the template must be a whole number of 1 or more, not \"0\" (write \"version: 1\" for a new template and raise it by one for each change)",
        ])
    }

    func testGradedMustBeTrueOrFalse() {
        XCTAssertEqual(check(replacing: "graded: true", with: "graded: yes"), [
            "t.yaml:8:13: error: \"graded\" of section \"plan\" must be true or false, not \"yes\" (write \"graded: true\" or \"graded: false\")",
        ])
    }

    func testCohortsMustBeAList() {
        XCTAssertEqual(check(replacing: "cohorts: [CIN]", with: "cohorts: CIN"), [
            "t.yaml:4:10: error: \"cohorts\" of the template must be a list, not \"CIN\" (write it in square brackets, such as \"cohorts: [CIN, CP]\")",
        ])
        XCTAssertEqual(check(replacing: "cohorts: [CIN]", with: "cohorts: []"), [
            "t.yaml:4:10: error: \"cohorts\" of the template is empty (list the cohorts the template is for, such as \"cohorts: [CIN, CP]\")",
        ])
    }

    func testUnknownCohort() {
        XCTAssertEqual(check(replacing: "cohorts: [CIN]", with: "cohorts: [CIN, LA]"), [
            "t.yaml:4:16: error: unknown cohort \"LA\" in \"cohorts\" of the template (use EH, CIN, CP, LAC or CL)",
        ])
        XCTAssertEqual(check(replacing: "type: answer", with: "type: answer\n        applies-to: [XX]"), [
            "t.yaml:13:22: error: unknown cohort \"XX\" in \"applies-to\" of question \"plan-up-to-date\" (use EH, CIN, CP, LAC or CL)",
        ])
    }

    func testChoiceQuestionWithoutOptions() {
        XCTAssertEqual(check(replacing: "type: answer", with: "type: choice"), [
            "t.yaml:10:9: error: choice question \"plan-up-to-date\" has no options (add the answers to choose from, such as \"options: [Foster care, Kinship care]\")",
        ])
    }

    func testLimitNamingAQuestionNotInTheSection() {
        XCTAssertEqual(check(minimalTemplateYAML + """

                limits:
                  - question: plan-up-to-dat
                    cap: good
            """), [
            "t.yaml:14:19: error: limit 1 of section \"plan\" names question \"plan-up-to-dat\", which is not in the section (did you mean \"plan-up-to-date\"? name one of this section's questions: plan-up-to-date)",
        ])
    }

    func testLimitCapAndWhenMustBeValid() {
        XCTAssertEqual(check(minimalTemplateYAML + """

                limits:
                  - question: plan-up-to-date
                    when: [maybe]
                    cap: Requires improvement
                  - question: plan-up-to-date
                    cap: na
            """), [
            "t.yaml:15:16: error: \"when\" of limit 1 of section \"plan\" lists \"maybe\", which is not an answer (use yes, partly, no or na)",
            "t.yaml:16:14: error: \"cap\" of limit 1 of section \"plan\" must be a grade, not \"Requires improvement\" (write \"cap: requires-improvement\")",
            "t.yaml:18:14: error: \"cap\" of limit 2 of section \"plan\" must be a grade, not \"na\" (use one of outstanding, good, requires-improvement or inadequate)",
        ])
    }

    func testSectionOutsideSharedVocabularyIsOnlyAWarning() {
        let result = TemplateParser.parse(minimalTemplateYAML.replacingOccurrences(of: "- id: plan", with: "- id: family-network"),
                                          file: "t.yaml")
        XCTAssertNotNil(result.template)
        XCTAssertEqual(result.diagnostics.map(\.description), [
            "t.yaml:6:9: warning: section id \"family-network\" is not one of the shared section ids, so measures will not match it across templates (use one of chronology, front-door, assessment, plan, visits, voice, core-group, supervision, contact, permanence, escalation, child, review, placement, health-education, pep, education or accommodation if the theme fits; otherwise keep it)",
        ])
    }

    func testFileNameNotMatchingIDIsOnlyAWarning() {
        XCTAssertEqual(check(minimalTemplateYAML, file: "AuditTemplates/plan.yaml"), [
            "AuditTemplates/plan.yaml:1:5: warning: the file is named \"plan.yaml\" but the template id is \"t\" (rename the file to t.yaml)",
        ])
        XCTAssertEqual(check(minimalTemplateYAML, file: "data/templates/t@1.yaml"), [])
        XCTAssertNotNil(TemplateParser.parse(minimalTemplateYAML, file: "AuditTemplates/plan.yaml").template)
    }

    func testRequiredMustBeTrueOrFalse() {
        XCTAssertEqual(check(replacing: "type: answer", with: "type: answer\n        required: sometimes"), [
            "t.yaml:13:19: error: \"required\" of question \"plan-up-to-date\" must be true or false, not \"sometimes\" (write \"required: true\" or \"required: false\")",
        ])
    }

    func testInvalidIDSuggestsAValidOne() {
        XCTAssertEqual(check(replacing: "id: t\n", with: "id: Child Journey\n", file: "t.yaml"), [
            "t.yaml:1:5: error: \"Child Journey\" is not a valid id for the template (use lower-case letters, digits and single hyphens, such as \"child-journey\")",
        ])
    }

    func testEmptyFileAndNonMappingTemplate() {
        XCTAssertEqual(check("# nothing yet\n"), [
            "t.yaml:1:1: error: the file holds no template (start with \"id:\", \"title:\", \"version:\", \"cohorts:\" and \"sections:\"; the format is in docs/templates.md)",
        ])
        XCTAssertEqual(check("- id: t\n"), [
            "t.yaml:1:1: error: the template must be a set of \"key: value\" lines, not a list (write it as keys such as id: ..., title: ...)",
        ])
    }

    func testSectionsAndQuestionsMustBeNonEmptyLists() {
        XCTAssertEqual(check("id: t\ntitle: T\nversion: 1\ncohorts: [CIN]\nsections: plan\n"), [
            "t.yaml:5:11: error: \"sections\" of the template must be a list, not \"plan\" (start each section on its own line with \"- id:\")",
        ])
        XCTAssertEqual(check("id: t\ntitle: T\nversion: 1\ncohorts: [CIN]\nsections:\n  - id: plan\n    title: P\n    graded: true\n    questions: []\n"), [
            "t.yaml:9:16: error: section \"plan\" has no questions (add at least one question under \"questions:\")",
        ])
    }

    func testLimitOnANonAnswerQuestion() {
        XCTAssertEqual(check(replacing: "type: answer", with: "type: text\n    limits:\n      - question: plan-up-to-date\n        cap: good"), [
            "t.yaml:14:19: error: limit 1 of section \"plan\" names question \"plan-up-to-date\", a text question; only answer and number questions can limit a grade (name an answer question, or make \"plan-up-to-date\" an answer question)",
        ])
    }

    func testWarningsForUnusedOptionsOtherCohortsAndLimitsOnUngradedSection() {
        let yaml = minimalTemplateYAML.replacingOccurrences(of: "graded: true", with: "graded: false")
            .replacingOccurrences(of: "type: answer", with: "type: answer\n        options: [A]\n        applies-to: [CIN, LAC]\n    limits:\n      - question: plan-up-to-date\n        cap: good")
        let result = TemplateParser.parse(yaml, file: "t.yaml")
        XCTAssertNotNil(result.template)
        XCTAssertEqual(result.diagnostics.map(\.description), [
            "t.yaml:13:9: warning: question \"plan-up-to-date\" has options but is an answer question, so they are not used (remove \"options\" or change the type to choice)",
            "t.yaml:14:21: warning: question \"plan-up-to-date\" applies to LAC, but the template's cohorts are only CIN (add LAC to the template's cohorts or take it out of \"applies-to\")",
            "t.yaml:15:5: warning: section \"plan\" is not graded, so its limits have no effect (remove \"limits\" or set \"graded: true\")",
        ])
    }
}
