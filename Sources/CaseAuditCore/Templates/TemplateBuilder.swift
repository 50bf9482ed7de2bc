import Foundation
import Yams

/// Builds an `AuditTemplate` from YAML nodes, checking the rules of docs/templates.md on the way
/// and carrying on after each problem.
struct TemplateBuilder {
    var reader: TemplateReader
    private var templateCohorts: [Cohort] = []
    private var sectionIDs: [String: Node] = [:]
    private var questionIDs: [String: (node: Node, section: String)] = [:]
    private var idNode: Node?
    private var templateID: String?
    /// `required-if` references, checked once every question is known.
    private var requiredIfRefs: [(node: Node, id: String, context: String)] = []

    init(reader: TemplateReader) { self.reader = reader }

    // MARK: Template

    mutating func template(_ root: Node) -> AuditTemplate? {
        let context = "the template"
        guard let fields = reader.fields(of: root, context: context, known: TemplateParser.templateKeys) else { return nil }
        idNode = fields.value("id")
        let id = identifier(in: fields, context: context, example: "id: child-journey")
        templateID = id
        let title = reader.requiredText("title", in: fields, context: context, example: "title: Child journey audit")
        let version = self.version(in: fields)
        let description = reader.optionalText("description", in: fields, context: context)
        let overallGuidance = reader.optionalText("overall-guidance", in: fields, context: context)
        var cohorts: [Cohort]?
        if let node = reader.required("cohorts", in: fields, context: context, example: "cohorts: [CIN, CP]") {
            cohorts = reader.cohorts(node, key: "cohorts", context: context)
            if case let .sequence(items) = node, items.isEmpty {
                reader.error(at: node, "\"cohorts\" of the template is empty",
                             remedy: "list the cohorts the template is for, such as \"cohorts: [CIN, CP]\"")
            }
        }
        templateCohorts = cohorts ?? []
        var sections: [TemplateSection] = []
        if let node = reader.required("sections", in: fields, context: context, example: "sections:",
                                      remedy: "add \"sections:\" followed by a list of sections, each starting with \"- id:\"") {
            sections = self.sections(node)
        }
        checkRequiredIf(sections)
        guard let id, let title, let version, let cohorts else { return nil }
        return AuditTemplate(id: id, title: title, version: version, description: description,
                             cohorts: cohorts, sections: sections, overallGuidance: overallGuidance)
    }

    /// Warns when the file name does not follow the id, so `templates show ID` and the catalog agree with what people see.
    mutating func checkFileName(file: String) {
        guard let templateID, TemplateVocabulary.isValidID(templateID) else { return }
        let name = URL(fileURLWithPath: file).lastPathComponent
        if name == "\(templateID).yaml" { return }
        if name.hasPrefix("\(templateID)@"), name.hasSuffix(".yaml") { return }   // a snapshot, <id>@<version>.yaml
        reader.warning(at: idNode, "the file is named \"\(name)\" but the template id is \"\(templateID)\"",
                       remedy: "rename the file to \(templateID).yaml")
    }

    private mutating func identifier(in fields: YAMLFields, context: String, example: String) -> String? {
        guard let node = reader.required("id", in: fields, context: context, example: example),
              let id = reader.text(node, key: "id", context: context) else { return nil }
        if !TemplateVocabulary.isValidID(id) {
            reader.error(at: node, "\"\(id)\" is not a valid id for \(context)",
                         remedy: "use lower-case letters, digits and single hyphens, such as \"\(TemplateVocabulary.suggestedID(id))\"")
        }
        return id
    }

