import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who holds the lock on an audit: the JSON inside `DATA/locks/<id>.lock`.
public struct LockHolder: Codable, Equatable, Sendable {
    public var user: String
    public var host: String
    public var pid: Int32
    public var started: Date

    public init(user: String, host: String, pid: Int32, started: Date) {
        self.user = user
        self.host = host
        self.pid = pid
        self.started = Date(timeIntervalSince1970: started.timeIntervalSince1970.rounded(.down))
    }

    /// This process, now.
    public static func current(now: Date = Date()) -> LockHolder {
        LockHolder(user: AuditRepository.currentUser(), host: AuditLock.hostName(), pid: getpid(), started: now)
    }

    /// What the editor shows when it opens the audit read-only.
    public var readOnlyMessage: String { "Opened read-only: " + heldSince }

    /// Who has had it open since when, e.g. "Bram on qa-laptop has had it open since 3 Dec 2026 09:12".
    public var heldSince: String {
        "\(user) on \(host) has had it open since \(LockHolder.displayTime(started))"
    }

    static func displayTime(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.dateFormat = "d MMM yyyy HH:mm"
        return f.string(from: date)
    }
}

/// A lock this process holds. Released by `release()` or when the value goes away.
public final class HeldAuditLock: @unchecked Sendable {
    public let id: String
    public let url: URL
    public let holder: LockHolder
    private let mutex = NSLock()
    private var released = false

    init(id: String, url: URL, holder: LockHolder) {
        self.id = id
        self.url = url
        self.holder = holder
    }

    /// False once someone has broken the lock (`caseaudit unlock --force`) or it vanished: an
    /// editor can check this before saving and warn that someone else may be editing.
    public var isStillHeld: Bool {
        if case .holder(let h)? = AuditLock.read(url) { return h == holder }
        return false
    }

    /// Removes the lock file if it is still ours (someone may have broken it with `unlock --force`).
    public func release() {
        mutex.lock()
        defer { mutex.unlock() }
        guard !released else { return }
        released = true
        if case .holder(let h)? = AuditLock.read(url), h == holder {
            unlink(url.path)
        }
    }

    deinit { release() }
}

/// Per-audit editing locks: `DATA/locks/<id>.lock`, created with `O_CREAT|O_EXCL` (which works on
/// network drives where `flock` does not), holding who, where, which process and since when.
///
/// Stale rules (docs/reliability.md):
/// - same host, process gone (`kill(pid, 0)` fails with ESRCH): recovered by the next `acquire`;
/// - another host: never recovered automatically; `caseaudit unlock` breaks it once it is older
///   than `staleAge` (12 hours), or sooner with `--force`;
/// - unreadable or empty: treated as held (it may be being written) until older than `staleAge`.
public enum AuditLock {
    /// How old a lock from another host (or an unreadable one) must be before `unlock` breaks it without --force.
    public static let staleAge: TimeInterval = 12 * 60 * 60

    public enum Outcome: Sendable {
        case acquired(HeldAuditLock)
        case heldBy(LockHolder)
    }

    /// What is in a lock file.
    enum Content: Equatable {
        case holder(LockHolder)
        /// Empty or not our JSON; `modified` is the file's modification time.
        case unreadable(modified: Date)
    }

    public static func file(id: String, directory: DataDirectory) -> URL {
        directory.locks.appendingPathComponent("\(id).lock")
    }

