import Foundation

/// The rules for text that comes in from a spreadsheet: what a one-line field (a name, a case
/// reference, an id) may hold, how long fields may be, and which characters in a case reference
/// make it look like another one.
public enum FieldText {
    /// One-line fields: names, case references, ids. Long enough for any real one, short enough
    /// that a pasted document does not flow into every report.
    public static let maxOneLineCharacters = 200
    /// Notes and any other cell: 64 KB of UTF-8.
    public static let maxCellBytes = 65_536

    /// The first character a one-line field may not hold: a line break, a control character
    /// (C0, DEL, C1) or a bidirectional control; nil when the text is clean.
    public static func forbidden(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: TerminalText.isUnsafe)
    }

    /// Characters that do not show: zero-width space, non-joiner and joiner, word joiner,
    /// byte-order mark, soft hyphen.
    public static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x200B...0x200D, 0x2060, 0xFEFF, 0x00AD: return true
        default: return false
        }
    }

    /// Cyrillic and Greek letters drawn like Latin ones.
    static let confusables: Set<Unicode.Scalar> = Set(
        ("АВЕЅІЈКМНОРСТУХаеорсухѕіјһԁԛԝӏ" + "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοικνρτυχ").unicodeScalars)

    /// A letter or digit from outside ASCII that reads as an ASCII one: a Cyrillic or Greek
    /// look-alike, or a full-width or mathematical form whose compatibility form is ASCII.
    public static func isLookAlike(_ s: Unicode.Scalar) -> Bool {
        guard !s.isASCII else { return false }
        if confusables.contains(s) { return true }
        let compatible = String(s).precomposedStringWithCompatibilityMapping
        return compatible.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    /// The invisible and look-alike characters of a case reference, in order, each once.
    public static func suspicious(in text: String) -> [Unicode.Scalar] {
        var seen: [Unicode.Scalar] = []
        for s in text.unicodeScalars where (isInvisible(s) || isLookAlike(s)) && !seen.contains(s) { seen.append(s) }
        return seen
    }

    /// `text` with invisible characters and controls written as `<U+XXXX>`, cut to `limit`
    /// characters, for quoting a value in a message.
    public static func shown(_ text: String, limit: Int = 60) -> String {
        let cut = text.count > limit ? String(text.prefix(limit)) + "…" : text
        var out = ""
        for s in cut.unicodeScalars {
            if TerminalText.isUnsafe(s) || isInvisible(s) {
                out += TerminalText.escaped(s)
            } else {
                out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// "U+0455 CYRILLIC SMALL LETTER DZE", "U+001B ESCAPE".
    public static func describe(_ s: Unicode.Scalar) -> String {
        let code = TerminalText.escaped(s).dropFirst().dropLast()
        return (s.properties.name ?? controlNames[s.value]).map { "\(code) \($0)" } ?? String(code)
    }

    /// Unicode gives control characters no name, only aliases; these are the ones people meet.
    static let controlNames: [UInt32: String] = [
        0x07: "BELL", 0x08: "BACKSPACE", 0x09: "TAB", 0x0A: "LINE FEED", 0x0B: "VERTICAL TAB", 0x0C: "FORM FEED",
        0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE", 0x9B: "CONTROL SEQUENCE INTRODUCER",
        0x9D: "OPERATING SYSTEM COMMAND",
    ]
}
