/// Word wrapping by display width, over grapheme clusters, so wide characters and combining
/// accents never split and the cursor of the note editor can be mapped to a screen cell.
public enum TextWrap {
    /// The grapheme ranges of each screen row a line wraps into (at least one, possibly empty).
    /// Breaks after a space when one is on the row, else mid-word. With `hangingSpace` a space
    /// that would overflow the row ends it (for display, where trailing spaces are trimmed), so
    /// a word that exactly fills the row stays on it.
    public static func segments(_ line: [Character], width: Int, hangingSpace: Bool = false) -> [Range<Int>] {
        let width = max(1, width)
        var result: [Range<Int>] = []
        var start = 0
        var used = 0
        var lastBreak: Int? = nil
        var i = 0
        while i < line.count {
            let w = TextWidth.of(line[i])
            if used + w > width && i > start {
                let end = hangingSpace && line[i] == " " ? i + 1 : (lastBreak.map { $0 > start ? $0 : i }) ?? i
                result.append(start..<end)
                start = end
                used = 0
                lastBreak = nil
                i = start
                continue
            }
            used += w
            i += 1
            if line[i - 1] == " " { lastBreak = i }
        }
        result.append(start..<line.count)
        return result
    }

    /// Wraps text (which may hold newlines) into screen rows.
    public static func wrap(_ text: String, width: Int) -> [String] {
        var rows: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let chars = Array(line)
            for seg in segments(chars, width: width, hangingSpace: true) {
                var s = String(chars[seg])
                while s.last == " " { s.removeLast() }
                rows.append(s)
            }
        }
        return rows
    }
}
