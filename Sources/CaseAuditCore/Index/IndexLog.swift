import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `DATA/.cache/audit-index.log`: what the index knows of each audit file, as text a person can
/// read. The first line names the data folder the log describes and the questions whose answers
/// the facts keep (`answers`, besides the marked ones); then one line per file version,
/// tab-separated: `+`, the file's name and key (size, mtime, ctime, inode), then its facts; or
/// `-` and a name for a file gone. Later lines win. A run appends only what changed, so one
/// edited audit costs one line, and rewrites the whole log only when most of it is dead lines.
/// A line cut short by a crash is ignored; the file it described is simply read again.
struct IndexLog {
    static let fileName = "audit-index.log"
    /// Version 2 added the marks, version 3 the auditor's overall grade beside a moderated one (the
    /// last fields), version 4 the header's list of answers kept; a log of an earlier version is
    /// simply rebuilt.
    static let magic = "caseaudit audit index 4"

    /// Tab-separated fields of a `+` line.
    static let fieldCount = 25

    /// The log's bytes, the header line included.
    let data: Data
    /// The question ids whose answers every line's marks hold (sorted), from the header.
    let answers: [String]
    /// Lines read, live or not: how much a rewrite would save.
    private(set) var lineCount = 0
    /// Each file name with a live line (its last `+` line, with no `-` line after it): the line's
    /// number in `lines`.
    private(set) var live: [String: Int] = [:]
    /// Where each live line lies in `data`; an empty range for one a later line replaced.
    private(set) var lines: [Range<Int>] = []

    /// The start of the header line for `directory`: its path and the audits folder's device
    /// and inode, so two data folders sharing one `.cache` through a link never take each
    /// other's entries. The answers kept follow (`header(_:answers:)`).
    static func headerStart(_ directory: DataDirectory) -> String {
        var st = stat()
        let id = stat(directory.audits.path, &st) == 0 ? "\(st.st_dev):\(st.st_ino)" : "?"
        return "\(magic)\t\(escape(directory.root.standardizedFileURL.path))\t\(id)\t"
    }

    /// The whole header line: `answers` (question ids) separated by commas.
    static func header(_ start: String, answers: [String]) -> String {
        start + answers.map(escape).joined(separator: ",") + "\n"
    }

