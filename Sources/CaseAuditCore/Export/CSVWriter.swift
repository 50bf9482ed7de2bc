/// Builds RFC 4180 CSV text: fields with a comma, quote, CR or LF are quoted and quotes doubled;
/// lines end with LF (spreadsheets and RFC 4180 readers accept it).
public struct CSVWriter: Sendable {
    public private(set) var text = ""

    public init(byteOrderMark: Bool = false) {
        // Excel reads a UTF-8 CSV as the local code page unless it starts with a byte-order mark.
        if byteOrderMark { text = "\u{FEFF}" }
    }

    public mutating func row(_ fields: [String]) {
        text += fields.map(CSVWriter.escape).joined(separator: ",")
        text += "\n"
    }

    public static func escape(_ field: String) -> String {
        // Bytes, not Characters: "\r\n" is one Character equal to neither "\r" nor "\n".
        let needsQuotes = field.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
