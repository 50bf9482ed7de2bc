import Foundation

/// Where a draft was left in the editor: a section id (or `overall`) and the item under the cursor.
public struct EditorPosition: Codable, Equatable, Sendable {
    /// A section id of the audit's template, or `EditorPosition.overall`.
    public var section: String
    /// A question id, `grade`, or for the Overall page the row's number.
    public var item: String

    public static let overall = "overall"

    public init(section: String, item: String) {
        self.section = section
        self.item = item
    }
}

/// Each user's editor positions, per data folder and audit, in
/// `$XDG_STATE_HOME/caseaudit/positions.json` (default `~/.local/state/caseaudit/positions.json`).
/// Never in the data folder: where one person stopped is not the audit's business, and
/// colleagues share that folder.
public struct EditorPositions: Equatable, Sendable {
    /// Data folder path, then audit id.
    public var folders: [String: [String: EditorPosition]]

    /// Positions kept per data folder; the oldest give way (a position is a convenience).
    public static let limit = 200

    public init(folders: [String: [String: EditorPosition]] = [:]) { self.folders = folders }

    /// `$XDG_STATE_HOME` when it is an absolute path (as the XDG spec says), else `$HOME/.local/state`.
    public static func url(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        UserConfig.userFile("positions.json", xdg: "XDG_STATE_HOME", fallback: ".local/state", environment: environment)
    }

    /// The positions in `url`; a missing or damaged file gives none (the editor then opens at the start).
    public static func load(from url: URL) -> EditorPositions {
        guard let data = try? Data(contentsOf: url),
              let folders = try? JSONDecoder().decode([String: [String: EditorPosition]].self, from: data) else {
            return EditorPositions()
        }
        return EditorPositions(folders: folders)
    }

    /// Records (or with nil forgets) where audit `id` of `folder` was left, keeping at most
    /// `limit` positions per folder.
    public mutating func set(_ position: EditorPosition?, folder: String, id: String) {
        var entries = folders[folder] ?? [:]
        entries[id] = position
        if entries.count > Self.limit {
            // Audit ids start with their month: the oldest audits' positions go first.
            for old in entries.keys.sorted().prefix(entries.count - Self.limit) where old != id { entries[old] = nil }
        }
        folders[folder] = entries.isEmpty ? nil : entries
    }

    /// Writes the positions atomically, making the folder when needed.
    public func save(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(folders), to: url)
    }
}
