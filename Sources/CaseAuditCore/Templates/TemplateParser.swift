import Foundation
import Yams

public struct TemplateParseResult: Sendable {
    /// The template when it has no errors (warnings allowed), else nil.
    public var template: AuditTemplate?
    /// Every problem found, in file order.
    public var diagnostics: [Diagnostic]

    public init(template: AuditTemplate?, diagnostics: [Diagnostic]) {
        self.template = template
        self.diagnostics = diagnostics
    }
}

/// Reads a template YAML file (format in docs/templates.md) and reports every problem in it at once.
public enum TemplateParser {
    public static let templateKeys = ["id", "title", "version", "description", "cohorts", "overall-guidance", "sections"]
    public static let sectionKeys = ["id", "title", "guidance", "graded", "questions", "limits"]
    public static let questionKeys = ["id", "text", "type", "required", "guidance", "source", "applies-to", "options",
                                             "role", "note-on", "required-if"]
    public static let limitKeys = ["question", "when", "cap", "at-least", "contradicts"]

    /// `file` is used in messages and for the check that the file is named `<id>.yaml`.
    public static func parse(_ yaml: String, file: String) -> TemplateParseResult {
        var reader = TemplateReader(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            reader.add(YAMLErrorDiagnostic.make(error, yaml: yaml, file: file))
            return TemplateParseResult(template: nil, diagnostics: reader.diagnostics)
        }
        guard let root, !root.isNull else {
            reader.add(.error(file, line: 1, column: 1, "the file holds no template",
                              remedy: "start with \"id:\", \"title:\", \"version:\", \"cohorts:\" and \"sections:\"; the format is in docs/templates.md"))
            return TemplateParseResult(template: nil, diagnostics: reader.diagnostics)
        }
        var builder = TemplateBuilder(reader: reader)
        let template = builder.template(root)
        builder.checkFileName(file: file)
        let diagnostics = inFileOrder(builder.reader.diagnostics)
        return TemplateParseResult(template: diagnostics.hasErrors ? nil : template, diagnostics: diagnostics)
    }

    /// Reads and parses a file; a file that cannot be read or is not UTF-8 is one error diagnostic.
    /// `file` is the name used in messages, the path by default.
    public static func parse(contentsOf url: URL, file: String? = nil) -> TemplateParseResult {
        let name = file ?? url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let exists = FileManager.default.fileExists(atPath: url.path)
            return TemplateParseResult(template: nil, diagnostics: [
                .error(name, exists ? "the file cannot be read" : "the file does not exist",
                       remedy: exists ? "check that it is a file you may read" : "check the name and the folder"),
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return TemplateParseResult(template: nil, diagnostics: [
                .error(name, "the file is not UTF-8 text", remedy: "save it as UTF-8"),
            ])
        }
        return parse(text, file: name)
    }

    /// Sorted by line and column; problems found in the same place keep the order they were found in.
    static func inFileOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let ka = (a.element.line ?? 0, a.element.column ?? 0, a.offset)
            let kb = (b.element.line ?? 0, b.element.column ?? 0, b.offset)
            return ka < kb
        }.map(\.element)
    }
}

/// Turns a Yams error into a diagnostic at the place libYAML gave up.
enum YAMLErrorDiagnostic {
    static let remedy = "check the indentation and quoting on this line and the one before: indent with spaces, "
        + "never tabs, and put quotes around text that holds \": \" or \" #\" or starts with a special character"

    static func make(_ error: Error, yaml: String, file: String) -> Diagnostic {
        guard let yamlError = error as? YamlError else {
            return .error(file, "the YAML cannot be read: \(error)", remedy: remedy)
        }
        switch yamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context {
                message += " (\(context.text) that started at line \(context.mark.line), column \(context.mark.column))"
            }
            return .error(file, line: mark.line, column: mark.column, message, remedy: remedy)
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? ""
            let first = context.mark
            let againLine = repeatedKey(key, after: first, in: yaml) ?? first.line
            return .error(file, line: againLine, column: first.column,
                          "the key \"\(key)\" is given twice in the same block; the first is at line \(first.line)",
                          remedy: "keep one of them; a new section or question starts with \"- \"")
        case let .reader(problem, offset, _, _):
            let place = offset.map { lineAndColumn(ofCharacter: $0, in: yaml) }
            return .error(file, line: place?.line, column: place?.column, "the file cannot be read as text: \(problem)",
                          remedy: "save the file as UTF-8 text")
        default:
            return .error(file, "the YAML cannot be read: \(yamlError)", remedy: remedy)
        }
    }

    /// Yams names the first occurrence of a repeated key; the one to fix is usually the later one,
    /// at the same indentation further down.
    static func repeatedKey(_ key: String, after first: Mark, in yaml: String) -> Int? {
        // "\r\n" is one Character in Swift, so a CRLF file needs both separators.
        let lines = yaml.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        guard first.line >= 1, first.line <= lines.count else { return nil }
        let indent = first.column - 1
        for index in first.line..<lines.count {
            let line = Array(lines[index])
            guard line.count > indent else { continue }
            let prefix = line[..<indent]
            guard prefix.allSatisfy({ $0 == " " || $0 == "-" }) else {
                if prefix.contains(where: { $0 != " " }) && !prefix.contains("-") { return nil }   // left the block
                continue
            }
            if String(line[indent...]).hasPrefix("\(key):") { return index + 1 }
        }
        return nil
    }

    private static func lineAndColumn(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
