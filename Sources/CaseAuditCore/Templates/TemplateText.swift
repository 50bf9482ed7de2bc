import Foundation

/// Templates as text for people: the `templates list` table and the `templates show` print.
public enum TemplateText {
    /// One row per template: id, version, title, cohorts, section ids.
    public static func table(_ templates: [AuditTemplate]) -> String {
        let header = ["ID", "VERSION", "TITLE", "COHORTS", "SECTIONS"]
        let rows = templates.map { t in
            [t.id, "\(t.version)", t.title, t.cohorts.map(\.rawValue).joined(separator: ", "),
             t.sections.map(\.id).joined(separator: ", ")]
        }
        let all = [header] + rows
        let widths = (0..<header.count - 1).map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column < widths.count ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0) : cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// The whole template: sections in order, whether graded, each question with its type, whether it
    /// is required, the cohorts it applies to, guidance and source, and the section's limits.
    public static func describe(_ t: AuditTemplate) -> String {
        var out: [String] = []
        out.append(t.title)
        out.append("\(t.id), version \(t.version), for \(t.cohorts.map { "\($0.rawValue) (\($0.title.lowercased()))" }.joined(separator: ", "))")
        if !t.description.isEmpty { out.append(wrapped(t.description, indent: "")) }
        if !t.overallGuidance.isEmpty { out.append(wrapped("Overall grade: " + t.overallGuidance, indent: "")) }
        for (s, section) in t.sections.enumerated() {
            out.append("")
            out.append("\(s + 1). \(section.title) [\(section.id)], \(section.graded ? "graded" : "not graded")")
            if !section.guidance.isEmpty { out.append(wrapped(section.guidance, indent: "   ")) }
            for (q, question) in section.questions.enumerated() {
                let number = "\(s + 1).\(q + 1)"
                let pad = String(repeating: " ", count: number.count + 4)
                out.append(wrapped("\(question.text) [\(question.id)]", indent: "   \(number) ", hanging: pad))
                var facts = [question.type.rawValue, question.required ? "required" : "optional"]
                if !question.appliesTo.isEmpty {
                    facts.append("applies to " + question.appliesTo.map(\.rawValue).joined(separator: ", "))
                }
                if let role = question.role { facts.append("\(role.rawValue) question") }
                if question.type == .answer, question.noteOn != Question.defaultNoteOn {
                    facts.append("a note on " + (question.noteOn.isEmpty ? "no answer" : question.noteOn.map(\.title).joined(separator: ", ")))
                }
                if let other = question.requiredIf { facts.append("required after Yes to \(other)") }
                out.append(pad + facts.joined(separator: ", "))
                if !question.options.isEmpty {
                    out.append(wrapped("Options: " + question.options.joined(separator: " | "), indent: pad))
                }
                if !question.guidance.isEmpty { out.append(wrapped("Guidance: " + question.guidance, indent: pad)) }
                if !question.source.isEmpty { out.append(wrapped("Source: " + question.source, indent: pad)) }
            }
            if !section.limits.isEmpty {
                out.append("   Limits:")
                for limit in section.limits {
                    var text: String
                    if let atLeast = limit.atLeast {
                        let n = atLeast == atLeast.rounded() ? String(Int(atLeast)) : String(atLeast)
                        text = "\(limit.question) of \(n) or more caps the grade at \(limit.cap.title)"
                        if let other = limit.contradicts { text += ", and cannot stand beside Yes to \(other)" }
                    } else {
                        text = "\(limit.when.map(\.title).joined(separator: " or ")) to \(limit.question) caps the grade at \(limit.cap.title)"
                    }
                    out.append(wrapped(text, indent: "     - ", hanging: "       "))
                }
            }
        }
        return out.joined(separator: "\n")
    }

    /// Wraps at `width` columns; the first line starts with `indent`, the others with `hanging`.
    static func wrapped(_ text: String, indent: String, hanging: String? = nil, width: Int = 78) -> String {
        let rest = hanging ?? indent
        var lines: [String] = []
        var prefix = indent
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = prefix
            var empty = true
            for word in paragraph.split(separator: " ") {
                if !empty, line.count + 1 + word.count > width {
                    lines.append(line)
                    line = rest
                    empty = true
                }
                line += (empty ? "" : " ") + word
                empty = false
            }
            lines.append(line)
            prefix = rest
        }
        return lines.joined(separator: "\n")
    }
}
