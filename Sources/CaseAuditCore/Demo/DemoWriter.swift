import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes many demo audits fast with the same guarantee as `AtomicFile`: every file is first
/// written in full under a temporary name, all of them are flushed to disk together (one
/// `sync` per batch instead of one `fsync` per file), and only then renamed into place, and the
/// folder flushed. A kill at any point leaves only whole audit files and ignorable `.tmp-` files.
public enum DemoWriter {
    public struct Result: Sendable {
        public var written: Int
        public var drafts: Int
    }

    /// Makes and writes audits `0..<audits` in parallel, in batches.
    public static func write(_ generator: DemoGenerator, to directory: DataDirectory, batch: Int = 4096) throws -> Result {
        let folder = directory.audits
        try AtomicFile.makeFolder(folder)
        let total = generator.options.audits
        var drafts = 0
        var start = 0
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        while start < total {
            let first = start
            let end = min(total, start + batch)
            let chunks = workers * 4
            let outcome = BatchOutcome(count: chunks)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var names: [(String, String)] = []
                var chunkDrafts = 0
                var index = first + chunk
                do {
                    while index < end {
                        let audit = generator.audit(index)
                        if audit.status == .draft { chunkDrafts += 1 }
                        let data = try AuditCoding.encode(audit)
                        let final = "\(audit.id).json"
                        let temp = "\(AtomicFile.temporaryPrefix)\(final).\(getpid())"
                        try writeUnsynced(data, to: folder.appendingPathComponent(temp).path)
                        names.append((temp, final))
                        index += chunks
                    }
                    outcome.set(chunk, names: names, drafts: chunkDrafts, error: nil)
                } catch {
                    outcome.set(chunk, names: names, drafts: chunkDrafts, error: error)
                }
            }
            let results = outcome.results
            let allNames = results.flatMap(\.names)
            if let error = results.compactMap(\.error).first {
                for (temp, _) in allNames { unlink(folder.appendingPathComponent(temp).path) }
                throw error
            }
            try flushFileSystem(of: folder)
            for (temp, final) in allNames {
                guard rename(folder.appendingPathComponent(temp).path, folder.appendingPathComponent(final).path) == 0 else {
                    throw CaseAuditError(.ioError, file: folder.appendingPathComponent(final).path,
                                         "cannot rename into place: \(String(cString: strerror(errno)))",
                                         remedy: "check there is space and that you may write to the folder")
                }
            }
            AtomicFile.syncFolder(folder)
            drafts += results.reduce(0) { $0 + $1.drafts }
            start = end
        }
        return Result(written: total, drafts: drafts)
    }

    static func writeUnsynced(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw failure("cannot create", path) }
        defer { close(fd) }
        fchmod(fd, 0o600)
        if let code = OutputFile.writeAll(fd, data) {
            errno = code
            throw failure("cannot write", path)
        }
    }

    /// `sync()` returns once every written file is on disk (Linux waits for it); `syncfs` would be
    /// narrower but is not exported to Swift without _GNU_SOURCE.
    static func flushFileSystem(of folder: URL) throws {
        _ = folder
        sync()
    }

    static func failure(_ what: String, _ path: String) -> CaseAuditError {
        let code = errno
        let status: ExitStatus = (code == EACCES || code == EROFS || code == ENOSPC) ? .cannotCreate : .ioError
        return CaseAuditError(status, file: path, "\(what): \(String(cString: strerror(code)))",
                              remedy: "check there is space and that you may write to the folder")
    }
}

/// Per-chunk results of one parallel batch; each chunk writes only its own slot.
private final class BatchOutcome: @unchecked Sendable {
    struct Slot {
        var names: [(String, String)] = []
        var drafts = 0
        var error: Error?
    }
    private var slots: [Slot]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: Slot(), count: count) }

    func set(_ i: Int, names: [(String, String)], drafts: Int, error: Error?) {
        lock.lock()
        slots[i] = Slot(names: names, drafts: drafts, error: error)
        lock.unlock()
    }

    var results: [Slot] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
