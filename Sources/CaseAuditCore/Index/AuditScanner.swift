import Foundation

/// What the index keeps of one audit file.
struct ScannedAudit: Equatable, Sendable {
    struct SectionGrade: Equatable, Sendable {
        var section: String
        var grade: Grade
    }

    var id = ""
    var template = TemplateRef(id: "", version: 0)
    var status = AuditStatus.draft
    var origin = AuditOrigin.interactive
    var cohort: Cohort?
    var month: Month?
    var updated: Double = 0
    var caseRef = ""
    var team = ""
    var auditor = ""
    var worker = ""
    /// Effective grades (moderated wins), in file order.
    var grades: [SectionGrade] = []
    var overall: Grade?
    /// Ids of the sections recorded in the file: used only when the template version is unknown.
    var sectionKeys: [String] = []
}

/// Reads the fields the index needs straight from an audit file's bytes, checking the same
/// things `AuditCoding.decode` checks (JSON syntax, required fields, field types, allowed
/// words, dates, schema) so that a file the store would reject is a problem here too.
///
/// Why not `JSONDecoder`: decoding every answer and note of 100,000 audits into `Audit`
/// values takes several times longer than reading the files; this reads each byte once.
struct AuditScanner {
    struct Failure: Error {
        var message: String
        var offset: Int
    }

    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var p = 0
    private var highBytes: UInt8 = 0
    private var path: [String] = []

    init(_ base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.end = count
    }

