import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `DATA/.cache/template-catalog.bin`: a catalog as parsed, so a run whose templates did not
/// change skips Yams (parsing the shipped templates and their snapshots took ~50 ms, half of
/// a warm report's budget).
///
/// It is keyed by both folders' paths and, for every `*.yaml` the catalog would read, its name,
/// device, inode, size, mtime and ctime (ns), so an edit in place, an added or a removed file
/// all miss. A file changed within `racyWindow` seconds of the run is never cached (a second
/// edit in the same clock tick would leave its timestamps alone). Anything unexpected in the
/// file (another format, a short file, a wrong checksum) reads as "no cache".
///
///     magic "CATPL\0\0\u{1}", UInt64 FNV-1a of the rest, UInt32 key length, the key, the catalog
enum TemplateCatalogCache {
    static let fileName = "template-catalog.bin"
    static let magic: [UInt8] = Array("CATPL".utf8) + [0, 0, 2]
    static let racyWindow: Int64 = 2

    /// What the catalog of these folders depends on; `racy` when a file is too fresh to cache.
    static func key(folder: URL, snapshots: URL?, now: Int64) -> (bytes: [UInt8], racy: Bool) {
        var w = CatalogWriter()
        var racy = false
        for (place, url) in [(UInt8(0), folder), (1, snapshots), (2, TemplateCatalog.versionsFolder(folder))] {
            w.byte(place)
            guard let url else { w.byte(0); continue }
            w.string(url.path)
            w.byte(TemplateLocator.isFolder(url) ? 1 : 0)
            let files = TemplateCatalog.yamlFiles(in: url)
            w.int(files.count)
            for file in files {
                w.string(file.lastPathComponent)
                var st = stat()
                guard stat(file.path, &st) == 0 else { w.int(-1); continue }
                w.int(Int(st.st_dev)); w.int(Int(st.st_ino)); w.int(Int(st.st_size))
                w.int(Int(st.st_mtim.tv_sec)); w.int(Int(st.st_mtim.tv_nsec))
                w.int(Int(st.st_ctim.tv_sec)); w.int(Int(st.st_ctim.tv_nsec))
                if Int64(st.st_mtim.tv_sec) >= now - racyWindow || Int64(st.st_ctim.tv_sec) >= now - racyWindow { racy = true }
            }
        }
        return (w.bytes, racy)
    }

    static func encode(key: [UInt8], diagnostics: [Diagnostic], shipped: [TemplateCatalog.Entry],
                       snapshots: [TemplateCatalog.Entry]) -> [UInt8] {
        var w = CatalogWriter()
        w.int(key.count)
        w.bytes.append(contentsOf: key)
        w.int(diagnostics.count)
        for d in diagnostics { w.diagnostic(d) }
        for entries in [shipped, snapshots] {
            w.int(entries.count)
            for e in entries {
                w.template(e.template)
                w.string(e.file)
                w.int(e.source?.count ?? -1)
                if let source = e.source { w.bytes.append(contentsOf: source) }
            }
        }
        var out = magic
        withUnsafeBytes(of: fnv1a(w.bytes).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: w.bytes)
        return out
    }

    /// The diagnostics and entries, or nil when the file is damaged or made for another key.
    static func decode(_ bytes: [UInt8], key: [UInt8])
        -> (diagnostics: [Diagnostic], shipped: [TemplateCatalog.Entry], snapshots: [TemplateCatalog.Entry])? {
        let head = magic.count + 8
        guard bytes.count >= head, bytes[0..<magic.count].elementsEqual(magic) else { return nil }
        let sum = bytes[magic.count..<head].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return bytes.withUnsafeBytes { raw -> (diagnostics: [Diagnostic], shipped: [TemplateCatalog.Entry], snapshots: [TemplateCatalog.Entry])? in
            let body = UnsafeRawBufferPointer(rebasing: raw[head...])
            guard fnv1a(body) == sum else { return nil }
            var r = CatalogReader(body)
            do {
                let keyLength = try r.int()
                guard try r.bytes(keyLength).elementsEqual(key) else { return nil }
                let diagnostics = try (0..<r.count()).map { _ in try r.diagnostic() }
                var lists: [[TemplateCatalog.Entry]] = []
                for _ in 0..<2 {
                    lists.append(try (0..<r.count()).map { _ in
                        let template = try r.template()
                        let file = try r.string()
                        let length = try r.int()
                        let source = length < 0 ? nil : Data(try r.bytes(length))
                        return TemplateCatalog.Entry(template: template, source: source, file: file)
                    })
                }
                guard r.atEnd else { return nil }
                return (diagnostics, lists[0], lists[1])
            } catch {
                return nil
            }
        }
    }

    static func fnv1a<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}

