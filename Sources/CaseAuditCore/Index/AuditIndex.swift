import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The facts of every audit file in a data directory, fast and never stale.
///
/// Each run lists `DATA/audits/` and stats every file; a file whose name, size, mtime, ctime
/// and inode match the cache (`DATA/.cache/audit-index.bin`) is taken from it, any other file
/// is read again, and files gone from the folder drop out. A damaged file is reported in
/// `problems` every run and never cached. Deleting `.cache/` only costs one cold run.
public struct AuditIndex {
    /// How long after a change a file is too fresh to trust its timestamp: a second edit in the
    /// same clock tick would leave mtime unchanged, so such files are re-read next run (git's
    /// "racily clean" rule).
    static let racyWindow: Int64 = 2

    /// `templateSections` come from each audit's exact template version in `catalog` (shipped or
    /// snapshotted in the data directory). With `watch`, a folder watcher may vouch that nothing
    /// changed, and then no file is statted.
    public static func load(directory: DataDirectory, catalog: TemplateCatalog, watch: WatchClient? = nil)
        -> (facts: [AuditFacts], problems: [Diagnostic]) {
        let sections: @Sendable (TemplateRef) -> [String]? = { catalog.template($0)?.sections.map(\.id) }
        let run = loadCounting(directory: directory, sectionsFor: sections, factsAlongside: sections, watch: watch)
        return (run.facts, run.problems)
    }

    /// As `load(directory:catalog:)` with another source of section ids; nil for an unknown
    /// template version, whose audits then take their sections from the file.
    public static func load(directory: DataDirectory, sectionsFor: (TemplateRef) -> [String]?)
        -> (facts: [AuditFacts], problems: [Diagnostic]) {
        let run = loadCounting(directory: directory, sectionsFor: sectionsFor)
        return (run.facts, run.problems)
    }

    typealias Run = (facts: [AuditFacts], problems: [Diagnostic], filesRead: Int, filesStatted: Int)

    /// As `load`, also saying how many files were read rather than taken from the cache, and
    /// how many were statted (none when the watcher vouched for the cache).
    /// `now` decides which files are too fresh to cache (tests move it on). With `factsAlongside`
    /// (the same sections as `sectionsFor`), the cache's facts are decoded while the folder is
    /// statted, on the bet that nothing changed; they are dropped if something did.
    static func loadCounting(directory: DataDirectory, sectionsFor: (TemplateRef) -> [String]?, now: Date = Date(),
                             useCache: Bool = true, factsAlongside: (@Sendable (TemplateRef) -> [String]?)? = nil,
                             watch: WatchClient? = nil) -> Run {
        var clock = PhaseClock()
        // Asked before the listing: changes after this answer are reported next time, those
        // before it are seen by the listing.
        let token = useCache && watch != nil ? WatchToken.read(directory) : nil
        let answer = useCache ? watch?.ask(directory, since: token) : nil
        if watch != nil { clock.lap("ask the folder watcher (\(answer == nil ? "no answer" : "answered"))") }
        var vouch = answer.map { WatchVouch(session: $0.session, generation: $0.generation) }
        let run = loadCounting(directory: directory, sectionsFor: sectionsFor, now: now, useCache: useCache,
                               factsAlongside: factsAlongside, known: token.flatMap { knownChanges(answer, $0, directory) },
                               vouch: &vouch, clock: &clock)
        return run
    }

    /// The cache the token vouches for and the names changed since, when the watcher knows
    /// them (same session, no overflow) and still watches the `audits` folder this run would list.
    private static func knownChanges(_ answer: WatchAnswer?, _ token: WatchToken, _ directory: DataDirectory)
        -> (cache: FileIdentity, changed: [String])? {
        guard let answer, answer.session == token.session, let changed = answer.changed, answer.generation >= token.generation
        else { return nil }
        var st = stat()
        guard stat(directory.audits.path, &st) == 0, UInt64(st.st_dev) == answer.device, UInt64(st.st_ino) == answer.inode
        else { return nil }
        return (token.cache, changed)
    }

