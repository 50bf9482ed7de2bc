import Foundation
import SwiftCSV

/// A CSV file read into a header and rows, each row with the number a spreadsheet shows for it
/// (the header is row 1). Parsing is SwiftCSV's, which handles CRLF, quoted commas, quoted
/// newlines and doubled quotes, and strips a UTF-8 byte-order mark; this type adds the checks a
/// person needs a clear message for: a missing file, binary data, an empty file, an unclosed quote.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        /// The row number as a spreadsheet shows it; records with quoted newlines count once.
        public var number: Int
        public var fields: [String]
    }

    public var header: [String]
    public var rows: [Row]

    /// Reads and parses `url`. Throws `CaseAuditError` (66 missing, 74 unreadable, 65 not CSV).
    public static func read(_ url: URL) throws -> CSVTable {
        let path = url.path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw CaseAuditError(.noInput, file: path, "no such file",
                                 remedy: "check the path; save the spreadsheet as CSV (UTF-8) first")
        }
        if isDir.boolValue {
            throw CaseAuditError(.noInput, file: path, "is a folder, not a CSV file",
                                 remedy: "give the path of the .csv file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CaseAuditError(.ioError, file: path, "cannot read the file: \(error.localizedDescription)",
                                 remedy: "check the file's permissions")
        }
        return try parse(data, file: path)
    }

    /// Parses CSV bytes; `file` names the file in messages.
    public static func parse(_ data: Data, file: String) throws -> CSVTable {
        if data.contains(0) {
            throw CaseAuditError(.dataError, file: file, "this is not a CSV text file (it contains binary data)",
                                 remedy: "in the spreadsheet use Save As > CSV UTF-8 (comma delimited) and import that file")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw CaseAuditError(.dataError, file: file, "this file is not UTF-8 text",
                                 remedy: "in the spreadsheet use Save As > CSV UTF-8 (comma delimited) and import that file")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw CaseAuditError(.dataError, file: file, line: 1, "the file is empty",
                                 remedy: "the first row must be a header naming the columns: \(ImportColumns.required.joined(separator: ","))")
        }
        // In valid CSV every quote opens, closes or is doubled, so an odd count is an unclosed quote,
        // which SwiftCSV would otherwise swallow to the end of the file.
        let quotes = text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\"") ? 1 : 0) }
        if quotes % 2 == 1 {
            throw CaseAuditError(.dataError, file: file, line: unclosedQuoteLine(text),
                                 "a quoted field is never closed",
                                 remedy: "add the closing double quote; a quote inside a quoted field is written twice (\"\")")
        }
        let csv: EnumeratedCSV
        do {
            csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false)
        } catch let CSVParseError.quotation(message), let CSVParseError.generic(message) {
            throw CaseAuditError(.dataError, file: file, "the CSV quoting is wrong: \(message)",
                                 remedy: "a field with a quote must be wrapped in quotes and the quote written twice (\"\")")
        } catch {
            throw CaseAuditError(.dataError, file: file, "cannot read as CSV: \(error)",
                                 remedy: "save the spreadsheet as CSV UTF-8 (comma delimited)")
        }
        let rows = csv.rows.enumerated().map { Row(number: $0.offset + 2, fields: $0.element) }
        return CSVTable(header: csv.header, rows: rows)
    }

    /// The line (counting physical lines) where the last unmatched quote opened.
    static func unclosedQuoteLine(_ text: String) -> Int {
        var line = 1
        var inQuotes = false
        var openedAt = 1
        for scalar in text.unicodeScalars {
            if scalar == "\"" {
                inQuotes.toggle()
                if inQuotes { openedAt = line }
            } else if scalar == "\n" {
                line += 1
            }
        }
        return openedAt
    }
}
