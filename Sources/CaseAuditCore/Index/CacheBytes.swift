import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of an index cache file, mapped from the file on the warm path: reading 20 MB into
/// a fresh array cost a copy and 5,000 newly zeroed pages, more than the rest of decoding it.
/// Mapping is safe because the cache is only ever replaced by rename (`AtomicFile`), never
/// rewritten in place, so the mapped file does not change under us.
final class CacheBytes: @unchecked Sendable {
    private let raw: UnsafeRawBufferPointer
    private let mapped: Bool

    /// A copy, for bytes already in memory (tests, or a file that cannot be mapped).
    init(copying bytes: [UInt8]) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        raw = UnsafeRawBufferPointer(rebasing: buffer[0..<bytes.count])
        mapped = false
    }

    /// `size` bytes of the open file, or nil when it cannot be mapped.
    init?(mapping fd: Int32, size: Int) {
        guard size > 0 else { return nil }
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let base = mmap(nil, size, PROT_READ, flags, fd, 0), base != MAP_FAILED else { return nil }
        raw = UnsafeRawBufferPointer(start: base, count: size)
        mapped = true
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: raw.baseAddress), raw.count)
        } else {
            UnsafeMutableRawPointer(mutating: raw.baseAddress)?.deallocate()
        }
    }

    var count: Int { raw.count }

    /// Asks for 2 MB pages for the whole 2 MB blocks of a fresh buffer, before it is written:
    /// the 19 MB of facts otherwise take ~5,000 page faults, each zeroing one 4 KB page.
    static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard let base = buffer.baseAddress else { return }
        let huge = 2 << 20
        let start = (Int(bitPattern: base) + huge - 1) / huge * huge
        let end = (Int(bitPattern: base) + buffer.count) / huge * huge
        if end > start { madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        // MADV_POPULATE_WRITE (Linux 5.14): every page of the buffer in one call rather than
        // one fault per page; an older kernel says EINVAL and the pages fault in as before.
        let page = 4096
        let first = (Int(bitPattern: base) + page - 1) / page * page
        let last = (Int(bitPattern: base) + buffer.count) / page * page
        if last > first { madvise(UnsafeMutableRawPointer(bitPattern: first), last - first, 23) }
        #endif
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try body(raw) }
}
