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

    public static func load(directory: DataDirectory, sectionsFor: (TemplateRef) -> [String]?)
        -> (facts: [AuditFacts], problems: [Diagnostic]) {
        let run = loadCounting(directory: directory, sectionsFor: sectionsFor)
        return (run.facts, run.problems)
    }

    /// As `load`, also saying how many files were read rather than taken from the cache.
    /// `now` decides which files are too fresh to cache (tests move it on).
    static func loadCounting(directory: DataDirectory, sectionsFor: (TemplateRef) -> [String]?, now: Date = Date())
        -> (facts: [AuditFacts], problems: [Diagnostic], filesRead: Int) {
        let started = Int64(now.timeIntervalSince1970)
        guard let listed = AuditFolderListing.list(directory.audits) else { return ([], [], 0) }
        let cacheURL = directory.cache.appendingPathComponent(IndexCacheFile.fileName)
        let cached = readCache(cacheURL)
        var byName: [String: Int] = [:]
        byName.reserveCapacity(cached.count)
        for (i, e) in cached.enumerated() { byName[e.name] = i }

        var used = [Bool](repeating: false, count: cached.count)
        var stale: [ListedFile] = []
        var reused = 0
        for file in listed {
            if let i = byName[file.name], cached[i].key == file.key {
                used[i] = true
                reused += 1
            } else {
                stale.append(file)
            }
        }
        // The cache is written sorted by name, so when nothing changed no sort is needed.
        var good: [CachedEntry] = []
        good.reserveCapacity(listed.count)
        for (i, e) in cached.enumerated() where used[i] { good.append(e) }
        var problems: [Diagnostic] = []
        if !stale.isEmpty {
            let (fresh, damaged) = readFiles(stale, folder: directory.audits)
            good.append(contentsOf: fresh)
            good.sort { $0.name < $1.name }
            problems = damaged.sorted { $0.file < $1.file }
        }
        if reused != cached.count || !stale.isEmpty {
            let trusted = good.filter { !isRacy($0.key, now: started) }
            if trusted.count != reused || reused != cached.count {
                writeCache(trusted, to: cacheURL, directory: directory)
            }
        }
        var facts: [AuditFacts] = []
        facts.reserveCapacity(good.count)
        var sections: [TemplateRef: [String]?] = [:]
        var unknown: [TemplateRef: Int] = [:]
        for e in good {
            let ref = e.audit.template
            let known: [String]?
            if let s = sections[ref] {
                known = s
            } else {
                known = sectionsFor(ref)
                sections[ref] = .some(known)
            }
            if known == nil { unknown[ref, default: 0] += 1 }
            facts.append(makeFacts(e.audit, sections: known ?? e.audit.sectionKeys))
        }
        for (ref, count) in unknown.sorted(by: { $0.key.key < $1.key.key }) {
            problems.append(.warning(directory.templateSnapshot(ref).path,
                                     "\(count) audit\(count == 1 ? "" : "s") use template \(ref.id) version \(ref.version), which is neither installed nor kept in the data directory; their sections are taken from the audit files",
                                     remedy: "install that template version in templates/ of the data directory"))
        }
        return (facts, problems, stale.count)
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

    /// Reads and scans files on every core, each thread reusing one buffer.
    static func readFiles(_ files: [ListedFile], folder: URL) -> (good: [CachedEntry], problems: [Diagnostic]) {
        let n = files.count
        let folderFD = open(folder.path, O_RDONLY | O_DIRECTORY)
        guard folderFD >= 0 else {
            return ([], [.error(folder.path, "cannot open the audits folder: \(String(cString: strerror(errno)))",
                                remedy: "check the folder's permissions")])
        }
        defer { close(folderFD) }
        let out = UnsafeMutableBufferPointer<Result<CachedEntry, Diagnostic>?>.allocate(capacity: n)
        out.initialize(repeating: nil)
        defer { out.deallocate() }
        let shared = SendableBuffer(out)
        let folderPath = folder.path
        let chunks = n < 64 ? 1 : min(256, n / 32)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
            defer { buffer.deallocate() }
            for i in (n * c / chunks)..<(n * (c + 1) / chunks) {
                let file = files[i]
                let path = folderPath + "/" + file.name
                shared.buffer[i] = readOne(file, folderFD: folderFD, path: path, buffer: &buffer)
            }
        }
        var good: [CachedEntry] = []
        var problems: [Diagnostic] = []
        good.reserveCapacity(n)
        for r in out {
            switch r {
            case .success(let e)?: good.append(e)
            case .failure(let d)?: problems.append(d)
            case nil: break
            }
        }
        return (good, problems)
    }

    private static func readOne(_ file: ListedFile, folderFD: Int32, path: String,
                                buffer: inout UnsafeMutableRawBufferPointer) -> Result<CachedEntry, Diagnostic>? {
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
        let scanned = AuditScanner.scan(UnsafeRawBufferPointer(rebasing: buffer[0..<length]), file: path, expectedID: id)
        return scanned.map { CachedEntry(name: file.name, key: file.key, audit: $0) }
    }

    // MARK: the cache

    static func readCache(_ url: URL) -> [CachedEntry] {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { return [] }
        let size = Int(st.st_size)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        var length = 0
        while length < size {
            let got = read(fd, buffer.baseAddress! + length, size - length)
            if got < 0, errno == EINTR { continue }
            if got <= 0 { return [] }
            length += got
        }
        return IndexCacheFile.decode(UnsafeRawBufferPointer(buffer)) ?? []
    }

    /// Best effort: a read-only data directory simply gets no cache.
    static func writeCache(_ entries: [CachedEntry], to url: URL, directory: DataDirectory) {
        do {
            try AtomicFile.makeFolder(directory.cache)
            let bytes = IndexCacheFile.encode(entries)
            try AtomicFile.write(Data(bytes), to: url)
        } catch {
            // The cache only saves time; reports stay correct without it.
        }
    }
}