    /// Takes the lock on audit `id`, recovering a lock left by a dead process on this host.
    /// Returns the holder instead when someone else has it, so the caller can open read-only.
    public static func acquire(id: String, directory: DataDirectory, now: Date = Date()) throws -> Outcome {
        guard AuditStore.isValidID(id) else {
            throw CaseAuditError(.usage, file: id, "not a valid audit id", remedy: "use the id shown in the audits list")
        }
        let url = try checkedFile(id: id, directory: directory)
        try AtomicFile.makeFolder(directory.locks)
        let me = LockHolder.current(now: now)
        for _ in 0..<100 {
            if try create(url, holder: me) {
                return .acquired(HeldAuditLock(id: id, url: url, holder: me))
            }
            guard let content = read(url) else { continue }  // vanished: try again
            switch content {
            case .holder(let h):
                guard isDeadOnThisHost(h) else { return .heldBy(h) }
            case .unreadable(let modified):
                guard now.timeIntervalSince(modified) >= staleAge else {
                    return .heldBy(LockHolder(user: "someone", host: "an unknown host", pid: 0, started: modified))
                }
            }
            _ = try removeIfStill(url, content: content)
        }
        if case .holder(let h)? = read(url) { return .heldBy(h) }
        throw CaseAuditError(.ioError, file: url.path, "cannot take the lock: it keeps changing",
                             remedy: "try again; if it persists run `caseaudit unlock`")
    }

    /// The lock's holder, if any (unreadable locks are reported with their file time).
    public static func holder(id: String, directory: DataDirectory) -> LockHolder? {
        // A link is reported when the lock is taken (`acquire` refuses it); it is not read here.
        guard let url = try? checkedFile(id: id, directory: directory) else { return nil }
        switch read(url) {
        case .holder(let h)?: return h
        case .unreadable(let modified)?: return LockHolder(user: "someone", host: "an unknown host", pid: 0, started: modified)
        case nil: return nil
        }
    }

    /// What `caseaudit unlock` did.
    public enum BreakResult: Equatable, Sendable {
        case notLocked
        /// Removed; the holder it named (nil when the file was unreadable) and whether it was stale.
        case removed(LockHolder?, stale: Bool)
        /// Refused without --force: the holder may still be editing.
        case refused(LockHolder, why: String)
    }

    /// Breaks the lock on `id`. Without `force`, only a stale lock: a dead process on this host,
    /// or a lock from another host (or unreadable) older than `staleAge`.
    public static func breakLock(id: String, directory: DataDirectory, force: Bool, now: Date = Date()) throws -> BreakResult {
        let url = try checkedFile(id: id, directory: directory)
        guard let content = read(url) else { return .notLocked }
        var holder: LockHolder?
        var stale: Bool
        var why = ""
        switch content {
        case .holder(let h):
            holder = h
            if h.host == hostName() {
                stale = isDeadOnThisHost(h)
                why = "process \(h.pid) on this machine is still running"
            } else {
                stale = now.timeIntervalSince(h.started) >= staleAge
                why = "it was taken on another machine less than 12 hours ago"
            }
        case .unreadable(let modified):
            stale = now.timeIntervalSince(modified) >= staleAge
            why = "the lock file cannot be read and is less than 12 hours old"
        }
        if !stale && !force {
            return .refused(holder ?? LockHolder(user: "someone", host: "an unknown host", pid: 0, started: Date()), why: why)
        }
        for _ in 0..<100 {
            if try removeIfStill(url, content: content) { return .removed(holder, stale: stale) }
            guard let current = read(url) else { return .notLocked }
            if current != content && !sameUnreadable(current, content) {
                // Someone took a new lock meanwhile: judge that one instead.
                return try breakLock(id: id, directory: directory, force: force, now: now)
            }
        }
        throw CaseAuditError(.ioError, file: url.path, "cannot remove the lock: another program keeps recovering it",
                             remedy: "try again in a minute")
    }

