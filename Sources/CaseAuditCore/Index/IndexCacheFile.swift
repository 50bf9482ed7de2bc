import Dispatch
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

/// A cache file as read: the listing decoded, the entries left as bytes until it is known
/// whether they become facts directly (nothing changed) or scanned audits (to write a new cache).
struct IndexCacheImage: Sendable {
    var listing = AuditFolderListing()
    var entryOf: [UInt32] = []
    var entryCount = 0
    var bytes = CacheBytes(copying: [])
    fileprivate var strings: [String] = []
    var entriesStart = 0
    /// Where each string's bytes start, plus one past the last (see `IndexCacheFile.strings`):
    /// set instead of `strings` when decoded for report columns only.
    var stringStarts: [Int] = []

    /// An image decoded for report columns only, with its string table made after all: the
    /// run found a change and goes on to facts.
    func withStrings() -> IndexCacheImage {
        guard strings.isEmpty, !stringStarts.isEmpty else { return self }
        var image = self
        image.strings = bytes.withUnsafeBytes { IndexCacheFile.strings($0, starts: stringStarts) }
        image.stringStarts = []
        return image
    }

    /// Every entry as a scanned audit; nil when the bytes are damaged.
    func scannedEntries() -> [ScannedAudit]? {
        var out: [ScannedAudit] = []
        out.reserveCapacity(entryCount)
        let ok = forEachEntry { e, r in
            var a = ScannedAudit()
            a.id = strings[Int(e.id)]
            a.template = TemplateRef(id: strings[Int(e.templateID)], version: Int(e.version))
            e.fill(&a, strings)
            for i in 0..<Int(e.gradeCount) {
                a.grades.append(.init(section: strings[Int(r.u32(e.gradesAt + 5 * i))], grade: AuditIndexCodes.grades[Int(r.u8(e.gradesAt + 5 * i + 4))]))
            }
            for i in 0..<Int(e.keyCount) { a.sectionKeys.append(strings[Int(r.u32(e.keysAt + 4 * i))]) }
            out.append(a)
        }
        return ok ? out : nil
    }