private struct CatalogWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ v: UInt8) { bytes.append(v) }
    mutating func int(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { u in
            int(u.count)
            bytes.append(contentsOf: u)
        }
    }
    mutating func optionalInt(_ v: Int?) {
        bool(v != nil)
        if let v { int(v) }
    }
    mutating func strings(_ list: [String]) {
        int(list.count)
        for s in list { string(s) }
    }

    mutating func diagnostic(_ d: Diagnostic) {
        string(d.severity.rawValue)
        string(d.file)
        optionalInt(d.line)
        optionalInt(d.column)
        string(d.message)
        bool(d.remedy != nil)
        if let remedy = d.remedy { string(remedy) }
    }

    mutating func template(_ t: AuditTemplate) {
        string(t.id); string(t.title); int(t.version); string(t.description)
        strings(t.cohorts.map(\.rawValue)); string(t.overallGuidance)
        int(t.sections.count)
        for s in t.sections {
            string(s.id); string(s.title); string(s.guidance); bool(s.graded)
            int(s.questions.count)
            for q in s.questions {
                string(q.id); string(q.text); string(q.guidance); string(q.type.rawValue); bool(q.required)
                strings(q.appliesTo.map(\.rawValue)); strings(q.options); string(q.source)
                string(q.role?.rawValue ?? ""); strings(q.noteOn.map(\.rawValue)); string(q.requiredIf ?? "")
            }
            int(s.limits.count)
            for l in s.limits {
                string(l.question); strings(l.when.map(\.rawValue)); string(l.cap.rawValue)
                bool(l.atLeast != nil); if let n = l.atLeast { int(Int(truncatingIfNeeded: n.bitPattern)) }
                string(l.contradicts ?? "")
            }
        }
    }
}

private struct CatalogReader {
    struct Damaged: Error {}
    let data: UnsafeRawBufferPointer
    var p = 0
    init(_ data: UnsafeRawBufferPointer) { self.data = data }

    var atEnd: Bool { p == data.count }

    mutating func bytes(_ n: Int) throws -> UnsafeRawBufferPointer {
        guard n >= 0, n <= data.count - p else { throw Damaged() }
        defer { p += n }
        return UnsafeRawBufferPointer(rebasing: data[p..<(p + n)])
    }
    mutating func int() throws -> Int {
        Int(Int64(littleEndian: try bytes(8).loadUnaligned(as: Int64.self)))
    }
    /// A count of items still to read, each at least one byte: a damaged count cannot ask for
    /// more memory than the file holds.
    mutating func count() throws -> Int {
        let n = try int()
        guard n >= 0, n <= data.count - p else { throw Damaged() }
        return n
    }
    mutating func bool() throws -> Bool {
        let b = try bytes(1)[0]
        guard b <= 1 else { throw Damaged() }
        return b == 1
    }
    mutating func string() throws -> String { String(decoding: try bytes(try int()), as: UTF8.self) }
    mutating func optionalInt() throws -> Int? { try bool() ? try int() : nil }
    mutating func strings() throws -> [String] { try (0..<count()).map { _ in try string() } }
    mutating func enums<E: RawRepresentable>(_: E.Type) throws -> [E] where E.RawValue == String {
        try strings().map { try value($0) }
    }
    func value<E: RawRepresentable>(_ raw: String) throws -> E where E.RawValue == String {
        guard let v = E(rawValue: raw) else { throw Damaged() }
        return v
    }

    mutating func diagnostic() throws -> Diagnostic {
        let severity: Diagnostic.Severity = try value(try string())
        return Diagnostic(severity, file: try string(), line: try optionalInt(), column: try optionalInt(),
                          message: try string(), remedy: try bool() ? try string() : nil)
    }

    mutating func template() throws -> AuditTemplate {
        let id = try string(), title = try string(), version = try int(), description = try string()
        let cohorts = try enums(Cohort.self)
        let overallGuidance = try string()
        let sections = try (0..<count()).map { _ -> TemplateSection in
            let id = try string(), title = try string(), guidance = try string(), graded = try bool()
            let questions = try (0..<count()).map { _ -> Question in
                let id = try string(), text = try string(), guidance = try string()
                let type: QuestionType = try value(try string())
                let required = try bool(), appliesTo = try enums(Cohort.self), options = try strings(), source = try string()
                let role = try string(), noteOn = try enums(Answer.self), requiredIf = try string()
                return Question(id: id, text: text, guidance: guidance, type: type, required: required,
                                appliesTo: appliesTo, options: options, source: source,
                                role: role.isEmpty ? nil : try value(role), noteOn: noteOn,
                                requiredIf: requiredIf.isEmpty ? nil : requiredIf)
            }
            let limits = try (0..<count()).map { _ in
                let question = try string(), when = try enums(Answer.self)
                let cap: Grade = try value(try string())
                let atLeast = try bool() ? Double(bitPattern: UInt64(bitPattern: Int64(try int()))) : nil
                let contradicts = try string()
                return LimitRule(question: question, when: when, cap: cap, atLeast: atLeast,
                                 contradicts: contradicts.isEmpty ? nil : contradicts)
            }
            return TemplateSection(id: id, title: title, guidance: guidance, graded: graded, questions: questions, limits: limits)
        }
        return AuditTemplate(id: id, title: title, version: version, description: description, cohorts: cohorts,
                             sections: sections, overallGuidance: overallGuidance)
    }
}
