import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The folder watcher (`caseaudit _watch`): holds an inotify watch on `DATA/audits/` and tells
/// each run which audit files changed since the run that made the cache, so a warm run need not
/// stat 100,000 files. Runs as a detached process started by `WatchClient`, or on a thread in
/// tests. One per data directory (`flock` on `.cache/watch.lock`).
///
/// Why no cookie files are needed: the kernel queues an inotify event inside the system call
/// that makes the change (write, rename, unlink, utimensat...), before that call returns. So
/// every change completed before a client sent its request is already in the queue when the
/// request arrives, and the watcher drains the queue (reads until EAGAIN) before answering.
public final class FolderWatcher: @unchecked Sendable {
    public enum End: Equatable, Sendable {
        case folderGone, idle, socketTaken, stopped
    }

    public let session = randomSession()
    private let idle: TimeInterval
    private let maxNames: Int
    private let lockFD: Int32, cacheFD: Int32, inotifyFD: Int32, listenFD: Int32
    private let control: (read: Int32, write: Int32)
    private let device: UInt64, inode: UInt64
    private var socketInode: UInt64 = 0
    private let finished = DispatchSemaphore(value: 0)
    private var end: End?

    // Touched only by the thread in `serve`.
    private var generation: UInt64 = 0
    private var changedAt: [String: UInt64] = [:]
    private var overflowAt: UInt64 = 0
    private var gone = false
    private var lastRequest = Date()

