import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The facts of every audit file in a data directory, never stale.
///
/// Each run lists `DATA/audits/` and stats every file; a file whose name, size, mtime, ctime and
/// inode match the log in `DATA/.cache/` (`IndexLog`) is taken from it, any other file is read
/// with `AuditCoding.decode` (on every core), and files gone from the folder drop out. A damaged
/// file, a link or a FIFO is reported in `problems` every run and never cached. Deleting
/// `.cache/` only costs one cold run; a `.cache` that is a link is reported and not used.
public struct AuditIndex {
    /// How long after a change a file is too fresh to trust its timestamp: a second edit in the
    /// same clock tick would leave mtime unchanged, so such files are re-read next run (git's
    /// "racily clean" rule).
    static let racyWindow: Int64 = 2

    /// `templateSections` come from each audit's exact template version in `catalog` (shipped or
    /// snapshotted in the data directory). `answers` are the question ids whose answers the
    /// facts' marks must hold for the measures counted (`Measure.answerIDs`).
    public static func load(directory: DataDirectory, catalog: TemplateCatalog, answers: [String] = [])
        -> (facts: [AuditFacts], problems: [Diagnostic]) {
        let run = loadCounting(directory: directory, sectionsFor: { catalog.template($0)?.sections.map(\.id) }, answers: answers)
        return (run.facts, run.problems)
    }

    /// As `load(directory:catalog:)` with another source of section ids; nil for an unknown
    /// template version, whose audits then take their sections from the file. `sectionsFor` is
    /// asked from several threads at once, so it must only read.
    public static func load(directory: DataDirectory, sectionsFor: (TemplateRef) -> [String]?, answers: [String] = [])
        -> (facts: [AuditFacts], problems: [Diagnostic]) {
        let run = loadCounting(directory: directory, sectionsFor: sectionsFor, answers: answers)
        return (run.facts, run.problems)
    }

    typealias Run = (facts: [AuditFacts], problems: [Diagnostic], filesRead: Int, linesWritten: Int)

