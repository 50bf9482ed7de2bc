import CaseAuditCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts `caseaudit _watch --data DIR` detached: its own session, standard streams on
/// /dev/null and no other descriptor inherited, so it never holds a terminal or a CI pipe open.
enum WatchSpawner {
    /// The watcher client of the commands; nil when `CASEAUDIT_WATCH=0`.
    static func client() -> WatchClient? {
        WatchClient.fromEnvironment(spawn: { spawn($0) })
    }

    /// The watcher's process id; nil when it could not be started.
    static func spawn(_ directory: DataDirectory) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        guard posix_spawn_file_actions_init(&actions) == 0 else { return nil }
        defer { posix_spawn_file_actions_destroy(&actions) }
        guard posix_spawnattr_init(&attributes) == 0 else { return nil }
        defer { posix_spawnattr_destroy(&attributes) }
        for fd: Int32 in 0...2 {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        closeFrom3(&actions)
        let setsid: Int32 = 0x80  // POSIX_SPAWN_SETSID, behind _GNU_SOURCE in <spawn.h>
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(setsid | Int32(POSIX_SPAWN_SETSIGMASK)))
        let args = ["/proc/self/exe", "_watch", "--data", directory.root.path]
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        return posix_spawn(&pid, "/proc/self/exe", &actions, &attributes, &argv, environ) == 0 ? pid : nil
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34), looked up at run time because
    /// Swift does not import it; without it the descriptors opened without O_CLOEXEC up to
    /// 1024 are closed one by one.
    private static func closeFrom3(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
            return
        }
        for fd: Int32 in 3..<1024 where fcntl(fd, F_GETFD) >= 0 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }
}
