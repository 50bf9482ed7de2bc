import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The folder watcher's socket protocol, one request and one answer per connection, in text:
///
///     since SESSION GEN\n                      (SESSION 16 hex digits, or 0 when the client has none)
///     changed SESSION GEN_NOW DEV INO N\n      then N names, one a line; the watcher then closes
///     reset SESSION GEN_NOW DEV INO\n
///
/// `changed` lists every name in `DATA/audits/` touched after generation GEN of the same
/// session; `reset` means "no such promise: check everything". DEV and INO identify the folder
/// watched, so a client can tell that it still is the `audits` folder it would list.
enum WatchProtocol {
    static let socketName = "watch.sock"
    static let lockName = "watch.lock"
    /// More changed names than this are answered with `reset`: the client checks everything anyway.
    static let maxNamesSent = 1000

    static func request(session: UInt64, generation: UInt64) -> String {
        "since \(String(session, radix: 16)) \(generation)\n"
    }

    static func parseRequest(_ line: Substring) -> (session: UInt64, generation: UInt64)? {
        let parts = line.split(separator: " ")
        guard parts.count == 3, parts[0] == "since", let s = UInt64(parts[1], radix: 16), let g = UInt64(parts[2]) else { return nil }
        return (s, g)
    }
}

/// What a watcher answered.
struct WatchAnswer: Equatable, Sendable {
    var session: UInt64
    var generation: UInt64
    var device: UInt64
    var inode: UInt64
    /// Nil for `reset`.
    var changed: [String]?

    func encoded() -> String {
        let head = "\(String(session, radix: 16)) \(generation) \(device) \(inode)"
        guard let changed else { return "reset \(head)\n" }
        return "changed \(head) \(changed.count)\n" + changed.map { $0 + "\n" }.joined()
    }

    /// Nil unless the text is one whole answer.
    static func decode(_ text: String) -> WatchAnswer? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.last == "" else { return nil }
        lines.removeLast()
        guard let first = lines.first else { return nil }
        let f = first.split(separator: " ")
        guard f.count >= 5, let s = UInt64(f[1], radix: 16), let g = UInt64(f[2]), let d = UInt64(f[3]), let i = UInt64(f[4])
        else { return nil }
        switch f[0] {
        case "reset" where f.count == 5 && lines.count == 1:
            return WatchAnswer(session: s, generation: g, device: d, inode: i, changed: nil)
        case "changed" where f.count == 6:
            guard let n = Int(f[5]), n == lines.count - 1 else { return nil }
            return WatchAnswer(session: s, generation: g, device: d, inode: i, changed: lines.dropFirst().map(String.init))
        default:
            return nil
        }
    }
}

/// `sockaddr_un` for a socket file, and the limit of its path (107 bytes and a NUL).
enum UnixSocketAddress {
    /// Calls `body` with an address for `name` in the folder open as `folderFD`: its real path
    /// when it fits, else `/proc/self/fd/<folderFD>/name`, which the kernel resolves through the
    /// open folder (deep data directories exceed `sun_path`).
    static func with<R>(folder: String, folderFD: Int32, name: String,
                        _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R? {
        var path = folder + "/" + name
        var addr = sockaddr_un()
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        if path.utf8.count >= capacity { path = "/proc/self/fd/\(folderFD)/\(name)" }
        guard path.utf8.count < capacity else { return nil }
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: path.utf8)
            raw[path.utf8.count] = 0
        }
        return withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }
}

/// A random 64-bit number, never 0 (0 is "no session" in a request).
func randomSession() -> UInt64 {
    var g = SystemRandomNumberGenerator()
    return UInt64.random(in: 1...UInt64.max, using: &g)
}
