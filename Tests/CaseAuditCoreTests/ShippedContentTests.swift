import XCTest
@testable import CaseAuditCore

/// The content rules the shipped templates and default measures promise (docs/template-sources.md,
/// product.md sections 3, 4 and 9), so that a later template version cannot quietly drop them.
final class ShippedContentTests: XCTestCase {
    private static let folder = TemplateFixtures.repository.appendingPathComponent("AuditTemplates")
    private static let journeys = ["child-journey", "child-journey-lac"]
    /// The headings of product.md section 9; every question's source starts with one, or says
    /// it is practice judgement (docs/template-sources.md).
    private static let sourceHeadings = ["Plans:", "Management oversight:", "Assessments:", "Core groups:",
                                         "Visits:", "Contact:", "Permanence:", "Front door:", "Looked after reviews:",
                                         "Personal education plans:", "Care leavers and 16-17 year olds:",
                                         "Children's participation:"]

    private func catalog() throws -> TemplateCatalog {
        let catalog = TemplateCatalog.load(folder: Self.folder)
        XCTAssertEqual(catalog.diagnostics.map(\.description), [], "shipped templates check clean")
        if catalog.templates.isEmpty { throw XCTSkip("no shipped templates") }
        return catalog
    }

    private func template(_ id: String) throws -> AuditTemplate {
        try XCTUnwrap(try catalog().latest(id), "\(id) is shipped")
    }

    func testTheTemplatesOfTheSpecAreShippedWithTheirSections() throws {
        let catalog = try catalog()
        let expected: [String: (version: Int, sections: [String])] = [
            "child-journey": (2, ["chronology", "assessment", "plan", "visits", "voice", "core-group", "supervision"]),
            "child-journey-lac": (2, ["chronology", "assessment", "plan", "review", "permanence", "placement",
                                      "health-education", "contact", "visits", "voice", "supervision"]),
            "plan-smart": (2, ["plan"]),
            "supervision-file": (2, ["supervision"]),
            "front-door-contact": (2, ["front-door"]),
            "contact-arrangements": (2, ["contact"]),
            "pep-quality": (1, ["pep"]),
            "pathway-plan": (1, ["plan", "education", "accommodation"]),
        ]
        XCTAssertEqual(Set(catalog.templates.map(\.id)), Set(expected.keys))
        for (id, want) in expected {
            let template = try XCTUnwrap(catalog.latest(id))
            XCTAssertEqual(template.gradedSections.map(\.id), want.sections, id)
            XCTAssertEqual(template.version, want.version, id)
        }
        XCTAssertEqual(catalog.latest("child-journey-lac")?.cohorts, [.lookedAfter])
        XCTAssertEqual(catalog.latest("contact-arrangements")?.cohorts, [.lookedAfter])
        XCTAssertTrue(catalog.latest("child-journey")?.cohorts.contains(.childProtection) ?? false)
    }

    func testEveryQuestionNamesThePriorityOrFindingItComesFrom() throws {
        for template in try catalog().templates {
            for section in template.sections {
                for question in section.questions {
                    XCTAssertTrue(Self.sourceHeadings.contains { question.source.hasPrefix($0) }
                                    || question.source.contains("(practice judgement"),
                                  "\(template.id) \(question.id): source \"\(question.source)\"")
                    XCTAssertTrue(question.id.hasPrefix(section.id + "-"),
                                  "\(template.id) \(question.id) is prefixed by its section \(section.id)")
                }
            }
        }
    }

    /// Enough questions to judge a section, few enough for a keyboard walk-through, for every
    /// cohort the template covers. Version 2 split every double-barrelled question, so a section
    /// now has up to 14 (one question each is quicker to answer than one with two parts).
    func testChildJourneySectionsHaveFiveToFourteenQuestionsForEveryCohort() throws {
        for id in Self.journeys {
            let template = try template(id)
            for section in template.gradedSections {
                XCTAssertLessThanOrEqual(section.questions.count, 14, "\(id) \(section.id)")
                for cohort in template.cohorts {
                    XCTAssertGreaterThanOrEqual(section.questions(for: cohort).count, 5,
                                                "\(id) \(section.id) for \(cohort.rawValue)")
                }
            }
        }
    }

