import Foundation

/// A CSV file read into a header and rows, each row with the number a spreadsheet shows for it
/// (the header is row 1). The file is read in 1 MB chunks by `CSVRecordReader`, so memory holds
/// the rows and never a second copy of the whole file; every error names the row and column.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        /// The row number as a spreadsheet shows it; records with quoted newlines count once.
        public var number: Int
        public var fields: [String]
    }

    public var header: [String]
    public var rows: [Row]

    static let chunkSize = 1 << 20
    /// The largest file import reads: about 400,000 rows, ten times a large council's year. The
    /// reader needs about twice the file's size, but the import then holds every planned audit
    /// until all rows have passed (all or nothing), about ten times; see docs/performance.md.
    public static let maxFileBytes = 50 << 20
    static let saveAsUTF8 = "in the spreadsheet use Save As > CSV UTF-8 (comma delimited) and import that file"

    /// Reads and parses `url`. Throws `CaseAuditError` (66 missing, 74 unreadable, 65 not CSV or
    /// larger than `maxBytes`).
    public static func read(_ url: URL, maxBytes: Int = maxFileBytes) throws -> CSVTable {
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
        func unreadable(_ error: Error) -> CaseAuditError {
            CaseAuditError(.ioError, file: path, "cannot read the file: \(error.localizedDescription)",
                           remedy: "check the file's permissions")
        }
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch { throw unreadable(error) }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()).map { Int($0) } ?? 0
        if size > maxBytes {
            throw CaseAuditError(.dataError, file: path,
                                 "the file is \(megabytes(size)); import reads at most \(megabytes(maxBytes)) at a time",
                                 remedy: "split it into smaller files, for example one per year of months, and import each")
        }
        do { try handle.seek(toOffset: 0) } catch { throw unreadable(error) }
        var reader = CSVRecordReader(file: path)
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: chunkSize) } catch { throw unreadable(error) }
            guard let chunk, !chunk.isEmpty else { break }
            try reader.feed(chunk)
        }
        return try reader.finish()
    }

    /// `52.4 MB`, in units of 2^20 bytes as `maxFileBytes` is written.
    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + (1 << 19)) >> 20
        return "\(tenths / 10).\(tenths % 10) MB"
    }

    /// Parses CSV bytes; `file` names the file in messages.
    public static func parse(_ data: Data, file: String) throws -> CSVTable {
        var reader = CSVRecordReader(file: file)
        try reader.feed(data)
        return try reader.finish()
    }
}