    /// As `load`, also saying how many audit files were read rather than taken from the log, and
    /// how many log lines were written. `now` decides which files are too fresh to cache.
    ///
    /// The log keeps the answers it lists in its header. When it holds every one of `answers`
    /// it is used as it is (its facts may keep more answers than asked for, which no one reads);
    /// otherwise every file is read again and the log rewritten keeping exactly `answers`. So a
    /// command that counts no question never rebuilds it, and a new question measure rebuilds it once.
    static func loadCounting(directory: DataDirectory, sectionsFor: (TemplateRef) -> [String]?, answers: [String] = [],
                             now: Date = Date(), useCache: Bool = true) -> Run {
        var clock = PhaseClock()
        // The folder is listed and statted on another thread while the log is read and parsed:
        // neither needs the other until each file's key is compared below.
        let listed = ListingResult()
        let listingDone = DispatchGroup()
        DispatchQueue.global().async(group: listingDone) { [audits = directory.audits] in
            listed.value = AuditFolderListing.list(audits)
        }
        let cacheProblem = useCache ? cacheFolderProblem(directory) : nil
        let usable = useCache && cacheProblem == nil
        let logURL = directory.cache.appendingPathComponent(IndexLog.fileName)
        let start = IndexLog.headerStart(directory)
        let wanted = Array(Set(answers)).sorted()
        // A log that lacks answers the measures count is not used (every file is read again).
        let log = (usable ? IndexLog.read(logURL, headerStart: start) : nil).flatMap { Set(wanted).isSubset(of: $0.answers) ? $0 : nil }
        var parsed = log?.parse()
        clock.lap("read and parse the log's \(log?.lineCount ?? 0) lines, beside listing the folder")
        listingDone.wait()
        guard let listing = listed.value else { return ([], [], 0, 0) }
        clock.lap("list and stat \(listing.count) files (the rest of it)")
        var problems = listing.refusedProblems(directory.audits)
        if let cacheProblem { problems.append(cacheProblem) }
        let kept = log?.answers ?? wanted
        let header = IndexLog.header(start, answers: kept)
        let live = log?.live ?? [:]

        // The facts of every file the log holds as it is now; the others are read.
        var facts = [AuditFacts](repeating: .placeholder, count: listing.count), stale = Array(0..<listing.count)
        if let log, parsed != nil {
            (facts, stale) = log.facts(&parsed!, names: listing.names, keys: listing.keys)
            parsed = nil
        }
        clock.lap("facts of \(listing.count - stale.count) files from the log")
        // Each file becomes its facts on the thread that read it: the decoded audit is dropped
        // at once, so memory holds facts, never every audit. Until the catalog is asked below,
        // `templateSections` holds the section ids in the file.
        let decoded = Parallel.map(stale.count) { j -> Result<AuditFacts, Diagnostic>? in
            readAudit(directory.audits, listing.names[stale[j]]).map { result in
                result.map { AuditFacts(audit: $0, templateSections: $0.sections.keys.sorted(), answers: kept) }
            }
        }
        // Lines to append are gathered only when there is a log to append to: a first run writes
        // the whole log anyway, and gathering its 100,000 lines twice cost 50 MB at the peak.
        var lines = ""
        let appending = log != nil
        var written = 0
        let started = Int64(now.timeIntervalSince1970)
        for (i, result) in zip(stale, decoded) {
            switch result {
            case .success(let f)?:
                facts[i] = f
                // What to append: new versions, unless too fresh to trust.
                if !isRacy(listing.keys[i], now: started) {
                    if appending {
                        lines += IndexLog.line(name: listing.names[i], key: listing.keys[i], facts: f)
                    }
                    written += 1
                    continue
                }
            case .failure(let d)?: problems.append(d)
            case nil: break
            }
            // A file that no longer reads (or is too fresh): its old line must not be taken again.
            if live[listing.names[i]] != nil {
                lines += IndexLog.removal(listing.names[i])
                written += 1
            }
        }
        clock.lap("read \(stale.count) files")
        // Files gone from the folder: the log holds more names than the folder's files it matched.
        if live.count > listing.count - stale.count + stale.count(where: { live[listing.names[$0]] != nil }) {
            let listed = Set(listing.names)
            for name in live.keys.filter({ !listed.contains($0) }).sorted() {
                lines += IndexLog.removal(name)
                written += 1
            }
        }
        if usable && (log == nil || written > 0) {
            let liveAfter = live.count + written
            if let log, log.lineCount + written < 2 * liveAfter + 1000 {
                append(lines, to: logURL)
            } else {
                rewrite(listing: listing, facts: facts, now: started, header: header, directory: directory, to: logURL)
            }
        }

        // Each audit's sections are those of its template version in the catalog, set in place
        // on every core; files that did not read (placeholders) are then dropped.
        let unknown = withoutActuallyEscaping(sectionsFor) { sectionsFor in
            setSections(&facts, UncheckedSendable(sectionsFor))
        }
        if facts.contains(where: { $0.id.isEmpty }) { facts.removeAll { $0.id.isEmpty } }
        problems += unknownTemplateWarnings(unknown, directory)
        clock.lap("facts")
        return (facts, problems, stale.count, written)
    }

    /// Gives each audit the section ids of its template version from `sectionsFor`, in pieces on
    /// every core; returns how many audits had a version it does not know (they keep the section
    /// ids their files hold).
    private static func setSections(_ facts: inout [AuditFacts], _ sectionsFor: UncheckedSendable<(TemplateRef) -> [String]?>)
        -> [TemplateRef: Int] {
        let count = facts.count, pieces = count > 4096 ? 8 : 1
        let counts = facts.withUnsafeMutableBufferPointer { buffer in
            let slots = SendableBuffer(buffer)
            return Parallel.map(pieces, chunks: pieces) { k -> [TemplateRef: Int] in
                var known: [TemplateRef: [String]?] = [:]
                var unknown: [TemplateRef: Int] = [:]
                for i in (count * k / pieces)..<(count * (k + 1) / pieces) where !slots.buffer[i].id.isEmpty {
                    let ref = slots.buffer[i].template
                    if known[ref] == nil { known[ref] = .some(sectionsFor.value(ref)) }
                    if let s = known[ref]! { slots.buffer[i].templateSections = s } else { unknown[ref, default: 0] += 1 }
                }
                return unknown
            }
        }
        return counts.reduce(into: [:]) { all, part in all.merge(part, uniquingKeysWith: +) }
    }