    func testRequiredQuestionsOtherThanAnswersAreFewAndFreeTextIsOptional() throws {
        for template in try catalog().templates {
            let questions = template.sections.flatMap(\.questions)
            let required = questions.filter { $0.required && $0.type != .answer }
            XCTAssertLessThanOrEqual(required.count, 8, "\(template.id): \(required.map(\.id))")
            XCTAssertEqual(questions.filter { $0.type == .text && $0.required }.map(\.id), [], template.id)
        }
    }

    func testEveryPlanSectionChecksSmartActionsContingencyAndTheCriticisedTerms() throws {
        for id in Self.journeys + ["plan-smart"] {
            let plan = try XCTUnwrap(try template(id).section("plan"), id)
            XCTAssertTrue(plan.questions.contains { $0.type == .smart && $0.required }, "\(id) has a SMART action")
            XCTAssertNotNil(plan.question("plan-contingency"), id)
            let timescales = try XCTUnwrap(plan.question("plan-timescales"), id)
            XCTAssertTrue(timescales.text.contains("\"ongoing\""), "\(id) flags \"ongoing\"")
            // Looked after children have reviews, not core groups.
            XCTAssertEqual(timescales.text.contains("core group"), id != "child-journey-lac", id)
        }
    }

    /// Version 2's promises: an escalation question first in every template, an impact question
    /// in every graded section, and no double-barrelled question of version 1 left under its id.
    func testEveryTemplateStartsWithEscalationAndEveryGradedSectionAsksForImpact() throws {
        for template in try catalog().templates {
            let first = try XCTUnwrap(template.sections.first?.questions.first, template.id)
            XCTAssertEqual(first.role, .escalation, template.id)
            XCTAssertEqual(first.text, "Did anything in this file need action to keep the child safe today?")
            XCTAssertEqual(first.noteOn, [.yes], "\(template.id): a Yes needs a note")
            XCTAssertTrue(template.sections[0].questions.contains { $0.requiredIf == first.id }, "\(template.id): who it went to")
            XCTAssertFalse(template.overallGuidance.isEmpty, "\(template.id): the overall grade asks for impact")
            for section in template.gradedSections {
                let impact = section.questions.filter { $0.role == .impact }
                XCTAssertEqual(impact.map(\.text), ["What difference has the work made for the child?"], "\(template.id) \(section.id)")
                XCTAssertEqual(Set(impact.first?.noteOn ?? []), Set(Answer.allCases), "\(template.id) \(section.id): always noted")
            }
        }
        let split = ["chronology-decisions", "assessment-up-to-date", "assessment-partner-information", "plan-concise",
                     "plan-family-clear", "visits-purposeful", "visits-placement", "supervision-actions", "contact-outcomes",
                     "contact-impact", "contact-involvement", "voice-identity", "voice-meetings", "front-door-consent",
                     "permanence-special-guardianship"]
        for id in ["child-journey", "child-journey-lac", "contact-arrangements", "front-door-contact"] {
            let ids = Set(try template(id).sections.flatMap(\.questions).map(\.id))
            XCTAssertEqual(ids.intersection(split), [], "\(id) still has a double-barrelled question")
        }
        let contact = try XCTUnwrap(try template("contact-arrangements").section("contact"))
        XCTAssertFalse(contact.limits.contains { $0.question == "contact-supervisors-trained" }, "a workforce fact no longer caps")
    }

