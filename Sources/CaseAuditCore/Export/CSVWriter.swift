/// Builds RFC 4180 CSV text: fields with a comma, quote, CR or LF are quoted and quotes doubled;
/// lines end with LF (spreadsheets and RFC 4180 readers accept it). Every CSV the program writes
/// goes through here.
///
/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and one starting
/// with a tab or CR after trimming it), so a case reference or note typed as `=HYPERLINK(...)`
/// would run on the reader's machine. Unless `raw`, such a cell gets a leading `'`, as OWASP
/// advises; a plain number such as `-2.5` is left alone, since it cannot be a formula.
public struct CSVWriter: Sendable {
    public private(set) var text = ""
    /// Cells exactly as given, for pipelines that read the CSV with a program, not a spreadsheet.
    public var raw: Bool

    public init(byteOrderMark: Bool = false, raw: Bool = false) {
        self.raw = raw
        // Excel reads a UTF-8 CSV as the local code page unless it starts with a byte-order mark.
        if byteOrderMark { text = "\u{FEFF}" }
    }

    public mutating func row(_ fields: [String]) {
        text += fields.map { CSVWriter.escape($0, raw: raw) }.joined(separator: ",")
        text += "\n"
    }

    public static func escape(_ field: String, raw: Bool = false) -> String {
        let t = raw ? field : neutralised(field)
        // Bytes, not Characters: "\r\n" is one Character equal to neither "\r" nor "\n".
        let needsQuotes = t.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return t }
        return "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `field` with a `'` in front when a spreadsheet would read it as a formula.
    public static func neutralised(_ field: String) -> String {
        guard let first = field.utf8.first else { return field }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D:
            return "'" + field
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            return isPlainNumber(field) ? field : "'" + field
        default:
            return field
        }
    }

    /// `-12`, `+3.5`: a sign, digits and at most one decimal point with digits after it.
    static func isPlainNumber(_ field: String) -> Bool {
        let bytes = Array(field.utf8.dropFirst())
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) ?? Optional(bytes.count) else { return false }
        let whole = bytes[..<dot], fraction = bytes[min(dot + 1, bytes.count)...]
        func digits<S: Collection>(_ s: S) -> Bool where S.Element == UInt8 {
            !s.isEmpty && s.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        return digits(whole) && (dot == bytes.count || digits(fraction))
    }
}
