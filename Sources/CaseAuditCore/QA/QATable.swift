import Foundation

/// The output formats of the QA commands (agreement, actions, smart, sample).
public enum QAFormat: String, Sendable, CaseIterable {
    case table, csv, json, markdown, html
}

/// A header and rows of text rendered in any `QAFormat`: CSV through `CSVWriter` (formula-safe
/// unless raw), table cells through `TerminalText.safe`, HTML escaped, JSON as an array of
/// objects keyed by the header, numeric columns as numbers (null when empty), the rest as strings.
public struct QATable: Sendable {
    public var title: String
    public var header: [String]
    public var rows: [[String]]
    /// Columns right-aligned in the table format (counts and percentages).
    public var numeric: Set<Int>

    public init(title: String, header: [String], rows: [[String]], numeric: Set<Int> = []) {
        self.title = title
        self.header = header
        self.rows = rows
        self.numeric = numeric
    }

    public func render(_ format: QAFormat, raw: Bool = false, htmlExtra: String = "") -> String {
        switch format {
        case .csv:
            var w = CSVWriter(raw: raw)
            w.row(header)
            for r in rows { w.row(r) }
            return w.text
        case .table:
            let cells = ([header] + rows).map { $0.map { TerminalText.safe($0) } }
            return TableRenderer.align(cells, rightAligned: numeric)
        case .markdown:
            // Markdown is printed to the terminal unless --out, so its cells are made safe too.
            func md(_ text: String) -> String { MarkdownRenderer.cell(TerminalText.safe(text)) }
            var out = "# \(md(title))\n\n"
            out += "| " + header.map(md).joined(separator: " | ") + " |\n"
            out += "|" + header.indices.map { numeric.contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
            for r in rows { out += "| " + r.map(md).joined(separator: " | ") + " |\n" }
            return out
        case .html:
            // HTML too is printed to the terminal unless --out.
            func h(_ text: String) -> String { HTMLRenderer.escape(TerminalText.safe(text)) }
            var body = "<h1>\(h(title))</h1>\n<table>\n<tr>"
            body += header.map { "<th>\(h($0))</th>" }.joined() + "</tr>\n"
            for r in rows {
                body += "<tr>" + r.enumerated().map { i, c in
                    numeric.contains(i) ? "<td class=\"num\">\(h(c))</td>" : "<td>\(h(c))</td>"
                }.joined() + "</tr>\n"
            }
            body += "</table>\n" + htmlExtra
            return HTMLRenderer.page(title: title, body: body)
        case .json:
            let objects = rows.map { r in
                "  {" + zip(header, r).enumerated().map { i, hc in
                    "\(Self.jsonString(hc.0)): \(numeric.contains(i) ? Self.jsonValue(hc.1) : Self.jsonString(hc.1))"
                }
                    .joined(separator: ", ") + "}"
            }
            return "[\n" + objects.joined(separator: ",\n") + (objects.isEmpty ? "]\n" : "\n]\n")
        }
    }

    /// Plain numbers (digits, one point, an optional minus) as JSON numbers, empty as null, else strings.
    static func jsonValue(_ text: String) -> String {
        if text.isEmpty { return "null" }
        if Double(text) != nil, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
           !text.hasPrefix("."), !text.hasSuffix("."), text.first != "0" || text == "0" || text.hasPrefix("0.") {
            return text
        }
        return jsonString(text)
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if s.value < 0x20 || (0x7F...0x9F).contains(s.value) || TerminalText.isBidiControl(s) {
                    out += String(format: "\\u%04x", s.value)
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out + "\""
    }
}
