import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe file writes: write a temporary file in the same folder, flush it to disk,
/// rename it over the target, then flush the folder. A reader sees the old file or the new
/// one, never a mix, even if the process is killed or the machine loses power mid-write.
public enum AtomicFile {
    /// Prefix of temporary files; leftovers with it are ignored by readers and cleaned up.
    public static let temporaryPrefix = ".tmp-"

    /// Writes `data` to `url` with mode 0600 whatever the umask.
    /// `beforeRename` is a test hook: throwing from it aborts the write and leaves the old file.
    public static func write(_ data: Data, to url: URL, mode: mode_t = 0o600,
                             beforeRename: (() throws -> Void)? = nil) throws {
        // rename() would replace a link with a file; refusing says why instead of quietly
        // turning someone's link into a copy (and never writes through it).
        if isLink(url) {
            throw CaseAuditError(.cannotCreate, file: url.path, "is a symbolic link; caseaudit does not write through or replace links",
                                 remedy: "remove the link, or write to another file")
        }
        let folder = url.deletingLastPathComponent()
        let temp = folder.appendingPathComponent(
            "\(temporaryPrefix)\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw ioError("cannot create a temporary file", temp, errno) }
        var ok = false
        defer {
            if !ok { unlink(temp.path) }
        }
        do {
            defer { close(fd) }
            guard fchmod(fd, mode) == 0 else { throw ioError("cannot set permissions on", temp, errno) }
            if let code = OutputFile.writeAll(fd, data) { throw ioError("cannot write", temp, code) }
            guard fsync(fd) == 0 else { throw ioError("cannot flush", temp, errno) }
        }
        try beforeRename?()
        guard rename(temp.path, url.path) == 0 else { throw ioError("cannot replace", url, errno) }
        ok = true
        syncFolder(folder)
    }

    /// Reads a file caseaudit keeps in the data folder (an audit, a history, a lock) without
    /// following a symbolic link or waiting on a FIFO. Returns nil when there is no such file.
    /// Throws 65 for a link or something other than a regular file, 74 when it cannot be read.
    public static func readOwnFile(_ url: URL) throws -> Data? {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            if code == ELOOP { throw DataDirectory.linkError(url, what: "file") }
            throw CaseAuditError(.ioError, file: url.path, "cannot read: \(String(cString: strerror(code)))",
                                 remedy: "check the file's permissions")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw CaseAuditError(.dataError, file: url.path, "is not a regular file (a FIFO, device or socket)",
                                 remedy: "move it out of the data folder")
        }
        var data = Data(capacity: Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CaseAuditError(.ioError, file: url.path, "cannot read: \(String(cString: strerror(errno)))",
                                     remedy: "check the file's permissions and the disk")
            }
            if n == 0 { return data }
            data.append(contentsOf: chunk[0..<n])
        }
    }

    /// True when `url` itself is a symbolic link (dangling or not).
    public static func isLink(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// Flushes a folder so a rename in it survives a power cut.
    public static func syncFolder(_ folder: URL) {
        let dfd = open(folder.path, O_RDONLY | O_DIRECTORY)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    /// Creates a folder (and its parents) with mode 0700 whatever the umask.
    public static func makeFolder(_ url: URL, mode: mode_t = 0o700) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw CaseAuditError(.cannotCreate, file: url.path, "exists but is not a folder",
                                     remedy: "move the file away or choose another data directory with --data")
            }
            return
        }
        let parent = url.deletingLastPathComponent()
        if parent.path != url.path { try makeFolder(parent, mode: 0o755 & mode | 0o700) }
        if mkdir(url.path, mode) != 0 && errno != EEXIST {
            throw CaseAuditError(.cannotCreate, file: url.path, "cannot create the folder: \(String(cString: strerror(errno)))",
                                 remedy: "check the path and its permissions, or choose another with --data")
        }
        chmod(url.path, mode)
    }

    /// Removes temporary files left by a write that was interrupted. Files younger than `age`
    /// are kept: another process may be writing them right now. Reads names with `readdir` and
    /// looks only at dot-names, so a folder of 100,000 audits costs a few milliseconds.
    @discardableResult
    public static func cleanLeftovers(in folder: URL, olderThan age: TimeInterval = 60, now: Date = Date()) -> Int {
        guard let dir = opendir(folder.path) else { return 0 }
        defer { closedir(dir) }
        let prefix = Array(temporaryPrefix.utf8)
        var candidates: [String] = []
        while let entry = readdir(dir) {
            // Names are looked at in place; only a candidate is copied out.
            let name: [UInt8]? = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                guard raw.count > prefix.count, raw.starts(with: prefix), raw[prefix.count] != 0 else { return nil }
                return Array(raw.prefix { $0 != 0 })
            }
            if let name { candidates.append(String(decoding: name, as: UTF8.self)) }
        }
        var removed = 0
        for name in candidates {
            let path = folder.appendingPathComponent(name).path
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
            if now.timeIntervalSince(modified) >= age, unlink(path) == 0 { removed += 1 }
        }
        return removed
    }

    static func ioError(_ what: String, _ url: URL, _ code: Int32) -> CaseAuditError {
        let reason = String(cString: strerror(code))
        let status: ExitStatus = (code == EACCES || code == EROFS || code == ENOENT || code == ENOSPC) ? .cannotCreate : .ioError
        return CaseAuditError(status, file: url.path, "\(what): \(reason)",
                              remedy: "check there is space and that you may write to the folder")
    }
}