    /// Removes renamed stale locks that a killed process left behind.
    static func cleanLeftovers(in directory: DataDirectory) {
        // A linked folder is never swept: its target's files are not ours to delete. The next
        // lock or save refuses the link and names it.
        guard !AtomicFile.isLink(directory.locks),
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory.locks.path) else { return }
        for name in names where name.hasPrefix(stalePrefix) {
            unlink(directory.locks.appendingPathComponent(name).path)
        }
        for name in names where name.hasPrefix(recoverPrefix) {
            let url = directory.locks.appendingPathComponent(name)
            if let m = modificationDate(url), Date().timeIntervalSince(m) > guardAge { unlink(url.path) }
        }
    }

    // MARK: - Files

    /// The lock file of `id`, refusing a linked locks folder or lock file: following either
    /// would let whoever made the link have files removed or read where it points.
    static func checkedFile(id: String, directory: DataDirectory) throws -> URL {
        try DataDirectory.refuseLink(directory.locks)
        let url = file(id: id, directory: directory)
        if AtomicFile.isLink(url) { throw DataDirectory.linkError(url, what: "file") }
        return url
    }

    static let stalePrefix = ".stale-"
    static let recoverPrefix = ".recover-"

    /// Creates the lock file; false when it already exists.
    static func create(_ url: URL, holder: LockHolder) throws -> Bool {
        let fd = open(url.path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return false }
            throw AtomicFile.ioError("cannot create the lock file", url, errno)
        }
        defer { close(fd) }
        let bytes = Array((try JSONValue.from(holder).canonical + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        if written != bytes.count || fsync(fd) != 0 {
            let code = errno
            unlink(url.path)
            throw AtomicFile.ioError("cannot write the lock file", url, code)
        }
        return true
    }

    /// Never follows a link: one planted after the checks reads as unreadable, so it is only
    /// ever renamed or unlinked itself, never what it points to.
    static func read(_ url: URL) -> Content? {
        let data: Data
        do {
            guard let bytes = try AtomicFile.readOwnFile(url) else { return nil }
            data = bytes
        } catch {
            return .unreadable(modified: modificationDate(url) ?? .distantPast)
        }
        if let h = try? AuditCoding.decoder().decode(LockHolder.self, from: data) { return .holder(h) }
        return .unreadable(modified: modificationDate(url) ?? .distantPast)
    }

    /// Removes a stale lock without removing a fresh one someone else took meanwhile.
    ///
    /// Recoverers take turns through a guard file (`.recover-<id>.lock`, O_EXCL). Holding it, one
    /// re-reads the lock; if it is still the one judged stale, renames it to a unique name, checks
    /// the renamed file is that lock (an `unlock` may have raced), and removes it. A guard older
    /// than `guardAge` was left by a process killed mid-recovery and is removed.
    /// Returns false when the lock changed or vanished meanwhile (the caller looks again).
    static func removeIfStill(_ url: URL, content: Content) throws -> Bool {
        let folder = url.deletingLastPathComponent()
        let guardURL = folder.appendingPathComponent("\(recoverPrefix)\(url.lastPathComponent)")
        let fd = open(guardURL.path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        if fd < 0 {
            guard errno == EEXIST else { throw AtomicFile.ioError("cannot create the lock guard", guardURL, errno) }
            if let age = modificationDate(guardURL).map({ Date().timeIntervalSince($0) }), age > guardAge {
                unlink(guardURL.path)
            } else {
                usleep(5_000)  // someone else is recovering: let them finish
            }
            return false
        }
        close(fd)
        defer { unlink(guardURL.path) }
        guard let now = read(url), now == content || sameUnreadable(now, content) else { return false }
        let aside = folder.appendingPathComponent(
            "\(stalePrefix)\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max))")
        guard rename(url.path, aside.path) == 0 else { return false }
        if let moved = read(aside), moved == content || sameUnreadable(moved, content) {
            unlink(aside.path)
            return true
        }
        // Not the lock we judged: put it back unless yet another lock appeared (link never replaces).
        _ = link(aside.path, url.path)
        unlink(aside.path)
        return false
    }

    /// A recovery takes microseconds; a guard this old belongs to a process that died.
    static let guardAge: TimeInterval = 30

    private static func sameUnreadable(_ a: Content?, _ b: Content) -> Bool {
        if case .unreadable? = a, case .unreadable = b { return true }
        return false
    }

    static func isDeadOnThisHost(_ h: LockHolder) -> Bool {
        guard h.host == hostName(), h.pid > 0 else { return false }
        return kill(h.pid, 0) != 0 && errno == ESRCH
    }

    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The time of the file itself, not of what a link points to.
    static func modificationDate(_ url: URL) -> Date? {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9)
    }
}
