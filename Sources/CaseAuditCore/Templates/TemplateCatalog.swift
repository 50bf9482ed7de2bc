import Foundation

/// The templates a run can use: every `*.yaml` at the top of the templates folder, plus the
/// snapshots `<id>@<version>.yaml` the data directory keeps of each version audits were made with,
/// so an audit made with an older version still opens and reports after the template changes.
public struct TemplateCatalog: Sendable {
    /// A template version with the exact bytes it was read from.
    struct Entry: Equatable, Sendable {
        var template: AuditTemplate
        var source: Data?
        var file: String
    }

    public var folder: URL
    public var diagnostics: [Diagnostic]
    /// The newest version of each template in the folder, sorted by id.
    public var templates: [AuditTemplate]

    private var shipped: [TemplateRef: Entry]
    private var snapshots: [TemplateRef: Entry]

    /// A catalog of templates already in memory, for tests and previews; `source(_:)` gives nil for them.
    public init(templates: [AuditTemplate], folder: URL = URL(fileURLWithPath: "AuditTemplates")) {
        var shipped: [TemplateRef: Entry] = [:]
        for t in templates { shipped[TemplateRef(id: t.id, version: t.version)] = Entry(template: t, source: nil, file: t.id) }
        var newest: [String: AuditTemplate] = [:]
        for t in templates where (newest[t.id]?.version ?? 0) < t.version { newest[t.id] = t }
        self.init(folder: folder, diagnostics: [], templates: newest.values.sorted { $0.id < $1.id },
                  shipped: shipped, snapshots: [:])
    }

    private init(folder: URL, diagnostics: [Diagnostic], templates: [AuditTemplate],
                 shipped: [TemplateRef: Entry], snapshots: [TemplateRef: Entry]) {
        self.folder = folder
        self.diagnostics = diagnostics
        self.templates = templates
        self.shipped = shipped
        self.snapshots = snapshots
    }

    public var defaultMeasuresFile: URL { folder.appendingPathComponent("defaults/measures.yaml") }

    public func latest(_ id: String) -> AuditTemplate? { templates.first { $0.id == id } }

    /// That exact version. The data directory's snapshot comes first: it is what audits were made with.
    public func template(_ ref: TemplateRef) -> AuditTemplate? { entry(ref)?.template }

    /// The YAML bytes of that exact version, for `AuditStore.snapshotTemplate`.
    public func source(_ ref: TemplateRef) -> Data? { entry(ref)?.source }

    /// Every version known, shipped and snapshots, sorted by id then version.
    public var allVersions: [TemplateRef] {
        Set(shipped.keys).union(snapshots.keys).sorted { ($0.id, $0.version) < ($1.id, $1.version) }
    }

    private func entry(_ ref: TemplateRef) -> Entry? { snapshots[ref] ?? shipped[ref] }

    /// Never throws: a missing folder or a broken file becomes a diagnostic and the rest still load.
    public static func load(folder: URL, snapshots snapshotFolder: URL? = nil) -> TemplateCatalog {
        var diagnostics: [Diagnostic] = []
        var shipped: [TemplateRef: Entry] = [:]
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue {
            for url in yamlFiles(in: folder) {
                guard let entry = read(url, diagnostics: &diagnostics) else { continue }
                let ref = TemplateRef(id: entry.template.id, version: entry.template.version)
                if let other = shipped[ref] {
                    diagnostics.append(.error(url.path, "template \(ref.id) version \(ref.version) is also defined in \(other.file)",
                                              remedy: "a changed template needs a new version: raise \"version\" in one of them"))
                } else {
                    shipped[ref] = entry
                }
            }
        } else {
            diagnostics.append(.error(folder.path, "the templates folder does not exist",
                                      remedy: "pass --templates DIR or set CASEAUDIT_TEMPLATES to the folder holding the template .yaml files"))
        }

        var snapshots: [TemplateRef: Entry] = [:]
        if let snapshotFolder {
            for url in yamlFiles(in: snapshotFolder) {
                guard let entry = read(url, diagnostics: &diagnostics, warnings: false) else { continue }
                let ref = TemplateRef(id: entry.template.id, version: entry.template.version)
                let name = url.deletingPathExtension().lastPathComponent
                guard name == ref.key else {
                    diagnostics.append(.error(url.path, "this snapshot holds \(ref.key) but is named \(name).yaml",
                                              remedy: "rename it to \(ref.key).yaml, or restore the original snapshot from a backup"))
                    continue
                }
                if let same = shipped[ref], same.template != entry.template {
                    diagnostics.append(.warning(same.file, "\(ref.id) version \(ref.version) differs from the copy audits were made with (\(url.path))",
                                                remedy: "a change to a template is a new version: raise \"version\" to \(ref.version + 1)"))
                }
                snapshots[ref] = entry
            }
        }

        return assemble(folder: folder, diagnostics: diagnostics, shipped: shipped, snapshots: snapshots)
    }

