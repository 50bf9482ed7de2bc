import Foundation
import Yams

/// One person's own settings, in `$XDG_CONFIG_HOME/caseaudit/config.yaml` (default
/// `~/.config/caseaudit/config.yaml`). Never in the data folder: colleagues share that, and
/// one person's name there would become everyone's default.
public struct UserConfig: Equatable, Sendable {
    /// The name last given as auditor on a new audit or a correction; the next form starts with it.
    public var auditor: String?
    /// The folder the last summary was written to (`S`); the next one is offered there.
    public var summaryFolder: String?

    public init(auditor: String? = nil, summaryFolder: String? = nil) {
        self.auditor = auditor
        self.summaryFolder = summaryFolder
    }

    /// Where the file is: `$XDG_CONFIG_HOME` when it is an absolute path (as the XDG spec says),
    /// else `$HOME/.config`.
    public static func url(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        userFile("config.yaml", xdg: "XDG_CONFIG_HOME", fallback: ".config", environment: environment)
    }

    /// `NAME` in the program's folder under `$<xdg>` when that is an absolute path (as the XDG
    /// spec says), else under `$HOME/<fallback>`: one rule for every per-user file.
    static func userFile(_ name: String, xdg: String, fallback: String, environment: [String: String]) -> URL {
        let base: String
        if let dir = environment[xdg], dir.hasPrefix("/") {
            base = dir
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/" + fallback
        }
        return URL(fileURLWithPath: base).appendingPathComponent("caseaudit").appendingPathComponent(name)
    }

    /// The settings in `url`; a missing, unreadable or damaged file gives none, since a
    /// remembered default is a convenience and never worth refusing to start over.
    public static func load(from url: URL) -> UserConfig {
        guard let contents = try? String(contentsOf: url, encoding: .utf8),
              let object = try? Yams.load(yaml: contents) as? [String: Any] else { return UserConfig() }
        func text(_ key: String) -> String? {
            let value = (object[key] as? String)?.trimmingCharacters(in: .whitespaces)
            return value?.isEmpty == false ? value : nil
        }
        // Only an absolute folder is a usable default: a relative one would move with the shell.
        return UserConfig(auditor: text("auditor"), summaryFolder: text("summary_folder").flatMap { $0.hasPrefix("/") ? $0 : nil })
    }

    /// Writes the settings atomically, making the folder when needed.
    public func save(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var object: [String: String] = [:]
        if let auditor { object["auditor"] = auditor }
        if let summaryFolder { object["summary_folder"] = summaryFolder }
        let text = "# caseaudit's settings for this user (written by caseaudit)\n" + (try Yams.dump(object: object))
        try AtomicFile.write(Data(text.utf8), to: url)
    }
}
