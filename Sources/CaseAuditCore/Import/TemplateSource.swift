import Foundation

/// The templates import, export, summary and demo need: the same three questions the Templates
/// team's `TemplateCatalog` answers. Kept as a protocol so this code and its tests do not depend
/// on how templates are found on disk.
public protocol TemplateSource: Sendable {
    /// The newest version of each template.
    var templates: [AuditTemplate] { get }
    /// The newest version of a template.
    func latest(_ id: String) -> AuditTemplate?
    /// That exact version, shipped or snapshotted in the data directory.
    func template(_ ref: TemplateRef) -> AuditTemplate?
    /// Its YAML bytes, for `AuditStore.snapshotTemplate`.
    func source(_ ref: TemplateRef) -> Data?
    /// Ids of template files that exist but could not be read, so a row naming one is told to
    /// fix the file rather than that the id is unknown.
    var unreadableIDs: Set<String> { get }
}

extension TemplateSource {
    public var unreadableIDs: Set<String> { [] }
}

/// Templates held in memory (tests, and callers that already have them).
public struct InMemoryTemplates: TemplateSource {
    public var templates: [AuditTemplate]
    public var yaml: [String: Data]

    public init(_ templates: [AuditTemplate], yaml: [String: Data] = [:]) {
        self.templates = templates
        self.yaml = yaml
    }

    public func latest(_ id: String) -> AuditTemplate? {
        templates.filter { $0.id == id }.max { $0.version < $1.version }
    }

    public func template(_ ref: TemplateRef) -> AuditTemplate? {
        templates.first { $0.id == ref.id && $0.version == ref.version }
    }

    public func source(_ ref: TemplateRef) -> Data? { yaml[ref.key] }

    /// Every template id, sorted.
    public var ids: [String] { Array(Set(templates.map(\.id))).sorted() }
}
