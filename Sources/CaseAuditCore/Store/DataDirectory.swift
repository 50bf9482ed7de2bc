import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// For commands that only read: throws (66) when the data directory is missing or is not a
    /// folder, so a mistyped `--data` is reported instead of being created or read as empty.
    public func requireExisting() throws {
        var isFolder: ObjCBool = false
        let found = FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder)
        let remedy = "check --data (or $CASEAUDIT_DATA); to start a data folder there, open the interface with "
            + "`caseaudit --data \(root.path)`, import a spreadsheet with `caseaudit import FILE.csv --data \(root.path)`, "
            + "or make sample data with `caseaudit demo --data \(root.path)`"
        if !found {
            throw CaseAuditError(.noInput, file: root.path, "no data folder here", remedy: remedy)
        }
        if !isFolder.boolValue {
            throw CaseAuditError(.noInput, file: root.path, "is a file, not a data folder", remedy: remedy)
        }
    }

    /// Throws when `folder` (the history or locks folder) is a symbolic link: a link would let
    /// whoever made it have locks removed, or history read and written, wherever it points.
    /// A missing folder is fine (nothing to follow).
    public static func refuseLink(_ folder: URL) throws {
        var info = stat()
        guard lstat(folder.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return }
        throw linkError(folder, what: "folder")
    }

    /// The error for a link found where caseaudit keeps its own files and folders.
    public static func linkError(_ url: URL, what: String) -> CaseAuditError {
        CaseAuditError(.dataError, file: url.path, "is a symbolic link; caseaudit does not follow links inside the data folder",
                       remedy: "remove the link and put a real \(what) in its place (copy in what it pointed to if you need it)")
    }

    /// Creates the folders (0700) on first use and `measures.yaml` from the shipped defaults.
    public func prepare(defaultMeasures: Data?) throws {
        try DataDirectory.refuseLink(history)
        try DataDirectory.refuseLink(locks)
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