    /// Takes the lock, starts watching and listens; nil when another watcher holds the lock,
    /// the folder is missing or not on a local file system, or the socket cannot be made.
    /// `maxNames` caps the names remembered; past it the watcher behaves as after an overflow.
    public init?(directory: DataDirectory, idle: TimeInterval = 30 * 60, maxNames: Int = 20_000) {
        self.idle = idle
        self.maxNames = maxNames
        guard (try? AtomicFile.makeFolder(directory.cache)) != nil else { return nil }
        let cacheFD = open(directory.cache.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard cacheFD >= 0 else { return nil }
        let lockFD = openat(cacheFD, WatchProtocol.lockName, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockFD >= 0, flock(lockFD, LOCK_EX | LOCK_NB) == 0 else {
            if lockFD >= 0 { close(lockFD) }
            close(cacheFD)
            return nil
        }
        var fds: [Int32] = [cacheFD, lockFD]
        func closeAll() { for fd in fds { close(fd) } }

        let audits = directory.audits.path
        let folderFD = open(audits, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        var st = stat()
        guard folderFD >= 0, FileSystemKind.isLocal(folderFD), fstat(folderFD, &st) == 0 else {
            if folderFD >= 0 { close(folderFD) }
            closeAll(); return nil
        }
        close(folderFD)
        let inotifyFD = inotify_init1(Int32(Inotify.nonblock | Inotify.cloexec))
        guard inotifyFD >= 0 else { closeAll(); return nil }
        fds.append(inotifyFD)
        var again = stat()
        // The folder watched is the one identified: a swap between open and watch is refused.
        guard inotify_add_watch(inotifyFD, audits, Inotify.watchMask) >= 0, stat(audits, &again) == 0,
              again.st_dev == st.st_dev, again.st_ino == st.st_ino else { closeAll(); return nil }

        let listenFD = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listenFD >= 0 else { closeAll(); return nil }
        fds.append(listenFD)
        // Only the holder of the lock gets here, so a socket file left is a dead watcher's.
        unlinkat(cacheFD, WatchProtocol.socketName, 0)
        let bound = UnixSocketAddress.with(folder: directory.cache.path, folderFD: cacheFD, name: WatchProtocol.socketName) {
            bind(listenFD, $0, $1)
        }
        var sock = stat()
        guard bound == 0, fchmodat(cacheFD, WatchProtocol.socketName, 0o600, 0) == 0, listen(listenFD, 64) == 0,
              fstatat(cacheFD, WatchProtocol.socketName, &sock, AT_SYMLINK_NOFOLLOW) == 0 else { closeAll(); return nil }
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else { closeAll(); return nil }
        for fd in pipeFDs {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }

        self.cacheFD = cacheFD
        self.lockFD = lockFD
        self.inotifyFD = inotifyFD
        self.listenFD = listenFD
        self.control = (pipeFDs[0], pipeFDs[1])
        self.device = UInt64(st.st_dev)
        self.inode = UInt64(st.st_ino)
        self.socketInode = UInt64(sock.st_ino)
    }

    deinit {
        for fd in [cacheFD, lockFD, inotifyFD, listenFD, control.read, control.write] { close(fd) }
    }

    /// Serves on a new thread (tests); `stop()` or the folder going ends it.
    public func start() {
        let thread = Thread { [self] in _ = serve() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Asks the serving thread (of `start`) to end, and waits until it has.
    public func stop() {
        var b: UInt8 = UInt8(ascii: "s")
        _ = write(control.write, &b, 1)
        finished.wait()
        finished.signal()
    }

    /// Waits for the serving thread to end; how it ended.
    public func waitUntilFinished(timeout: TimeInterval = 10) -> End? {
        guard finished.wait(timeout: .now() + timeout) == .success else { return nil }
        finished.signal()
        return end
    }

    /// Test hook: behave as if the kernel's event queue had overflowed.
    func simulateOverflow() {
        var b: UInt8 = UInt8(ascii: "o")
        _ = write(control.write, &b, 1)
    }

    /// The loop: events, requests, idle timeout. Removes the socket (if still this watcher's) on the way out.
    @discardableResult
    public func serve() -> End {
        let result = loop()
        var st = stat()
        if fstatat(cacheFD, WatchProtocol.socketName, &st, AT_SYMLINK_NOFOLLOW) == 0, UInt64(st.st_ino) == socketInode {
            unlinkat(cacheFD, WatchProtocol.socketName, 0)
        }
        // Only now may a new watcher take over (an in-process one lives on after this).
        flock(lockFD, LOCK_UN)
        end = result
        finished.signal()
        return result
    }

    private func loop() -> End {
        var fds = [pollfd(fd: inotifyFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: control.read, events: Int16(POLLIN), revents: 0)]
        while true {
            let quiet = Date().timeIntervalSince(lastRequest)
            if quiet >= idle { return .idle }
            let wait = Int32(min(idle - quiet, 5) * 1000) + 1
            let n = poll(&fds, nfds_t(fds.count), wait)
            if n < 0 && errno != EINTR { return .stopped }
            if fds[0].revents != 0 { drain() }
            if gone { return .folderGone }
            if fds[2].revents != 0 {
                var b: UInt8 = 0
                while read(control.read, &b, 1) == 1 {
                    if b == UInt8(ascii: "s") { return .stopped }
                    if b == UInt8(ascii: "o") { markOverflow() }
                }
            }
            if fds[1].revents != 0 {
                let conn = accept(listenFD, nil, nil)
                if conn >= 0 {
                    lastRequest = Date()
                    answer(conn)
                    close(conn)
                    if gone { return .folderGone }
                }
            }
            if n == 0 {
                // Someone removed or replaced the socket (`.cache/` deleted): no client can reach
                // this watcher any more, and a new one may already run.
                var st = stat()
                if fstatat(cacheFD, WatchProtocol.socketName, &st, AT_SYMLINK_NOFOLLOW) != 0 || UInt64(st.st_ino) != socketInode {
                    return .socketTaken
                }
            }
        }
    }

    private func answer(_ conn: Int32) {
        guard let line = readLine(conn, deadline: Date().addingTimeInterval(1)),
              let request = WatchProtocol.parseRequest(line[...]) else { return }
        drain()
        // After the folder went, no answer at all: "nothing changed" would be a lie.
        guard !gone else { return }
        var reply = WatchAnswer(session: session, generation: generation, device: device, inode: inode, changed: nil)
        if request.session == session, request.generation >= overflowAt, request.generation <= generation {
            let names = changedAt.filter { $0.value > request.generation }.keys.sorted()
            if names.count <= WatchProtocol.maxNamesSent { reply.changed = names }
        }
        let bytes = Array(reply.encoded().utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(conn, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            sent += n
        }
    }

    private func readLine(_ conn: Int32, deadline: Date) -> String? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while bytes.count < 256 {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            var p = pollfd(fd: conn, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, Int32(left * 1000) + 1) > 0 else { continue }
            let n = recv(conn, &buffer, buffer.count, 0)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            bytes += buffer[0..<n]
            if let end = bytes.firstIndex(of: UInt8(ascii: "\n")) { return String(decoding: bytes[0..<end], as: UTF8.self) }
        }
        return nil
    }

    /// Reads every queued event (until EAGAIN).
    private func drain() {
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let n = read(inotifyFD, buffer, size)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            var p = 0
            while p + 16 <= n {
                let mask = buffer.load(fromByteOffset: p + 4, as: UInt32.self)
                let length = Int(buffer.load(fromByteOffset: p + 12, as: UInt32.self))
                let name = length > 0 ? String(cString: (buffer + p + 16).assumingMemoryBound(to: CChar.self)) : ""
                event(mask: mask, name: name)
                p += 16 + length
            }
        }
    }

    private func event(mask: UInt32, name: String) {
        if mask & Inotify.overflow != 0 { markOverflow() }
        if mask & Inotify.folderGoneMask != 0 { gone = true }
        // Only names the index lists count: temporary files of atomic writes come and go.
        guard name.hasSuffix(".json"), name.utf8.count > 5, !name.hasPrefix(".") else { return }
        if changedAt[name] == nil && changedAt.count >= maxNames { markOverflow() }
        generation += 1
        changedAt[name] = generation
    }

    /// Events were lost: no promise about anything before now.
    private func markOverflow() {
        generation += 1
        overflowAt = generation
        changedAt.removeAll()
    }
}

/// inotify constants as numbers: some are C macros Swift does not import.
enum Inotify {
    static let modify: UInt32 = 0x2, attrib: UInt32 = 0x4, closeWrite: UInt32 = 0x8
    static let movedFrom: UInt32 = 0x40, movedTo: UInt32 = 0x80, create: UInt32 = 0x100, delete: UInt32 = 0x200
    static let deleteSelf: UInt32 = 0x400, moveSelf: UInt32 = 0x800
    static let unmount: UInt32 = 0x2000, overflow: UInt32 = 0x4000, ignored: UInt32 = 0x8000
    static let onlyDir: UInt32 = 0x0100_0000, exclUnlink: UInt32 = 0x0400_0000
    static let nonblock = 0o4000, cloexec = 0o2_000_000

    static let watchMask = modify | attrib | closeWrite | create | delete | movedFrom | movedTo | deleteSelf | moveSelf
        | onlyDir | exclUnlink
    static let folderGoneMask = deleteSelf | moveSelf | unmount | ignored
}

/// Whether inotify sees every change to a folder: only on file systems of this machine. On
/// NFS, SMB or FUSE (a shared drive) other machines' edits make no event.
enum FileSystemKind {
    static let local: Set<UInt64> = [
        0xEF53,        // ext2, ext3, ext4
        0x5846_5342,   // xfs
        0x9123_683E,   // btrfs
        0x0102_1994,   // tmpfs
        0xF2F5_2010,   // f2fs
        0x2FC1_2FC1,   // zfs
        0x794C_7630,   // overlayfs
    ]

    /// `fstatfs`, looked up at run time: Swift's Glibc module does not include `<sys/vfs.h>`.
    /// `f_type` is the first field of `struct statfs` (a long) on every 64-bit Linux.
    static func isLocal(_ fd: Int32) -> Bool {
        typealias FStatFS = @convention(c) (Int32, UnsafeMutableRawPointer) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "fstatfs") else { return false }
        let fstatfs = unsafeBitCast(symbol, to: FStatFS.self)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 16)
        defer { buffer.deallocate() }
        guard fstatfs(fd, buffer) == 0 else { return false }
        return local.contains(UInt64(buffer.load(as: UInt.self)) & 0xFFFF_FFFF)
    }

    static func isLocal(path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return isLocal(fd)
    }
}
