/// Plain-ASCII stand-ins for the box drawing, bars, sparklines, arrows and marks the screens use,
/// for terminals that cannot draw them (vt100) or users who ask (`--ascii`, `CASEAUDIT_ASCII=1`).
/// Each stand-in is one column wide, as its original, so layouts are unchanged; letters (accented
/// notes, CJK names) are never touched.
public enum Glyphs {
    static let ascii: [Character: Character] = [
        // Box drawing and rules.
        "─": "-", "━": "-", "│": "|", "┃": "!", "┌": "+", "┐": "+", "└": "+", "┘": "+",
        "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+",
        // Bars: filled, the grade shares, empty.
        "█": "#", "▓": "=", "▒": "+", "░": ".",
        // Sparkline levels (█ above is the top one).
        "▁": "_", "▂": ",", "▃": ":", "▄": "-", "▅": "=", "▆": "+", "▇": "*",
        // Marks and punctuation.
        "·": ".", "…": "~", "—": "-", "–": "-", "↑": "^", "↓": "v", "→": ">", "←": "<",
        "▸": ">", "✓": "+", "\u{00A0}": " ", "‘": "'", "’": "'", "“": "\"", "”": "\"",
    ]

    /// The character to draw in ASCII mode: its stand-in, else itself.
    public static func asciiFallback(_ ch: Character) -> Character { ascii[ch] ?? ch }

    /// Whether the interface should draw in ASCII: `--ascii`, `CASEAUDIT_ASCII` set to anything
    /// but empty or `0`, or a terminal type known not to draw Unicode (vt52/vt100/vt220 family,
    /// `dumb`, `ansi`).
    public static func wantsASCII(flag: Bool, environment: [String: String]) -> Bool {
        if flag { return true }
        if let value = environment["CASEAUDIT_ASCII"], !value.isEmpty, value != "0" { return true }
        return !terminalDrawsUnicode(environment["TERM"])
    }

    /// False for terminal types that have no Unicode glyphs; unknown types are given the benefit.
    public static func terminalDrawsUnicode(_ term: String?) -> Bool {
        guard let term = term?.lowercased(), !term.isEmpty else { return true }
        if term == "dumb" || term == "ansi" || term.hasPrefix("vt") { return false }
        return true
    }
}
