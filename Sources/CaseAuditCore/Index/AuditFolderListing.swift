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

    static let none = FileKey(size: 0, mtimeSec: 0, mtimeNsec: 0, ctimeSec: 0, ctimeNsec: 0, inode: 0)
}

/// `DATA/audits/*.json` in directory order: names in one byte blob (each ended by NUL) and
/// their keys. Listed with `readdir` and `fstatat`, the cheapest calls that see every change;
/// no Swift string is made per file, because on a warm run with 100,000 files the listing is
/// most of the work and is compared byte for byte with the cache's copy.
struct AuditFolderListing: Sendable {
    var names: [UInt8] = []
    var offsets: [Int] = []
    var keys: [FileKey] = []
    /// Some file has another name too (`st_nlink` > 1), maybe outside the folder, where an
    /// edit makes no inotify event here: the folder watcher cannot vouch for such a folder.
    var hasHardLinks = false

    var count: Int { offsets.count }

    func name(_ i: Int) -> String {
        let start = offsets[i]
        let end = i + 1 < offsets.count ? offsets[i + 1] - 1 : names.count - 1
        return String(decoding: names[start..<end], as: UTF8.self)
    }

    /// Nil when the folder does not exist or cannot be read.
    static func list(_ folder: URL) -> AuditFolderListing? {
        guard let dir = opendir(folder.path) else { return nil }
        defer { closedir(dir) }
        var raw = AuditFolderListing()
        raw.names.reserveCapacity(1 << 16)
        while let entry = readdir(dir) {
            withUnsafePointer(to: &entry.pointee.d_name) { ptr in
                ptr.withMemoryRebound(to: UInt8.self, capacity: 256) { p in
                    let n = strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))
                    // `*.json`, not hidden, not a temporary file of an interrupted write.
                    guard n > 5, p[0] != UInt8(ascii: "."), p[n - 5] == UInt8(ascii: "."), p[n - 4] == UInt8(ascii: "j"),
                          p[n - 3] == UInt8(ascii: "s"), p[n - 2] == UInt8(ascii: "o"), p[n - 1] == UInt8(ascii: "n")
                    else { return }
                    raw.offsets.append(raw.names.count)
                    raw.names.append(contentsOf: UnsafeBufferPointer(start: p, count: n + 1))
                }
            }
        }
        (raw.keys, raw.hasHardLinks) = statAll(raw, folderFD: dirfd(dir))
        // Drop what vanished or is not a regular file (a folder named x.json).
        guard raw.keys.contains(.none) else { return raw }
        var kept = AuditFolderListing()
        kept.hasHardLinks = raw.hasHardLinks
        for i in 0..<raw.count where raw.keys[i] != .none {
            kept.offsets.append(kept.names.count)
            let end = i + 1 < raw.count ? raw.offsets[i + 1] : raw.names.count
            kept.names.append(contentsOf: raw.names[raw.offsets[i]..<end])
            kept.keys.append(raw.keys[i])
        }
        return kept
    }

    /// This listing with `changed` names statted again: dropped when gone, their key replaced,
    /// or appended when new. Nil when the folder cannot be opened.
    func restating(_ changed: [String], folder: URL) -> AuditFolderListing? {
        guard !changed.isEmpty else { return self }
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var now: [String: FileKey] = [:]
        var linked = hasHardLinks
        var st = stat()
        for name in Set(changed) where fstatat(fd, name, &st, 0) == 0 && (st.st_mode & S_IFMT) == S_IFREG {
            if st.st_nlink > 1 { linked = true }
            now[name] = FileKey(size: UInt64(st.st_size),
                                mtimeSec: Int64(st.st_mtim.tv_sec), mtimeNsec: Int64(st.st_mtim.tv_nsec),
                                ctimeSec: Int64(st.st_ctim.tv_sec), ctimeNsec: Int64(st.st_ctim.tv_nsec),
                                inode: UInt64(st.st_ino))
        }
        let named = Set(changed)
        var out = AuditFolderListing()
        out.hasHardLinks = linked
        func append(_ name: String, _ key: FileKey) {
            out.offsets.append(out.names.count)
            out.names.append(contentsOf: name.utf8)
            out.names.append(0)
            out.keys.append(key)
        }
        for i in 0..<count {
            let name = name(i)
            if !named.contains(name) { append(name, keys[i]) } else if let key = now.removeValue(forKey: name) { append(name, key) }
        }
        for (name, key) in now.sorted(by: { $0.key < $1.key }) { append(name, key) }
        return out
    }

    /// `fstatat` on both cores.
    private static func statAll(_ listing: AuditFolderListing, folderFD: Int32) -> ([FileKey], Bool) {
        let n = listing.count
        guard n > 0 else { return ([], false) }
        let chunks = n < 2048 ? 1 : 8
        var keys = [FileKey](repeating: .none, count: n)
        var linked = [Bool](repeating: false, count: chunks)
        listing.names.withUnsafeBufferPointer { names in
            keys.withUnsafeMutableBufferPointer { out in
              linked.withUnsafeMutableBufferPointer { linkedOut in
                let shared = SharedPointers(names: names, keys: out)
                let sharedLinked = SendableBuffer(linkedOut)
                let offsets = listing.offsets
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    var st = stat()
                    for i in (n * c / chunks)..<(n * (c + 1) / chunks) {
                        let path = UnsafeRawPointer(shared.names.baseAddress! + offsets[i]).assumingMemoryBound(to: CChar.self)
                        guard fstatat(folderFD, path, &st, 0) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
                        if st.st_nlink > 1 { sharedLinked.buffer[c] = true }
                        shared.keys[i] = FileKey(
                            size: UInt64(st.st_size),
                            mtimeSec: Int64(st.st_mtim.tv_sec), mtimeNsec: Int64(st.st_mtim.tv_nsec),
                            ctimeSec: Int64(st.st_ctim.tv_sec), ctimeNsec: Int64(st.st_ctim.tv_nsec),
                            inode: UInt64(st.st_ino))
                    }
                }
              }
            }
        }
        return (keys, linked.contains(true))
    }

    private struct SharedPointers: @unchecked Sendable {
        let names: UnsafeBufferPointer<UInt8>
        let keys: UnsafeMutableBufferPointer<FileKey>
    }
}

/// A buffer whose elements are each written by exactly one thread of a `concurrentPerform`.
struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}

/// One file to read, by name.
struct ListedFile: Sendable {
    var name: String
    var key: FileKey
}
