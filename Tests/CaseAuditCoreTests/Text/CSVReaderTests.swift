import XCTest
@testable import CaseAuditCore

/// The import's own RFC 4180 reader: what it reads, and that every refusal names the row and
/// column (issue 14 point 10), UTF-16 included.
final class CSVReaderTests: XCTestCase {
    func parse(_ text: String) throws -> CSVTable { try CSVTable.parse(Data(text.utf8), file: "in.csv") }

    /// The message of a refused file, with its status checked.
    func refusal(_ data: Data, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try CSVTable.parse(data, file: "in.csv")
            XCTFail("read without error", file: file, line: line)
        } catch let e as CaseAuditError {
            XCTAssertEqual(e.status, .dataError, file: file, line: line)
            return e.description
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
        return ""
    }

    func testQuotedFieldsLineEndsAndRowNumbers() throws {
        let t = try parse("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nlast,,\rmac,line,end")
        XCTAssertEqual(t.header, ["a", "b", "c"])
        XCTAssertEqual(t.rows.map(\.fields), [["x,1", "say \"hi\"", "two\nlines"], ["last", "", ""], ["mac", "line", "end"]])
        XCTAssertEqual(t.rows.map(\.number), [2, 3, 4], "a record with a quoted line break counts once")
    }

    func testByteOrderMarkIsSkippedAndATrailingCommaIsAnEmptyField() throws {
        let t = try CSVTable.parse(Data([0xEF, 0xBB, 0xBF]) + Data("a,b\n1,\n".utf8), file: "in.csv")
        XCTAssertEqual(t.header, ["a", "b"])
        XCTAssertEqual(t.rows.map(\.fields), [["1", ""]])
    }

    /// A file fed in chunks of any size reads exactly as one fed whole.
    func testChunkBoundariesDoNotMatter() throws {
        let text = "a,b\r\n\"q\"\"uote\",\"x\r\ny\"\r\n\u{FEFF}é,ü\r\n"
        let whole = try parse(text)
        for size in [1, 2, 3, 7] {
            var reader = CSVRecordReader(file: "in.csv")
            let bytes = Array(text.utf8)
            for start in stride(from: 0, to: bytes.count, by: size) {
                try reader.feed(Data(bytes[start..<min(start + size, bytes.count)]))
            }
            let t = try reader.finish()
            XCTAssertEqual(t.header, whole.header)
            XCTAssertEqual(t.rows.map(\.fields), whole.rows.map(\.fields), "chunks of \(size)")
        }
    }

    func testStrayQuoteNamesRowAndColumn() {
        let text = refusal(Data("month,team\n2024-04,ok\n2024-05,Team \"A\"\n".utf8))
        XCTAssertTrue(text.contains("in.csv:3: error: a double quote inside a field that does not start with one, in column 2 (\"team\")"), text)
    }

    func testTextAfterClosingQuoteNamesRowAndColumn() {
        let text = refusal(Data("month,team,auditor\n2024-04,\"North\"x,Ann\n".utf8))
        XCTAssertTrue(text.contains("in.csv:2: error: text after the closing double quote of a quoted field, in column 2 (\"team\")"), text)
    }

    func testUnclosedQuoteNamesTheRowWhereItOpens() {
        let text = refusal(Data("month,team\n2024-04,North\n2024-05,\"South\n2024-06,East\n".utf8))
        XCTAssertTrue(text.contains("in.csv:3: error: a quoted field is never closed, in column 2 (\"team\")"), text)
    }

    func testUTF16WithAndWithoutByteOrderMarkIsNamed() {
        let csv = "month,team\n2024-04,North\n"
        let cases: [(String, Data)] = [
            ("UTF-16LE with BOM", Data([0xFF, 0xFE]) + csv.data(using: .utf16LittleEndian)!),
            ("UTF-16BE with BOM", Data([0xFE, 0xFF]) + csv.data(using: .utf16BigEndian)!),
            ("UTF-16LE without BOM", csv.data(using: .utf16LittleEndian)!),
            ("UTF-16BE without BOM", csv.data(using: .utf16BigEndian)!),
        ]
        for (name, data) in cases {
            let text = refusal(data)
            XCTAssertTrue(text.contains("this file is UTF-16 text, not UTF-8: save it as CSV UTF-8"), "\(name): \(text)")
            XCTAssertFalse(text.contains("binary"), "\(name): \(text)")
        }
    }

    func testBinaryAndLatin1AreTold() {
        XCTAssertTrue(refusal(Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]))
                        .contains("in.csv: error: this is not a CSV text file (it contains binary data)"))
        let latin1 = refusal(Data("month,team\n2024-04,Caf".utf8) + Data([0xE9]) + Data("\n".utf8))
        XCTAssertTrue(latin1.contains("in.csv:2: error: this file is not UTF-8 text, in column 2 (\"team\")"), latin1)
    }

    /// 64 KB is the most any cell may hold; the reader stops there, not at the end of a huge cell.
    func testACellOver64KBIsRefusedWithRowAndColumn() throws {
        let fits = String(repeating: "n", count: FieldText.maxCellBytes)
        XCTAssertEqual(try parse("a,notes\n1,\(fits)\n").rows[0].fields[1].utf8.count, FieldText.maxCellBytes)
        let text = refusal(Data("a,notes\n1,ok\n2,\"\(fits)x\"\n".utf8))
        XCTAssertTrue(text.contains("in.csv:3: error: the field is longer than 64 KB (65536 bytes), in column 2 (\"notes\")"), text)
    }

    func testEmptyAndBlankFiles() {
        XCTAssertTrue(refusal(Data()).contains("in.csv:1: error: the file is empty"))
        XCTAssertTrue(refusal(Data(" \n\n , \n".utf8)).contains("in.csv:1: error: the file is empty"))
    }
}

/// Issue 14 point 8: a file over the import's size limit is refused before it is read.
final class CSVSizeLimitTests: XCTestCase {
    func testAFileOverTheLimitIsRefusedWithItsSizeAndWhatToDo() throws {
        let url = DataIOFixtures.temporaryFolder(name).appendingPathComponent("big.csv")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let csv = "month,team\n" + String(repeating: "2024-04,North\n", count: 100)
        try Data(csv.utf8).write(to: url)
        XCTAssertEqual(try CSVTable.read(url, maxBytes: csv.utf8.count).rows.count, 100, "a file at the limit is read")
        do {
            _ = try CSVTable.read(url, maxBytes: csv.utf8.count - 1)
            XCTFail("read a file over the limit")
        } catch let e as CaseAuditError {
            XCTAssertEqual(e.status, .dataError)
            XCTAssertTrue(e.description.contains("big.csv: error: the file is 0.0 MB; import reads at most 0.0 MB at a time"), e.description)
            XCTAssertTrue(e.description.contains("split it into smaller files"), e.description)
        }
        XCTAssertEqual(CSVTable.megabytes(CSVTable.maxFileBytes), "50.0 MB")
        XCTAssertEqual(CSVTable.megabytes(200 << 20), "200.0 MB")
    }
}
