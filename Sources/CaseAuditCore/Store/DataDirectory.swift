import Foundation

/// The data directory and its layout:
///
///     DATA/
///       audits/<id>.json           one file per audit
///       templates/<id>@<v>.yaml    the template version each audit was made with
///       history/<id>.jsonl         hash-chained change history per audit
///       locks/<id>.lock            who is editing an audit
///       measures.yaml              measures reported against targets
///       .cache/                    derived, deletable, rebuilt
public struct DataDirectory: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    /// `--data DIR`, else `$CASEAUDIT_DATA`, else `$XDG_DATA_HOME/caseaudit`, else `~/.local/share/caseaudit`.
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> DataDirectory {
        if let explicit, !explicit.isEmpty { return DataDirectory(root: URL(fileURLWithPath: explicit)) }
        if let env = environment["CASEAUDIT_DATA"], !env.isEmpty { return DataDirectory(root: URL(fileURLWithPath: env)) }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return DataDirectory(root: URL(fileURLWithPath: xdg).appendingPathComponent("caseaudit"))
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return DataDirectory(root: home.appendingPathComponent(".local/share/caseaudit"))
    }

    public var audits: URL { root.appendingPathComponent("audits") }
    public var templates: URL { root.appendingPathComponent("templates") }
    public var history: URL { root.appendingPathComponent("history") }
    public var locks: URL { root.appendingPathComponent("locks") }
    public var cache: URL { root.appendingPathComponent(".cache") }
    public var measuresFile: URL { root.appendingPathComponent("measures.yaml") }

    public func auditFile(_ id: String) -> URL { audits.appendingPathComponent("\(id).json") }
    public func templateSnapshot(_ ref: TemplateRef) -> URL { templates.appendingPathComponent("\(ref.key).yaml") }

    public var exists: Bool { FileManager.default.fileExists(atPath: root.path) }

    /// Creates the folders (0700) on first use and `measures.yaml` from the shipped defaults.
    public func prepare(defaultMeasures: Data?) throws {
        for folder in [root, audits, templates, history, locks] {
            try AtomicFile.makeFolder(folder)
        }
        if let defaultMeasures, !FileManager.default.fileExists(atPath: measuresFile.path) {
            try AtomicFile.write(defaultMeasures, to: measuresFile)
        }
    }

    /// A warning when people other than the owner can read or enter the data directory.
    public func permissionWarning() -> Diagnostic? {
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: root.path),
              let perms = attrs[.posixPermissions] as? Int else { return nil }
        if perms & 0o077 != 0 {
            return .warning(root.path, "the data directory can be read by other users (mode \(String(perms, radix: 8)))",
                            remedy: "run: chmod 700 \(root.path)")
        }
        return nil
    }
}
