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

    func testSymlinkIsRefusedWithoutFollowAndNothingIsWritten() throws {
        let target = path("target.csv"), link = path("link.csv")
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        XCTAssertThrowsError(try OutputFile.write(Data("new".utf8), to: link)) { error in
            guard let e = error as? CaseAuditError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.status, .cannotCreate)
            XCTAssertEqual(e.diagnostic.file, link)
            XCTAssertTrue(e.diagnostic.message.contains("symbolic link to \(target)"), e.diagnostic.message)
            XCTAssertTrue(e.diagnostic.remedy?.contains("--follow") == true, e.diagnostic.description)
        }
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "old")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), target)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).sorted(), ["link.csv", "target.csv"])
    }

    func testDanglingSymlinkIsRefusedWithoutFollow() throws {
        let target = path("nowhere.csv"), link = path("link.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        XCTAssertThrowsError(try OutputFile.write(Data("new".utf8), to: link)) { error in
            XCTAssertEqual((error as? CaseAuditError)?.status, .cannotCreate)
            XCTAssertTrue((error as? CaseAuditError)?.diagnostic.remedy?.contains("--follow") == true)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: target))
    }

    func testSymlinkIsFollowedAndKeptWithFollow() throws {
        let target = path("target.csv"), link = path("link.csv")
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try OutputFile.write(Data("new".utf8), to: link, follow: true)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), target, "the link stays a link")
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "new")
    }

    func testLinkToAFIFOIsWrittenInPlaceWithoutFollow() throws {
        // Like /dev/stdout: a link to a pipe or device is not the threat and is written in place.
        let fifo = path("pipe"), link = path("pipe-link")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: fifo)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(reader, 0)
        defer { close(reader) }
        try OutputFile.write(Data("piped\n".utf8), to: link)
        var buffer = [UInt8](repeating: 0, count: 100)
        let n = read(reader, &buffer, buffer.count)
        XCTAssertEqual(n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : "", "piped\n")
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
            let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
            XCTAssertTrue(e.diagnostic.message.hasSuffix("the folder \(folder) does not exist"), e.diagnostic.message)
            XCTAssertEqual(e.diagnostic.remedy, "create it first (mkdir -p \(folder)) or choose another --out")
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

    func testLinkedOutIsRefusedWithoutFollowForEveryCommand() throws {
        let summaryID = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("audits").path)
            .first { $0.hasSuffix(".json") }).replacingOccurrences(of: ".json", with: "")
        let target = data.deletingLastPathComponent().appendingPathComponent("\(name)-someone-elses-file")
        addTeardownBlock { try? FileManager.default.removeItem(at: target) }
        let link = data.appendingPathComponent("out.csv")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target.path)
        for command in [["report", "--format", "csv"], ["grades", "--section", "plan", "--format", "csv"], ["audits", "--format", "csv"], ["export"], ["summary", summaryID]] {
            try Data("precious\n".utf8).write(to: target)
            let refused = try runProcess(binary, args(command + ["--out", link.path]))
            XCTAssertEqual(refused.status, 73, "\(command): \(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains("\(link.path): error: is a symbolic link") && refused.stderr.contains("--follow"),
                          "\(command): \(refused.stderr)")
            XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "precious\n", "\(command) wrote through the link")

            let followed = try runProcess(binary, args(command + ["--out", link.path, "--follow"]))
            XCTAssertEqual(followed.status, 0, "\(command): \(followed.stderr)")
            XCTAssertNotEqual(try String(contentsOf: target, encoding: .utf8), "precious\n", "\(command) --follow")
            XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link.path), target.path)
        }
    }

    func testDevStdoutIsStandardOutput() throws {
        let r = try runProcess(binary, args(["report", "--format", "csv", "--out", "/dev/stdout"]))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("measure,period,"), r.stdout)
    }

    func testMissingFolderNamesTheOutputForExportAndSummary() throws {
        let out = data.appendingPathComponent("missing/x.csv").path
        let r = try runProcess(binary, args(["export", "--out", out]))
        XCTAssertEqual(r.status, 73)
        XCTAssertTrue(r.stderr.contains("\(out): error:") && r.stderr.contains("(mkdir -p \(data.appendingPathComponent("missing").path))"), r.stderr)
        XCTAssertFalse(r.stderr.contains(".tmp-"), r.stderr)
        let id = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("audits").path)
            .first { $0.hasSuffix(".json") }).dropLast(5)
        let summaryOut = data.appendingPathComponent("missing/s.html").path
        let s = try runProcess(binary, args(["summary", String(id), "--out", summaryOut]))
        XCTAssertEqual(s.status, 73)
        XCTAssertTrue(s.stderr.contains("the folder \(data.appendingPathComponent("missing").path) does not exist"), s.stderr)
        XCTAssertTrue(s.stderr.contains("create it first (mkdir -p "), s.stderr)
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
