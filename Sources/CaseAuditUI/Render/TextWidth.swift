/// Display width of text in terminal columns: 2 for East Asian wide and emoji, 0 for combining
/// marks and zero-width characters, 1 otherwise. Works on grapheme clusters so "Zoë" written with a
/// combining diaeresis is 3 columns, and "佐藤" is 4.
public enum TextWidth {
    public static func of(_ character: Character) -> Int {
        var width = 0
        var sawVisible = false
        for scalar in character.unicodeScalars {
            let w = of(scalar)
            if w > 0 && !sawVisible {
                width = w
                sawVisible = true
            } else if scalar.properties.isEmojiPresentation || scalar.value == 0xFE0F {
                // Emoji presentation selector widens the base.
                if sawVisible { width = 2 }
            }
        }
        return width
    }

    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B || (0x1160...0x11FF).contains(v) { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        if isWide(v) { return 2 }
        return 1
    }

    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x2FFFD).contains(v) || (0x30000...0x3FFFD).contains(v)
    }

    /// The longest prefix of `text` that fits in `columns`.
    public static func prefix(_ text: String, columns: Int) -> String {
        var used = 0
        var out = ""
        for ch in text {
            let w = of(ch)
            if used + w > columns { break }
            used += w
            out.append(ch)
        }
        return out
    }

    /// Fits text into exactly `columns`: truncated with "…" when too long, padded with spaces when short.
    public static func fit(_ text: String, columns: Int) -> String {
        guard columns > 0 else { return "" }
        let w = of(text)
        if w <= columns { return text + String(repeating: " ", count: columns - w) }
        let cut = prefix(text, columns: columns - 1) + "…"
        return cut + String(repeating: " ", count: columns - of(cut))
    }
}