    /// The caps the templates promise in their guidance and in docs/template-sources.md.
    func testLimitingQuestionsCapTheirSections() throws {
        let cases: [(template: String, section: String, question: String, cohort: Cohort, cap: Grade)] = [
            ("child-journey", "plan", "plan-up-to-date", .childProtection, .inadequate),
            ("child-journey", "plan", "plan-contingency", .childInNeed, .requiresImprovement),
            ("child-journey", "assessment", "assessment-current", .childInNeed, .requiresImprovement),
            ("child-journey", "plan", "plan-outcome-focused", .childInNeed, .requiresImprovement),
            ("child-journey", "plan", "plan-timescales", .childProtection, .requiresImprovement),
            ("child-journey-lac", "assessment", "assessment-critical-evaluation", .lookedAfter, .requiresImprovement),
            ("child-journey-lac", "plan", "plan-outcome-focused", .lookedAfter, .requiresImprovement),
            ("child-journey-lac", "plan", "plan-timescales", .lookedAfter, .requiresImprovement),
            ("child-journey-lac", "permanence", "permanence-progressing", .lookedAfter, .requiresImprovement),
            ("child-journey-lac", "review", "review-recommendation-timescale", .lookedAfter, .requiresImprovement),
            ("child-journey-lac", "review", "review-parent-expectations", .lookedAfter, .requiresImprovement),
            ("plan-smart", "plan", "plan-timescales", .childInNeed, .requiresImprovement),
            ("front-door-contact", "front-door", "front-door-no-consent-reason", .childInNeed, .requiresImprovement),
            ("pep-quality", "pep", "pep-smart-targets", .lookedAfter, .requiresImprovement),
            ("pathway-plan", "accommodation", "accommodation-homeless-refusal-reasons", .careLeaver, .requiresImprovement),
            ("child-journey", "visits", "visits-child-seen", .childProtection, .inadequate),
            ("child-journey", "supervision", "supervision-no-long-gap", .childProtection, .inadequate),
            ("child-journey", "supervision", "supervision-regular", .childInNeed, .requiresImprovement),
            ("child-journey-lac", "assessment", "assessment-current", .lookedAfter, .requiresImprovement),
            ("child-journey-lac", "permanence", "permanence-plan-by-second-review", .lookedAfter,
             .requiresImprovement),
            ("child-journey-lac", "contact", "contact-agreement", .lookedAfter, .requiresImprovement),
            ("child-journey-lac", "visits", "visits-child-seen", .lookedAfter, .inadequate),
            ("plan-smart", "plan", "plan-contingency", .lookedAfter, .requiresImprovement),
            ("supervision-file", "supervision", "supervision-no-long-gap", .childInNeed, .inadequate),
            ("front-door-contact", "front-door", "front-door-decision-timely", .earlyHelp, .requiresImprovement),
            ("front-door-contact", "front-door", "front-door-siblings", .childProtection, .requiresImprovement),
            ("contact-arrangements", "contact", "contact-agreement", .lookedAfter, .requiresImprovement),
        ]
        for c in cases {
            let section = try XCTUnwrap(try template(c.template).section(c.section), "\(c.template) \(c.section)")
            let no = SectionRecord(answers: [c.question: Response(answer: .no, note: "Not on file.")])
            XCTAssertEqual(GradeSuggestion.cap(section: section, record: no, cohort: c.cohort), c.cap,
                           "\(c.template) \(c.question)")
            let yes = SectionRecord(answers: [c.question: Response(answer: .yes)])
            XCTAssertNil(GradeSuggestion.cap(section: section, record: yes, cohort: c.cohort),
                         "\(c.template) \(c.question) answered yes caps nothing")
        }
    }

    /// The CP-only question does not leave a child in need's core group section short.
    func testCoreGroupQuestionOnlyForChildProtectionIsSkippedForChildrenInNeed() throws {
        let coreGroup = try XCTUnwrap(try template("child-journey").section("core-group"))
        let first = try XCTUnwrap(coreGroup.question("core-group-first-meeting"))
        XCTAssertTrue(first.applies(to: .childProtection))
        XCTAssertFalse(first.applies(to: .childInNeed))
    }

    func testDefaultMeasuresAreExactlyThoseOfTheSpec() throws {
        let url = try catalog().defaultMeasuresFile
        let parsed = MeasuresFile.parse(try String(contentsOf: url, encoding: .utf8), file: "defaults/measures.yaml")
        XCTAssertEqual(parsed.diagnostics.map(\.description), [])
        XCTAssertEqual(parsed.measures, MeasuresFileTests.shippedMeasures)
    }

    /// A measure no shipped template can feed would always show an empty percent: a grade
    /// measure needs a graded section, a question measure the question, of the type its rule reads.
    func testEveryDefaultMeasureIsFedByAGradedSectionForItsCohorts() throws {
        let catalog = try catalog()
        let measures = try MeasuresFile.load(catalog.defaultMeasuresFile, templates: catalog.templates)
        for measure in measures {
            let feeding = catalog.templates.filter { template in
                let fed: Bool
                if let q = measure.question {
                    let type: QuestionType = q.rule == .yes ? .answer : .number
                    fed = template.sections.contains { $0.questions.contains { $0.id == q.question && $0.type == type } }
                } else {
                    fed = template.section(measure.section)?.graded ?? false
                }
                return fed
                    && (measure.templates.isEmpty || measure.templates.contains(template.id))
                    && (measure.cohorts.isEmpty || template.cohorts.contains { measure.cohorts.contains($0) })
            }
            XCTAssertFalse(feeding.isEmpty, "\(measure.id) is fed by a shipped template")
        }
    }
}
