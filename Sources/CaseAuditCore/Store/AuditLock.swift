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
    public var readOnlyMessage: String {
        "Opened read-only: \(user) on \(host) has had it open since \(LockHolder.displayTime(started))"
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
        try AtomicFile.makeFolder(directory.locks)
        let url = file(id: id, directory: directory)
        let me = LockHolder.current(now: now)
        for _ in 0..<5 {
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
            _ = removeIfStill(url, content: content)
        }
        if case .holder(let h)? = read(url) { return .heldBy(h) }
        throw CaseAuditError(.ioError, file: url.path, "cannot take the lock: it keeps changing",
                             remedy: "try again; if it persists run `caseaudit unlock`")
    }

    /// The lock's holder, if any (unreadable locks are reported with their file time).
    public static func holder(id: String, directory: DataDirectory) -> LockHolder? {
        switch read(file(id: id, directory: directory)) {
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
        let url = file(id: id, directory: directory)
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
        guard removeIfStill(url, content: content) else { return .notLocked }
        return .removed(holder, stale: stale)
    }

    /// Removes renamed stale locks that a killed process left behind.
    static func cleanLeftovers(in directory: DataDirectory) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.locks.path) else { return }
        for name in names where name.hasPrefix(stalePrefix) {
            unlink(directory.locks.appendingPathComponent(name).path)
        }
    }

    // MARK: - Files

    static let stalePrefix = ".stale-"

    /// Creates the lock file; false when it already exists.
    static func create(_ url: URL, holder: LockHolder) throws -> Bool {
        let fd = open(url.path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
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

    static func read(_ url: URL) -> Content? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            return .unreadable(modified: modificationDate(url) ?? .distantPast)
        }
        if let h = try? AuditCoding.decoder().decode(LockHolder.self, from: data) { return .holder(h) }
        return .unreadable(modified: modificationDate(url) ?? .distantPast)
    }

    /// Removes a stale lock without removing a fresh one someone else took meanwhile: rename it
    /// to a unique name (only one process can win that), check it is the lock judged stale, and
    /// put it back if it is not.
    static func removeIfStill(_ url: URL, content: Content) -> Bool {
        let aside = url.deletingLastPathComponent().appendingPathComponent(
            "\(stalePrefix)\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max))")
        guard rename(url.path, aside.path) == 0 else { return false }
        if read(aside) == content || sameUnreadable(read(aside), content) {
            unlink(aside.path)
            return true
        }
        // Someone took a fresh lock between our look and our rename: give it back (link fails
        // rather than replace if yet another lock appeared meanwhile).
        _ = link(aside.path, url.path)
        unlink(aside.path)
        return false
    }

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

    static func modificationDate(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }
}
