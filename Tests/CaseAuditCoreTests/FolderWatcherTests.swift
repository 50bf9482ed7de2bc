import XCTest
@testable import CaseAuditCore

/// The index with a folder watcher running on a thread of the test: every load must equal a
/// load without any cache, and a load the watcher vouches for must stat nothing.
final class FolderWatcherTests: XCTestCase {
    var tmp: TestDirectory!
    var data: DataDirectory!
    var store: AuditStore!
    var watchers: [FolderWatcher] = []
    var client = WatchClient(spawn: nil)
    let later = Date().addingTimeInterval(3600)
    let sections: [String: [String]] = ["child-journey@1": ["chronology", "assessment", "plan", "visits", "voice"]]

    override func setUpWithError() throws {
        tmp = try TestDirectory()
        data = DataDirectory(root: tmp.url.appendingPathComponent("data"))
        store = AuditStore(directory: data)
        for i in 0..<6 { try store.save(audit("a\(i)")) }
    }

    override func tearDown() {
        for w in watchers { w.stop() }
        watchers = []
    }

    @discardableResult
    func startWatcher(idle: TimeInterval = 60, maxNames: Int = 20_000) throws -> FolderWatcher {
        let w = try XCTUnwrap(FolderWatcher(directory: data, idle: idle, maxNames: maxNames))
        w.start()
        watchers.append(w)
        return w
    }

    func audit(_ id: String, plan: Grade? = .good, team: String = "North") -> Audit {
        var a = Audit(id: id, template: TemplateRef(id: "child-journey", version: 1), status: .complete,
                      origin: .demo, caseRef: "CR-\(id)", cohort: .lookedAfter, team: team, auditor: "Ann Example",
                      worker: "Wil Example", month: Month("2018-12"), created: Date(timeIntervalSince1970: 1_543_622_400))
        a.sections["plan"] = SectionRecord(grade: plan, rationale: "Plan is clear")
        return a
    }

    func load(now: Date? = nil) -> AuditIndex.Run {
        let table = sections
        return AuditIndex.loadCounting(directory: data, sectionsFor: { table[$0.key] }, now: now ?? later,
                                       factsAlongside: { table[$0.key] }, watch: client)
    }

