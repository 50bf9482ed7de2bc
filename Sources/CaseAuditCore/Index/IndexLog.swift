import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `DATA/.cache/audit-index.log`: what the index knows of each audit file, as text a person can
/// read. The first line names the data folder the log describes; then one line per file version,
/// tab-separated: `+`, the file's name and key (size, mtime, ctime, inode), then its facts; or
/// `-` and a name for a file gone. Later lines win. A run appends only what changed, so one
/// edited audit costs one line, and rewrites the whole log only when most of it is dead lines.
/// A line cut short by a crash is ignored; the file it described is simply read again.
struct IndexLog {
    static let fileName = "audit-index.log"
    static let magic = "caseaudit audit index 1"

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

    /// The header line for `directory`: its path and the audits folder's device and inode, so
    /// two data folders sharing one `.cache` through a link never take each other's entries.
    static func header(_ directory: DataDirectory) -> String {
        var st = stat()
        let id = stat(directory.audits.path, &st) == 0 ? "\(st.st_dev):\(st.st_ino)" : "?"
        return "\(magic)\t\(escape(directory.root.standardizedFileURL.path))\t\(id)\n"
    }

    /// Nil when there is no log, or it describes another folder or another format.
    static func read(_ url: URL, header: String) -> IndexLog? {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        guard let data = try? handle.readToEnd(), data.starts(with: Data(header.utf8)) else { return nil }
        var log = IndexLog()
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = header.utf8.count
            var interned = Interner()
            while start < bytes.count {
                guard let end = bytes[start...].firstIndex(of: 0x0A) else { break }  // cut short
                let fields = bytes[start..<end].split(separator: 0x09, omittingEmptySubsequences: false)
                    .map { String(decoding: $0, as: UTF8.self) }
                log.apply(fields, &interned)
                log.lineCount += 1
                start = end + 1
            }
        }
        return log
    }

    private mutating func apply(_ f: [String], _ interned: inout Interner) {
        if f.count == 2, f[0] == "-" { entries[Self.unescape(f[1])] = nil; return }
        guard f.count == 23, f[0] == "+",
              let size = UInt64(f[2]), let ms = Int64(f[3]), let mn = Int64(f[4]), let cs = Int64(f[5]), let cn = Int64(f[6]),
              let inode = UInt64(f[7]), let version = Int(f[11]), let status = AuditStatus(rawValue: f[16]),
              let origin = AuditOrigin(rawValue: f[17]), let updated = Double(f[19]) else { return }
        var grades: [String: Grade] = [:]
        for pair in f[21].split(separator: "\u{1F}") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let g = Grade(rawValue: String(parts[1])) else { return }
            grades[interned(Self.unescape(String(parts[0])))] = g
        }
        let sections = f[22].split(separator: "\u{1F}").map { interned(Self.unescape(String($0))) }
        let facts = AuditFacts(
            id: Self.unescape(f[8]), month: f[9].isEmpty ? nil : Month(f[9]),
            template: TemplateRef(id: interned(Self.unescape(f[10])), version: version),
            cohort: Cohort(rawValue: f[12]), team: interned(Self.unescape(f[13])), auditor: interned(Self.unescape(f[14])),
            worker: interned(Self.unescape(f[15])), status: status, origin: origin, caseRef: Self.unescape(f[18]),
            grades: grades, overall: Grade(rawValue: f[20]), templateSections: sections,
            updated: Date(timeIntervalSince1970: updated))
        let key = FileKey(size: size, mtimeSec: ms, mtimeNsec: mn, ctimeSec: cs, ctimeNsec: cn, inode: inode)
        entries[Self.unescape(f[1])] = Entry(key: key, facts: facts, fileSections: sections)
    }

    static func line(name: String, _ e: Entry) -> String {
        let k = e.key, a = e.facts
        let grades = a.grades.keys.sorted().map { "\(escape($0))=\(a.grades[$0]!.rawValue)" }.joined(separator: "\u{1F}")
        let fields: [String] = [
            "+", escape(name), "\(k.size)", "\(k.mtimeSec)", "\(k.mtimeNsec)", "\(k.ctimeSec)", "\(k.ctimeNsec)", "\(k.inode)",
            escape(a.id), a.month?.description ?? "", escape(a.template.id), "\(a.template.version)",
            a.cohort?.rawValue ?? "", escape(a.team), escape(a.auditor), escape(a.worker), a.status.rawValue,
            a.origin.rawValue, escape(a.caseRef), "\(a.updated.timeIntervalSince1970)", a.overall?.rawValue ?? "",
            grades, e.fileSections.map(escape).joined(separator: "\u{1F}"),
        ]
        return fields.joined(separator: "\t") + "\n"
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

/// One copy of each team, auditor and template string, however many audits repeat it.
struct Interner {
    private var seen: [String: String] = [:]
    mutating func callAsFunction(_ s: String) -> String {
        if let known = seen[s] { return known }
        seen[s] = s
        return s
    }
}