    /// Nil when there is no log, or it describes another folder or another format. Only the
    /// lines' first two fields are read here, in order, so later lines win; `facts` reads the rest.
    /// A line cut short by a crash is left out.
    static func read(_ url: URL, headerStart: String) -> IndexLog? {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var clock = PhaseClock()
        guard let data = readWhole(fd), data.starts(with: Data(headerStart.utf8)),
              let end = data.firstIndex(of: 0x0A) else { return nil }
        clock.lap("  read the log file (\(data.count) bytes)")
        defer { clock.lap("  find each name's last line") }
        let listed = String(decoding: data[(data.startIndex + headerStart.utf8.count)..<end], as: UTF8.self)
        var log = IndexLog(data: data, answers: listed.split(separator: ",").map { unescape(String($0)) })
        log.live.reserveCapacity(data.count / 256)
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var start = end - data.startIndex + 1
            while start < raw.count, let nl = memchr(base + start, 0x0A, raw.count - start) {
                let end = UnsafeRawPointer(nl) - base
                log.lineCount += 1
                // `+` or `-`, a tab, the name, then a tab (`+`) or the end of the line (`-`).
                if end - start > 2, raw[start + 1] == 0x09 {
                    let tab = memchr(base + start + 2, 0x09, end - start - 2).map { UnsafeRawPointer($0) - base } ?? end
                    let name = unescape(String(decoding: UnsafeRawBufferPointer(rebasing: raw[(start + 2)..<tab]), as: UTF8.self))
                    if raw[start] == 0x2B && tab < end {
                        if let n = log.live[name] { log.lines[n] = 0..<0 }
                        log.live[name] = log.lines.count
                        log.lines.append(start..<end)
                    } else if raw[start] == 0x2D && tab == end, let n = log.live.removeValue(forKey: name) {
                        log.lines[n] = 0..<0
                    }
                }
                start = end + 1
            }
        }
        return log
    }

    /// The file open at `fd`, read into one buffer of its size (`readToEnd` grew its buffer
    /// step by step, copying 60 MB more than once at 100,000 audits). Bytes appended after the
    /// size was taken are left for the next run.
    private static func readWhole(_ fd: Int32) -> Data? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = Int(st.st_size)
        var data = Data(count: size)
        let got = data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) -> Int in
            var done = 0
            while done < size {
                let n = Glibc.read(fd, buffer.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            return done
        }
        data.count = got
        return data
    }

    /// Every live line as the file's key and facts (nil where the line does not read), parsed
    /// in pieces on every core. Needs nothing from the audits folder, so it runs while the
    /// folder is listed.
    func parse() -> Parsed {
        var parsed = Parsed(keys: [FileKey?](repeating: nil, count: lines.count),
                            facts: [AuditFacts](repeating: .placeholder, count: lines.count))
        let count = lines.count, pieces = count > 4096 ? 4 : 1
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = UncheckedSendable(raw.bindMemory(to: UInt8.self))
            parsed.keys.withUnsafeMutableBufferPointer { keyBuffer in
                parsed.facts.withUnsafeMutableBufferPointer { factBuffer in
                    let keys = SendableBuffer(keyBuffer), facts = SendableBuffer(factBuffer)
                    DispatchQueue.concurrentPerform(iterations: pieces) { k in
                        let parser = LineParser(bytes.value)
                        for n in (count * k / pieces)..<(count * (k + 1) / pieces) where !lines[n].isEmpty {
                            guard let (key, f) = parser.parse(lines[n]) else { continue }
                            keys.buffer[n] = key
                            facts.buffer[n] = f
                        }
                    }
                }
            }
        }
        return parsed
    }

    /// The live lines parsed: by line number, the file key each names and the facts.
    struct Parsed {
        var keys: [FileKey?]
        var facts: [AuditFacts]
    }

    /// For each listed file, the facts `parsed` from its live line when that line's key is the
    /// file's key (the file is as the log last saw it; the facts are moved out of `parsed`). The
    /// others are `missing` (in order) and have `AuditFacts.placeholder` in their place.
    /// In pieces on every core: each line is one file's, so no two pieces touch the same facts.
    func facts(_ parsed: inout Parsed, names: [String], keys: [FileKey]) -> (facts: [AuditFacts], missing: [Int]) {
        var out = [AuditFacts](repeating: .placeholder, count: names.count)
        let count = names.count, pieces = count > 4096 ? 4 : 1
        var missing = [[Int]](repeating: [], count: pieces)
        let parsedKeys = parsed.keys
        out.withUnsafeMutableBufferPointer { outBuffer in
            parsed.facts.withUnsafeMutableBufferPointer { parsedBuffer in
                missing.withUnsafeMutableBufferPointer { missingBuffer in
                    let out = SendableBuffer(outBuffer), from = SendableBuffer(parsedBuffer), misses = SendableBuffer(missingBuffer)
                    DispatchQueue.concurrentPerform(iterations: pieces) { k in
                        for i in (count * k / pieces)..<(count * (k + 1) / pieces) {
                            if let n = live[names[i]], parsedKeys[n] == keys[i] {
                                swap(&out.buffer[i], &from.buffer[n])
                            } else {
                                misses.buffer[k].append(i)
                            }
                        }
                    }
                }
            }
        }
        return (out, missing.flatMap { $0 })
    }

    /// A `+` line for `name` with its key and facts; `facts.templateSections` are written as the
    /// sections the file holds.
    static func line(name: String, key k: FileKey, facts a: AuditFacts) -> String {
        let grades = a.grades.map { "\(escape($0.name))=\($0.value.rawValue)" }.joined(separator: "\u{1F}")
        let fields: [String] = [
            "+", escape(name), "\(k.size)", "\(k.mtimeSec)", "\(k.mtimeNsec)", "\(k.ctimeSec)", "\(k.ctimeNsec)", "\(k.inode)",
            escape(a.id), a.month?.description ?? "", escape(a.template.id), "\(a.template.version)",
            a.cohort?.rawValue ?? "", escape(a.team), escape(a.auditor), escape(a.worker), a.status.rawValue,
            a.origin.rawValue, escape(a.caseRef), seconds(a.updated), a.overall?.rawValue ?? "",
            grades, a.templateSections.map(escape).joined(separator: "\u{1F}"),
            a.marks.map { "\(escape($0.name))=\(escape($0.value))" }.joined(separator: "\u{1F}"),
            a.auditorOverall?.rawValue ?? "",
        ]
        return fields.joined(separator: "\t") + "\n"
    }

    /// Whole seconds as an integer (what audit files hold), read back without a Double parse.
    static func seconds(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        return t.rounded() == t && abs(t) < 1e15 ? "\(Int64(t))" : "\(t)"
    }

    static func removal(_ name: String) -> String { "-\t\(escape(name))\n" }

    /// Tab, newline, carriage return, backslash and the list separator written as `\t`, `\n`,
    /// `\r`, `\\` and `\u`, so every field stays on its line and in its column.
    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x5C || $0 == 0x1F || $0 == 0x3D })
        else { return s }
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
            case "\u{1F}": out += "\\u"
            case "=": out += "\\e"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func unescape(_ s: String) -> String {
        guard s.utf8.contains(0x5C) else { return s }
        var out = ""
        var pending = false
        for ch in s.unicodeScalars {
            if pending {
                switch ch {
                case "t": out += "\t"
                case "n": out += "\n"
                case "r": out += "\r"
                case "u": out += "\u{1F}"
                case "e": out += "="
                default: out.unicodeScalars.append(ch)
                }
                pending = false
            } else if ch == "\\" {
                pending = true
            } else {
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

/// Turns log lines into entries, straight from the bytes: numbers and words are read in place,
/// and the fields many audits share (team, auditor, worker, template, month, the grades and the
/// sections) are made once per distinct value.
private final class LineParser {
    let b: UnsafeBufferPointer<UInt8>
    var strings = BytesCache<String>()
    var months = BytesCache<Month?>()
    var gradeLists = BytesCache<NamedValues<Grade>?>()
    var sectionLists = BytesCache<[String]>()
    var markLists = BytesCache<NamedValues<String>?>()
    var statuses = BytesCache<AuditStatus?>(), origins = BytesCache<AuditOrigin?>()
    var cohorts = BytesCache<Cohort?>(), gradeWords = BytesCache<Grade?>()
    private var f = [Range<Int>](repeating: 0..<0, count: IndexLog.fieldCount)

    init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    /// The file key and facts of the `+` line at `line`, when every field reads.
    func parse(_ line: Range<Int>) -> (FileKey, AuditFacts)? {
        // The fields between tabs, found with memchr.
        let base = UnsafeRawPointer(b.baseAddress!)
        var n = 0, start = line.lowerBound
        while true {
            let end = memchr(base + start, 0x09, line.upperBound - start).map { UnsafeRawPointer($0) - base } ?? line.upperBound
            guard n < IndexLog.fieldCount else { return nil }
            f[n] = start..<end
            n += 1
            if end == line.upperBound { break }
            start = end + 1
        }
        // An empty id marks a placeholder (`AuditFacts.placeholder`): such a line is not taken,
        // so its file is read again.
        guard n == IndexLog.fieldCount, !f[8].isEmpty else { return nil }
        guard let size = int(f[2]), let ms = int(f[3]), let mn = int(f[4]), let cs = int(f[5]), let cn = int(f[6]),
              let inode = int(f[7]), let version = int(f[11]),
              let status = named(f[16], &statuses), let origin = named(f[17], &origins),
              let updated = int(f[19]).map(Double.init) ?? Double(word(f[19])),
              let grades = gradeList(f[21]), let marks = markList(f[23]) else { return nil }
        let key = FileKey(size: UInt64(truncatingIfNeeded: size), mtimeSec: ms, mtimeNsec: mn, ctimeSec: cs, ctimeNsec: cn,
                          inode: UInt64(truncatingIfNeeded: inode))
        return (key, AuditFacts(
            id: text(f[8]), month: f[9].isEmpty ? nil : monthOf(f[9]),
            template: TemplateRef(id: shared(f[10]), version: Int(version)),
            cohort: named(f[12], &cohorts), team: shared(f[13]), auditor: shared(f[14]), worker: shared(f[15]),
            status: status, origin: origin, caseRef: text(f[18]), grades: grades, overall: named(f[20], &gradeWords),
            templateSections: sectionList(f[22]), updated: Date(timeIntervalSince1970: updated), marks: marks,
            auditorOverall: named(f[24], &gradeWords)))
    }

    /// A status, origin, cohort or grade from its word (an enum's `init(rawValue:)` compares the
    /// word with every case).
    private func named<E: RawRepresentable>(_ r: Range<Int>, _ cache: inout BytesCache<E?>) -> E? where E.RawValue == String {
        cached(r, &cache) { E(rawValue: word(r)) }
    }

    /// The value for `r`'s bytes from `cache`, made by `make` the first time those bytes are met.
    private func cached<T>(_ r: Range<Int>, _ cache: inout BytesCache<T>, _ make: () -> T) -> T {
        let (known, slot, hash) = cache.find(b, r)
        if let known { return known }
        let value = make()
        cache.insert(r, value, slot: slot, hash: hash)
        return value
    }

    /// A decimal integer, optionally negative.
    private func int(_ r: Range<Int>) -> Int64? {
        guard !r.isEmpty else { return nil }
        var i = r.lowerBound, negative = false
        if b[i] == 0x2D { negative = true; i += 1 }
        guard i < r.upperBound else { return nil }
        var v: Int64 = 0
        while i < r.upperBound {
            let d = b[i] &- 0x30
            guard d < 10 else { return nil }
            v = v &* 10 &+ Int64(d)
            i += 1
        }
        return negative ? -v : v
    }

    /// A short field (a word, a number): Swift keeps strings of up to 15 bytes without allocating.
    private func word(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self) }

    private func text(_ r: Range<Int>) -> String { IndexLog.unescape(word(r)) }

    private func shared(_ r: Range<Int>) -> String { cached(r, &strings) { text(r) } }

    private func monthOf(_ r: Range<Int>) -> Month? { cached(r, &months) { Month(word(r)) } }

    // The list fields, split in the bytes (a separator or `=` inside a name is escaped, so the
    // first `=` of a pair is its own); made once per distinct list, their names shared.

    /// The pieces of a list field, between the separators (0x1F).
    private func pieces(_ r: Range<Int>) -> [Range<Int>] {
        guard !r.isEmpty else { return [] }
        var out: [Range<Int>] = []
        var start = r.lowerBound
        for i in r where b[i] == 0x1F {
            out.append(start..<i)
            start = i + 1
        }
        out.append(start..<r.upperBound)
        return out
    }

    /// A `name=value` piece as the two ranges; nil without `=`.
    private func pair(_ r: Range<Int>) -> (Range<Int>, Range<Int>)? {
        guard let eq = r.first(where: { b[$0] == 0x3D }) else { return nil }
        return (r.lowerBound..<eq, (eq + 1)..<r.upperBound)
    }

    private func gradeList(_ r: Range<Int>) -> NamedValues<Grade>? {
        cached(r, &gradeLists) {
            var pairs: [NamedValues<Grade>.Pair] = []
            for piece in pieces(r) {
                guard let (name, value) = pair(piece), let g = Grade(rawValue: word(value)) else { return nil }
                pairs.append(.init(name: shared(name), value: g))
            }
            return NamedValues(pairs)
        }
    }

    private func markList(_ r: Range<Int>) -> NamedValues<String>? {
        cached(r, &markLists) {
            var pairs: [NamedValues<String>.Pair] = []
            for piece in pieces(r) {
                guard let (name, value) = pair(piece) else { return nil }
                pairs.append(.init(name: shared(name), value: shared(value)))
            }
            return NamedValues(pairs)
        }
    }

    private func sectionList(_ r: Range<Int>) -> [String] { cached(r, &sectionLists) { pieces(r).map(shared) } }
}

/// Values made from byte ranges of the log, once per distinct range content: an open-addressing
/// table whose keys are the ranges themselves (the log's bytes outlive the parse), so a lookup
/// hashes the bytes once and allocates nothing.
private struct BytesCache<T> {
    private var slots = [Int32](repeating: -1, count: 64)
    private var keys: [(start: Int, count: Int, hash: UInt64)] = []
    private var values: [T] = []

    /// Eight bytes at a time, mixed by a multiply (as wyhash and FxHash do).
    private static func hash(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt64 {
        let p = UnsafeRawPointer(b.baseAddress! + r.lowerBound)
        var h = UInt64(r.count) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i + 8 <= r.count {
            h = (h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x5851_F42D_4C95_7F2D
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        while i < r.count {
            tail = tail << 8 | UInt64(p.load(fromByteOffset: i, as: UInt8.self))
            i += 1
        }
        h = (h ^ tail) &* 0x5851_F42D_4C95_7F2D
        return h ^ h >> 32
    }

    /// The slot holding `r`'s bytes, or the empty slot where they would go.
    private func slot(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ h: UInt64) -> Int {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[s])
            if e < 0 { return s }
            let k = keys[e]
            if k.hash == h && k.count == r.count
                && (r.isEmpty || memcmp(b.baseAddress! + k.start, b.baseAddress! + r.lowerBound, r.count) == 0) {
                return s
            }
            s = (s + 1) & mask
        }
    }

    /// The value made for `r`'s bytes before; else nil, with where `insert` puts it.
    func find(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> (known: T?, slot: Int, hash: UInt64) {
        let h = Self.hash(b, r)
        let s = slot(b, r, h)
        return (slots[s] >= 0 ? values[Int(slots[s])] : nil, s, h)
    }

    mutating func insert(_ r: Range<Int>, _ value: T, slot: Int, hash: UInt64) {
        slots[slot] = Int32(keys.count)
        keys.append((r.lowerBound, r.count, hash))
        values.append(value)
        if keys.count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (e, k) in keys.enumerated() {
            var s = Int(truncatingIfNeeded: k.hash) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(e)
        }
    }
}