    /// Loads with the watcher and checks the result against a load that reads every file.
    @discardableResult
    func loadChecked(now: Date? = nil, file: StaticString = #filePath, line: UInt = #line) -> AuditIndex.Run {
        let run = load(now: now)
        let table = sections
        // Through a link, so that the no-cache load writes its cache elsewhere.
        let other = tmp.url.appendingPathComponent("truth-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        XCTAssertEqual(symlink(data.audits.path, other.appendingPathComponent("audits").path), 0)
        let truth = AuditIndex.loadCounting(directory: DataDirectory(root: other), sectionsFor: { table[$0.key] },
                                            now: now ?? later, useCache: false)
        XCTAssertEqual(run.facts, truth.facts, "facts differ from the files", file: file, line: line)
        XCTAssertEqual(run.problems.map(\.message), truth.problems.map(\.message), file: file, line: line)
        XCTAssertEqual(run.problems.map { URL(fileURLWithPath: $0.file).lastPathComponent },
                       truth.problems.map { URL(fileURLWithPath: $0.file).lastPathComponent }, file: file, line: line)
        return run
    }

    func path(_ id: String) -> String { data.auditFile(id).path }

    func setMtime(_ id: String, _ time: timespec) {
        var times = [time, time]
        XCTAssertEqual(utimensat(AT_FDCWD, path(id), &times, 0), 0)
    }

    func mtime(_ id: String) -> timespec {
        var st = stat()
        XCTAssertEqual(stat(path(id), &st), 0)
        return st.st_mtim
    }

    /// Two loads with the watcher running: the first checks everything and leaves a token, the
    /// second stats nothing.
    func warmUp(file: StaticString = #filePath, line: UInt = #line) {
        loadChecked(file: file, line: line)
        let warm = loadChecked(file: file, line: line)
        XCTAssertEqual(warm.filesStatted, 0, "the watcher vouched for the cache", file: file, line: line)
        XCTAssertEqual(warm.filesRead, 0, file: file, line: line)
    }

    // MARK: the fast path

    func testAWarmLoadWithAWatcherStatsNothing() throws {
        try startWatcher()
        let cold = loadChecked()
        XCTAssertEqual(cold.filesStatted, 6)
        XCTAssertEqual(cold.filesRead, 6)
        XCTAssertNotNil(WatchToken.read(data))
        for _ in 0..<2 {
            let warm = loadChecked()
            XCTAssertEqual(warm.filesStatted, 0)
            XCTAssertEqual(warm.facts.map(\.id), ["a0", "a1", "a2", "a3", "a4", "a5"])
        }
    }

    func testWithoutAWatcherEveryFileIsStatted() throws {
        loadChecked()
        XCTAssertEqual(loadChecked().filesStatted, 6)
        XCTAssertNil(WatchToken.read(data), "no watcher answered, so nothing vouches for the cache")
    }

    func testCaseauditWatch0TurnsItOff() {
        XCTAssertNil(WatchClient.fromEnvironment(["CASEAUDIT_WATCH": "0"], spawn: nil))
        XCTAssertNotNil(WatchClient.fromEnvironment([:], spawn: nil))
    }

    // MARK: changes behind the program's back

    func testAnInPlaceEditKeepingSizeAndMtimeIsSeen() throws {
        try startWatcher()
        warmUp()
        let before = try String(contentsOfFile: path("a3"), encoding: .utf8)
        let after = before.replacingOccurrences(of: "\"grade\" : \"good\"", with: "\"grade\" : \"na\"  ")
        XCTAssertNotEqual(before, after)
        XCTAssertEqual(before.utf8.count, after.utf8.count)
        let kept = mtime("a3")
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path("a3")))  // same inode
        handle.write(Data(after.utf8))
        try handle.close()
        setMtime("a3", kept)
        let run = loadChecked()
        XCTAssertGreaterThan(run.filesStatted, 0)
        XCTAssertEqual(run.facts[3].grades["plan"], .na)
        XCTAssertEqual(loadChecked().filesStatted, 0, "the next run is fast again")
    }

    func testAddDeleteRenameInAndCopyOverAreSeen() throws {
        try startWatcher()
        warmUp()
        try store.save(audit("b1"))
        XCTAssertEqual(loadChecked().facts.count, 7)
        XCTAssertEqual(loadChecked().filesStatted, 0)

        try FileManager.default.removeItem(atPath: path("a0"))
        XCTAssertFalse(loadChecked().facts.contains { $0.id == "a0" })
        XCTAssertEqual(loadChecked().filesStatted, 0)

        let outside = tmp.url.appendingPathComponent("c1.json")
        try AuditCoding.encode(audit("c1")).write(to: outside)
        XCTAssertEqual(rename(outside.path, path("c1")), 0)
        XCTAssertTrue(loadChecked().facts.contains { $0.id == "c1" })
        XCTAssertEqual(loadChecked().filesStatted, 0)

        // `cp` over an existing file: truncated and rewritten, same inode.
        let kept = mtime("a1")
        try AuditCoding.encode(audit("a1", team: "Southward")).write(to: outside)
        let copy = try Data(contentsOf: outside)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path("a1")))
        try handle.truncate(atOffset: 0)
        handle.write(copy)
        try handle.close()
        setMtime("a1", kept)
        XCTAssertEqual(loadChecked().facts.first { $0.id == "a1" }?.team, "Southward")
        XCTAssertEqual(loadChecked().filesStatted, 0)
    }

    func testAFileRenamedOutIsSeen() throws {
        try startWatcher()
        warmUp()
        XCTAssertEqual(rename(path("a2"), tmp.url.appendingPathComponent("gone.json").path), 0)
        XCTAssertEqual(loadChecked().facts.count, 5)
    }

    // MARK: when the watcher cannot vouch

    func testAnOverflowGivesAFullCheck() throws {
        let watcher = try startWatcher()
        warmUp()
        watcher.simulateOverflow()
        XCTAssertEqual(loadChecked().filesStatted, 6)
        XCTAssertEqual(loadChecked().filesStatted, 0)
    }

    func testMoreChangedNamesThanTheCapBehaveAsAnOverflow() throws {
        try startWatcher(maxNames: 2)
        warmUp()
        for i in 0..<3 { try store.save(audit("a\(i)", team: "East")) }
        let run = loadChecked()
        XCTAssertEqual(run.filesStatted, 6)
        XCTAssertEqual(run.facts.filter { $0.team == "East" }.count, 3)
        XCTAssertEqual(loadChecked().filesStatted, 0)
    }

    func testAnUnknownSessionGivesAFullCheck() throws {
        try startWatcher()
        warmUp()
        var token = try XCTUnwrap(WatchToken.read(data))
        token.session ^= 1
        token.write(data)
        XCTAssertEqual(loadChecked().filesStatted, 6)
        XCTAssertEqual(loadChecked().filesStatted, 0)
    }

    func testACacheRewrittenBehindTheTokenGivesAFullCheck() throws {
        try startWatcher()
        warmUp()
        let cache = data.cache.appendingPathComponent(IndexCacheFile.fileName)
        try AtomicFile.write(try Data(contentsOf: cache), to: cache)  // same bytes, another file
        XCTAssertEqual(loadChecked().filesStatted, 6)
        XCTAssertEqual(loadChecked().filesStatted, 0)
    }

    func testAHardLinkedAuditFileIsNeverVouchedFor() throws {
        // An edit through the other name makes no event in the audits folder.
        XCTAssertEqual(link(path("a4"), tmp.url.appendingPathComponent("elsewhere.json").path), 0)
        try startWatcher()
        loadChecked()
        XCTAssertEqual(loadChecked().filesStatted, 6)
        XCTAssertNil(WatchToken.read(data))
    }

    func testAFewChangedNamesAreStattedAlone() throws {
        try startWatcher()
        warmUp()
        try store.save(audit("a2", team: "West"))
        try store.save(audit("b1"))
        try FileManager.default.removeItem(atPath: path("a0"))
        let run = loadChecked()
        XCTAssertEqual(run.filesStatted, 3, "only the names the watcher gave")
        XCTAssertEqual(run.facts.map(\.id), ["a1", "a2", "a3", "a4", "a5", "b1"])
        XCTAssertEqual(run.facts[1].team, "West")
        XCTAssertEqual(loadChecked().filesStatted, 0)
    }

    func testAStoppedWatcherOnlyCostsTheTimeout() throws {
        // Listens but never answers, like a watcher stopped with SIGSTOP.
        try AtomicFile.makeFolder(data.cache)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        let cacheFD = open(data.cache.path, O_RDONLY | O_DIRECTORY)
        defer { close(cacheFD) }
        let bound = UnixSocketAddress.with(folder: data.cache.path, folderFD: cacheFD, name: WatchProtocol.socketName) { bind(fd, $0, $1) }
        XCTAssertEqual(bound, 0)
        XCTAssertEqual(listen(fd, 4), 0)
        let spawned = Counter()
        client = WatchClient(spawn: { _ in spawned.add(); return nil })
        loadChecked()
        let started = Date()
        let run = loadChecked()
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(run.filesStatted, 6)
        XCTAssertLessThan(elapsed, 1.5, "the 0.2 s timeout, twice (the test's own load has no watcher)")
        XCTAssertEqual(spawned.value, 0, "something listens: no second watcher")
    }

    func testAStaleSocketIsReplacedByANewWatcher() throws {
        // A watcher killed with -9 leaves its socket file; nobody listens on it.
        try AtomicFile.makeFolder(data.cache)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        let cacheFD = open(data.cache.path, O_RDONLY | O_DIRECTORY)
        defer { close(cacheFD) }
        XCTAssertEqual(UnixSocketAddress.with(folder: data.cache.path, folderFD: cacheFD, name: WatchProtocol.socketName) { bind(fd, $0, $1) }, 0)
        close(fd)
        let started = Box()
        client = WatchClient(spawn: { directory in
            if let w = FolderWatcher(directory: directory, idle: 60) { w.start(); started.set(w) }
            return nil
        })
        client.spawnWait = 2
        loadChecked()
        let watcher = try XCTUnwrap(started.get())
        watchers.append(watcher)
        XCTAssertEqual(WatchToken.read(data)?.session, watcher.session, "even the first run leaves a token")
        XCTAssertEqual(loadChecked().filesStatted, 0)
    }

    func testNoWatcherIsStartedForAReadOnlyDataDirectory() throws {
        try XCTSkipIf(getuid() == 0, "root may write anywhere")
        let spawned = Counter()
        client = WatchClient(spawn: { _ in spawned.add(); return nil })
        XCTAssertEqual(chmod(data.root.path, 0o500), 0)
        defer { chmod(data.root.path, 0o700) }
        XCTAssertEqual(loadChecked().facts.count, 6)
        XCTAssertEqual(spawned.value, 0)
    }

    func testAWatcherThatEndsAtOnceIsNotWaitedFor() throws {
        // Stands in for a `_watch` that cannot start: a process that exits at once.
        client = WatchClient(spawn: { _ in
            var pid = pid_t()
            var argv: [UnsafeMutablePointer<CChar>?] = [strdup("true"), nil]
            defer { free(argv[0]) }
            return posix_spawn(&pid, "/bin/true", nil, nil, &argv, nil) == 0 ? pid : nil
        })
        client.spawnWait = 5
        let started = Date()
        XCTAssertEqual(loadChecked().filesStatted, 6)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.5, "not the 5 s spawn wait")
    }

    func testASecondWatcherStepsAside() throws {
        try startWatcher()
        XCTAssertNil(FolderWatcher(directory: data, idle: 60))
    }

    func testTheAuditsFolderRenamedAndRemadeIsNeverStale() throws {
        let watcher = try startWatcher()
        warmUp()
        let old = data.root.appendingPathComponent("audits.old")
        XCTAssertEqual(rename(data.audits.path, old.path), 0)
        try FileManager.default.copyItem(at: old, to: data.audits)
        try store.save(audit("a5", team: "Changed"))
        let run = loadChecked()
        XCTAssertEqual(run.facts.last?.team, "Changed")
        XCTAssertEqual(run.filesStatted, 6)
        XCTAssertEqual(watcher.waitUntilFinished(), .folderGone)
        XCTAssertFalse(FileManager.default.fileExists(atPath: data.cache.appendingPathComponent(WatchProtocol.socketName).path))
    }

    func testTheAuditsFolderRemovedIsNeverStale() throws {
        let watcher = try startWatcher()
        warmUp()
        try FileManager.default.removeItem(at: data.audits)
        XCTAssertEqual(loadChecked().facts, [])
        XCTAssertEqual(watcher.waitUntilFinished(), .folderGone)
        try store.save(audit("z1"))
        try startWatcher()
        XCTAssertEqual(loadChecked().facts.map(\.id), ["z1"])
        XCTAssertEqual(loadChecked().filesStatted, 0)
    }

    func testAQuietWatcherExitsAndRemovesItsSocket() throws {
        let watcher = try startWatcher(idle: 0.3)
        XCTAssertEqual(watcher.waitUntilFinished(timeout: 5), .idle)
        XCTAssertFalse(FileManager.default.fileExists(atPath: data.cache.appendingPathComponent(WatchProtocol.socketName).path))
        XCTAssertEqual(loadChecked().filesStatted, 6)
    }

    // MARK: what is still read on the fast path

    func testDamagedFilesAreReportedOnEveryFastRun() throws {
        try Data("{\n  \"id\" : \"bad\",\n  \"schema\" : oops\n}\n".utf8).write(to: data.auditFile("bad"))
        try startWatcher()
        loadChecked()
        for _ in 0..<2 {
            let run = loadChecked()
            XCTAssertEqual(run.filesStatted, 0)
            XCTAssertEqual(run.filesRead, 1)
            XCTAssertEqual(run.problems.map(\.file), [path("bad")])
        }
    }

    func testFreshFilesAreStillReadOnTheFastPath() throws {
        try startWatcher()
        loadChecked(now: Date())
        let run = loadChecked(now: Date())
        XCTAssertEqual(run.filesStatted, 0)
        XCTAssertEqual(run.filesRead, 6, "too fresh to cache: read again")
        // Once old enough they are cached, and the new cache is vouched for.
        loadChecked()
        XCTAssertEqual(loadChecked().filesRead, 0)
        XCTAssertEqual(loadChecked().filesStatted, 0)
    }

    func testADeepDataDirectoryUsesTheProcPathForTheSocket() throws {
        var deep = tmp.url
        for i in 0..<6 { deep.appendPathComponent("a-rather-long-folder-name-\(i)") }
        data = DataDirectory(root: deep)
        XCTAssertGreaterThan(data.cache.path.utf8.count + 11, 107)
        store = AuditStore(directory: data)
        try store.save(audit("d1"))
        try startWatcher()
        warmUp()
    }

    // MARK: the messages

    func testAnswersAndTokensRoundTrip() {
        let changed = WatchAnswer(session: 0xABC, generation: 7, device: 2049, inode: 99, changed: ["a.json", "b.json"])
        XCTAssertEqual(WatchAnswer.decode(changed.encoded()), changed)
        let reset = WatchAnswer(session: 1, generation: 0, device: 1, inode: 2, changed: nil)
        XCTAssertEqual(WatchAnswer.decode(reset.encoded()), reset)
        XCTAssertNil(WatchAnswer.decode("changed 1 2 3 4 2\na.json\n"), "a cut answer is no answer")
        XCTAssertNil(WatchAnswer.decode(""))
        let token = WatchToken(session: 5, generation: 9, cache: FileIdentity(inode: 1, size: 2, mtimeSec: 3, mtimeNsec: 4, ctimeSec: 5, ctimeNsec: 6))
        XCTAssertEqual(WatchToken.decode(token.encoded()), token)
        XCTAssertNil(WatchToken.decode("caseaudit-watch-token 1\n5 9 1 2\n"))
        XCTAssertEqual(WatchProtocol.parseRequest(WatchProtocol.request(session: 0xFF, generation: 3).dropLast())?.generation, 3)
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.withLock { n += 1 } }
    var value: Int { lock.withLock { n } }
}

