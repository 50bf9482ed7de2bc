import Foundation

/// A measure reported against a target, as defined in `DATA/measures.yaml`: the share of
/// completed audits whose `section` is graded good or outstanding, or, for a question measure,
/// the share of answers to one question that meet `question`'s rule.
public struct Measure: Equatable, Sendable {
    public var id: String
    public var title: String
    /// A shared section id (`assessment`, `plan`, ...); empty for a question measure.
    public var section: String
    /// What a question measure counts instead of a section's grade; nil for a grade measure.
    public var question: QuestionCount?
    /// Cohorts counted; empty means all.
    public var cohorts: [Cohort]
    /// Percent at the start of the improvement plan, if known.
    public var baseline: Double?
    /// Percent the council aims for, if set.
    public var target: Double?
    /// Template ids counted; empty means every template that has the section (a measures file
    /// written before `templates:` existed keeps that meaning).
    public var templates: [String]

    public init(id: String, title: String, section: String, cohorts: [Cohort] = [],
                baseline: Double? = nil, target: Double? = nil, templates: [String] = [], question: QuestionCount? = nil) {
        self.id = id
        self.question = question
        self.title = title
        self.section = section
        self.cohorts = cohorts
        self.baseline = baseline
        self.target = target
        self.templates = templates
    }

    /// The question ids whose answers the audit facts must keep for `measures` to be counted.
    public static func answerIDs(_ measures: [Measure]) -> [String] {
        Array(Set(measures.compactMap { $0.question?.question })).sorted()
    }

    /// The section ids of the grade measures, each once, in the order first named.
    public static func sections(_ measures: [Measure]) -> [String] {
        var sections: [String] = []
        for m in measures where m.question == nil && !sections.contains(m.section) { sections.append(m.section) }
        return sections
    }

    public func counts(cohort: Cohort?) -> Bool {
        guard !cohorts.isEmpty else { return true }
        guard let cohort else { return false }
        return cohorts.contains(cohort)
    }
}

/// What a question measure counts (`question:` with `counts: yes`, `at_most: N` or `at_least: N`
/// in measures.yaml): an answer is counted in `graded` when it is answered, and in
/// `good_or_better` when it meets the rule.
public struct QuestionCount: Equatable, Sendable {
    public enum Rule: Equatable, Sendable {
        /// Yes among yes, partly and no; N/A and blank are not answered.
        case yes
        /// A number question's answers at most (or at least) the bound, inclusive.
        case atMost(Double), atLeast(Double)
    }

    /// The question id, as the templates name it.
    public var question: String
    public var rule: Rule

    public init(question: String, rule: Rule) {
        self.question = question
        self.rule = rule
    }

    /// Whether `answer` (as the audit file holds it; nil when blank) meets the rule; nil when it
    /// is not answered: blank, N/A, or not a number for a bound.
    public func meets(_ answer: String?) -> Bool? {
        guard let answer else { return nil }
        switch rule {
        case .yes:
            switch Answer(rawValue: answer) {
            case .yes: return true
            case .partly, .no: return false
            default: return nil
            }
        case .atMost(let n), .atLeast(let n):
            // Trimmed only when it needs it: `trimmingCharacters` cost a tenth of a warm report.
            let padded = answer.unicodeScalars.first.map(CharacterSet.whitespaces.contains) == true
                || answer.unicodeScalars.last.map(CharacterSet.whitespaces.contains) == true
            guard let v = Double(padded ? answer.trimmingCharacters(in: .whitespaces) : answer), v.isFinite else { return nil }
            if case .atMost = rule { return v <= n }
            return v >= n
        }
    }

    /// `counts yes`, `at_most 2`, as measures.yaml writes it.
    public var description: String {
        switch rule {
        case .yes: return "counts yes"
        case .atMost(let n): return "at_most \(ReportNumber.plain(n))"
        case .atLeast(let n): return "at_least \(ReportNumber.plain(n))"
        }
    }
}

/// Red, amber, green against baseline and target (product.md section 4).
public enum RAG: String, Sendable, Codable {
    case green, amber, red, none

    /// `green` when percent >= target, `red` when percent <= baseline, `amber` between,
    /// `none` with no percent or no target; with no baseline anything under target is amber.
    public static func rate(percent: Double?, baseline: Double?, target: Double?) -> RAG {
        guard let percent, let target else { return .none }
        if percent >= target { return .green }
        if let baseline, percent <= baseline { return .red }
        return .amber
    }
}
