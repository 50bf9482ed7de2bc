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

    public init(id: String, title: String, version: Int, description: String = "",
                cohorts: [Cohort], sections: [TemplateSection]) {
        self.id = id
        self.title = title
        self.version = version
        self.description = description
        self.cohorts = cohorts
        self.sections = sections
    }

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

/// A limiting question: answering it with one of `when` (default `no`) caps the section grade at `cap`.
public struct LimitRule: Equatable, Sendable {
    public var question: String
    public var when: [Answer]
    public var cap: Grade

    public init(question: String, when: [Answer] = [.no], cap: Grade) {
        self.question = question
        self.when = when
        self.cap = cap
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

    public init(id: String, text: String, guidance: String = "", type: QuestionType, required: Bool = true,
                appliesTo: [Cohort] = [], options: [String] = [], source: String = "") {
        self.id = id
        self.text = text
        self.guidance = guidance
        self.type = type
        self.required = required
        self.appliesTo = appliesTo
        self.options = options
        self.source = source
    }

    public func applies(to cohort: Cohort?) -> Bool {
        guard let cohort, !appliesTo.isEmpty else { return true }
        return appliesTo.contains(cohort)
    }
}
