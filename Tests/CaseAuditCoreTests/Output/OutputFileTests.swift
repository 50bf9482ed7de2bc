import XCTest
@testable import CaseAuditCore

/// `--out`: the one rule shared by report, grades, export and summary.
/// Only temporary folders are used; nothing under /dev is ever written by a path.
final class OutputFileTests: XCTestCase {
    var tmp: TestDirectory!

    override func setUpWithError() throws { tmp = try TestDirectory() }

    func path(_ name: String) -> String { tmp.url.appendingPathComponent(name).path }

    func testNewFileIsWrittenWithMode0600() throws {
        let out = path("new.csv")
        try OutputFile.write(Data("a,b\n".utf8), to: out)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "a,b\n")
        let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }

    func testSymlinkIsFollowedAndKept() throws {
        let target = path("target.csv"), link = path("link.csv")
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try OutputFile.write(Data("new".utf8), to: link)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), target, "the link stays a link")
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "new")
    }

    func testFIFOIsWrittenInPlace() throws {
        let fifo = path("pipe")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        // Opened for reading first (non-blocking) so the writer's open does not wait.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(reader, 0)
        defer { close(reader) }
        try OutputFile.write(Data("through the pipe\n".utf8), to: fifo)
        var buffer = [UInt8](repeating: 0, count: 100)
        let n = read(reader, &buffer, buffer.count)
        XCTAssertEqual(n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : "", "through the pipe\n")
        var info = stat()
        XCTAssertEqual(lstat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the FIFO is not replaced")
    }

    func testMissingFolderIs73NamingTheOutput() throws {
        let out = path("no-such-folder/x.csv")
        XCTAssertThrowsError(try OutputFile.write(Data("x".utf8), to: out)) { error in
            guard let e = error as? CaseAuditError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.status, .cannotCreate)
            XCTAssertEqual(e.diagnostic.file, out)
            XCTAssertFalse(e.diagnostic.description.contains(AtomicFile.temporaryPrefix), e.diagnostic.description)
            XCTAssertEqual(e.diagnostic.remedy, "create the folder or choose another --out")
        }
    }

    func testFolderIs73() throws {
        XCTAssertThrowsError(try OutputFile.write(Data("x".utf8), to: tmp.url.path)) { error in
            XCTAssertEqual((error as? CaseAuditError)?.status, .cannotCreate)
        }
    }

    func testWriteAllReportsTheErrorInsteadOfCrashing() throws {
        // /dev/full is only opened for writing, never replaced.
        let fd = open("/dev/full", O_WRONLY)
        try XCTSkipIf(fd < 0, "no /dev/full")
        defer { close(fd) }
        XCTAssertEqual(OutputFile.writeAll(fd, Data("x".utf8)), ENOSPC)
    }
}

/// The built binary: `--out -` and a failing standard output.
final class OutputCommandTests: XCTestCase {
    var binary: URL!
    var data: URL!
    let templates = ExportCountsTests.repositoryRoot.appendingPathComponent("AuditTemplates")

    override func setUpWithError() throws {
        binary = try caseauditBinary()
        data = DataIOFixtures.temporaryFolder(name)
        addTeardownBlock { [data] in try? FileManager.default.removeItem(at: data!) }
        let demo = try runProcess(binary, ["demo", "--audits", "20", "--seed", "2", "--data", data.path, "--templates", templates.path])
        XCTAssertEqual(demo.status, 0, demo.stderr)
    }

    func args(_ a: [String]) -> [String] { a + ["--data", data.path, "--templates", templates.path] }

    func testDashIsStandardOutputForEveryCommand() throws {
        let cwd = FileManager.default.currentDirectoryPath
        for command in [["report", "--format", "csv"], ["grades", "--section", "plan", "--format", "csv"], ["export"]] {
            let r = try runProcess(binary, args(command + ["--out", "-"]))
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.contains(","), "\(command): \(r.stdout)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: cwd + "/-"), "no file named -")
    }

    func testMissingFolderNamesTheOutputForExportAndSummary() throws {
        let out = data.appendingPathComponent("missing/x.csv").path
        let r = try runProcess(binary, args(["export", "--out", out]))
        XCTAssertEqual(r.status, 73)
        XCTAssertTrue(r.stderr.contains("\(out): error:") && r.stderr.contains("create the folder or choose another --out"), r.stderr)
        XCTAssertFalse(r.stderr.contains(".tmp-"), r.stderr)
    }

    func testFullStandardOutputIs74NotACrash() throws {
        // report and export write through OutputSink; validate and templates print, flushed
        // and checked by reportingErrors.
        for command in [["report"], ["export", "--level", "answer"], ["validate"], ["templates", "list"]] {
            let p = Process()
            p.executableURL = binary
            p.arguments = args(command)
            // Opened for writing only; /dev/full itself is left alone.
            guard let full = FileHandle(forWritingAtPath: "/dev/full") else { throw XCTSkip("no /dev/full") }
            let err = Pipe()
            p.standardOutput = full
            p.standardError = err
            try p.run()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 74, "\(command): \(message)")
            XCTAssertTrue(message.contains("standard output") && message.contains("No space left"), message)
        }
    }
}

/// A bad month for export is a usage error of `caseaudit export`, worded as for report.
final class ExportUsageTests: XCTestCase {
    func testBadFromShowsTheExportUsage() throws {
        let binary = try caseauditBinary()
        for option in ["--from", "--to"] {
            let r = try runProcess(binary, ["export", option, "2018-13", "--data", "/nonexistent/clifix-data"])
            XCTAssertEqual(r.status, 64)
            XCTAssertTrue(r.stderr.contains("\(option) must be a month written YYYY-MM, such as 2018-04 (got \"2018-13\")"), r.stderr)
            XCTAssertTrue(r.stderr.contains("Usage: caseaudit export"), r.stderr)
            XCTAssertEqual(r.stdout, "")
        }
    }
}
