import XCTest

/// Compares text with a file under Fixtures/. With `CASEAUDIT_RECORD_GOLDENS=1` the file in the
/// source tree is written instead (then read it yourself before committing).
func assertDataIOGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    let source = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["CASEAUDIT_RECORD_GOLDENS"] == "1" {
        try? FileManager.default.createDirectory(at: source.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(actual.utf8).write(to: source)
        return
    }
    guard let expected = try? String(contentsOf: DataIOFixtures.fixture(name), encoding: .utf8) else {
        XCTFail("missing golden file \(name); record it with CASEAUDIT_RECORD_GOLDENS=1", file: file, line: line)
        return
    }
    if expected != actual {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent(name.replacingOccurrences(of: "/", with: "-"))
        try? Data(actual.utf8).write(to: out)
        XCTFail("\(name) differs from the golden file; actual output in \(out.path)", file: file, line: line)
    }
}
