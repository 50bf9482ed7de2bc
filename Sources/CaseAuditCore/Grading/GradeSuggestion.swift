import Foundation

/// Suggests a section grade from the answers (docs/grading.md). The auditor's judgement is final:
/// nothing here ever writes `SectionRecord.grade`; the editor only shows the suggestion beside it.
public enum GradeSuggestion {
    /// Ratio thresholds, best grade first. Outstanding also needs no item that scored 0.
    public static let outstandingFrom = 0.95
    public static let goodFrom = 0.65
    public static let requiresImprovementFrom = 0.4
    /// The share of the section's scored questions that must be answered (not N/A) before any
    /// grade is suggested: one Yes among N/As is not evidence of anything. Not a half: a front
    /// door contact that is not domestic abuse, out of hours or a strategy discussion rightly
    /// answers 7 of its 15 questions N/A.
    public static let minimumAnsweredShare = 0.4

    /// The suggested grade, capped by any triggered limiting question; nil when too little that
    /// counts was answered.
    public static func suggest(section: TemplateSection, record: SectionRecord?, cohort: Cohort?) -> Grade? {
        explain(section: section, record: record, cohort: cohort).grade
    }

    /// A suggestion and, in words, each rule that held it back (for the editor and docs/grading.md).
    public struct Suggestion: Equatable, Sendable {
        public var grade: Grade?
        public var reasons: [String]
    }

    public static func explain(section: TemplateSection, record: SectionRecord?, cohort: Cohort?) -> Suggestion {
        guard let score = score(section: section, record: record, cohort: cohort) else {
            return Suggestion(grade: nil, reasons: ["nothing that counts is answered"])
        }
        guard score.answeredShare + 1e-9 >= minimumAnsweredShare else {
            return Suggestion(grade: nil, reasons: ["only \(score.counted) of \(score.possible) questions answered other than N/A: too few to suggest a grade"])
        }
        var reasons: [String] = []
        var grade = self.grade(ratio: score.ratio, anyZero: score.anyZero)
        if grade == .outstanding {
            // Ofsted's outstanding: practice that makes a difference for the child, with nothing
            // only partly in place where the template says a gap limits the grade.
            let impact = section.questions(for: cohort).contains {
                $0.role == .impact && record?.answers[$0.id]?.answer == .yes
            }
            let partlyLimiting = section.limits.filter { rule in
                rule.atLeast == nil && section.question(rule.question)?.applies(to: cohort) == true
                    && record?.answers[rule.question]?.answer == .partly
            }.map(\.question)
            if !impact {
                grade = .good
                reasons.append("Outstanding needs evidence of impact: a Yes to the question on what difference the work has made")
            }
            if !partlyLimiting.isEmpty {
                grade = .good
                reasons.append("Outstanding needs no Partly on a limiting question (\(partlyLimiting.joined(separator: ", ")))")
            }
        }
        if let cap = cap(section: section, record: record, cohort: cohort), cap < grade {
            grade = cap
            reasons.append("capped at \(cap.title) by a limiting question")
        }
        return Suggestion(grade: grade, reasons: reasons)
    }

    /// The best grade the limiting questions allow (the lowest cap triggered); nil if none triggered.
    public static func cap(section: TemplateSection, record: SectionRecord?, cohort: Cohort?) -> Grade? {
        guard let record else { return nil }
        var lowest: Grade?
        for rule in section.limits where rule.cap != .na {
            guard let question = section.question(rule.question), question.applies(to: cohort),
                  rule.triggered(by: record.answers[rule.question])
            else { continue }
            lowest = lowest.map { min($0, rule.cap) } ?? rule.cap
        }
        return lowest
    }

    /// The total score of the counted items, how many were counted, how many could have been,
    /// and whether any scored 0.
    public struct Score: Equatable, Sendable {
        public var points: Double
        public var counted: Int
        public var anyZero: Bool
        /// Scored questions that apply and are required or answered: what `counted` is a share of.
        public var possible: Int = 0
        public var ratio: Double { counted == 0 ? 0 : points / Double(counted) }
        public var answeredShare: Double { possible == 0 ? 0 : Double(counted) / Double(possible) }
    }

    public static func score(section: TemplateSection, record: SectionRecord?, cohort: Cohort?) -> Score? {
        guard let record else { return nil }
        var score = Score(points: 0, counted: 0, anyZero: false)
        for question in section.questions(for: cohort) where [.answer, .smart, .grade].contains(question.type) {
            let response = record.answers[question.id]
            let points = response.flatMap { self.points(question: question, response: $0) }
            if question.required || points != nil { score.possible += 1 }
            guard let points else { continue }
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
            // An action whose timescale is "ongoing" or "to be reviewed at core group" (or another
            // phrase of `VagueWording`) is not time-bound, whatever box was ticked.
            var met = response.smart?.metCount ?? 0
            if response.smart?.timeBound == true, !VagueWording.phrases(in: response.action ?? "").isEmpty {
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
