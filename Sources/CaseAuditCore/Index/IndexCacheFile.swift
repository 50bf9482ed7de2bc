import Foundation

/// What the cache holds: the listing it was made from (names in directory order, keys, and
/// which entry each file's facts are, or `noEntry` for a file to read again every run: damaged,
/// or too fresh to trust), and the scanned audits sorted by file name.
struct IndexCache: Sendable {
    static let noEntry = UInt32.max

    var listing = AuditFolderListing()
    var entryOf: [UInt32] = []
    var entries: [ScannedAudit] = []
}

/// `DATA/.cache/audit-index.bin`. A compact binary format because a warm report must load
/// 100,000 entries in a few tens of milliseconds:
///
///     magic "CAIDX\0\0\u{3}", UInt32 audit schema
///     UInt32 string count, then each string as UInt32 length + UTF-8 bytes (every string once)
///     UInt32 file count, UInt32 name bytes, the names (each ended by NUL) in directory order,
///       then per file its key (6 x 64 bits) and UInt32 entry index
///     UInt32 entry count, then each entry as fixed-width integers, strings by table index
///
/// Little-endian. Anything unexpected (another version, a short file) reads as "no cache".
enum IndexCacheFile {
    static let magic: [UInt8] = Array("CAIDX".utf8) + [0, 0, 3]
    static let fileName = "audit-index.bin"

    static func encode(_ cache: IndexCache) -> [UInt8] {
        var strings: [String] = []
        var index: [String: UInt32] = [:]
        func intern(_ s: String) -> UInt32 {
            if let i = index[s] { return i }
            let i = UInt32(strings.count)
            strings.append(s)
            index[s] = i
            return i
        }
        var body: [UInt8] = []
        body.reserveCapacity(cache.entries.count * 120)
        for a in cache.entries {
            body.put(intern(a.id))
            body.put(intern(a.template.id))
            body.put(Int32(truncatingIfNeeded: a.template.version))
            body.put(a.status == .complete ? UInt8(1) : 0)
            body.put(UInt8(AuditIndexCodes.origins.firstIndex(of: a.origin)!))
            body.put(a.cohort.map { UInt8(Cohort.allCases.firstIndex(of: $0)!) } ?? 255)
            body.put(a.overall.map { UInt8(Grade.allCases.firstIndex(of: $0)!) } ?? 255)
            body.put(Int32(a.month?.ordinal ?? -1))
            body.put(a.updated.bitPattern)
            body.put(intern(a.caseRef))
            body.put(intern(a.team))
            body.put(intern(a.auditor))
            body.put(intern(a.worker))
            body.put(UInt16(a.grades.count))
            body.put(UInt16(a.sectionKeys.count))
            for g in a.grades {
                body.put(intern(g.section))
                body.put(UInt8(Grade.allCases.firstIndex(of: g.grade)!))
            }
            for k in a.sectionKeys { body.put(intern(k)) }
        }
        var out: [UInt8] = magic
        out.reserveCapacity(body.count + strings.count * 24 + cache.listing.names.count + cache.listing.count * 52 + 64)
        out.put(UInt32(Audit.currentSchema))
        out.put(UInt32(strings.count))
        for s in strings {
            let u = Array(s.utf8)
            out.put(UInt32(u.count))
            out.append(contentsOf: u)
        }
        out.put(UInt32(cache.listing.count))
        out.put(UInt32(cache.listing.names.count))
        out.append(contentsOf: cache.listing.names)
        for (k, e) in zip(cache.listing.keys, cache.entryOf) {
            out.put(k.size)
            out.put(k.mtimeSec)
            out.put(k.mtimeNsec)
            out.put(k.ctimeSec)
            out.put(k.ctimeNsec)
            out.put(k.inode)
            out.put(e)
        }
        out.put(UInt32(cache.entries.count))
        out.append(contentsOf: body)
        return out
    }

