/// Grades and answers that agree with each other, for the demo.
enum DemoGrades {
    /// `position` in [0, 1) decides good-or-better against `p`; the rest is drawn.
    static func grade(_ rng: inout SplitMix64, position: Double, goodOrBetter p: Double, allowNA: Bool) -> Grade {
        if allowNA, rng.chance(0.02) { return .na }
        if position < p { return rng.chance(0.18) ? .outstanding : .good }
        return rng.chance(0.75) ? .requiresImprovement : .inadequate
    }

    /// A moderated grade stays on the same side of good, so moderation does not bend the trend.
    static func moderate(_ g: Grade) -> Grade {
        switch g {
        case .outstanding: return .good
        case .good: return .outstanding
        case .requiresImprovement: return .inadequate
        case .inadequate: return .requiresImprovement
        case .na: return .na
        }
    }

    /// The overall grade: the rounded mean of the section grades.
    static func overall(_ ranks: [Int]) -> Grade {
        guard !ranks.isEmpty else { return .na }
        let mean = Double(ranks.reduce(0, +)) / Double(ranks.count)
        switch Int(mean.rounded()) {
        case 4...: return .outstanding
        case 3: return .good
        case 2: return .requiresImprovement
        default: return .inadequate
        }
    }
}

enum DemoAnswers {
    /// Answers to every question of a graded section that applies to the cohort, consistent with
    /// the grade: better grades have more Yes; a limiting question never contradicts the grade.
    static func answers(_ rng: inout SplitMix64, section: TemplateSection, cohort: Cohort, grade: Grade,
                        month: Month) -> [String: Response] {
        var out: [String: Response] = [:]
        for q in section.questions(for: cohort) {
            switch q.type {
            case .answer:
                var a = answer(&rng, grade: grade)
                let limited = section.limits.contains { $0.question == q.id && $0.when.contains(a) && ($0.cap.rank ?? 0) < (grade.rank ?? 0) }
                if limited { a = .yes }
                // An outstanding section has evidence of impact and nothing partly in place where a gap limits the grade.
                if grade == .outstanding, q.role == .impact || section.limits.contains(where: { $0.question == q.id }) { a = .yes }
                out[q.id] = Response(answer: a, note: q.needsNote(a) ? note(&rng, question: q, answer: a) : nil)
            case .grade:
                out[q.id] = Response(value: grade.rawValue)
            case .choice:
                if !q.options.isEmpty { out[q.id] = Response(value: rng.pick(q.options)) }
            case .text:
                if q.required || rng.chance(0.3) { out[q.id] = Response(value: rng.pick(DemoCast.texts)) }
            case .date:
                let d = 1 + rng.below(28)
                out[q.id] = Response(value: "\(month)-\(d < 10 ? "0" : "")\(d)")
            case .number:
                out[q.id] = Response(value: String(number(&rng, question: q, section: section, grade: grade)))
            case .smart:
                let met = smartCount(&rng, grade: grade)
                var flags = [false, false, false, false, false]
                for i in 0..<met { flags[i] = true }
                let action = met >= 4 ? rng.pick(Array(DemoCast.smartActions.prefix(4))) : rng.pick(DemoCast.smartActions)
                out[q.id] = Response(action: action, smart: SmartCheck(specific: flags[0], measurable: flags[1],
                                                                       achievable: flags[2], realistic: flags[3], timeBound: flags[4]))
            }
        }
        // A number that triggers a limit never sits above the cap, nor beside a Yes it contradicts.
        for rule in section.limits {
            guard let atLeast = rule.atLeast, rule.triggered(by: out[rule.question]) else { continue }
            let contradicted = rule.contradicts.map { out[$0]?.answer == .yes } ?? false
            if contradicted || (rule.cap.rank ?? 0) < (grade.rank ?? 0) {
                out[rule.question] = Response(value: String(max(0, Int(atLeast.rounded(.up)) - 1)))
            }
        }
        return out
    }

    /// Small counts for number questions that can limit the grade (gaps, moves, vague actions), 1-10 otherwise.
    static func number(_ rng: inout SplitMix64, question q: Question, section: TemplateSection, grade: Grade) -> Int {
        guard let atLeast = section.limits.first(where: { $0.question == q.id })?.atLeast else { return 1 + rng.below(10) }
        let top = Int(atLeast.rounded(.up))
        return grade == .inadequate || grade == .requiresImprovement ? rng.below(top + 2) : rng.below(max(1, top))
    }

    /// A note for an answer that needs one: what the impact was for an impact question, else why.
    static func note(_ rng: inout SplitMix64, question q: Question, answer a: Answer) -> String {
        if q.role == .impact { return rng.pick(DemoCast.impactNotes[a] ?? ["Too early to see a difference."]) }
        return rng.pick(DemoCast.notes[a] ?? ["See the case record of this month."])
    }

    /// Answers to a section that is not graded, as for a good one, except that the escalation
    /// question is almost always No, and a Yes carries what was found and who it went to.
    static func ungradedAnswers(_ rng: inout SplitMix64, section: TemplateSection, cohort: Cohort, month: Month) -> [String: Response] {
        var out = answers(&rng, section: section, cohort: cohort, grade: .good, month: month)
        for q in section.questions(for: cohort) where q.role == .escalation {
            let a: Answer = rng.chance(0.01) ? .yes : .no
            out[q.id] = Response(answer: a, note: q.needsNote(a) ? rng.pick(DemoCast.escalationNotes) : nil)
        }
        let escalated = section.questions(for: cohort).contains { $0.role == .escalation && out[$0.id]?.answer == .yes }
        for q in section.questions(for: cohort) where q.requiredIf != nil {
            out[q.id] = escalated ? Response(value: rng.pick(DemoCast.escalatedTo)) : nil
        }
        // Most escalations were resolved within the month; a few stay open for the QA lead's list.
        for q in section.questions(for: cohort) where q.role == .resolution {
            let day = 1 + rng.below(28)
            out[q.id] = escalated && rng.chance(0.8) ? Response(value: "\(month)-\(day < 10 ? "0" : "")\(day)") : nil
        }
        return out
    }

    static func answer(_ rng: inout SplitMix64, grade: Grade) -> Answer {
        let weights: [(Answer, Double)]
        switch grade {
        case .outstanding: weights = [(.yes, 95), (.partly, 5)]
        case .good: weights = [(.yes, 80), (.partly, 17), (.no, 3)]
        case .requiresImprovement: weights = [(.yes, 45), (.partly, 35), (.no, 20)]
        case .inadequate: weights = [(.yes, 20), (.partly, 30), (.no, 50)]
        case .na: weights = [(.na, 1)]
        }
        return rng.weighted(weights)
    }

    static func smartCount(_ rng: inout SplitMix64, grade: Grade) -> Int {
        switch grade {
        case .outstanding: return 5
        case .good: return 4 + rng.below(2)
        case .requiresImprovement: return 2 + rng.below(2)
        case .inadequate, .na: return rng.below(3)
        }
    }
}