    private static func loadCounting(directory: DataDirectory, sectionsFor: (TemplateRef) -> [String]?, now: Date,
                                     useCache: Bool, factsAlongside: (@Sendable (TemplateRef) -> [String]?)?,
                                     known: (cache: FileIdentity, changed: [String])?, vouch: inout WatchVouch?,
                                     clock: inout PhaseClock) -> Run {
        let started = Int64(now.timeIntervalSince1970)
        let cacheURL = directory.cache.appendingPathComponent(IndexCacheFile.fileName)
        // The cache is read while the folder is listed: neither needs the other.
        let cacheRead = useCache ? CacheRead(cacheURL, factsWith: factsAlongside, ) : nil
        if clock.serial, let cacheRead {
            cacheRead.wait()
            clock.report(cacheRead.laps)
            clock.lap("read the cache and its facts, alone")
        }
        var listing: AuditFolderListing
        var statted = 0
        // The token stays as it is when nothing changed: it still says the truth.
        var keepToken = false
        if let known, let image = cacheRead?.wait(), cacheRead?.identity == known.cache,
           let restated = image.listing.restating(known.changed, folder: directory.audits) {
            // The watcher vouches that the folder is as this cache's listing says, but for the
            // files it names, which are statted again.
            listing = restated
            statted = known.changed.count
            keepToken = known.changed.isEmpty
            if listing.hasHardLinks { vouch = nil }
            clock.lap(known.changed.isEmpty ? "no stats: the folder watcher saw no change (\(listing.count) files)"
                                            : "stat \(known.changed.count) files the folder watcher named")
        } else {
            guard let listed = AuditFolderListing.list(directory.audits) else { cacheRead?.wait(); return ([], [], 0, 0) }
            listing = listed
            statted = listed.count
            clock.lap("list+stat \(listing.count) files")
            // Edits through a hard link elsewhere make no event in this folder.
            if listing.hasHardLinks { vouch = nil }
        }
        var cache = cacheRead?.wait() ?? IndexCacheImage()
        let readIdentity = cacheRead?.identity
        var decodedAlongside = cacheRead?.takeFacts()
        clock.lap("wait for the cache read alongside (\(cache.entryCount) entries)")
        if let cacheRead, !clock.serial { clock.report(cacheRead.laps) }

        // Which cache entry each listed file is, or -1 to read it. Same names in the same
        // directory order (the usual warm run) compare as one block of bytes.
        var entryFor = [Int](repeating: -1, count: listing.count)
        let sameNames = listing.names == cache.listing.names
        if sameNames {
            for i in 0..<listing.count where listing.keys[i] == cache.listing.keys[i] && cache.entryOf[i] != IndexCache.noEntry {
                entryFor[i] = Int(cache.entryOf[i])
            }
        } else {
            var byName: [String: Int] = Dictionary(minimumCapacity: cache.listing.count)
            for j in 0..<cache.listing.count { byName[cache.listing.name(j)] = j }
            for i in 0..<listing.count {
                if let j = byName[listing.name(i)], listing.keys[i] == cache.listing.keys[j], cache.entryOf[j] != IndexCache.noEntry {
                    entryFor[i] = Int(cache.entryOf[j])
                }
            }
        }
        let stale = (0..<listing.count).filter { entryFor[$0] < 0 }
        let reused = listing.count - stale.count
        clock.lap("compare (\(stale.count) to read)")

        // Nothing changed: facts straight from the cache's bytes.
        if stale.isEmpty && reused == cache.entryCount {
            if let (facts, unknown) = decodedAlongside ?? cache.facts(sectionsFor: sectionsFor) {
                clock.lap("facts")
                if !keepToken, let vouch, let readIdentity { vouch.keep(readIdentity, directory) }
                return (facts, unknownTemplateWarnings(unknown, directory), 0, statted)
            }
            return loadCounting(directory: directory, sectionsFor: sectionsFor, now: now, useCache: false)
        }
        decodedAlongside = nil
        guard let cachedEntries = cache.entryCount == 0 ? [] : cache.scannedEntries() else {
            return loadCounting(directory: directory, sectionsFor: sectionsFor, now: now, useCache: false)
        }

        var problems: [Diagnostic] = []
        var fresh: [Int: ScannedAudit] = [:]
        if !stale.isEmpty {
            let files = stale.map { ListedFile(name: listing.name($0), key: listing.keys[$0]) }
            for (i, result) in zip(stale, readFiles(files, folder: directory.audits)) {
                switch result {
                case .success(let a)?: fresh[i] = a
                case .failure(let d)?: problems.append(d)
                case nil: break
                }
            }
            problems.sort { $0.file < $1.file }
        }
        let freshTrusted = fresh.keys.contains { !isRacy(listing.keys[$0], now: started) }
        let changed = !sameNames || reused != cache.entryCount || freshTrusted

        // Good audits sorted by file name: straight from the cache when nothing changed.
        var good: [(listed: Int, audit: ScannedAudit)] = []
        if fresh.isEmpty && reused == cache.entryCount {
            var listedOf = [Int](repeating: -1, count: cache.entryCount)
            for i in 0..<listing.count where entryFor[i] >= 0 { listedOf[entryFor[i]] = i }
            good = cachedEntries.indices.map { (listedOf[$0], cachedEntries[$0]) }
        } else {
            for i in 0..<listing.count {
                if entryFor[i] >= 0 { good.append((i, cachedEntries[entryFor[i]])) } else if let a = fresh[i] { good.append((i, a)) }
            }
            let names = good.map { listing.name($0.listed) }
            let order = names.indices.sorted { names[$0] < names[$1] }
            good = order.map { good[$0] }
        }
        if changed {
            var next = IndexCache(listing: listing, entryOf: [UInt32](repeating: IndexCache.noEntry, count: listing.count), entries: [])
            next.entries.reserveCapacity(good.count)
            for (listed, audit) in good where !isRacy(listing.keys[listed], now: started) {
                next.entryOf[listed] = UInt32(next.entries.count)
                next.entries.append(audit)
            }
            writeCache(next, to: cacheURL, directory: directory, vouch: vouch)
        } else if !keepToken, let vouch, let readIdentity {
            vouch.keep(readIdentity, directory)
        }
        clock.lap("read \(stale.count) files\(changed ? ", write cache" : "")")

        var facts: [AuditFacts] = []
        facts.reserveCapacity(good.count)
        var sections: [TemplateRef: [String]?] = [:]
        var unknown: [TemplateRef: Int] = [:]
        for (_, audit) in good {
            let ref = audit.template
            let known: [String]?
            if let s = sections[ref] {
                known = s
            } else {
                known = sectionsFor(ref)
                sections[ref] = .some(known)
            }
            if known == nil { unknown[ref, default: 0] += 1 }
            facts.append(makeFacts(audit, sections: known ?? audit.sectionKeys))
        }
        problems += unknownTemplateWarnings(unknown, directory)
        clock.lap("facts")
        return (facts, problems, stale.count, statted)
    }

