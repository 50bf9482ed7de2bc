import Foundation
import Yams

/// `teams.yaml` in the data folder: the teams a new audit is picked from, one YAML list item a line:
///
///     # teams.yaml
///     - Riverside
///     - Hillside CIN
///
/// Optional: without it, the interface offers the teams already used in the audits. Teams are
/// the same team when their names differ only in letter case or spacing (`TeamsFile.key`), so
/// "riverside " and "Riverside" never split a team's figures.
public enum TeamsFile {
    public static let name = "teams.yaml"

    public static func url(in directory: DataDirectory) -> URL { directory.root.appendingPathComponent(name) }

    /// What compares two team names: lower case, spaces trimmed and runs of spaces made one.
    public static func key(_ team: String) -> String {
        team.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The spelling of `typed` among `known` when one differs only in case or spacing, else
    /// `typed` with its spaces tidied.
    public static func resolve(_ typed: String, among known: [String]) -> String {
        let k = key(typed)
        if let found = known.first(where: { key($0) == k }) { return found }
        return typed.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The distinct teams of `audits`, each by its first spelling, sorted without regard to case.
    public static func used(in teams: [String]) -> [String] {
        var seen: Set<String> = []
        var out: [String] = []
        for t in teams {
            let k = key(t)
            guard !k.isEmpty, seen.insert(k).inserted else { continue }
            out.append(resolve(t, among: []))
        }
        return out.sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }
    }

    /// The teams in `directory`'s teams.yaml: nil (and no problems) when there is none.
    public static func load(_ directory: DataDirectory) -> (teams: [String]?, problems: [Diagnostic]) {
        let url = url(in: directory)
        guard FileManager.default.fileExists(atPath: url.path) else { return (nil, []) }
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            return ([], [.error(url.path, "cannot be read as UTF-8 text", remedy: "save it as UTF-8 text, one `- Team name` a line")])
        }
        let parsed = parse(text, file: url.path)
        return (parsed.teams, parsed.problems)
    }

    /// Every problem of the file in one pass, each with its line: not a list, an item that is
    /// not a name, an empty name, a name given twice (also in another case or spacing).
    public static func parse(_ yaml: String, file: String) -> (teams: [String], problems: [Diagnostic]) {
        let remedy = "write one team a line as a YAML list item, e.g. `- Riverside`"
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            return ([], [MeasuresFile.yamlDiagnostic(error, file: file)])
        } catch {
            return ([], [.error(file, "cannot read the YAML: \(error)", remedy: remedy)])
        }
        guard let root else { return ([], []) }  // empty or only comments: no teams yet
        guard let items = root.sequence else {
            return ([], [.error(file, line: root.mark?.line ?? 1, column: root.mark?.column ?? 1,
                                "the file must be a list of team names", remedy: remedy)])
        }
        var teams: [String] = []
        var problems: [Diagnostic] = []
        var firstLine: [String: Int] = [:]
        for item in items {
            let line = item.mark?.line ?? 1
            guard let scalar = item.scalar else {
                problems.append(.error(file, line: line, column: item.mark?.column, "item is not a team name (a list or mapping)", remedy: remedy))
                continue
            }
            let name = resolve(scalar.string, among: [])
            guard !name.isEmpty else {
                problems.append(.error(file, line: line, column: item.mark?.column, "empty team name", remedy: "delete the line or write the team's name after `- `"))
                continue
            }
            if let first = firstLine[key(name)] {
                problems.append(.error(file, line: line, column: item.mark?.column,
                                       "team \"\(name)\" is listed twice (first on line \(first); case and spaces do not make teams differ)",
                                       remedy: "delete one of the two lines"))
                continue
            }
            firstLine[key(name)] = line
            teams.append(name)
        }
        return (teams, problems)
    }

    /// Adds `team` at the end of teams.yaml (made when missing), keeping what is there.
    public static func add(_ team: String, to directory: DataDirectory) throws {
        let url = url(in: directory)
        var text = FileManager.default.contents(atPath: url.path).flatMap { String(data: $0, encoding: .utf8) } ?? ""
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        // Quoted, so a name such as "North: CIN" or "#3" stays one plain name in YAML.
        let escaped = team.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        text += "- \"\(escaped)\"\n"
        try AtomicFile.write(Data(text.utf8), to: url)
    }
}
