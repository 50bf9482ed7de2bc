import Foundation
import Yams

/// Limit rules of a section: `question` must be an answer question of that section, `when` lists
/// answers, `cap` is a real grade.
extension TemplateBuilder {
    /// Id and type of every question item that has an id, read from the nodes so a limit naming a
    /// question with another problem is not reported as naming a missing question.
    static func questionRefs(_ node: Node) -> [(id: String, type: QuestionType?)] {
        guard case let .sequence(items) = node else { return [] }
        return items.compactMap { item in
            guard let id = peekID(item) else { return nil }
            let word = item.mapping?["type"]?.scalarText?.trimmingCharacters(in: .whitespaces).lowercased()
            return (id, word.flatMap(QuestionType.init(rawValue:)))
        }
    }

    mutating func limits(_ node: Node, questions: [(id: String, type: QuestionType?)], context: String) -> [LimitRule] {
        guard case let .sequence(items) = node else {
            reader.error(at: node, "\"limits\" of \(context) must be a list, not \(node.describedForMessage)",
                         remedy: "start each limit on its own line with \"- question:\"")
            return []
        }
        return items.enumerated().compactMap { limit($1, number: $0 + 1, questions: questions, sectionContext: context) }
    }

    mutating func limit(_ node: Node, number: Int, questions: [(id: String, type: QuestionType?)],
                                sectionContext: String) -> LimitRule? {
        let context = "limit \(number) of \(sectionContext)"
        guard let fields = reader.fields(of: node, context: context, known: TemplateParser.limitKeys) else { return nil }
        var questionID: String?
        var questionType: QuestionType?
        if let idNode = reader.required("question", in: fields, context: context, example: "question: plan-up-to-date",
                                        remedy: "add \"question:\" naming an answer question of this section"),
           let id = reader.text(idNode, key: "question", context: context) {
            if let found = questions.first(where: { $0.id == id }) {
                questionType = found.type
                if found.type == .answer || found.type == .number {
                    questionID = id
                } else if let type = found.type {
                    reader.error(at: idNode, "\(context) names question \"\(id)\", \(TemplateVocabulary.article(type.rawValue)) \(type.rawValue) question; only answer and number questions can limit a grade",
                                 remedy: "name an answer question, or make \"\(id)\" an answer question")
                }
            } else {
                var ids: [String] = []
                for q in questions where !ids.contains(q.id) { ids.append(q.id) }
                let listed = ids.prefix(8).joined(separator: ", ") + (ids.count > 8 ? ", ..." : "")
                var remedy = ids.isEmpty ? "add the question to this section first" : "name one of this section's questions: \(listed)"
                if let near = NearestWord.suggest(id, from: ids) { remedy = "did you mean \"\(near)\"? " + remedy }
                reader.error(at: idNode, "\(context) names question \"\(id)\", which is not in the section", remedy: remedy)
            }
        }
        let when = self.when(in: fields, context: context)
        let cap = self.cap(in: fields, context: context)
        let (atLeast, numberOK) = self.atLeast(in: fields, questionType: questionType, context: context)
        let contradicts = self.contradicts(in: fields, questions: questions, context: context)
        guard let questionID, let when, let cap, numberOK else { return nil }
        return LimitRule(question: questionID, when: when, cap: cap, atLeast: atLeast, contradicts: contradicts)
    }

    /// `at-least: 3`: a number question limits the grade when its value is 3 or more. It is
    /// needed on a number question and means nothing on an answer question.
    mutating func atLeast(in fields: YAMLFields, questionType: QuestionType?, context: String) -> (Double?, Bool) {
        let node = fields.value("at-least")
        if questionType == .number {
            guard let node else {
                reader.error(at: fields.node, "\(context) names a number question but has no \"at-least\"",
                             remedy: "add \"at-least:\" with the number from which the cap applies, such as \"at-least: 3\"")
                return (nil, false)
            }
            if fields.value("when") != nil {
                reader.error(at: fields.value("when"), "\(context) names a number question, so \"when\" has no answers to match",
                             remedy: "remove \"when\"; \"at-least\" says when the cap applies")
                return (nil, false)
            }
            let text = node.scalarText?.trimmingCharacters(in: .whitespaces) ?? ""
            guard let n = Double(text), n.isFinite else {
                reader.error(at: node, "\"at-least\" of \(context) must be a number, not \(node.describedForMessage)",
                             remedy: "write a number such as \"at-least: 3\"")
                return (nil, false)
            }
            return (n, true)
        }
        if let node, questionType == .answer {
            reader.error(at: node, "\(context) names an answer question, so \"at-least\" has no number to compare",
                         remedy: "remove \"at-least\", or name a number question")
            return (nil, false)
        }
        return (nil, true)
    }

    /// `contradicts: supervision-no-long-gap`: an answer question of the section whose Yes cannot
    /// stand beside a number that triggers the limit.
    mutating func contradicts(in fields: YAMLFields, questions: [(id: String, type: QuestionType?)], context: String) -> String? {
        guard let node = fields.value("contradicts"), let id = reader.text(node, key: "contradicts", context: context) else { return nil }
        guard fields.value("at-least") != nil else {
            reader.error(at: node, "\"contradicts\" of \(context) needs \"at-least\" on a number question",
                         remedy: "remove \"contradicts\", or name a number question with \"at-least\"")
            return nil
        }
        guard let found = questions.first(where: { $0.id == id }), found.type == .answer else {
            reader.error(at: node, "\"contradicts\" of \(context) names \"\(id)\", which is not an answer question of the section",
                         remedy: "name the answer question whose Yes the number would contradict")
            return nil
        }
        return id
    }

    mutating func when(in fields: YAMLFields, context: String) -> [Answer]? {
        guard let node = fields.value("when") else { return [.no] }
        guard let items = reader.list(node, key: "when", context: context, example: "when: [no, partly]") else { return nil }
        if items.isEmpty {
            reader.error(at: node, "\"when\" of \(context) is empty",
                         remedy: "leave \"when\" out for the default [no], or list answers such as \"when: [no, partly]\"")
            return nil
        }
        var answers: [Answer] = []
        var ok = true
        for item in items {
            let word = item.scalarText ?? ""
            if let answer = Answer(rawValue: word.lowercased()) ?? (word.lowercased() == "n/a" ? .na : nil) {
                if !answers.contains(answer) { answers.append(answer) }
            } else {
                ok = false
                reader.error(at: item, "\"when\" of \(context) lists \"\(word)\", which is not an answer",
                             remedy: "use \(TemplateVocabulary.answers)")
            }
        }
        return ok ? answers : nil
    }

    mutating func cap(in fields: YAMLFields, context: String) -> Grade? {
        guard let node = reader.required("cap", in: fields, context: context, example: "cap: requires-improvement",
                                         remedy: "add \"cap:\" with the best grade the section can then have, such as \"cap: requires-improvement\""),
              let word = reader.text(node, key: "cap", context: context) else { return nil }
        if let grade = Grade(rawValue: word.lowercased()), grade != .na { return grade }
        var remedy = "use one of \(TemplateVocabulary.caps)"
        if case let .grade(grade) = Grade.parseLenient(word), grade != .na {
            remedy = "write \"cap: \(grade.rawValue)\""
        }
        reader.error(at: node, "\"cap\" of \(context) must be a grade, not \"\(word)\"", remedy: remedy)
        return nil
    }
}