    static func unknownTemplateWarnings(_ unknown: [TemplateRef: Int], _ directory: DataDirectory) -> [Diagnostic] {
        unknown.sorted(by: { $0.key.key < $1.key.key }).map { ref, count in
            .warning(directory.templateSnapshot(ref).path,
                     "\(count) audit\(count == 1 ? "" : "s") use template \(ref.id) version \(ref.version), which is neither installed nor kept in the data directory; their sections are taken from the audit files",
                     remedy: "install that template version in templates/ of the data directory")
        }
    }

    static func makeFacts(_ a: ScannedAudit, sections: [String]) -> AuditFacts {
        var grades: [String: Grade] = Dictionary(minimumCapacity: a.grades.count)
        for g in a.grades { grades[g.section] = g.grade }
        return AuditFacts(id: a.id, month: a.month, template: a.template, cohort: a.cohort, team: a.team,
                          auditor: a.auditor, worker: a.worker, status: a.status, origin: a.origin,
                          caseRef: a.caseRef, grades: grades, overall: a.overall, templateSections: sections,
                          updated: Date(timeIntervalSince1970: a.updated))
    }

    static func isRacy(_ key: FileKey, now: Int64) -> Bool {
        key.mtimeSec >= now - racyWindow || key.ctimeSec >= now - racyWindow
    }

    // MARK: reading audit files

