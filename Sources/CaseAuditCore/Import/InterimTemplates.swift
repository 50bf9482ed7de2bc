import Foundation
import Yams

// Interim: a minimal reader of the template folder so import, export, summary and demo run
// before the Templates team's TemplateCatalog lands in main. It is replaced by
// `extension TemplateCatalog: TemplateSource` and removed then; it does no validation.
public struct InterimTemplateFolder: TemplateSource {
    public var templates: [AuditTemplate]
    private var byRef: [String: (AuditTemplate, Data)]

    public static func load(folder: URL, snapshots: URL?) -> InterimTemplateFolder {
        var byRef: [String: (AuditTemplate, Data)] = [:]
        for dir in [snapshots, folder].compactMap({ $0 }) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                let url = dir.appendingPathComponent(name)
                guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8),
                      let raw = try? YAMLDecoder().decode(RawTemplate.self, from: text) else { continue }
                let t = raw.template
                byRef["\(t.id)@\(t.version)"] = (t, data)
            }
        }
        var latest: [String: AuditTemplate] = [:]
        for (t, _) in byRef.values where (latest[t.id]?.version ?? 0) < t.version { latest[t.id] = t }
        return InterimTemplateFolder(templates: latest.values.sorted { $0.id < $1.id }, byRef: byRef)
    }

    public func latest(_ id: String) -> AuditTemplate? { templates.first { $0.id == id } }
    public func template(_ ref: TemplateRef) -> AuditTemplate? { byRef[ref.key]?.0 }
    public func source(_ ref: TemplateRef) -> Data? { byRef[ref.key]?.1 }

    /// --templates, $CASEAUDIT_TEMPLATES, then AuditTemplates beside the program or in the current folder.
    public static func locate(explicit: String?, environment: [String: String]) throws -> URL {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        if let env = environment["CASEAUDIT_TEMPLATES"], !env.isEmpty { return URL(fileURLWithPath: env) }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = [exe.appendingPathComponent("AuditTemplates"),
                          exe.appendingPathComponent("../share/caseaudit/AuditTemplates").standardizedFileURL,
                          URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("AuditTemplates")]
        var up = exe
        for _ in 0..<4 {
            up = up.deletingLastPathComponent()
            candidates.append(up.appendingPathComponent("AuditTemplates"))
        }
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) { return found }
        throw CaseAuditError(.noInput, file: "AuditTemplates", "cannot find the templates folder",
                             remedy: "give it with --templates DIR or set CASEAUDIT_TEMPLATES")
    }
}

private struct RawTemplate: Decodable {
    struct RawLimit: Decodable {
        var question: String
        var when: [Answer]?
        var cap: Grade
    }
    struct RawQuestion: Decodable {
        var id: String
        var text: String
        var type: String
        var required: Bool?
        var options: [String]?
        var appliesTo: [Cohort]?
        enum CodingKeys: String, CodingKey {
            case id, text, type, required, options
            case appliesTo = "applies-to"
        }
    }
    struct RawSection: Decodable {
        var id: String
        var title: String
        var graded: Bool
        var questions: [RawQuestion]
        var limits: [RawLimit]?
    }
    var id: String
    var title: String
    var version: Int
    var cohorts: [Cohort]
    var sections: [RawSection]

    var template: AuditTemplate {
        AuditTemplate(id: id, title: title, version: version, cohorts: cohorts, sections: sections.map { s in
            TemplateSection(id: s.id, title: s.title, graded: s.graded, questions: s.questions.map { q in
                Question(id: q.id, text: q.text, type: QuestionType(rawValue: q.type) ?? .text, required: q.required ?? true,
                         appliesTo: q.appliesTo ?? [], options: q.options ?? [])
            }, limits: (s.limits ?? []).map { LimitRule(question: $0.question, when: $0.when ?? [.no], cap: $0.cap) })
        })
    }
}