    private mutating func version(in fields: YAMLFields) -> Int? {
        guard let node = reader.required("version", in: fields, context: "the template", example: "version: 1") else { return nil }
        let text = node.scalarText?.trimmingCharacters(in: .whitespaces) ?? ""
        if !text.isEmpty, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), let v = Int(text), v >= 1 {
            return v
        }
        reader.error(at: node, "\"version\" of the template must be a whole number of 1 or more, not \(node.describedForMessage)",
                     remedy: "write \"version: 1\" for a new template and raise it by one for each change")
        return nil
    }

    // MARK: Sections

    private mutating func sections(_ node: Node) -> [TemplateSection] {
        guard case let .sequence(items) = node else {
            reader.error(at: node, "\"sections\" of the template must be a list, not \(node.describedForMessage)",
                         remedy: "start each section on its own line with \"- id:\"")
            return []
        }
        if items.isEmpty {
            reader.error(at: node, "the template has no sections", remedy: "add at least one section under \"sections:\"")
        }
        return items.enumerated().compactMap { section($1, number: $0 + 1) }
    }

    private mutating func section(_ node: Node, number: Int) -> TemplateSection? {
        let context = Self.peekID(node).map { "section \"\($0)\"" } ?? "section \(number)"
        guard let fields = reader.fields(of: node, context: context, known: TemplateParser.sectionKeys) else { return nil }
        let id = identifier(in: fields, context: context, example: "id: " + Self.exampleID(fields, from: "title", or: "assessment"))
        if let id, let idNode = fields.value("id") {
            if let first = sectionIDs[id] {
                reader.error(at: idNode, "section id \"\(id)\" is used twice; the first is at line \(first.line ?? 0)",
                             remedy: "give each section its own id")
            } else {
                sectionIDs[id] = idNode
                if TemplateVocabulary.isValidID(id), !SharedSections.contains(id) {
                    reader.warning(at: idNode, "section id \"\(id)\" is not one of the shared section ids, so measures will not match it across templates",
                                   remedy: "use one of \(TemplateVocabulary.orList(SharedSections.ids)) if the theme fits; otherwise keep it")
                }
            }
        }
        let title = reader.requiredText("title", in: fields, context: context, example: "title: Assessment")
        let guidance = reader.optionalText("guidance", in: fields, context: context)
        var graded: Bool?
        if let node = reader.required("graded", in: fields, context: context, example: "graded: true",
                                      remedy: "add \"graded: true\" if the auditor grades the section, else \"graded: false\"") {
            graded = reader.bool(node, key: "graded", context: context)
        }
        var questions: [(question: Question, node: Node)] = []
        if let node = reader.required("questions", in: fields, context: context, example: "questions:",
                                      remedy: "add \"questions:\" followed by a list of questions, each starting with \"- id:\"") {
            questions = self.questions(node, section: id ?? "\(number)", context: context)
        }
        var limits: [LimitRule] = []
        if let field = fields.field("limits"), !field.value.isNull {
            let all = fields.value("questions").map(Self.questionRefs) ?? []
            limits = self.limits(field.value, questions: all, context: context)
            if graded == false {
                reader.warning(at: field.keyNode, "\(context) is not graded, so its limits have no effect",
                               remedy: "remove \"limits\" or set \"graded: true\"")
            }
        }
        guard let id, let title, let graded else { return nil }
        return TemplateSection(id: id, title: title, guidance: guidance, graded: graded,
                               questions: questions.map(\.question), limits: limits)
    }

    /// An id made from the first words of the title or text, to suggest when the id is missing.
    static func exampleID(_ fields: YAMLFields, from key: String, or fallback: String) -> String {
        guard let text = fields.value(key)?.scalarText, !text.isEmpty else { return fallback }
        return TemplateVocabulary.suggestedID(text.split(separator: " ").prefix(5).joined(separator: " "))
    }

    /// The `id:` of a mapping, read early so every message about the item can name it.
    static func peekID(_ node: Node) -> String? {
        guard case let .mapping(mapping) = node, let id = mapping["id"]?.scalarText,
              !id.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return id.trimmingCharacters(in: .whitespaces)
    }

    // MARK: Questions

    private mutating func questions(_ node: Node, section: String, context: String) -> [(question: Question, node: Node)] {
        guard case let .sequence(items) = node else {
            reader.error(at: node, "\"questions\" of \(context) must be a list, not \(node.describedForMessage)",
                         remedy: "start each question on its own line with \"- id:\"")
            return []
        }
        if items.isEmpty {
            reader.error(at: node, "\(context) has no questions", remedy: "add at least one question under \"questions:\"")
        }
        var result: [(question: Question, node: Node)] = []
        for (index, item) in items.enumerated() {
            if let q = question(item, number: index + 1, section: section, sectionContext: context) {
                result.append((q, item))
            }
        }
        return result
    }

    private mutating func question(_ node: Node, number: Int, section: String, sectionContext: String) -> Question? {
        let context = Self.peekID(node).map { "question \"\($0)\"" } ?? "question \(number) of \(sectionContext)"
        guard let fields = reader.fields(of: node, context: context, known: TemplateParser.questionKeys) else { return nil }
        let id = identifier(in: fields, context: context, example: "id: " + Self.exampleID(fields, from: "text", or: "plan-up-to-date"))
        if let id, let idNode = fields.value("id") {
            if let first = questionIDs[id] {
                let where_ = first.section == section ? "" : " in section \"\(first.section)\""
                reader.error(at: idNode, "question id \"\(id)\" is used twice; the first is at line \(first.node.line ?? 0)\(where_)",
                             remedy: "question ids must be unique in the whole template; rename one of them")
            } else {
                questionIDs[id] = (idNode, section)
            }
        }
        let text = reader.requiredText("text", in: fields, context: context, example: "text: Is there an up-to-date plan?")
        let type = questionType(in: fields, context: context)
        var required = true
        if let node = fields.value("required") { required = reader.bool(node, key: "required", context: context) ?? true }
        let guidance = reader.optionalText("guidance", in: fields, context: context)
        let source = reader.optionalText("source", in: fields, context: context)
        let appliesTo = self.appliesTo(in: fields, context: context)
        let options = self.options(in: fields, type: type, context: context)
        let role = self.role(in: fields, type: type, context: context)
        let noteOn = self.noteOn(in: fields, type: type, context: context)
        if let node = fields.value("required-if"), let ref = reader.text(node, key: "required-if", context: context) {
            requiredIfRefs.append((node, ref, context))
        }
        if let role, let id, let node = fields.value("role") { checkMarkedID(id, role: role, at: node, context: context) }
        guard let id, let text, let type else { return nil }
        return Question(id: id, text: text, guidance: guidance, type: type, required: required,
                        appliesTo: appliesTo, options: options, source: source, role: role,
                        noteOn: noteOn ?? Question.defaultNoteOn,
                        requiredIf: fields.value("required-if")?.scalarText?.trimmingCharacters(in: .whitespaces))
    }

    /// `role: impact` or `role: escalation` on answer questions (their Yes is what counts),
    /// `role: resolution` on a date question.
    private mutating func role(in fields: YAMLFields, type: QuestionType?, context: String) -> QuestionRole? {
        guard let node = fields.value("role"), let word = reader.text(node, key: "role", context: context) else { return nil }
        let roles = QuestionRole.allCases.map(\.rawValue)
        guard let role = QuestionRole(rawValue: word.lowercased()) else {
            var remedy = "use one of \(TemplateVocabulary.orList(roles)), or leave \"role\" out"
            if let near = NearestWord.suggest(word, from: roles) { remedy = "did you mean \"\(near)\"? " + remedy }
            reader.error(at: node, "\"role\" of \(context) must be impact, escalation, resolution or characteristic, not \"\(word)\"", remedy: remedy)
            return nil
        }
        if let type, type != role.type {
            reader.error(at: node, "\(context) has role \(role.rawValue) but is \(TemplateVocabulary.article(type.rawValue)) \(type.rawValue) question",
                         remedy: role.type == .date ? "make it a date question: the date it was resolved"
                            : role.type == .choice ? "make it a choice question: a characteristic is one of listed options"
                            : "make it an answer question: its Yes is what the role reads")
        }
        return role
    }

    /// The facts keep these answers by the shipped ids (`AuditFacts.markedQuestions`), so another
    /// id would leave the escalation off the dashboard, or the characteristic out of `--by`.
    private mutating func checkMarkedID(_ id: String, role: QuestionRole, at node: Node, context: String) {
        let expected: [String]
        switch role {
        case .impact: return
        case .escalation: expected = [AuditFacts.escalationQuestion]
        case .resolution: expected = [AuditFacts.resolutionQuestion]
        case .characteristic: expected = AuditFacts.characteristics
        }
        guard !expected.contains(id) else { return }
        reader.warning(at: node, "\(context) has role \(role.rawValue) but the id \"\(id)\": the dashboard, the filters and --by read only \(TemplateVocabulary.orList(expected))",
                       remedy: "give it the id \(TemplateVocabulary.orList(expected))")
    }

    /// `note-on: [yes, partly, no]`: the answers that need an evidence note (default partly and no).
    private mutating func noteOn(in fields: YAMLFields, type: QuestionType?, context: String) -> [Answer]? {
        guard let field = fields.field("note-on") else { return nil }
        if let type, type != .answer {
            reader.warning(at: field.keyNode, "\(context) has \"note-on\" but is \(TemplateVocabulary.article(type.rawValue)) \(type.rawValue) question, so it is not used",
                           remedy: "remove \"note-on\" or make it an answer question")
        }
        guard let items = reader.list(field.value, key: "note-on", context: context, example: "note-on: [yes, partly, no]") else { return nil }
        var answers: [Answer] = []
        for item in items {
            let word = (item.scalarText ?? "").lowercased()
            if let answer = Answer(rawValue: word) ?? (word == "n/a" ? .na : nil) {
                if !answers.contains(answer) { answers.append(answer) }
            } else {
                reader.error(at: item, "\"note-on\" of \(context) lists \"\(item.scalarText ?? "")\", which is not an answer",
                             remedy: "use \(TemplateVocabulary.answers)")
            }
        }
        return answers
    }

    /// Each `required-if` must name an answer question of the template, since a Yes there is what makes it required.
    private mutating func checkRequiredIf(_ sections: [TemplateSection]) {
        let all = sections.flatMap(\.questions)
        for ref in requiredIfRefs {
            guard let target = all.first(where: { $0.id == ref.id }) else {
                var remedy = "name an answer question of this template"
                if let near = NearestWord.suggest(ref.id, from: all.map(\.id)) { remedy = "did you mean \"\(near)\"? " + remedy }
                reader.error(at: ref.node, "\"required-if\" of \(ref.context) names question \"\(ref.id)\", which is not in the template", remedy: remedy)
                continue
            }
            if target.type != .answer {
                reader.error(at: ref.node, "\"required-if\" of \(ref.context) names \"\(ref.id)\", \(TemplateVocabulary.article(target.type.rawValue)) \(target.type.rawValue) question",
                             remedy: "name an answer question: a Yes to it makes this question required")
            }
        }
    }

    private mutating func questionType(in fields: YAMLFields, context: String) -> QuestionType? {
        guard let node = reader.required("type", in: fields, context: context, example: "type: answer",
                                         remedy: "add \"type:\" with one of \(TemplateVocabulary.questionTypes)"),
              let word = reader.text(node, key: "type", context: context) else { return nil }
        if let type = QuestionType(rawValue: word.lowercased()) { return type }
        var remedy = "use one of \(TemplateVocabulary.questionTypes)"
        if let near = NearestWord.suggest(word, from: QuestionType.allCases.map(\.rawValue)) {
            remedy = "did you mean \"\(near)\"? " + remedy
        }
        reader.error(at: node, "\(context) has unknown type \"\(word)\"", remedy: remedy)
        return nil
    }

    private mutating func appliesTo(in fields: YAMLFields, context: String) -> [Cohort] {
        guard let node = fields.value("applies-to"),
              let cohorts = reader.cohorts(node, key: "applies-to", context: context) else { return [] }
        if !templateCohorts.isEmpty {
            let outside = cohorts.filter { !templateCohorts.contains($0) }
            if !outside.isEmpty {
                let codes = outside.map(\.rawValue).joined(separator: ", ")
                let own = templateCohorts.map(\.rawValue).joined(separator: ", ")
                reader.warning(at: node, "\(context) applies to \(codes), but the template's cohorts are only \(own)",
                               remedy: "add \(codes) to the template's cohorts or take it out of \"applies-to\"")
            }
        }
        return cohorts
    }

    private mutating func options(in fields: YAMLFields, type: QuestionType?, context: String) -> [String] {
        let field = fields.field("options")
        var options: [String] = []
        if let field, let items = reader.list(field.value, key: "options", context: context,
                                              example: "options: [Foster care, Kinship care]") {
            options = items.compactMap { $0.scalarText?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if type == .choice, options.isEmpty {
            reader.error(at: field?.value ?? fields.node, "choice \(context) has no options",
                         remedy: "add the answers to choose from, such as \"options: [Foster care, Kinship care]\"")
        } else if let type, type != .choice, let field {
            reader.warning(at: field.keyNode, "\(context) has options but is \(TemplateVocabulary.article(type.rawValue)) \(type.rawValue) question, so they are not used",
                           remedy: "remove \"options\" or change the type to choice")
        }
        return options
    }
}
