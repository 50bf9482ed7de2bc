import Foundation
import Yams

/// Reads typed values out of YAML nodes, recording a diagnostic for every problem and carrying
/// on, so one run reports everything wrong with a file.
struct TemplateReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    mutating func error(at node: Node?, _ message: String, remedy: String? = nil) {
        diagnostics.append(.error(file, line: node?.line, column: node?.column, message, remedy: remedy))
    }

    mutating func warning(at node: Node?, _ message: String, remedy: String? = nil) {
        diagnostics.append(.warning(file, line: node?.line, column: node?.column, message, remedy: remedy))
    }

    mutating func add(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    // MARK: Mappings

    /// The pairs of a mapping. Reports a value that is not a mapping, and every key not in `known`
    /// (with the nearest known key as a suggestion); unknown keys are left out of the result.
    mutating func fields(of node: Node, context: String, known: [String]) -> YAMLFields? {
        guard case let .mapping(mapping) = node else {
            error(at: node, "\(context) must be a set of \"key: value\" lines, not \(node.describedForMessage)",
                  remedy: "write it as keys such as \(known.prefix(2).map { "\($0): ..." }.joined(separator: ", "))")
            return nil
        }
        var result: [YAMLField] = []
        var misspelled: Set<String> = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalarText else {
                error(at: keyNode, "a key in \(context) is \(keyNode.describedForMessage), not a name",
                      remedy: "keys are plain names such as \(known.first ?? "id")")
                continue
            }
            guard known.contains(key) else {
                var remedy = "the keys allowed here are \(known.joined(separator: ", "))"
                if let near = NearestWord.suggest(key, from: known) {
                    remedy = "did you mean \"\(near)\"? " + remedy
                    misspelled.insert(near)
                }
                error(at: keyNode, "unknown key \"\(key)\" in \(context)", remedy: remedy)
                continue
            }
            result.append(YAMLField(key: key, keyNode: keyNode, value: value))
        }
        return YAMLFields(node: node, fields: result, misspelled: misspelled)
    }

    // MARK: Values

    /// A required field's node; reports it when absent or empty.
    mutating func required(_ key: String, in fields: YAMLFields, context: String, example: String,
                           remedy: String? = nil) -> Node? {
        guard let field = fields.field(key) else {
            if fields.misspelled.contains(key) { return nil }
            error(at: fields.node, "\(context) is missing \"\(key)\"", remedy: remedy ?? "add \"\(example)\"")
            return nil
        }
        if field.value.isNull {
            error(at: field.keyNode, "\"\(key)\" of \(context) is empty", remedy: "give a value, such as \"\(example)\"")
            return nil
        }
        return field.value
    }

    /// Text (a single value, possibly over several lines); nil and reported when it is a list or mapping.
    mutating func text(_ node: Node, key: String, context: String) -> String? {
        guard let text = node.scalarText else {
            error(at: node, "\"\(key)\" of \(context) must be text, not \(node.describedForMessage)",
                  remedy: "write it on one line after \"\(key): \", or as a block starting with \"\(key): >\"")
            return nil
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    mutating func requiredText(_ key: String, in fields: YAMLFields, context: String, example: String) -> String? {
        guard let node = required(key, in: fields, context: context, example: example) else { return nil }
        return text(node, key: key, context: context)
    }

    mutating func optionalText(_ key: String, in fields: YAMLFields, context: String) -> String {
        guard let node = fields.value(key), !node.isNull else { return "" }
        return text(node, key: key, context: context) ?? ""
    }

    /// `true` or `false` only: `yes`/`no` are answers elsewhere in a template, so they are not accepted here.
    mutating func bool(_ node: Node, key: String, context: String) -> Bool? {
        switch node.scalarText?.lowercased() {
        case "true": return true
        case "false": return false
        default:
            error(at: node, "\"\(key)\" of \(context) must be true or false, not \(node.describedForMessage)",
                  remedy: "write \"\(key): true\" or \"\(key): false\"")
            return nil
        }
    }

    /// A list of single values; a lone value or a mapping is reported.
    mutating func list(_ node: Node, key: String, context: String, example: String) -> [Node]? {
        guard case let .sequence(sequence) = node else {
            if node.isNull { return [] }
            error(at: node, "\"\(key)\" of \(context) must be a list, not \(node.describedForMessage)",
                  remedy: "write it in square brackets, such as \"\(example)\"")
            return nil
        }
        var items: [Node] = []
        for item in sequence {
            if item.scalarText == nil {
                error(at: item, "an item of \"\(key)\" in \(context) is \(item.describedForMessage), not a single value",
                      remedy: "write the list as \"\(example)\"")
            } else {
                items.append(item)
            }
        }
        return items
    }

    /// A list of cohort codes; unknown codes are reported.
    mutating func cohorts(_ node: Node, key: String, context: String) -> [Cohort]? {
        guard let items = list(node, key: key, context: context, example: "\(key): [CIN, CP]") else { return nil }
        var cohorts: [Cohort] = []
        for item in items {
            let code = item.scalarText ?? ""
            if let cohort = Cohort.parse(code) {
                if !cohorts.contains(cohort) { cohorts.append(cohort) }
            } else {
                error(at: item, "unknown cohort \"\(code)\" in \"\(key)\" of \(context)",
                      remedy: "use \(TemplateVocabulary.cohortList)")
            }
        }
        return cohorts
    }
}

/// Words of the template format, listed in remedies.
enum TemplateVocabulary {
    static let cohortList = orList(Cohort.allCases.map(\.rawValue))
    static let questionTypes = orList(QuestionType.allCases.map(\.rawValue))
    static let caps = orList(Grade.scale.map(\.rawValue))
    static let answers = orList(Answer.allCases.map(\.rawValue))

    static func article(_ word: String) -> String { "aeiou".contains(word.prefix(1)) ? "an" : "a" }

    /// `a, b, c or d`
    static func orList(_ words: [String]) -> String {
        guard words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " or " + words[words.count - 1]
    }

    /// Ids are file names, CSV column names and keys in audit files: keep them plain.
    static func isValidID(_ id: String) -> Bool {
        guard !id.isEmpty, !id.hasPrefix("-"), !id.hasSuffix("-"), !id.contains("--") else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// `Plan Review` -> `plan-review`, offered when an id is not valid.
    static func suggestedID(_ text: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "my-id" : out
    }
}
