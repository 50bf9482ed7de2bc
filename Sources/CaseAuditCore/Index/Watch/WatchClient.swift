import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Asks the data directory's folder watcher what changed, starting one when none answers.
/// Every failure (no watcher, a stopped one, a garbled answer) is "no answer", and the run then
/// checks every file as it would without a watcher.
public struct WatchClient: Sendable {
    /// Starts a watcher for the data directory, detached (the CLI's `_watch`), and gives its
    /// process id, or nil (tests start one on a thread). Nil: never start one.
    public var spawn: (@Sendable (DataDirectory) -> pid_t?)?
    /// How long an answer may take: a stopped watcher must never hang a report.
    public var timeout: TimeInterval = 0.2
    /// How long to wait for a watcher just started to listen.
    public var spawnWait: TimeInterval = 0.1

    public init(spawn: (@Sendable (DataDirectory) -> pid_t?)?) {
        self.spawn = spawn
    }

    /// Nil (no watcher, every file statted) when `CASEAUDIT_WATCH=0`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       spawn: (@Sendable (DataDirectory) -> pid_t?)?) -> WatchClient? {
        environment["CASEAUDIT_WATCH"] == "0" ? nil : WatchClient(spawn: spawn)
    }

    enum Outcome: Equatable {
        case answer(WatchAnswer)
        /// Nobody listens: no socket file, or a dead watcher's.
        case noWatcher
        /// Somebody listens but gave no whole answer in time.
        case noAnswer
    }

    /// The watcher's answer to "what changed since `token`", starting a watcher when none
    /// listens and the folder is on a local file system.
    func ask(_ directory: DataDirectory, since token: WatchToken?) -> WatchAnswer? {
        let session = token?.session ?? 0, generation = token?.generation ?? 0
        switch once(directory, session: session, generation: generation) {
        case .answer(let a): return a
        case .noAnswer: return nil
        case .noWatcher: break
        }
        // A watcher needs to write its lock and socket in `.cache/`: on a read-only data
        // directory every run would start one in vain and wait for it.
        let cacheWritable = access(directory.cache.path, W_OK) == 0
            || (access(directory.cache.path, F_OK) != 0 && access(directory.root.path, W_OK) == 0)
        guard let spawn, cacheWritable, FileSystemKind.isLocal(path: directory.audits.path) else { return nil }
        let child = spawn(directory)
        let deadline = Date().addingTimeInterval(spawnWait)
        repeat {
            usleep(2000)
            // A watcher that could not start (another holds the lock, no inotify instance
            // left) ends at once: stop waiting, and reap it.
            if let child, waitpid(child, nil, WNOHANG) == child { return nil }
            switch once(directory, session: session, generation: generation) {
            case .answer(let a): return a
            case .noAnswer: return nil
            case .noWatcher: continue
            }
        } while Date() < deadline
        return nil
    }

    func once(_ directory: DataDirectory, session: UInt64, generation: UInt64) -> Outcome {
        let deadline = Date().addingTimeInterval(timeout)
        let cacheFD = open(directory.cache.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard cacheFD >= 0 else { return .noWatcher }
        defer { close(cacheFD) }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .noAnswer }
        defer { close(fd) }
        // A full backlog (a stopped watcher) would block connect: bound it like the answer.
        var limit = timeval(tv_sec: 0, tv_usec: Int(timeout * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let connected = UnixSocketAddress.with(folder: directory.cache.path, folderFD: cacheFD, name: WatchProtocol.socketName) {
            connect(fd, $0, $1)
        }
        guard connected == 0 else {
            return connected == nil || errno == ENOENT || errno == ECONNREFUSED ? .noWatcher : .noAnswer
        }
        let request = Array(WatchProtocol.request(session: session, generation: generation).utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
            return .noAnswer
        }
        // The watcher answers and closes: read to the end.
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return .noAnswer }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, Int32(left * 1000) + 1)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return .noAnswer }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return .noAnswer }
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        guard let answer = WatchAnswer.decode(String(decoding: bytes, as: UTF8.self)) else { return .noAnswer }
        return .answer(answer)
    }
}
