import Foundation

/// `caseaudit smart` output: one row per non-blank line of plan actions.
public enum SmartReport {
    public static let header = ["line", "action", "verdict", "score", "lacking", "vague"]

    public static func table(_ text: String) -> QATable {
        var rows: [[String]] = []
        let lines = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        for (i, line) in lines.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let action = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !action.isEmpty else { continue }
            let f = SmartChecker.check(action)
            rows.append([String(i + 1), action, f.verdict.rawValue, "\(f.score)/\(SmartFindings.maxScore)",
                         f.lacking.map(\.rawValue).joined(separator: "; "), f.vague.joined(separator: "; ")])
        }
        return QATable(title: "SMART check", header: header, rows: rows, numeric: [0])
    }
}
