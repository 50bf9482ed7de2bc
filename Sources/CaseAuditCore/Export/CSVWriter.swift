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
        let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
