import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What identifies one version of a file without reading it. Any edit, replacement or copy
/// changes at least one of these (ctime cannot be set back by `touch` or `cp -p`).
struct FileKey: Equatable, Hashable, Sendable {
    var size: UInt64
    var mtimeSec: Int64
    var mtimeNsec: Int64
    var ctimeSec: Int64
    var ctimeNsec: Int64
    var inode: UInt64

    init(size: UInt64, mtimeSec: Int64, mtimeNsec: Int64, ctimeSec: Int64, ctimeNsec: Int64, inode: UInt64) {
        self.size = size
        self.mtimeSec = mtimeSec
        self.mtimeNsec = mtimeNsec
        self.ctimeSec = ctimeSec
        self.ctimeNsec = ctimeNsec
        self.inode = inode
    }

    init(_ st: stat) {
        self.init(size: UInt64(st.st_size), mtimeSec: Int64(st.st_mtim.tv_sec), mtimeNsec: Int64(st.st_mtim.tv_nsec),
                  ctimeSec: Int64(st.st_ctim.tv_sec), ctimeNsec: Int64(st.st_ctim.tv_nsec), inode: UInt64(st.st_ino))
    }
}

/// `DATA/audits/*.json` sorted by name, each with its key, and the names that are not plain
/// files (a link, a FIFO, a folder named x.json): those are reported and never opened, so a
/// link cannot make the program read `/etc/shadow` and a FIFO cannot make it hang.
struct AuditFolderListing: Sendable {
    var names: [String] = []
    var keys: [FileKey] = []
    /// Not a regular file: the name and what it is.
    var refused: [(name: String, kind: String)] = []

    var count: Int { names.count }

    /// Nil when the folder does not exist or cannot be read.
    static func list(_ folder: URL) -> AuditFolderListing? {
        guard let dir = opendir(folder.path) else { return nil }
        defer { closedir(dir) }
        // The names' bytes, each ended by a zero, one after another: sorted with `strcmp` where they
        // lie, then made into strings (sorting 100,000 strings by their UTF-8 views took 100 ms).
        var bytes: [CChar] = []
        var starts: [Int] = []
        while let entry = readdir(dir) {
            withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { name in
                    let n = strlen(name)
                    // `*.json`, not hidden, not a temporary file of an interrupted write.
                    if n > 5, name[0] != CChar(UInt8(ascii: ".")), strcmp(name + n - 5, ".json") == 0 {
                        starts.append(bytes.count)
                        bytes.append(contentsOf: UnsafeBufferPointer(start: name, count: n + 1))
                    }
                }
            }
        }
        // By bytes (`strcmp` compares unsigned bytes): the same order on every machine.
        let all: [String] = bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return [] }  // no audit file
            starts.sort { strcmp(base + $0, base + $1) < 0 }
            return starts.map { String(cString: base + $0) }
        }
        let fd = dirfd(dir)
        let stats = Parallel.map(all.count) { i -> stat? in
            var st = stat()
            return fstatat(fd, all[i], &st, AT_SYMLINK_NOFOLLOW) == 0 ? st : nil
        }
        var out = AuditFolderListing()
        out.names.reserveCapacity(all.count)
        out.keys.reserveCapacity(all.count)
        for (name, st) in zip(all, stats) {
            guard let st else { continue }  // removed since it was listed
            switch st.st_mode & S_IFMT {
            case S_IFREG: out.names.append(name); out.keys.append(FileKey(st))
            case S_IFLNK: out.refused.append((name, "a symbolic link"))
            case S_IFIFO: out.refused.append((name, "a FIFO (named pipe)"))
            case S_IFDIR: out.refused.append((name, "a folder"))
            default: out.refused.append((name, "not a regular file"))
            }
        }
        return out
    }

    /// One error per refused name, for `problems`.
    func refusedProblems(_ folder: URL) -> [Diagnostic] {
        refused.map { name, kind in
            .error(folder.appendingPathComponent(name).path, "is \(kind), not an audit file; it is not read",
                   remedy: "put the audit file itself in audits/ (not a link), or move this out of the folder")
        }
    }
}

/// A buffer whose elements are each written by exactly one thread of a `concurrentPerform`.
struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}

/// Work spread over every core, results in order.
enum Parallel {
    /// `chunks`: how many pieces the work is cut into (by default, one piece for a little work,
    /// else enough pieces that a slow one does not leave a core idle).
    static func map<T>(_ count: Int, chunks: Int? = nil, _ body: (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        var out = [T?](repeating: nil, count: count)
        let chunks = min(count, chunks ?? (count < 64 ? 1 : min(256, count / 16)))
        out.withUnsafeMutableBufferPointer { buffer in
            let shared = SendableBuffer(buffer)
            withoutActuallyEscaping(body) { body in
                let work = UncheckedSendable(body)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    for i in (count * c / chunks)..<(count * (c + 1) / chunks) { shared.buffer[i] = work.value(i) }
                }
            }
        }
        return out.map { $0! }
    }
}

/// A closure that only reads shared state, handed to the threads of `Parallel.map`.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
