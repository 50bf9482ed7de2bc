import Foundation

extension DemoGenerator {
    /// Fills `directory` with demo audits: refuses one that already holds audits unless `force`,
    /// creates the data directory and `measures.yaml`, snapshots the template versions used.
    public static func fill(_ directory: DataDirectory, templates: TemplateSource, options: Options,
                            force: Bool, defaultMeasures: Data?) throws -> DemoWriter.Result {
        let existing = AuditStore(directory: directory).auditFiles().count
        if existing > 0, !force {
            throw CaseAuditError(.usage, file: directory.audits.path,
                                 "the data directory already holds \(existing) audit\(existing == 1 ? "" : "s")",
                                 remedy: "use --force to add the demo audits anyway, or choose an empty data directory with --data")
        }
        guard options.audits >= 0 else {
            throw CaseAuditError(.usage, file: "--audits", "the number of audits must be 0 or more", remedy: "for example --audits 240")
        }
        let generator = try DemoGenerator(templates: templates, options: options)
        try directory.prepare(defaultMeasures: defaultMeasures)
        let store = AuditStore(directory: directory)
        for ref in generator.templateRefs {
            if let yaml = templates.source(ref) { try store.snapshotTemplate(ref, yaml: yaml) }
        }
        return try DemoWriter.write(generator, to: directory)
    }
}
