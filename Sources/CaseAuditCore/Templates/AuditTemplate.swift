import Foundation

/// An audit template as read from a YAML file in `AuditTemplates/` (format in docs/templates.md).
public struct AuditTemplate: Equatable, Sendable {
    public var id: String
    public var title: String
    public var version: Int
    public var description: String
    /// Cohorts the template applies to; an audit's cohort must be one of them.
    public var cohorts: [Cohort]
    public var sections: [TemplateSection]
    /// Shown with the overall grade (`overall-guidance`): what the overall judgement must weigh.
    public var overallGuidance: String

    public init(id: String, title: String, version: Int, description: String = "",
                cohorts: [Cohort], sections: [TemplateSection], overallGuidance: String = "") {
        self.id = id
        self.title = title
        self.version = version
        self.description = description
        self.cohorts = cohorts
        self.sections = sections
        self.overallGuidance = overallGuidance
    }

    public func question(_ id: String) -> Question? {
        for s in sections { if let q = s.question(id) { return q } }
        return nil
    }

    /// The section holding a question.
    public func section(holding questionID: String) -> TemplateSection? {
        sections.first { $0.question(questionID) != nil }
    }

    /// The first question with this role (`role: escalation`, `role: resolution`), if any.
    public func question(role: QuestionRole) -> Question? {
        sections.lazy.flatMap(\.questions).first { $0.role == role }
    }

    /// The escalation question (`role: escalation`), if the template has one.
    public var escalationQuestion: Question? { question(role: .escalation) }

    public func section(_ id: String) -> TemplateSection? { sections.first { $0.id == id } }
    public var gradedSections: [TemplateSection] { sections.filter(\.graded) }
    public func hasSection(_ id: String) -> Bool { sections.contains { $0.id == id } }

    /// `child-journey-lac@3`, the key a template version is stored under.
    public var versionKey: String { "\(id)@\(version)" }
}

public struct TemplateSection: Equatable, Sendable {
    public var id: String
    public var title: String
    public var guidance: String
    /// Whether the auditor gives this section a grade and rationale.
    public var graded: Bool
    public var questions: [Question]
    /// Rules that cap the section grade when a question is answered a certain way.
    public var limits: [LimitRule]

    public init(id: String, title: String, guidance: String = "", graded: Bool,
                questions: [Question], limits: [LimitRule] = []) {
        self.id = id
        self.title = title
        self.guidance = guidance
        self.graded = graded
        self.questions = questions
        self.limits = limits
    }

    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }

    public func questions(for cohort: Cohort?) -> [Question] {
        questions.filter { $0.applies(to: cohort) }
    }
}

/// A limiting question: answering it with one of `when` (default `no`) caps the section grade at
/// `cap`. On a number question the limit triggers when the number is `atLeast` or more instead, and
/// a Yes to `contradicts` beside such a number is a contradiction the completion check reports.
public struct LimitRule: Equatable, Sendable {
    public var question: String
    public var when: [Answer]
    public var cap: Grade
    public var atLeast: Double?
    public var contradicts: String?

    public init(question: String, when: [Answer] = [.no], cap: Grade, atLeast: Double? = nil, contradicts: String? = nil) {
        self.question = question
        self.when = when
        self.cap = cap
        self.atLeast = atLeast
        self.contradicts = contradicts
    }

    /// Whether this response triggers the limit: a listed answer, or a number at or over `atLeast`.
    public func triggered(by response: Response?) -> Bool {
        guard let response else { return false }
        if let atLeast {
            guard let n = response.value.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), n.isFinite else { return false }
            return n >= atLeast
        }
        guard let answer = response.answer else { return false }
        return when.contains(answer)
    }
}

/// What a question is for, beyond its own answer (`role:` in the template).
public enum QuestionRole: String, CaseIterable, Sendable {
    /// "What difference has the work made for the child?": a Yes is the evidence of impact
    /// a section needs before Outstanding is suggested.
    case impact
    /// "Did anything in this file need action to keep the child safe today?": a Yes is an open
    /// escalation until a QA lead marks it resolved.
    case escalation
    /// The date a QA lead marked the escalation resolved (a date question).
    case resolution
    /// A non-identifying characteristic of the child (age band, disability, ethnic group,
    /// unaccompanied asylum seeker): a choice, for analysis by group, dropped by `--redact`.
    case characteristic

    /// The question type the role reads.
    public var type: QuestionType {
        switch self {
        case .impact, .escalation: return .answer
        case .resolution: return .date
        case .characteristic: return .choice
        }
    }
}

public enum QuestionType: String, CaseIterable, Sendable {
    /// yes / partly / no / na, with an evidence note required on `no` and `partly`.
    case answer
    /// One of the four grades (or na).
    case grade
    /// One of the listed `options`.
    case choice
    /// Free text (may be several lines).
    case text
    /// A date, `YYYY-MM-DD`.
    case date
    /// A number.
    case number
    /// A plan action checked against Specific, Measurable, Achievable, Realistic, Time-bound.
    case smart
}

public struct Question: Equatable, Sendable {
    public var id: String
    public var text: String
    public var guidance: String
    public var type: QuestionType
    public var required: Bool
    /// Cohorts the question applies to; empty means every cohort of the template.
    public var appliesTo: [Cohort]
    /// For `choice` questions.
    public var options: [String]
    /// The practice priority or inspection finding the question comes from.
    public var source: String
    public var role: QuestionRole?
    /// Answers that need an evidence note (`note-on`); answer questions only.
    public var noteOn: [Answer]
    /// An answer question whose Yes makes this question required (`required-if`).
    public var requiredIf: String?

    /// The answers that need a note unless the template says otherwise.
    public static let defaultNoteOn: [Answer] = [.partly, .no]

    public init(id: String, text: String, guidance: String = "", type: QuestionType, required: Bool = true,
                appliesTo: [Cohort] = [], options: [String] = [], source: String = "",
                role: QuestionRole? = nil, noteOn: [Answer] = Question.defaultNoteOn, requiredIf: String? = nil) {
        self.id = id
        self.text = text
        self.guidance = guidance
        self.type = type
        self.required = required
        self.appliesTo = appliesTo
        self.options = options
        self.source = source
        self.role = role
        self.noteOn = noteOn
        self.requiredIf = requiredIf
    }

    /// Whether this answer needs an evidence note.
    public func needsNote(_ answer: Answer) -> Bool { noteOn.contains(answer) }

    public func applies(to cohort: Cohort?) -> Bool {
        guard let cohort, !appliesTo.isEmpty else { return true }
        return appliesTo.contains(cohort)
    }
}