    private static func assemble(folder: URL, diagnostics: [Diagnostic], shipped: [TemplateRef: Entry],
                                 snapshots: [TemplateRef: Entry]) -> TemplateCatalog {
        var newest: [String: AuditTemplate] = [:]
        for entry in shipped.values where (newest[entry.template.id]?.version ?? 0) < entry.template.version {
            newest[entry.template.id] = entry.template
        }
        return TemplateCatalog(folder: folder, diagnostics: diagnostics,
                               templates: newest.values.sorted { $0.id < $1.id },
                               shipped: shipped, snapshots: snapshots)
    }

    /// As `load(folder:snapshots:)`, through `TemplateCatalogCache` in the folder `cache` (the
    /// data directory's `.cache/`, created if its parent exists). `now` decides which files are
    /// too fresh to cache (tests move it on).
    public static func load(folder: URL, snapshots snapshotFolder: URL?, cache: URL, now: Date = Date()) -> TemplateCatalog {
        // A `.cache` that is a link is neither read nor written through (the index names it).
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: cache.path)) != nil {
            return load(folder: folder, snapshots: snapshotFolder)
        }
        let (key, racy) = TemplateCatalogCache.key(folder: folder, snapshots: snapshotFolder, now: Int64(now.timeIntervalSince1970))
        let file = cache.appendingPathComponent(TemplateCatalogCache.fileName)
        if let data = FileManager.default.contents(atPath: file.path),
           let cached = TemplateCatalogCache.decode([UInt8](data), key: key) {
            func byRef(_ entries: [Entry]) -> [TemplateRef: Entry] {
                Dictionary(entries.map { (TemplateRef(id: $0.template.id, version: $0.template.version), $0) }) { a, _ in a }
            }
            return assemble(folder: folder, diagnostics: cached.diagnostics, shipped: byRef(cached.shipped),
                            snapshots: byRef(cached.snapshots))
        }
        let catalog = load(folder: folder, snapshots: snapshotFolder)
        if !racy, FileManager.default.fileExists(atPath: cache.deletingLastPathComponent().path) {
            // Best effort: a read-only data directory only loses the time saved.
            let bytes = TemplateCatalogCache.encode(key: key, diagnostics: catalog.diagnostics,
                                                    shipped: Array(catalog.shipped.values), snapshots: Array(catalog.snapshots.values))
            try? AtomicFile.makeFolder(cache)
            try? AtomicFile.write(Data(bytes), to: file)
        }
        return catalog
    }

    /// The same catalog: same entries, templates and diagnostics (for tests of the cache).
    func sameAs(_ other: TemplateCatalog) -> Bool {
        folder == other.folder && diagnostics == other.diagnostics && templates == other.templates
            && shipped == other.shipped && snapshots == other.snapshots
    }

    /// `*.yaml` directly in the folder (not in subfolders such as `defaults/`), hidden files skipped, sorted.
    public static func yamlFiles(in folder: URL) -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }.sorted()
            .map { folder.appendingPathComponent($0) }
            .filter { !TemplateLocator.isFolder($0) }
    }

    /// Snapshots are copies of checked templates, so only their errors are worth repeating.
    private static func read(_ url: URL, diagnostics: inout [Diagnostic], warnings: Bool = true) -> Entry? {
        // Parse the very bytes kept as the source, so a snapshot always matches the template it stands for.
        let data = FileManager.default.contents(atPath: url.path)
        let result = data.flatMap { String(data: $0, encoding: .utf8) }.map { TemplateParser.parse($0, file: url.path) }
            ?? TemplateParser.parse(contentsOf: url)
        diagnostics += warnings ? result.diagnostics : result.diagnostics.errors
        guard let data, let template = result.template else { return nil }
        return Entry(template: template, source: data, file: url.path)
    }
}
