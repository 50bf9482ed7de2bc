import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What identifies one version of a file without reading it. Any edit, replacement or copy
/// changes at least one of these (ctime cannot be set back by `touch` or `cp -p`).
struct FileKey: Equatable, Sendable {
    var size: UInt64
    var mtimeSec: Int64
    var mtimeNsec: Int64
    var ctimeSec: Int64
    var ctimeNsec: Int64
    var inode: UInt64
}

struct ListedFile: Sendable {
    var name: String
    var key: FileKey
}

/// Lists `DATA/audits/*.json` with `readdir` and `fstatat`, the cheapest calls that see every
/// change: with 100,000 files FileManager's attribute dictionaries alone cost more than the
/// whole warm report may take.
enum AuditFolderListing {
    /// Nil when the folder does not exist or cannot be read.
    static func list(_ folder: URL) -> [ListedFile]? {
        guard let dir = opendir(folder.path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        names.reserveCapacity(1024)
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { ptr in
                ptr.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard name.utf8.count > 5, name.utf8.first != UInt8(ascii: "."), name.hasSuffix(".json") else { continue }
            names.append(name)
        }
        let fd = dirfd(dir)
        return statAll(names, folderFD: fd)
    }

    /// `fstatat` on both cores: on a warm run this is most of the work.
    private static func statAll(_ names: [String], folderFD: Int32) -> [ListedFile] {
        let n = names.count
        guard n > 0 else { return [] }
        let chunks = n < 2048 ? 1 : 8
        let out = UnsafeMutableBufferPointer<ListedFile?>.allocate(capacity: n)
        out.initialize(repeating: nil)
        defer { out.deallocate() }
        let shared = SendableBuffer(out)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = n * c / chunks, hi = n * (c + 1) / chunks
            var st = stat()
            for i in lo..<hi {
                guard fstatat(folderFD, names[i], &st, 0) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
                shared.buffer[i] = ListedFile(name: names[i], key: FileKey(
                    size: UInt64(st.st_size),
                    mtimeSec: Int64(st.st_mtim.tv_sec), mtimeNsec: Int64(st.st_mtim.tv_nsec),
                    ctimeSec: Int64(st.st_ctim.tv_sec), ctimeNsec: Int64(st.st_ctim.tv_nsec),
                    inode: UInt64(st.st_ino)))
            }
        }
        return out.compactMap { $0 }
    }
}

/// A buffer whose elements are each written by exactly one thread of a `concurrentPerform`.
struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}
