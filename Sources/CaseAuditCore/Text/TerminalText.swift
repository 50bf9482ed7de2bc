/// Text read from files, made safe to print on a terminal. A control character (C0, DEL, C1) can
/// clear the screen, set the window title or plant a link, and a bidirectional control can make a
/// name read backwards, so each is written as a visible `<U+XXXX>` instead. Every text output
/// for a terminal (report tables, summaries, history, validate, error messages) goes through here.
public enum TerminalText {
    /// C0 controls, DEL and C1 controls.
    public static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value)
    }

    /// Characters that reorder the text around them (embeddings, overrides, isolates, marks).
    public static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }

    /// What must not reach a terminal as it is: controls, bidirectional controls, and the Unicode
    /// line and paragraph separators, which some terminals treat as line breaks.
    public static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        isControl(s) || isBidiControl(s) || s.value == 0x2028 || s.value == 0x2029
    }

    /// `<U+001B>`: four hex digits at least, upper case.
    public static func escaped(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    /// `text` with every control and bidirectional-control character written as `<U+XXXX>`.
    /// `multiline` keeps line feeds and tabs (a CR just before a LF is dropped, so Windows line
    /// ends read as plain ones); otherwise they are escaped too, as one table cell needs.
    public static func safe(_ text: String, multiline: Bool = false) -> String {
        // Fast path: printable ASCII (and, when multiline, LF and tab) is returned as it is.
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || (multiline && ($0 == 0x0A || $0 == 0x09)) }) {
            return text
        }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() {
            if multiline {
                if s == "\n" || s == "\t" { out.append(s); continue }
                if s == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { continue }
            }
            if isUnsafe(s) {
                out.append(contentsOf: escaped(s).unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }
}