    /// Scans a whole file. `file` names it in diagnostics; `expectedID` is the file name without
    /// `.json`, or nil not to check the id (`AuditCoding.decode`).
    static func scan(_ bytes: UnsafeRawBufferPointer, file: String, expectedID: String?) -> Result<ScannedAudit, Diagnostic> {
        guard let raw = bytes.baseAddress, bytes.count > 0 else {
            return .failure(.error(file, "the audit file is empty",
                                   remedy: "restore it from a backup or delete it; the history in history/ shows its last contents"))
        }
        var scanner = AuditScanner(raw.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        do {
            let audit = try scanner.audit()
            if scanner.highBytes >= 0x80,
               String(validating: UnsafeBufferPointer(start: scanner.base, count: bytes.count), as: UTF8.self) == nil {
                return .failure(.error(file, "the audit file is not valid UTF-8 text",
                                       remedy: "restore it from a backup; do not edit audit files with a word processor"))
            }
            if let expectedID, audit.id != expectedID {
                return .failure(.error(file, "the id inside (\"\(audit.id)\") does not match the file name (\"\(expectedID)\")",
                                       remedy: "a copied file needs a new id: rename the file or change \"id\" to match"))
            }
            return .success(audit)
        } catch let failure as Failure {
            return .failure(.error(file, line: scanner.line(at: failure.offset), failure.message,
                                   remedy: "fix the JSON by hand or restore the file from a backup"))
        } catch let d as Diagnostic {
            return .failure(d.with(file: file))
        } catch {
            return .failure(.error(file, "\(error)", remedy: "restore the file from a backup"))
        }
    }

    func line(at offset: Int) -> Int {
        var n = 1
        var i = 0
        let stop = min(offset, end)
        while i < stop {
            if base[i] == 0x0A { n += 1 }
            i += 1
        }
        return n
    }

    // MARK: the audit

    private mutating func audit() throws -> ScannedAudit {
        var a = ScannedAudit()
        var schema: Int?
        var haveID = false, haveTemplate = false, haveStatus = false, haveCreated = false
        var created: Double = 0
        var updated: Double?
        try beginObject()
        var first = true
        var seen = Set<String>()
        while let key = try nextKey(&first) {
            try once(key, &seen)
            switch key {
            case "schema": schema = try integer()
            case "id": a.id = try string(); haveID = true
            case "template": a.template = try templateRef(); haveTemplate = true
            case "status": a.status = try word(AuditStatus.init(rawValue:), "draft or complete"); haveStatus = true
            case "origin":
                if !(try null()) { a.origin = try word(AuditOrigin.init(rawValue:), "interactive, imported or demo") }
            case "case_ref": if !(try null()) { a.caseRef = try string() }
            case "team": if !(try null()) { a.team = try string() }
            case "auditor": if !(try null()) { a.auditor = try string() }
            case "worker": if !(try null()) { a.worker = try string() }
            case "cohort": if !(try null()) { a.cohort = try word(Cohort.init(rawValue:), "EH, CIN, CP, LAC or CL") }
            case "month": if !(try null()) { a.month = try word(Month.init, "a month written YYYY-MM") }
            case "created": created = try date(); haveCreated = true
            case "updated": if !(try null()) { updated = try date() }
            case "completed": if !(try null()) { _ = try date() }
            case "sections": if !(try null()) { try sections(into: &a) }
            case "overall": if !(try null()) { a.overall = try sectionRecord() }
            case "actions":
                if !(try null()) {
                    try beginArray()
                    var firstItem = true
                    while try nextElement(&firstItem) {
                        try plainObject(strings: ["what", "who", "by"], bools: ["done"])
                    }
                }
            case "feedback": if !(try null()) { try plainObject(strings: ["worker", "family"], bools: []) }
            default: try skipValue()
            }
        }
        skipSpace()
        if p < end { throw Failure(message: "not valid JSON: unexpected text after the audit", offset: p) }
        func missing(_ name: String) -> Diagnostic {
            .error("", "missing field \"\(name)\"", remedy: "add the field or restore the file from a backup")
        }
        guard let schema else { throw missing("schema") }
        guard haveID else { throw missing("id") }
        guard haveTemplate else { throw missing("template") }
        guard haveStatus else { throw missing("status") }
        guard haveCreated else { throw missing("created") }
        if schema > Audit.currentSchema {
            throw Diagnostic.error("", "the audit file has schema \(schema), newer than this program understands (\(Audit.currentSchema))",
                                   remedy: "upgrade caseaudit")
        }
        a.updated = updated ?? created
        return a
    }

    private mutating func templateRef() throws -> TemplateRef {
        var id: String?
        var version: Int?
        try beginObject()
        var first = true
        var seen = Set<String>()
        while let key = try nextKey(&first) {
            try once(key, &seen)
            switch key {
            case "id": id = try string()
            case "version": version = try integer()
            default: try skipValue()
            }
        }
        guard let id, let version else {
            throw Diagnostic.error("", "missing field \"template.\(id == nil ? "id" : "version")\"",
                                   remedy: "add the field or restore the file from a backup")
        }
        return TemplateRef(id: id, version: version)
    }

    private mutating func sections(into a: inout ScannedAudit) throws {
        try beginObject()
        var first = true
        var seen = Set<String>()
        while let key = try nextKey(&first) {
            try once(key, &seen)
            a.sectionKeys.append(key)
            if let g = try sectionRecord() {
                a.grades.append(.init(section: key, grade: g))
            }
        }
    }

    /// The effective grade of a section record or of the overall judgement: moderated wins.
    private mutating func sectionRecord() throws -> Grade? {
        var grade: Grade?
        var moderated: Grade?
        try beginObject()
        var first = true
        var seen = Set<String>()
        while let key = try nextKey(&first) {
            try once(key, &seen)
            switch key {
            case "answers":
                if !(try null()) {
                    try beginObject()
                    var firstAnswer = true
                    while try nextKey(&firstAnswer) != nil { try response() }
                }
            case "grade": if !(try null()) { grade = try self.grade() }
            case "rationale": if !(try null()) { try skipString() }
            case "moderation": if !(try null()) { moderated = try moderation() }
            default: try skipValue()
            }
        }
        return moderated ?? grade
    }

    private mutating func moderation() throws -> Grade {
        var grade: Grade?
        var by = false, at = false, rationale = false
        try beginObject()
        var first = true
        var seen = Set<String>()
        while let key = try nextKey(&first) {
            try once(key, &seen)
            switch key {
            case "grade": grade = try self.grade()
            case "by": try skipString(); by = true
            case "at": _ = try date(); at = true
            case "rationale": try skipString(); rationale = true
            default: try skipValue()
            }
        }
        for (name, present) in [("grade", grade != nil), ("by", by), ("at", at), ("rationale", rationale)] where !present {
            throw Diagnostic.error("", "missing field \"\(path.joined(separator: ".")).moderation.\(name)\"",
                                   remedy: "add the field or restore the file from a backup")
        }
        return grade!
    }

    private mutating func response() throws {
        try beginObject()
        var first = true
        while let key = try nextKey(&first) {
            switch key {
            case "answer": if !(try null()) { _ = try word(Answer.init(rawValue:), "yes, partly, no or na") }
            case "value", "note", "action": if !(try null()) { try skipString() }
            case "smart":
                if !(try null()) {
                    try plainObject(strings: [], bools: ["specific", "measurable", "achievable", "realistic", "time_bound"])
                }
            default: try skipValue()
            }
        }
    }

    /// An object whose listed keys must be strings (or null) and booleans (or null).
    private mutating func plainObject(strings: [String], bools: [String]) throws {
        try beginObject()
        var first = true
        while let key = try nextKey(&first) {
            if strings.contains(key) {
                if !(try null()) { try skipString() }
            } else if bools.contains(key) {
                if !(try null()) { _ = try bool() }
            } else {
                try skipValue()
            }
        }
    }

    private mutating func grade() throws -> Grade {
        try word(Grade.init(rawValue:), "outstanding, good, requires-improvement, inadequate or na")
    }

    // MARK: JSON

    private mutating func skipSpace() {
        while p < end {
            let b = base[p]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { p += 1 } else { return }
        }
    }

    private mutating func peek() -> UInt8? {
        skipSpace()
        return p < end ? base[p] : nil
    }

    private func fail(_ what: String) -> Failure {
        let place = path.isEmpty ? "" : " at \"\(path.joined(separator: "."))\""
        return Failure(message: "not valid JSON\(place): \(what)", offset: p)
    }

    /// A key the index reads, given twice in one object: JSON leaves open which one counts
    /// (Foundation and this scanner took different ones; fuzzing found it), so the file is refused.
    private func once(_ key: String, _ seen: inout Set<String>) throws {
        if !seen.insert(key).inserted { throw fail("the key \"\(key)\" is given twice in the same object; keep one") }
    }

    private func bad(_ what: String) -> Failure {
        Failure(message: "bad value at \"\(path.joined(separator: "."))\": \(what)", offset: p)
    }

    private mutating func beginObject() throws {
        guard peek() == 0x7B else { throw bad("expected an object") }
        p += 1
    }

    /// The next key of the object begun with `beginObject`, or nil after its closing brace.
    /// Keeps `path` (for messages) pointing at the current member.
    private mutating func nextKey(_ first: inout Bool) throws -> String? {
        if first {
            first = false
            if peek() == 0x7D { p += 1; return nil }
        } else {
            path.removeLast()
            switch peek() {
            case 0x2C: p += 1
            case 0x7D: p += 1; return nil
            default: throw fail("expected ',' or '}'")
            }
        }
        guard peek() == 0x22 else { throw fail("expected a key in quotes") }
        let key = try string()
        guard peek() == 0x3A else { throw fail("expected ':' after \"\(key)\"") }
        p += 1
        path.append(key)
        return key
    }

    private mutating func beginArray() throws {
        guard peek() == 0x5B else { throw bad("expected a list") }
        p += 1
    }

    /// True when another element of the array follows (positioned at it).
    private mutating func nextElement(_ first: inout Bool) throws -> Bool {
        if first {
            first = false
            if peek() == 0x5D { p += 1; return false }
            return true
        }
        switch peek() {
        case 0x2C: p += 1; return true
        case 0x5D: p += 1; return false
        default: throw fail("expected ',' or ']'")
        }
    }

    /// Consumes `null` and returns true, or returns false at any other value.
    private mutating func null() throws -> Bool {
        if peek() == 0x6E { try literal("null"); return true }
        return false
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard p + n <= end, memcmp(base + p, word.utf8Start, n) == 0 else { throw fail("unexpected text") }
        p += n
    }

    private mutating func bool() throws -> Bool {
        switch peek() {
        case 0x74: try literal("true"); return true
        case 0x66: try literal("false"); return false
        default: throw bad("expected true or false")
        }
    }

    /// Finds the end of a string starting at `p` (on the quote); returns the content range and
    /// whether it holds escapes. Leaves `p` after the closing quote.
    private mutating func stringRange() throws -> (Int, Int, Bool) {
        guard peek() == 0x22 else { throw bad("expected text in quotes") }
        p += 1
        let start = p
        var escaped = false
        var high: UInt8 = 0
        while p < end {
            let b = base[p]
            if b == 0x22 {
                highBytes |= high
                p += 1
                return (start, p - 1, escaped)
            } else if b == 0x5C {
                escaped = true
                p += 2
            } else if b < 0x20 {
                throw fail("a control character inside text")
            } else {
                high |= b
                p += 1
            }
        }
        throw fail("text without a closing quote")
    }

    private mutating func skipString() throws {
        let (s, e, escaped) = try stringRange()
        if escaped { _ = try unescape(s, e) }
    }

    private mutating func string() throws -> String {
        let (s, e, escaped) = try stringRange()
        if escaped { return try unescape(s, e) }
        return String(decoding: UnsafeBufferPointer(start: base + s, count: e - s), as: UTF8.self)
    }

    private func unescape(_ s: Int, _ e: Int) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(e - s)
        var i = s
        func hex4(_ at: Int) throws -> UInt32 {
            guard at + 4 <= e else { throw Failure(message: "not valid JSON: a short \\u escape", offset: at) }
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = base[at + k]
                let d: UInt8
                switch c {
                case 0x30...0x39: d = c - 0x30
                case 0x41...0x46: d = c - 0x41 + 10
                case 0x61...0x66: d = c - 0x61 + 10
                default: throw Failure(message: "not valid JSON: a bad \\u escape", offset: at)
                }
                v = v << 4 | UInt32(d)
            }
            return v
        }
        while i < e {
            let b = base[i]
            guard b == 0x5C else { out.append(b); i += 1; continue }
            guard i + 1 < e else { throw Failure(message: "not valid JSON: a bad escape", offset: i) }
            switch base[i + 1] {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x2F: out.append(0x2F)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                let escape = i
                var v = try hex4(i + 2)
                i += 4
                if (0xD800...0xDBFF).contains(v), i + 7 < e + 1, base[i + 2] == 0x5C, i + 3 < e, base[i + 3] == 0x75 {
                    let low = try hex4(i + 4)
                    if (0xDC00...0xDFFF).contains(low) {
                        v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                // Half of a surrogate pair is not a character; Foundation's reader refuses it too.
                guard let scalar = Unicode.Scalar(v) else {
                    throw Failure(message: "not valid JSON: a \\u escape that is half of a character pair", offset: escape)
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: throw Failure(message: "not valid JSON: a bad escape", offset: i)
            }
            i += 2
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func word<T>(_ make: (String) -> T?, _ allowed: String) throws -> T {
        let text = try string()
        guard let v = make(text) else { throw bad("\"\(text)\" is not allowed; use \(allowed)") }
        return v
    }

    private mutating func integer() throws -> Int {
        guard let first = peek() else { throw fail("expected a number") }
        var negative = false
        if first == 0x2D { negative = true; p += 1 }
        var v = 0
        var digits = 0
        while p < end, base[p] >= 0x30, base[p] <= 0x39 {
            v = v &* 10 &+ Int(base[p] - 0x30)
            digits += 1
            p += 1
        }
        guard digits > 0, digits < 19 else { throw bad("expected a whole number") }
        if p < end, base[p] == 0x2E || base[p] == 0x65 || base[p] == 0x45 { throw bad("expected a whole number") }
        return negative ? -v : v
    }

    private mutating func skipNumber() throws {
        let start = p
        if p < end, base[p] == 0x2D { p += 1 }
        var digits = 0
        while p < end, (0x30...0x39).contains(base[p]) || base[p] == 0x2E || base[p] == 0x65 || base[p] == 0x45
            || base[p] == 0x2B || base[p] == 0x2D {
            if (0x30...0x39).contains(base[p]) { digits += 1 }
            p += 1
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: p - start), as: UTF8.self)
        guard digits > 0, Double(text) != nil else { throw fail("a malformed number") }
    }

    private mutating func skipValue(depth: Int = 0) throws {
        guard depth < 64 else { throw fail("nested too deeply") }
        switch peek() {
        case 0x7B:
            try beginObject()
            var first = true
            while try nextKey(&first) != nil { try skipValue(depth: depth + 1) }
        case 0x5B:
            try beginArray()
            var first = true
            while try nextElement(&first) { try skipValue(depth: depth + 1) }
        case 0x22: try skipString()
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        case .some(let b) where b == 0x2D || (0x30...0x39).contains(b): try skipNumber()
        default: throw fail("unexpected text")
        }
    }

    /// A date in the one form audit files hold (`AuditDate`, shared with `AuditCoding`). Seconds since 1970.
    private mutating func date() throws -> Double {
        let (s, e, escaped) = try stringRange()
        let seconds = escaped ? AuditDate.seconds(try unescape(s, e))
            : AuditDate.seconds(UnsafeBufferPointer(start: base + s, count: e - s))
        guard let seconds else { throw bad(AuditDate.expected) }
        return seconds
    }
}

extension Diagnostic {
    func with(file: String) -> Diagnostic {
        var copy = self
        copy.file = file
        return copy
    }
}