    /// Every entry straight to facts, in file-name order, skipping the scanned form: the warm
    /// path. Also the template versions `sectionsFor` did not know, with how many audits use
    /// each. Nil when the bytes are damaged.
    func facts(sectionsFor: (TemplateRef) -> [String]?) -> (facts: [AuditFacts], unknown: [TemplateRef: Int])? {
        // One pass finds where each entry starts and which template versions occur, so the
        // catalog is asked once per version here and the entries are decoded on every core.
        guard let (offsets, refs, shapeOf, shapeFirst) = entryOffsets() else { return nil }
        var sections: [UInt64: [String]] = [:]
        for key in refs {
            let ref = TemplateRef(id: strings[Int(key >> 32)], version: Int(Int32(bitPattern: UInt32(truncatingIfNeeded: key))))
            if let s = sectionsFor(ref) { sections[key] = s }
        }
        let n = entryCount
        guard n > 0 else { return ([], [:]) }
        let shapes = makeShapes(offsets: offsets, first: shapeFirst, sections: sections)
        // Two shares, not more: every fact retains the same few shared strings, arrays and shapes,
        // and more threads than cores only bounce their reference counts between the cores
        // (measured on 2 cores: 1 share ~100 ms, 2 shares 67-82 ms, 4 shares 74-89 ms).
        let chunks = n < 4096 ? 1 : 2
        var parts = [(made: Int, unknown: [TemplateRef: Int], ok: Bool)](repeating: (0, [:], false), count: chunks)
        let image = self, resolved = sections
        // Each core decodes its share straight into its place in the one result: gathering
        // per-core arrays afterwards copied (and retained every string of) 100,000 facts.
        let facts = [AuditFacts](unsafeUninitializedCapacity: n) { buffer, count in
            CacheBytes.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            let out = SendableBuffer(buffer)
            parts.withUnsafeMutableBufferPointer { partsBuffer in
                let made = SendableBuffer(partsBuffer)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let lo = n * c / chunks, hi = n * (c + 1) / chunks
                    made.buffer[c] = image.decodeFacts(from: offsets[lo], count: hi - lo, sections: resolved,
                                                       shapes: shapes, shapeOf: shapeOf[lo..<hi],
                                                       into: out.buffer.baseAddress! + lo)
                }
            }
            if parts.allSatisfy(\.ok) {
                count = n
            } else {
                for c in 0..<chunks { (buffer.baseAddress! + n * c / chunks).deinitialize(count: parts[c].made) }
                count = 0
            }
        }
        guard parts.allSatisfy(\.ok) else { return nil }
        var unknown: [TemplateRef: Int] = [:]
        for p in parts { unknown.merge(p.unknown, uniquingKeysWith: +) }
        return (facts, unknown)
    }

    /// Initializes up to `count` facts from `destination` on; `made` says how many, also when damaged.
    private func decodeFacts(from start: Int, count: Int, sections known: [UInt64: [String]],
                             shapes: [FactsShape?], shapeOf: ArraySlice<Int32>,
                             into destination: UnsafeMutablePointer<AuditFacts>)
        -> (made: Int, unknown: [TemplateRef: Int], ok: Bool) {
        var made = 0
        var unknown: [TemplateRef: Int] = [:]
        var lastKey = UInt64.max
        var ref = TemplateRef(id: "", version: 0)
        let base = shapeOf.startIndex
        let strings = self.strings
        let ok = forEachEntry(from: start, count: count) { e, r in
            guard made < count else { return }
            let memoKey = UInt64(e.templateID) << 32 | UInt64(UInt32(bitPattern: e.version))
            if memoKey != lastKey {
                lastKey = memoKey
                ref = TemplateRef(id: strings[Int(e.templateID)], version: Int(e.version))
            }
            let shape: FactsShape
            if let shared = shapes[Int(shapeOf[base + made])] {
                shape = shared
            } else {
                // An unknown template version: sections from the file, a shape of its own.
                unknown[ref, default: 0] += 1
                shape = FactsShape(grades: grades(at: e.gradesAt, count: Int(e.gradeCount), r),
                                   sections: (0..<Int(e.keyCount)).map { strings[Int(r.u32(e.keysAt + 4 * $0))] })
            }
            (destination + made).initialize(to: AuditFacts(
                id: strings[Int(e.id)], month: e.month >= 0 ? Month(ordinal: Int(e.month)) : nil, template: ref,
                cohort: Int(e.cohort) < AuditIndexCodes.cohorts.count ? AuditIndexCodes.cohorts[Int(e.cohort)] : nil,
                team: strings[Int(e.team)], auditor: strings[Int(e.auditor)], worker: strings[Int(e.worker)],
                status: e.status == 1 ? .complete : .draft, origin: AuditIndexCodes.origins[Int(e.origin)],
                caseRef: strings[Int(e.caseRef)], shape: shape,
                overall: Int(e.overall) < AuditIndexCodes.grades.count ? AuditIndexCodes.grades[Int(e.overall)] : nil,
                updated: Date(timeIntervalSince1970: Double(bitPattern: e.updated))))
            made += 1
        }
        return (made, unknown, ok && made == count)
    }

    /// The grades of an entry whose indexes were checked.
    private func grades(at: Int, count: Int, _ r: ByteReader) -> [String: Grade] {
        var grades: [String: Grade] = Dictionary(minimumCapacity: count)
        for i in 0..<count {
            grades[strings[Int(r.u32(at + 5 * i))]] = AuditIndexCodes.grades[Int(r.u8(at + 5 * i + 4))]
        }
        return grades
    }

    /// One shape per distinct template version and grade bytes (100,000 demo audits have about
    /// 22,000), made on every core; nil for an unknown template version or damaged grades.
    private func makeShapes(offsets: [Int], first: [Int], sections: [UInt64: [String]]) -> [FactsShape?] {
        let n = first.count
        let chunks = n < 2048 ? 1 : 2
        let image = self
        return bytes.withUnsafeBytes { raw in
            let data = SendableRaw(raw)
            return [FactsShape?](unsafeUninitializedCapacity: n) { buffer, count in
                let out = SendableBuffer(buffer)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let r = ByteReader(data.raw)
                    // Where each section's grade is, per list of graded sections: shapes with the
                    // same sections get their dictionaries by `mapValues`, which keeps the hash
                    // table's layout instead of hashing every section id again.
                    var positionsFor: [[UInt32]: [String: Int]] = [:]
                    for s in (n * c / chunks)..<(n * (c + 1) / chunks) {
                        let p = offsets[first[s]]
                        let key = UInt64(r.u32(p + 4)) << 32 | UInt64(r.u32(p + 8))
                        let gradeCount = Int(data.raw.loadUnaligned(fromByteOffset: p + 44, as: UInt16.self).littleEndian)
                        // entryOffsets checked the grades lie within the bytes; their values are checked here.
                        let valid = (0..<gradeCount).allSatisfy {
                            Int(r.u32(p + 48 + 5 * $0)) < image.strings.count && Int(r.u8(p + 48 + 5 * $0 + 4)) < AuditIndexCodes.grades.count
                        }
                        var shape: FactsShape?
                        if valid, let templateSections = sections[key] {
                            let ids = (0..<gradeCount).map { r.u32(p + 48 + 5 * $0) }
                            let positions: [String: Int]
                            if let known = positionsFor[ids] {
                                positions = known
                            } else {
                                var made: [String: Int] = Dictionary(minimumCapacity: gradeCount)
                                for (i, id) in ids.enumerated() { made[image.strings[Int(id)]] = i }  // a repeated section: the last grade, as before
                                positionsFor[ids] = made
                                positions = made
                            }
                            let grades = positions.mapValues { AuditIndexCodes.grades[Int(r.u8(p + 48 + 5 * $0 + 4))] }
                            shape = FactsShape(grades: grades, sections: templateSections)
                        }
                        (out.buffer.baseAddress! + s).initialize(to: shape)
                    }
                }
                count = n
            }
        }
    }

    /// Where each entry starts, the template versions (string index << 32 | version) used, and
    /// each entry's shape: entries with the same template version and grade bytes get the same
    /// number, `first[shape]` being the first such entry.
    private func entryOffsets() -> (offsets: [Int], refs: Set<UInt64>, shapeOf: [Int32], first: [Int])? {
        bytes.withUnsafeBytes { raw -> (offsets: [Int], refs: Set<UInt64>, shapeOf: [Int32], first: [Int])? in
            let r = ByteReader(raw)
            var offsets: [Int] = []
            offsets.reserveCapacity(entryCount)
            var shapeOf: [Int32] = []
            shapeOf.reserveCapacity(entryCount)
            var first: [Int] = []
            // Shapes by a hash of template version and grade bytes, in an open-addressed table
            // at most half full (no second hashing, as a Dictionary would do); the bytes are
            // compared before a shape is reused.
            var capacity = 16
            while capacity < 2 * entryCount { capacity <<= 1 }
            var slotHash = [UInt64](repeating: 0, count: capacity)
            var slotShape = [Int32](repeating: -1, count: capacity)
            var refs = Set<UInt64>()
            var lastRef = UInt64.max
            var p = entriesStart
            for i in 0..<entryCount {
                guard p + 48 <= raw.count else { return nil }
                offsets.append(p)
                let tid = UInt64(r.u32(p + 4)), version = UInt64(r.u32(p + 8))
                let key = tid << 32 | version
                if key != lastRef, tid < UInt64(strings.count) {
                    refs.insert(key)
                    lastRef = key
                }
                let grades = Int(raw.loadUnaligned(fromByteOffset: p + 44, as: UInt16.self).littleEndian)
                let keys = Int(raw.loadUnaligned(fromByteOffset: p + 46, as: UInt16.self).littleEndian)
                guard p + 48 + 5 * grades <= raw.count else { return nil }
                let hash = IndexCacheFile.hashGrades(raw, at: p + 48, length: 5 * grades, seed: key)
                var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
                var found: Int32 = -1
                while slotShape[slot] >= 0 {
                    let q = offsets[first[Int(slotShape[slot])]]
                    if slotHash[slot] == hash, r.u32(q + 4) == UInt32(tid), r.u32(q + 8) == UInt32(version),
                       Int(raw.loadUnaligned(fromByteOffset: q + 44, as: UInt16.self).littleEndian) == grades,
                       grades == 0 || memcmp(raw.baseAddress! + q + 48, raw.baseAddress! + p + 48, 5 * grades) == 0 {
                        found = slotShape[slot]
                        break
                    }
                    slot = (slot + 1) & (capacity - 1)
                }
                if found < 0 {
                    found = Int32(first.count)
                    first.append(i)
                    slotHash[slot] = hash
                    slotShape[slot] = found
                }
                shapeOf.append(found)
                p += 48 + 5 * grades + 4 * keys
            }
            return p == raw.count ? (offsets, refs, shapeOf, first) : nil
        }
    }

    /// The fixed part of one entry; grades and section keys stay as offsets into the bytes.
    fileprivate struct RawEntry {
        var id: UInt32, templateID: UInt32, version: Int32
        var status: UInt8, origin: UInt8, cohort: UInt8, overall: UInt8
        var month: Int32, updated: UInt64
        var caseRef: UInt32, team: UInt32, auditor: UInt32, worker: UInt32
        var gradeCount: UInt16, keyCount: UInt16
        var gradesAt: Int, keysAt: Int

        func fill(_ a: inout ScannedAudit, _ strings: [String]) {
            a.status = status == 1 ? .complete : .draft
            a.origin = AuditIndexCodes.origins[Int(origin)]
            a.cohort = Int(cohort) < AuditIndexCodes.cohorts.count ? AuditIndexCodes.cohorts[Int(cohort)] : nil
            a.overall = Int(overall) < AuditIndexCodes.grades.count ? AuditIndexCodes.grades[Int(overall)] : nil
            a.month = month >= 0 ? Month(ordinal: Int(month)) : nil
            a.updated = Double(bitPattern: updated)
            a.caseRef = strings[Int(caseRef)]
            a.team = strings[Int(team)]
            a.auditor = strings[Int(auditor)]
            a.worker = strings[Int(worker)]
        }
    }

    /// Reads the entries in order, checking every index before `body` sees it.
    private func forEachEntry(from start: Int? = nil, count: Int? = nil, _ body: (RawEntry, ByteReader) -> Void) -> Bool {
        bytes.withUnsafeBytes { raw in
            var r = ByteReader(raw)
            r.p = start ?? entriesStart
            let n = UInt32(strings.count)
            for _ in 0..<(count ?? entryCount) {
                guard let id: UInt32 = r.get(), let tid: UInt32 = r.get(), let tv: Int32 = r.get(), let status: UInt8 = r.get(),
                      let origin: UInt8 = r.get(), Int(origin) < AuditIndexCodes.origins.count,
                      let cohort: UInt8 = r.get(), let overall: UInt8 = r.get(), let month: Int32 = r.get(),
                      let updated: UInt64 = r.get(), let caseRef: UInt32 = r.get(), let team: UInt32 = r.get(),
                      let auditor: UInt32 = r.get(), let worker: UInt32 = r.get(), let gradeCount: UInt16 = r.get(),
                      let keyCount: UInt16 = r.get(),
                      id < n, tid < n, caseRef < n, team < n, auditor < n, worker < n
                else { return false }
                let gradesAt = r.p
                for _ in 0..<gradeCount {
                    guard let s: UInt32 = r.get(), s < n, let g: UInt8 = r.get(), Int(g) < AuditIndexCodes.grades.count else { return false }
                }
                let keysAt = r.p
                for _ in 0..<keyCount {
                    guard let s: UInt32 = r.get(), s < n else { return false }
                }
                body(RawEntry(id: id, templateID: tid, version: tv, status: status, origin: origin, cohort: cohort,
                              overall: overall, month: month, updated: updated, caseRef: caseRef, team: team,
                              auditor: auditor, worker: worker, gradeCount: gradeCount, keyCount: keyCount,
                              gradesAt: gradesAt, keysAt: keysAt), r)
            }
            return count != nil || r.atEnd
        }
    }
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
            body.put(a.cohort.map { UInt8(AuditIndexCodes.cohorts.firstIndex(of: $0)!) } ?? 255)
            body.put(a.overall.map { UInt8(AuditIndexCodes.grades.firstIndex(of: $0)!) } ?? 255)
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
                body.put(UInt8(AuditIndexCodes.grades.firstIndex(of: g.grade)!))
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

    static func decode(_ bytes: [UInt8]) -> IndexCacheImage? { decode(CacheBytes(copying: bytes)) }

    /// Decodes the header, strings and listing; nil for anything unexpected.
    /// With `strings` false the string table is left as bytes (`stringStarts`): such an image
    /// serves `reportColumns` only, or facts and scanned entries after `withStrings()`.
    static func decode(_ bytes: CacheBytes, strings decodeStrings: Bool = true) -> IndexCacheImage? {
        var image = IndexCacheImage()
        let ok: Bool = bytes.withUnsafeBytes { data in
            var r = ByteReader(data)
            guard let head = r.bytes(magic.count), head.elementsEqual(magic),
                  let schema: UInt32 = r.get(), schema == UInt32(Audit.currentSchema),
                  let stringCount: UInt32 = r.get(), Int(stringCount) <= data.count else { return false }
            // Where each string starts, then the strings made on every core (one per audit id,
            // 16 bytes each: too long for Swift's inline small strings, so each is allocated).
            var starts: [Int] = []
            starts.reserveCapacity(Int(stringCount) + 1)
            for _ in 0..<stringCount {
                guard let len: UInt32 = r.get(), r.bytes(Int(len)) != nil else { return false }
                starts.append(r.p - Int(len))
            }
            starts.append(r.p + 4)
            if decodeStrings { image.strings = strings(data, starts: starts) } else { image.stringStarts = starts }
            guard let files: UInt32 = r.get(), Int(files) <= data.count, let blobLength: UInt32 = r.get(),
                  let blob = r.bytes(Int(blobLength)) else { return false }
            // Built in locals, not through `image`: a captured var is checked for exclusive
            // access at every use, which made these loops over 2 MB of names take ~25 ms.
            image.listing.names = Array(blob)
            var offsets: [Int] = []
            offsets.reserveCapacity(Int(files))
            var start = 0
            for i in 0..<blob.count where blob[i] == 0 {
                offsets.append(start)
                start = i + 1
            }
            guard offsets.count == Int(files), start == blob.count else { return false }
            var keys: [FileKey] = []
            var entryOf: [UInt32] = []
            keys.reserveCapacity(Int(files))
            entryOf.reserveCapacity(Int(files))
            for _ in 0..<files {
                guard let size: UInt64 = r.get(), let ms: Int64 = r.get(), let mn: Int64 = r.get(),
                      let cs: Int64 = r.get(), let cn: Int64 = r.get(), let ino: UInt64 = r.get(),
                      let entry: UInt32 = r.get() else { return false }
                keys.append(FileKey(size: size, mtimeSec: ms, mtimeNsec: mn, ctimeSec: cs, ctimeNsec: cn, inode: ino))
                entryOf.append(entry)
            }
            image.listing.offsets = offsets
            image.listing.keys = keys
            image.entryOf = entryOf
            guard let count: UInt32 = r.get(), Int(count) <= data.count else { return false }
            image.entryCount = Int(count)
            image.entriesStart = r.p
            // Each entry belongs to exactly one listed file, so "all reused" means "all entries".
            var seen = [Bool](repeating: false, count: Int(count))
            for e in entryOf where e != IndexCache.noEntry {
                guard Int(e) < Int(count), !seen[Int(e)] else { return false }
                seen[Int(e)] = true
            }
            return !seen.contains(false)
        }
        guard ok else { return nil }
        image.bytes = bytes
        return image
    }

    /// String `i` is the bytes from `starts[i]` to 4 bytes (its successor's length) before `starts[i + 1]`.
    fileprivate static func strings(_ data: UnsafeRawBufferPointer, starts: [Int]) -> [String] {
        let n = starts.count - 1
        let chunks = n < 20_000 ? 1 : 2
        return [String](unsafeUninitializedCapacity: n) { buffer, count in
            let out = SendableBuffer(buffer)
            let source = SendableRaw(data)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in (n * c / chunks)..<(n * (c + 1) / chunks) {
                    let bytes = UnsafeRawBufferPointer(rebasing: source.raw[starts[i]..<(starts[i + 1] - 4)])
                    (out.buffer.baseAddress! + i).initialize(to: String(decoding: bytes, as: UTF8.self))
                }
            }
            count = n
        }
    }
}