    static func decode(_ data: UnsafeRawBufferPointer) -> IndexCache? {
        var r = ByteReader(data)
        guard let head = r.bytes(magic.count), head.elementsEqual(magic),
              let schema: UInt32 = r.get(), schema == UInt32(Audit.currentSchema),
              let stringCount: UInt32 = r.get(), Int(stringCount) <= data.count else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(Int(stringCount))
        for _ in 0..<stringCount {
            guard let len: UInt32 = r.get(), let b = r.bytes(Int(len)) else { return nil }
            strings.append(String(decoding: b, as: UTF8.self))
        }
        func str(_ r: inout ByteReader) -> String? {
            guard let i: UInt32 = r.get(), Int(i) < strings.count else { return nil }
            return strings[Int(i)]
        }
        var cache = IndexCache()
        guard let files: UInt32 = r.get(), Int(files) <= data.count, let blobLength: UInt32 = r.get(),
              let blob = r.bytes(Int(blobLength)) else { return nil }
        cache.listing.names = Array(blob)
        cache.listing.offsets.reserveCapacity(Int(files))
        var start = 0
        for (i, b) in cache.listing.names.enumerated() where b == 0 {
            cache.listing.offsets.append(start)
            start = i + 1
        }
        guard cache.listing.offsets.count == Int(files), start == cache.listing.names.count else { return nil }
        cache.listing.keys.reserveCapacity(Int(files))
        cache.entryOf.reserveCapacity(Int(files))
        for _ in 0..<files {
            guard let size: UInt64 = r.get(), let ms: Int64 = r.get(), let mn: Int64 = r.get(),
                  let cs: Int64 = r.get(), let cn: Int64 = r.get(), let ino: UInt64 = r.get(),
                  let entry: UInt32 = r.get() else { return nil }
            cache.listing.keys.append(FileKey(size: size, mtimeSec: ms, mtimeNsec: mn, ctimeSec: cs, ctimeNsec: cn, inode: ino))
            cache.entryOf.append(entry)
        }
        guard let count: UInt32 = r.get(), Int(count) <= data.count else { return nil }
        cache.entries.reserveCapacity(Int(count))
        let grades = Grade.allCases, cohorts = Cohort.allCases
        for _ in 0..<count {
            guard let id = str(&r), let tid = str(&r), let tv: Int32 = r.get(), let status: UInt8 = r.get(),
                  let origin: UInt8 = r.get(), Int(origin) < AuditIndexCodes.origins.count,
                  let cohort: UInt8 = r.get(), let overall: UInt8 = r.get(), let month: Int32 = r.get(),
                  let updated: UInt64 = r.get(), let caseRef = str(&r), let team = str(&r), let auditor = str(&r),
                  let worker = str(&r), let gradeCount: UInt16 = r.get(), let keyCount: UInt16 = r.get()
            else { return nil }
            var a = ScannedAudit()
            a.id = id
            a.template = TemplateRef(id: tid, version: Int(tv))
            a.status = status == 1 ? .complete : .draft
            a.origin = AuditIndexCodes.origins[Int(origin)]
            a.cohort = Int(cohort) < cohorts.count ? cohorts[Int(cohort)] : nil
            a.overall = Int(overall) < grades.count ? grades[Int(overall)] : nil
            a.month = month >= 0 ? Month(ordinal: Int(month)) : nil
            a.updated = Double(bitPattern: updated)
            a.caseRef = caseRef
            a.team = team
            a.auditor = auditor
            a.worker = worker
            a.grades.reserveCapacity(Int(gradeCount))
            for _ in 0..<gradeCount {
                guard let s = str(&r), let g: UInt8 = r.get(), Int(g) < grades.count else { return nil }
                a.grades.append(.init(section: s, grade: grades[Int(g)]))
            }
            a.sectionKeys.reserveCapacity(Int(keyCount))
            for _ in 0..<keyCount {
                guard let s = str(&r) else { return nil }
                a.sectionKeys.append(s)
            }
            cache.entries.append(a)
        }
        guard r.atEnd, cache.entryOf.allSatisfy({ $0 == IndexCache.noEntry || Int($0) < cache.entries.count }) else { return nil }
        return cache
    }
}

enum AuditIndexCodes {
    static let origins: [AuditOrigin] = [.interactive, .imported, .demo]
}

private extension Array where Element == UInt8 {
    mutating func put<T: FixedWidthInteger>(_ v: T) {
        Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) }
    }
}

private struct ByteReader {
    let data: UnsafeRawBufferPointer
    var p = 0
    init(_ data: UnsafeRawBufferPointer) { self.data = data }

    var atEnd: Bool { p == data.count }

    mutating func get<T: FixedWidthInteger>() -> T? {
        let n = MemoryLayout<T>.size
        guard p + n <= data.count else { return nil }
        let v = data.loadUnaligned(fromByteOffset: p, as: T.self)
        p += n
        return T(littleEndian: v)
    }

    mutating func bytes(_ n: Int) -> UnsafeRawBufferPointer? {
        guard n >= 0, p + n <= data.count else { return nil }
        defer { p += n }
        return UnsafeRawBufferPointer(rebasing: data[p..<(p + n)])
    }
}
