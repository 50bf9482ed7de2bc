import Foundation

/// Import, export, summary and demo take any `TemplateSource`; the catalog is the one read from disk.
extension TemplateCatalog: TemplateSource {
    /// Files named `<id>.yaml` with an error, whose id has no version that loaded.
    public var unreadableIDs: Set<String> {
        Set(diagnostics.errors.compactMap { d -> String? in
            let url = URL(fileURLWithPath: d.file)
            guard url.pathExtension == "yaml" || url.pathExtension == "yml" else { return nil }
            let id = url.deletingPathExtension().lastPathComponent
            return latest(id) == nil ? id : nil
        })
    }
}