    /// The listing made on another thread, read once that thread is waited for.
    private final class ListingResult: @unchecked Sendable {
        var value: AuditFolderListing?
    }

    /// Reads and decodes one audit file without following a link; nil for a file removed
    /// since it was listed.
    static func readAudit(_ folder: URL, _ name: String) -> Result<Audit, Diagnostic>? {
        let path = folder.appendingPathComponent(name).path
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            return .failure(.error(path, "cannot read: \(String(cString: strerror(errno)))", remedy: "check the file's permissions"))
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            let data = try handle.readToEnd() ?? Data()
            let audit = try AuditCoding.decode(data, file: path, expectedID: String(name.dropLast(5)))
            return .success(audit)
        } catch let d as Diagnostic {
            return .failure(d)
        } catch {
            return .failure(.error(path, "cannot read: \(error.localizedDescription)", remedy: "check the disk and the file's permissions"))
        }
    }

    /// A `.cache` that is a link (or not a folder) is named once and left alone: writing
    /// through it would put the index wherever the link points.
    static func cacheFolderProblem(_ directory: DataDirectory) -> Diagnostic? {
        var st = stat()
        guard lstat(directory.cache.path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK:
            return .warning(directory.cache.path, "is a symbolic link; the index cache is not used or written through it",
                            remedy: "delete the link; caseaudit makes a .cache folder of its own")
        default:
            return .warning(directory.cache.path, "is not a folder; the index cache is not used",
                            remedy: "delete it; caseaudit makes a .cache folder of its own")
        }
        let log = directory.cache.appendingPathComponent(IndexLog.fileName)
        if lstat(log.path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG {
            return .warning(log.path, "is not a plain file; the index cache is not used or written",
                            remedy: "delete it; it is rebuilt on the next run")
        }
        return nil
    }

    static func unknownTemplateWarnings(_ unknown: [TemplateRef: Int], _ directory: DataDirectory) -> [Diagnostic] {
        unknown.sorted(by: { $0.key.key < $1.key.key }).map { ref, count in
            .warning(directory.templateSnapshot(ref).path,
                     "\(count) audit\(count == 1 ? "" : "s") use template \(ref.id) version \(ref.version), which is neither installed nor kept in the data directory; their sections are taken from the audit files",
                     remedy: "install that template version in templates/ of the data directory")
        }
    }

    static func isRacy(_ key: FileKey, now: Int64) -> Bool {
        key.mtimeSec >= now - racyWindow || key.ctimeSec >= now - racyWindow
    }

    // MARK: writing the log (best effort: the cache only saves time; reports stay correct without it)

    /// One `write` with O_APPEND, so lines of two runs at once never interleave.
    private static func append(_ lines: String, to url: URL) {
        guard !lines.isEmpty else { return }
        let fd = open(url.path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var bytes = Array(lines.utf8)
        _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// The whole log anew (first run, another folder's log, or mostly dead lines). `facts` hold
    /// the file's own section ids, and placeholders for files that did not read.
    private static func rewrite(listing: AuditFolderListing, facts: [AuditFacts], now: Int64, header: String,
                                directory: DataDirectory, to url: URL) {
        // Bytes from the start, not a String copied into Data at the end: one copy of the log.
        var data = Data(header.utf8)
        for i in 0..<listing.count where !isRacy(listing.keys[i], now: now) && !facts[i].id.isEmpty {
            data.append(contentsOf: IndexLog.line(name: listing.names[i], key: listing.keys[i], facts: facts[i]).utf8)
        }
        do {
            try AtomicFile.makeFolder(directory.cache)
            guard cacheFolderProblem(directory) == nil else { return }
            try AtomicFile.write(data, to: url)
        } catch {
            return
        }
    }
}
