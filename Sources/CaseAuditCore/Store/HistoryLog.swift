import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open history file, locked against other writers in this machine while a save runs.
/// (`flock` may do nothing on a network drive; the per-audit `AuditLock` is what keeps two
/// people apart there.)
final class HistoryLog {
    let url: URL
    private let fd: Int32
    private(set) var lines: HistoryLines

    /// The last line is a whole entry that lost its newline; it gets one before the next append.
    private var lastLineNeedsNewline = false

    init(url: URL) throws {
        self.url = url
        // Links are refused, not followed: appending through one would write wherever it points.
        try DataDirectory.refuseLink(url.deletingLastPathComponent())
        fd = open(url.path, O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == ELOOP { throw DataDirectory.linkError(url, what: "file") }
            throw AtomicFile.ioError("cannot open the history file", url, errno)
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw CaseAuditError(.dataError, file: url.path, "is not a regular file (a FIFO, device or socket)",
                                 remedy: "move it out of the data folder")
        }
        _ = flock(fd, LOCK_EX)
        do {
            lines = HistoryLines(try HistoryLog.readAll(fd, url: url))
        } catch {
            close(fd)
            throw error
        }
        if let tail = lines.tornTail, lines.tailIsWholeEntry {
            lines.lines.append(HistoryLines.parse(tail, number: lines.lines.count + 1))
            lines.tornTail = nil
            lastLineNeedsNewline = true
        }
    }

    deinit { close(fd) }

    /// Every readable entry (parses the whole file).
    var entries: [HistoryEntry] { lines.lines.compactMap(\.entry) }

    var lastEntry: HistoryEntry? { lines.lines.last?.entry }

    /// What the next entry's `prev` and `seq` must be to extend the chain as it stands.
    var chainHead: (prev: String, seq: Int) {
        guard let last = lines.lines.last else { return ("", 1) }
        if let entry = last.entry { return (entry.hash, max(entry.seq, lines.lines.count) + 1) }
        return (SHA256.hex(last.text), lines.lines.count + 1)
    }

    /// Seals `entry` and appends it as one line, flushed to disk.
    func append(_ entry: inout HistoryEntry) throws {
        try repairTornTail()
        let line = try entry.seal() + "\n"
        if let code = OutputFile.writeAll(fd, Data(line.utf8)) {
            throw AtomicFile.ioError("cannot append to the history file", url, code)
        }
        guard fsync(fd) == 0 else { throw AtomicFile.ioError("cannot flush the history file", url, errno) }
        lines.lines.append(HistoryLines.parse(Data(line.utf8.dropLast()), number: lines.lines.count + 1))
    }

    /// An interrupted append left part of a line: cut it off so the next entry starts on a line
    /// of its own. (A whole entry that only lost its newline gets the newline instead.)
    private func repairTornTail() throws {
        if lastLineNeedsNewline {
            guard write(fd, "\n", 1) == 1 else { throw AtomicFile.ioError("cannot append to the history file", url, errno) }
            lastLineNeedsNewline = false
        }
        guard lines.tornTail != nil else { return }
        guard ftruncate(fd, off_t(lines.completeLength)) == 0 else {
            throw AtomicFile.ioError("cannot repair the history file", url, errno)
        }
        lines.tornTail = nil
    }

    static func readAll(_ fd: Int32, url: URL) throws -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        var offset: off_t = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw AtomicFile.ioError("cannot read the history file", url, errno)
            }
            if n == 0 { break }
            data.append(contentsOf: chunk[0..<n])
            offset += off_t(n)
        }
        return data
    }
}
