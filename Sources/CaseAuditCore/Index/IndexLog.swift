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

    struct Entry {
        var key: FileKey
        var facts: AuditFacts
        /// The section ids the file itself holds, for a template version no catalog knows.
        var fileSections: [String]
    }

    /// The live entry per file name.
    var entries: [String: Entry] = [:]
    /// Lines read, live or not: how much a rewrite would save.
    var lineCount = 0
    /// The question ids whose answers every entry's marks hold (sorted), from the header.
    var answers: [String] = []

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

    /// Nil when there is no log, or it describes another folder or another format. The lines
    /// are parsed in pieces on every core, then applied in order, so later lines still win.
    static func read(_ url: URL, headerStart: String) -> IndexLog? {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var clock = PhaseClock()
        guard let data = try? handle.readToEnd(), data.starts(with: Data(headerStart.utf8)),
              let end = data.firstIndex(of: 0x0A) else { return nil }
        let listed = String(decoding: data[(data.startIndex + headerStart.utf8.count)..<end], as: UTF8.self)
        let answers = listed.split(separator: ",").map { unescape(String($0)) }
        let header = headerStart + listed + "\n"
        clock.lap("  read the log file (\(data.count) bytes)")
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> IndexLog in
            let bytes = UncheckedSendable(raw.bindMemory(to: UInt8.self))
            let b = bytes.value
            // Pieces start at line starts.
            let start = header.utf8.count, pieces = b.count - start > 1 << 20 ? 16 : 1
            var bounds = [start]
            for k in 1..<pieces {
                var p = max(bounds[k - 1], start + (b.count - start) * k / pieces)
                while p < b.count && b[p - 1] != 0x0A { p += 1 }
                bounds.append(p)
            }
            bounds.append(b.count)
            let parsed = Parallel.map(pieces, chunks: pieces) { k -> [(String, LineParser.Line)] in
                var parser = LineParser(bytes.value)
                return parser.lines(bounds[k], bounds[k + 1])
            }
            clock.lap("  parse the log's lines")
            var log = IndexLog()
            log.answers = answers
            defer { clock.lap("  apply them in order") }
            log.entries.reserveCapacity(parsed.reduce(0) { $0 + $1.count })
            for part in parsed {
                for (name, entry) in part {
                    log.lineCount += 1
                    switch entry {
                    case .add(let e): log.entries[name] = e
                    case .remove: log.entries[name] = nil
                    case .malformed: break
                    }
                }
            }
            return log
        }
    }

    static func line(name: String, _ e: Entry) -> String {
        let k = e.key, a = e.facts
        let grades = a.grades.keys.sorted().map { "\(escape($0))=\(a.grades[$0]!.rawValue)" }.joined(separator: "\u{1F}")
        let fields: [String] = [
            "+", escape(name), "\(k.size)", "\(k.mtimeSec)", "\(k.mtimeNsec)", "\(k.ctimeSec)", "\(k.ctimeNsec)", "\(k.inode)",
            escape(a.id), a.month?.description ?? "", escape(a.template.id), "\(a.template.version)",
            a.cohort?.rawValue ?? "", escape(a.team), escape(a.auditor), escape(a.worker), a.status.rawValue,
            a.origin.rawValue, escape(a.caseRef), seconds(a.updated), a.overall?.rawValue ?? "",
            grades, e.fileSections.map(escape).joined(separator: "\u{1F}"),
            a.marks.keys.sorted().map { "\(escape($0))=\(escape(a.marks[$0]!))" }.joined(separator: "\u{1F}"),
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
private struct LineParser {
    enum Line { case add(IndexLog.Entry), remove, malformed }

    let b: UnsafeBufferPointer<UInt8>
    var strings = BytesCache<String>()
    var months = BytesCache<Month?>()
    var gradeLists = BytesCache<[String: Grade]?>()
    var sectionLists = BytesCache<[String]>()
    var markLists = BytesCache<[String: String]?>()

    init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    mutating func lines(_ from: Int, _ to: Int) -> [(String, Line)] {
        var out: [(String, Line)] = []
        var start = from
        var fields = [Range<Int>](repeating: 0..<0, count: IndexLog.fieldCount)
        while start < to {
            var end = start
            var n = 0
            var fieldStart = start
            while end < to && b[end] != 0x0A {
                if b[end] == 0x09 {
                    if n < IndexLog.fieldCount { fields[n] = fieldStart..<end }
                    n += 1
                    fieldStart = end + 1
                }
                end += 1
            }
            guard end < to else { break }  // cut short
            if n < IndexLog.fieldCount { fields[n] = fieldStart..<end }
            n += 1
            if n == 2 && b[fields[0]].elementsEqual([0x2D]) {
                out.append((text(fields[1]), .remove))
            } else if n == IndexLog.fieldCount && b[fields[0]].elementsEqual([0x2B]) {
                out.append((text(fields[1]), entry(fields).map(Line.add) ?? .malformed))
            } else {
                out.append(("", .malformed))
            }
            start = end + 1
        }
        return out
    }

    private mutating func entry(_ f: [Range<Int>]) -> IndexLog.Entry? {
        guard let size = int(f[2]), let ms = int(f[3]), let mn = int(f[4]), let cs = int(f[5]), let cn = int(f[6]),
              let inode = int(f[7]), let version = int(f[11]),
              let status = AuditStatus(rawValue: word(f[16])), let origin = AuditOrigin(rawValue: word(f[17])),
              let updated = int(f[19]).map(Double.init) ?? Double(word(f[19])) else { return nil }
        guard let grades = gradeList(f[21]), let marks = markList(f[23]) else { return nil }
        let sections = sectionList(f[22])
        let month = f[9].isEmpty ? nil : months.value(b, f[9]) { Month($0) }
        let facts = AuditFacts(
            id: text(f[8]), month: month,
            template: TemplateRef(id: shared(f[10]), version: Int(version)),
            cohort: Cohort(rawValue: word(f[12])), team: shared(f[13]), auditor: shared(f[14]), worker: shared(f[15]),
            status: status, origin: origin, caseRef: text(f[18]), grades: grades, overall: Grade(rawValue: word(f[20])),
            templateSections: sections, updated: Date(timeIntervalSince1970: updated), marks: marks,
            auditorOverall: Grade(rawValue: word(f[24])))
        let key = FileKey(size: UInt64(size), mtimeSec: ms, mtimeNsec: mn, ctimeSec: cs, ctimeNsec: cn, inode: UInt64(inode))
        return IndexLog.Entry(key: key, facts: facts, fileSections: sections)
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

    private mutating func shared(_ r: Range<Int>) -> String {
        let b = self.b
        return strings.value(b, r) { IndexLog.unescape($0) }
    }

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

    private mutating func gradeList(_ r: Range<Int>) -> [String: Grade]? {
        if let known = gradeLists.find(b, r) { return known }
        var grades: [String: Grade]? = [:]
        for piece in pieces(r) {
            guard let (name, value) = pair(piece), let g = Grade(rawValue: word(value)) else { grades = nil; break }
            grades![shared(name)] = g
        }
        gradeLists.insert(b, r, grades)
        return grades
    }

    private mutating func markList(_ r: Range<Int>) -> [String: String]? {
        if let known = markLists.find(b, r) { return known }
        var marks: [String: String]? = [:]
        for piece in pieces(r) {
            guard let (name, value) = pair(piece) else { marks = nil; break }
            marks![shared(name)] = shared(value)
        }
        markLists.insert(b, r, marks)
        return marks
    }

    private mutating func sectionList(_ r: Range<Int>) -> [String] {
        if let known = sectionLists.find(b, r) { return known }
        var sections: [String] = []
        for piece in pieces(r) { sections.append(shared(piece)) }
        sectionLists.insert(b, r, sections)
        return sections
    }
}

/// Values made from byte ranges, once per distinct range content.
private struct BytesCache<T> {
    private var table: [Int: [(raw: [UInt8], value: T)]] = [:]

    private func hash(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int {
        var h = 14_695_981_039_346_656_037 as UInt64
        for i in r { h = (h ^ UInt64(b[i])) &* 1_099_511_628_211 }
        return Int(truncatingIfNeeded: h)
    }

    func find(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> T? {
        guard let bucket = table[hash(b, r)] else { return nil }
        for (raw, value) in bucket where raw.count == r.count && raw.elementsEqual(b[r]) { return value }
        return nil
    }

    mutating func insert(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ value: T) {
        table[hash(b, r), default: []].append((Array(b[r]), value))
    }

    mutating func value(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ make: (String) -> T) -> T {
        if let known = find(b, r) { return known }
        let value = make(String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self))
        insert(b, r, value)
        return value
    }
}