private final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private var watcher: FolderWatcher?
    func set(_ w: FolderWatcher) { lock.withLock { watcher = w } }
    func get() -> FolderWatcher? { lock.withLock { watcher } }
}

final class FileSystemKindTests: XCTestCase {
    func testOnlyLocalFileSystemsGetAWatcher() throws {
        let tmp = try TestDirectory()
        XCTAssertTrue(FileSystemKind.isLocal(path: tmp.url.path), "the test folder is on a local disk")
        XCTAssertFalse(FileSystemKind.isLocal(path: "/proc"), "procfs is not in the list")
        XCTAssertFalse(FileSystemKind.isLocal(path: tmp.url.appendingPathComponent("missing").path))
    }

    func testNoWatcherStartsOnAFolderThatIsNotLocal() throws {
        let tmp = try TestDirectory()
        let data = DataDirectory(root: tmp.url)
        // Stands in for a shared drive: the audits folder on a file system not in the list.
        XCTAssertEqual(symlink("/proc/self", data.audits.path), 0)
        XCTAssertNil(FolderWatcher(directory: data))
        try FileManager.default.removeItem(at: data.audits)
        try FileManager.default.createDirectory(at: data.audits, withIntermediateDirectories: true)
        let local = try XCTUnwrap(FolderWatcher(directory: data), "the same data directory on a local disk")
        local.start()
        local.stop()
    }
}
