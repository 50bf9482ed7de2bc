import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which version of a file: any rewrite of the cache (a rename over it) changes the inode or
/// the times.
struct FileIdentity: Equatable, Sendable {
    var inode: UInt64, size: Int64, mtimeSec: Int64, mtimeNsec: Int64, ctimeSec: Int64, ctimeNsec: Int64

    init(_ st: stat) {
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        mtimeSec = Int64(st.st_mtim.tv_sec)
        mtimeNsec = Int64(st.st_mtim.tv_nsec)
        ctimeSec = Int64(st.st_ctim.tv_sec)
        ctimeNsec = Int64(st.st_ctim.tv_nsec)
    }

    init(inode: UInt64, size: Int64, mtimeSec: Int64, mtimeNsec: Int64, ctimeSec: Int64, ctimeNsec: Int64) {
        (self.inode, self.size, self.mtimeSec, self.mtimeNsec, self.ctimeSec, self.ctimeNsec) =
            (inode, size, mtimeSec, mtimeNsec, ctimeSec, ctimeNsec)
    }

    static func of(_ url: URL) -> FileIdentity? {
        var st = stat()
        return stat(url.path, &st) == 0 ? FileIdentity(st) : nil
    }
}

/// `DATA/.cache/audit-index.watch`: "the cache file with this identity matched the audits
/// folder as it was at generation GEN of watcher session SESSION". A run whose watcher then
/// says nothing changed since GEN may take everything from that cache without a stat.
struct WatchToken: Equatable, Sendable {
    static let fileName = "audit-index.watch"
    static let header = "caseaudit-watch-token 1"

    var session: UInt64
    var generation: UInt64
    var cache: FileIdentity

    func encoded() -> String {
        let c = cache
        return "\(Self.header)\n\(String(session, radix: 16)) \(generation) \(c.inode) \(c.size) "
            + "\(c.mtimeSec) \(c.mtimeNsec) \(c.ctimeSec) \(c.ctimeNsec)\n"
    }

    static func decode(_ text: String) -> WatchToken? {
        let lines = text.split(separator: "\n")
        guard lines.count == 2, lines[0] == header else { return nil }
        let f = lines[1].split(separator: " ")
        guard f.count == 8, let s = UInt64(f[0], radix: 16), let g = UInt64(f[1]), let ino = UInt64(f[2]),
              let size = Int64(f[3]), let ms = Int64(f[4]), let mn = Int64(f[5]), let cs = Int64(f[6]), let cn = Int64(f[7])
        else { return nil }
        return WatchToken(session: s, generation: g,
                          cache: FileIdentity(inode: ino, size: size, mtimeSec: ms, mtimeNsec: mn, ctimeSec: cs, ctimeNsec: cn))
    }

    static func read(_ directory: DataDirectory) -> WatchToken? {
        guard let data = FileManager.default.contents(atPath: directory.cache.appendingPathComponent(fileName).path) else { return nil }
        return decode(String(decoding: data, as: UTF8.self))
    }

    /// Best effort; a token that cannot be written only costs the next run its stats.
    func write(_ directory: DataDirectory) {
        try? AtomicFile.write(Data(encoded().utf8), to: directory.cache.appendingPathComponent(Self.fileName))
    }

    /// Runs `body` holding `.cache/audit-index.lock`, so that a cache written and the token
    /// vouching for it are one step to other runs: without it, run A could stat run B's cache
    /// and vouch for it with A's generation, newer than B's listing.
    /// `locked` is false when the lock could not be had (a read-only data directory): then
    /// write no token.
    static func withWriteLock<R>(_ directory: DataDirectory, _ body: (_ locked: Bool) -> R) -> R {
        try? AtomicFile.makeFolder(directory.cache)
        let fd = open(directory.cache.appendingPathComponent("audit-index.lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        var locked = fd >= 0
        if locked {
            var r: Int32
            repeat { r = flock(fd, LOCK_EX) } while r != 0 && errno == EINTR
            locked = r == 0
        }
        defer { if fd >= 0 { close(fd) } }
        return body(locked)
    }
}
