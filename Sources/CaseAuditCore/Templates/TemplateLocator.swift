import Foundation

/// Finds the templates folder: `--templates`, then `$CASEAUDIT_TEMPLATES`, then the folder installed
/// beside the program, then the repository's `AuditTemplates/` (so `swift run caseaudit` works from
/// a checkout), then `./AuditTemplates`.
public enum TemplateLocator {
    public static let environmentVariable = "CASEAUDIT_TEMPLATES"
    public static let folderName = "AuditTemplates"

    public static func resolve(explicit: String?, environment: [String: String]) throws -> URL {
        try resolve(explicit: explicit, environment: environment, executable: currentExecutable(),
                    currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    /// The same with the executable and working folder given, for tests.
    public static func resolve(explicit: String?, environment: [String: String], executable: URL?,
                               currentDirectory: URL) throws -> URL {
        // A folder someone named is used or reported, never silently replaced by another one.
        if let explicit, !explicit.isEmpty {
            return try named(explicit, by: "--templates", currentDirectory: currentDirectory)
        }
        if let value = environment[environmentVariable], !value.isEmpty {
            return try named(value, by: "$\(environmentVariable)", currentDirectory: currentDirectory)
        }
        let places = candidates(executable: executable, currentDirectory: currentDirectory)
        if let found = places.first(where: isFolder) { return found }
        let tried = places.map(\.path).joined(separator: ", ")
        throw CaseAuditError(.noInput, file: folderName,
                             "no templates folder found: --templates and $\(environmentVariable) are not set, and none of these exists: \(tried)",
                             remedy: "pass --templates DIR or set \(environmentVariable) to the folder holding the template .yaml files")
    }

    /// The places looked in when neither `--templates` nor the environment names a folder, in order.
    public static func candidates(executable: URL?, currentDirectory: URL) -> [URL] {
        var places: [URL] = []
        if let executable {
            let bin = executable.deletingLastPathComponent().standardizedFileURL
            places.append(bin.deletingLastPathComponent().appendingPathComponent("share/caseaudit/\(folderName)"))
            places.append(bin.appendingPathComponent(folderName))
            if let checkout = packageRoot(above: bin) { places.append(checkout.appendingPathComponent(folderName)) }
        }
        places.append(currentDirectory.appendingPathComponent(folderName).standardizedFileURL)
        return places
    }

    /// The nearest folder at or above `start` holding both `Package.swift` and `AuditTemplates/`:
    /// `swift run` puts the program under `.build/` inside the checkout.
    static func packageRoot(above start: URL) -> URL? {
        var folder = start.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
               isFolder(folder.appendingPathComponent(folderName)) {
                return folder
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    private static func named(_ path: String, by source: String, currentDirectory: URL) throws -> URL {
        let url = (path.hasPrefix("/") ? URL(fileURLWithPath: path)
                   : currentDirectory.appendingPathComponent(path)).standardizedFileURL
        guard isFolder(url) else {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw CaseAuditError(.noInput, file: url.path,
                                 exists ? "the templates folder given by \(source) is a file, not a folder"
                                        : "the templates folder given by \(source) does not exist",
                                 remedy: "give the folder holding the template .yaml files, such as AuditTemplates")
        }
        return url
    }

    public static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The program's real path; `/proc/self/exe` sees through a symlink in `/usr/local/bin`.
    static func currentExecutable() -> URL? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }
}