/// An RFC 4180 reader fed bytes in chunks: LF, CRLF or CR line ends, quoted commas, quotes and
/// line breaks, a UTF-8 byte-order mark skipped. Strict where a spreadsheet never writes
/// otherwise (a stray quote, text after a closing quote), so a damaged file is refused with its
/// row and column rather than read into shifted columns.
struct CSVRecordReader {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, afterCR }

    let file: String
    private var header: [String]?
    private var rows: [CSVTable.Row] = []
    private var fields: [String] = []
    private var field: [UInt8] = []
    private var state = State.fieldStart
    /// The spreadsheet row of the record being read (the header is 1).
    private var row = 1
    private var started = false
    /// Per column, values already seen: a spreadsheet repeats its teams, auditors, months and
    /// grades on every row, and a repeated value shares one string's storage instead of a copy
    /// per row (a 200 MB file held in about half the memory). Capped, since case references
    /// never repeat.
    private var seen: [Set<String>] = []
    static let seenLimit = 1_000

    init(file: String) { self.file = file }

    mutating func feed(_ data: Data) throws {
        var bytes = data[...]
        if !started {
            started = true
            try sniff(bytes)
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        }
        for byte in bytes { try consume(byte) }
    }

    mutating func finish() throws -> CSVTable {
        switch state {
        case .quoted:
            throw error("a quoted field is never closed",
                        remedy: "add the closing double quote; a quote inside a quoted field is written twice (\"\")")
        case .afterCR:
            break
        case .fieldStart where fields.isEmpty:
            break
        default:
            try endRecord()
        }
        guard let header, header.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
                || rows.contains(where: { $0.fields.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }) else {
            throw CaseAuditError(.dataError, file: file, line: 1, "the file is empty",
                                 remedy: "the first row must be a header naming the columns: \(ImportColumns.required.joined(separator: ","))")
        }
        return CSVTable(header: header, rows: rows)
    }

    /// UTF-16 (what Excel's "Unicode Text" and some exports write) and binary files are told
    /// apart from the first bytes, each with what to do.
    private func sniff(_ bytes: Data.SubSequence) throws {
        let head = Array(bytes.prefix(4096))
        let bom16 = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
        // ASCII text in UTF-16 has a zero in every other byte.
        let evenZeros = stride(from: 0, to: head.count, by: 2).filter { head[$0] == 0 }.count
        let oddZeros = stride(from: 1, to: head.count, by: 2).filter { head[$0] == 0 }.count
        let pairs = head.count / 2
        if bom16 || (pairs >= 2 && max(evenZeros, oddZeros) * 4 >= pairs * 3 && min(evenZeros, oddZeros) == 0) {
            throw CaseAuditError(.dataError, file: file, "this file is UTF-16 text, not UTF-8: save it as CSV UTF-8",
                                 remedy: CSVTable.saveAsUTF8)
        }
    }

    private mutating func consume(_ byte: UInt8) throws {
        switch state {
        case .afterCR:
            state = .fieldStart
            if byte == 0x0A { return }
            try consume(byte)
        case .fieldStart:
            switch byte {
            case 0x22: state = .quoted
            case 0x2C: try endField()
            case 0x0A: try endRecord()
            case 0x0D: try endRecord(); state = .afterCR
            default: try append(byte); state = .unquoted
            }
        case .unquoted:
            switch byte {
            case 0x2C: try endField(); state = .fieldStart
            case 0x0A: try endRecord(); state = .fieldStart
            case 0x0D: try endRecord(); state = .afterCR
            case 0x22:
                throw error("a double quote inside a field that does not start with one",
                            remedy: "wrap the whole field in double quotes and write the quote twice (\"\"), as a spreadsheet's Save As CSV does")
            default: try append(byte)
            }
        case .quoted:
            if byte == 0x22 { state = .quoteInQuoted } else { try append(byte) }
        case .quoteInQuoted:
            switch byte {
            case 0x22: try append(byte); state = .quoted
            case 0x2C: try endField(); state = .fieldStart
            case 0x0A: try endRecord(); state = .fieldStart
            case 0x0D: try endRecord(); state = .afterCR
            default:
                throw error("text after the closing double quote of a quoted field",
                            remedy: "a quote inside a quoted field is written twice (\"\"); a comma must follow the closing quote")
            }
        }
    }

    private mutating func append(_ byte: UInt8) throws {
        if byte == 0 {
            throw error("this is not a CSV text file (it contains binary data)", remedy: CSVTable.saveAsUTF8, place: false)
        }
        if field.count >= FieldText.maxCellBytes {
            throw error("the field is longer than 64 KB (\(FieldText.maxCellBytes) bytes)",
                        remedy: "a note may be at most 64 KB and a name \(FieldText.maxOneLineCharacters) characters; shorten it")
        }
        field.append(byte)
    }

    private mutating func endField() throws {
        guard let text = String(validating: field, as: UTF8.self) else {
            throw error("this file is not UTF-8 text", remedy: CSVTable.saveAsUTF8)
        }
        let column = fields.count
        if column == seen.count { seen.append([]) }
        if let shared = seen[column].firstIndex(of: text).map({ seen[column][$0] }) {
            fields.append(shared)
        } else {
            if seen[column].count < Self.seenLimit { seen[column].insert(text) }
            fields.append(text)
        }
        field.removeAll(keepingCapacity: true)
    }

    private mutating func endRecord() throws {
        try endField()
        if header == nil {
            header = fields
        } else {
            rows.append(CSVTable.Row(number: row, fields: fields))
        }
        // Sized to the header, so a row's array is not rounded up to the next power of two.
        fields = []
        fields.reserveCapacity(header?.count ?? 0)
        row += 1
    }

    /// An error at the current row and column: `FILE:ROW: error: what, in column 3 ("team")`;
    /// without `place`, about the whole file.
    private func error(_ what: String, remedy: String, place: Bool = true) -> CaseAuditError {
        guard place else { return CaseAuditError(.dataError, file: file, what, remedy: remedy) }
        let index = fields.count
        var column = "column \(index + 1)"
        if let name = header?[safe: index], !name.isEmpty { column += " (\"\(FieldText.shown(name, limit: 40))\")" }
        return CaseAuditError(.dataError, file: file, line: row, "\(what), in \(column)", remedy: remedy)
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