    /// Reads and scans files on every core, each thread reusing one buffer. One result per
    /// file, in order; nil for a file removed since it was listed.
    static func readFiles(_ files: [ListedFile], folder: URL) -> [Result<ScannedAudit, Diagnostic>?] {
        let n = files.count
        let folderFD = open(folder.path, O_RDONLY | O_DIRECTORY)
        guard folderFD >= 0 else {
            let d = Diagnostic.error(folder.path, "cannot open the audits folder: \(String(cString: strerror(errno)))",
                                     remedy: "check the folder's permissions")
            return files.indices.map { $0 == 0 ? .failure(d) : nil }
        }
        defer { close(folderFD) }
        var out = [Result<ScannedAudit, Diagnostic>?](repeating: nil, count: n)
        let folderPath = folder.path
        let chunks = n < 64 ? 1 : min(256, n / 32)
        out.withUnsafeMutableBufferPointer { buffer in
            let shared = SendableBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                var bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
                defer { bytes.deallocate() }
                for i in (n * c / chunks)..<(n * (c + 1) / chunks) {
                    let file = files[i]
                    shared.buffer[i] = readOne(file, folderFD: folderFD, path: folderPath + "/" + file.name, buffer: &bytes)
                }
            }
        }
        return out
    }

    private static func readOne(_ file: ListedFile, folderFD: Int32, path: String,
                                buffer: inout UnsafeMutableRawBufferPointer) -> Result<ScannedAudit, Diagnostic>? {
        let fd = openat(folderFD, file.name, O_RDONLY)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }  // removed since it was listed
            return .failure(.error(path, "cannot read: \(String(cString: strerror(errno)))", remedy: "check the file's permissions"))
        }
        defer { close(fd) }
        let wanted = Int(file.key.size) + 1
        if buffer.count < wanted {
            buffer.deallocate()
            buffer = .allocate(byteCount: max(wanted, buffer.count * 2), alignment: 16)
        }
        var length = 0
        while true {
            if length == buffer.count {
                let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
                bigger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                buffer.deallocate()
                buffer = bigger
            }
            let got = read(fd, buffer.baseAddress! + length, buffer.count - length)
            if got < 0 {
                if errno == EINTR { continue }
                return .failure(.error(path, "cannot read: \(String(cString: strerror(errno)))", remedy: "check the disk and the file's permissions"))
            }
            if got == 0 { break }
            length += got
        }
        let id = String(file.name.dropLast(5))
        return AuditScanner.scan(UnsafeRawBufferPointer(rebasing: buffer[0..<length]), file: path, expectedID: id)
    }

    // MARK: the cache

    static func readCache(_ url: URL) -> IndexCacheImage? {
        var laps = PhaseClock()
        return readCacheAndIdentity(url, laps: &laps).0
    }

    /// The identity is the file's that was read (fstat of the open file), for the watcher token.
    static func readCacheAndIdentity(_ url: URL, laps: inout PhaseClock, strings: Bool = true) -> (IndexCacheImage?, FileIdentity?) {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { return (nil, nil) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { return (nil, nil) }
        let size = Int(st.st_size)
        if let mapped = CacheBytes(mapping: fd, size: size) {
            laps.record("  alongside: map the cache file (\(size) bytes)")
            defer { laps.record("  alongside: decode the cache's strings and listing") }
            return (IndexCacheFile.decode(mapped, strings: strings), FileIdentity(st))
        }
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var length = 0
            while length < size {
                let got = read(fd, buffer.baseAddress! + length, size - length)
                if got < 0, errno == EINTR { continue }
                if got <= 0 { complete = false; break }
                length += got
            }
            count = length
        }
        laps.record("  alongside: read the cache file (\(size) bytes)")
        guard complete else { return (nil, nil) }
        defer { laps.record("  alongside: decode the cache's strings and listing") }
        return (IndexCacheFile.decode(CacheBytes(copying: bytes), strings: strings), FileIdentity(st))
    }

    /// Best effort: a read-only data directory simply gets no cache. With `vouch`, also the
    /// watcher token for the cache written, in the same locked step.
    static func writeCache(_ cache: IndexCache, to url: URL, directory: DataDirectory, vouch: WatchVouch? = nil) {
        let bytes = IndexCacheFile.encode(cache)
        WatchToken.withWriteLock(directory) { locked in
            do {
                try AtomicFile.makeFolder(directory.cache)
                try AtomicFile.write(Data(bytes), to: url)
            } catch {
                return  // The cache only saves time; reports stay correct without it.
            }
            if locked, let vouch, let written = FileIdentity.of(url) { vouch.token(for: written).write(directory) }
        }
    }
}

/// `AuditIndex.readCache` on another thread, started at once, then (given the sections) its facts.
private final class CacheRead: @unchecked Sendable {
    private let done = DispatchGroup()
    private var image: IndexCacheImage?
    /// Of the file the image was read from.
    private(set) var identity: FileIdentity?
    private var facts: (facts: [AuditFacts], unknown: [TemplateRef: Int])?
    /// What the thread spent on each step, for `CASEAUDIT_TIMING`.
    private(set) var laps = PhaseClock()

    init(_ url: URL, factsWith sectionsFor: (@Sendable (TemplateRef) -> [String]?)?, strings: Bool = true) {
        done.enter()
        DispatchQueue.global().async { [self] in
            laps.restart()
            (image, identity) = AuditIndex.readCacheAndIdentity(url, laps: &laps, strings: strings)
            if let sectionsFor, let image {
                facts = image.facts(sectionsFor: sectionsFor)
                laps.record("  alongside: facts from the cache")
            }
            done.leave()
        }
    }

    /// After `wait`; hands the facts over once.
    func takeFacts() -> (facts: [AuditFacts], unknown: [TemplateRef: Int])? {
        defer { facts = nil }
        return facts
    }

    @discardableResult
    func wait() -> IndexCacheImage? {
        done.wait()
        return image
    }
}

/// What a run may vouch for in a new watcher token: the watcher's session and the generation
/// it answered before the listing.
struct WatchVouch {
    var session: UInt64
    var generation: UInt64

    func token(for cache: FileIdentity) -> WatchToken {
        WatchToken(session: session, generation: generation, cache: cache)
    }

    /// The cache read matched the listing and stays: vouch for it if it is still that file.
    func keep(_ read: FileIdentity, _ directory: DataDirectory) {
        let url = directory.cache.appendingPathComponent(IndexCacheFile.fileName)
        WatchToken.withWriteLock(directory) { locked in
            if locked, FileIdentity.of(url) == read { token(for: read).write(directory) }
        }
    }
}
