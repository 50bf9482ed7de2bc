import Foundation

/// Suggests a section grade from the answers (docs/grading.md). The auditor's judgement is final:
/// nothing here ever writes `SectionRecord.grade`; the editor only shows the suggestion beside it.
public enum GradeSuggestion {
    /// Ratio thresholds, best grade first. Outstanding also needs no item that scored 0.
    public static let outstandingFrom = 0.95
    public static let goodFrom = 0.65
    public static let requiresImprovementFrom = 0.4

    /// The suggested grade, capped by any triggered limiting question; nil when nothing that
    /// counts was answered.
    public static func suggest(section: TemplateSection, record: SectionRecord?, cohort: Cohort?) -> Grade? {
        guard let score = score(section: section, record: record, cohort: cohort) else { return nil }
        let base = grade(ratio: score.ratio, anyZero: score.anyZero)
        guard let cap = cap(section: section, record: record, cohort: cohort) else { return base }
        return min(base, cap)
    }

    /// The best grade the limiting questions allow (the lowest cap triggered); nil if none triggered.
    public static func cap(section: TemplateSection, record: SectionRecord?, cohort: Cohort?) -> Grade? {
        guard let record else { return nil }
        var lowest: Grade?
        for rule in section.limits where rule.cap != .na {
            guard let question = section.question(rule.question), question.applies(to: cohort),
                  let answer = record.answers[rule.question]?.answer, rule.when.contains(answer)
            else { continue }
            lowest = lowest.map { min($0, rule.cap) } ?? rule.cap
        }
        return lowest
    }

    /// The total score of the counted items, how many were counted, and whether any scored 0.
    public struct Score: Equatable, Sendable {
        public var points: Double
        public var counted: Int
        public var anyZero: Bool
        public var ratio: Double { counted == 0 ? 0 : points / Double(counted) }
    }

    public static func score(section: TemplateSection, record: SectionRecord?, cohort: Cohort?) -> Score? {
        guard let record else { return nil }
        var score = Score(points: 0, counted: 0, anyZero: false)
        for question in section.questions(for: cohort) {
            guard let response = record.answers[question.id],
                  let points = points(question: question, response: response) else { continue }
            score.points += points
            score.counted += 1
            if points == 0 { score.anyZero = true }
        }
        return score.counted == 0 ? nil : score
    }

    /// The points one response earns (0...1), or nil when it does not count.
    public static func points(question: Question, response: Response) -> Double? {
        switch question.type {
        case .answer:
            switch response.answer {
            case .yes: return 1
            case .partly: return 0.5
            case .no: return 0
            case .na, nil: return nil
            }
        case .smart:
            guard !(response.action ?? "").isBlank else { return nil }
            // An action whose timescale is "ongoing" or "to be reviewed at core group" is not
            // time-bound, whatever box was ticked: inspectors criticised exactly these terms.
            var met = response.smart?.metCount ?? 0
            if response.smart?.timeBound == true, !SmartCheck.vaguePhrases(in: response.action ?? "").isEmpty {
                met -= 1
            }
            return Double(met) / 5
        case .grade:
            switch response.value.flatMap(Grade.init(rawValue:)) {
            case .outstanding: return 1
            case .good: return 0.75
            case .requiresImprovement: return 0.4
            case .inadequate: return 0
            case .na, nil: return nil
            }
        case .choice, .text, .date, .number:
            return nil
        }
    }

    /// The grade for a ratio. A tiny tolerance keeps sums of halves and fifths that land exactly
    /// on a threshold from falling below it through floating-point rounding.
    public static func grade(ratio: Double, anyZero: Bool) -> Grade {
        let r = ratio + 1e-9
        if r >= outstandingFrom && !anyZero { return .outstanding }
        if r >= goodFrom { return .good }
        if r >= requiresImprovementFrom { return .requiresImprovement }
        return .inadequate
    }
}