private struct SendableRaw: @unchecked Sendable {
    let raw: UnsafeRawBufferPointer
    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }
}

extension IndexCacheFile {
    /// A hash of `length` bytes from `at`, eight at a time, mixed so its low bits index a table.
    static func hashGrades(_ raw: UnsafeRawBufferPointer, at: Int, length: Int, seed: UInt64) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        var i = 0
        while i + 8 <= length {
            h = (h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at + i, as: UInt64.self))) &* 0x9e37_79b9_7f4a_7c15
            h ^= h >> 29
            i += 8
        }
        while i < length {
            h = (h ^ UInt64(raw[at + i])) &* 0x100_0000_01b3
            i += 1
        }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }
}

enum AuditIndexCodes {
    static let origins: [AuditOrigin] = [.interactive, .imported, .demo]
    // Kept once: a synthesized `allCases` builds a new array at every use.
    static let grades = Grade.allCases
    static let cohorts = Cohort.allCases
}

private extension Array where Element == UInt8 {
    mutating func put<T: FixedWidthInteger>(_ v: T) {
        Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) }
    }
}

fileprivate struct ByteReader {
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

    func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: data.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
    func u8(_ at: Int) -> UInt8 { data[at] }

    mutating func bytes(_ n: Int) -> UnsafeRawBufferPointer? {
        guard n >= 0, p + n <= data.count else { return nil }
        defer { p += n }
        return UnsafeRawBufferPointer(rebasing: data[p..<(p + n)])
    }
}
