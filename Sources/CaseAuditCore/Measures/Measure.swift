import Foundation

/// A measure reported against a target, as defined in `DATA/measures.yaml`:
/// the share of completed audits whose `section` is graded good or outstanding.
public struct Measure: Equatable, Sendable {
    public var id: String
    public var title: String
    /// A shared section id (`assessment`, `plan`, ...).
    public var section: String
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
                baseline: Double? = nil, target: Double? = nil, templates: [String] = []) {
        self.id = id
        self.title = title
        self.section = section
        self.cohorts = cohorts
        self.baseline = baseline
        self.target = target
        self.templates = templates
    }

    public func counts(cohort: Cohort?) -> Bool {
        guard !cohorts.isEmpty else { return true }
        guard let cohort else { return false }
        return cohorts.contains(cohort)
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
