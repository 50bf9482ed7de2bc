import Foundation

/// The one reader of audit files: checks the JSON (`JSONScanner`, the one strictness pass) and
/// builds the `Audit` in the same pass over the bytes, with no tree of values in between.
/// Foundation's `JSONDecoder` took most of a cold report's time; this reads what it read, with
/// the same defaults for absent fields and the same wording of errors.
struct AuditReader {
    /// Well-formed JSON that is not what an audit holds, and where.
    struct FieldError: Error {
        enum Kind {
            /// Another type of value: Foundation's wording ("Expected to decode Int but found a string instead.").
            case typeMismatch(String)
            /// Null where a value is needed.
            case valueNotFound
            /// A field that must be there is not; the name is the missing key.
            case keyNotFound(String)
            /// A value of the right type that is not allowed.
            case dataCorrupted(String)
        }
        enum Step { case key(String), index(Int) }

        var kind: Kind
        /// Keys and array positions from the top, to the value (or to the object missing a key).
        var path: [Step] = []

        /// The path as the messages write it: `sections.plan.grade`, `actions[0].who`.
        func text(_ steps: [Step]) -> String {
            var out = ""
            for step in steps {
                switch step {
                case .key(let k): out += out.isEmpty ? k : ".\(k)"
                case .index(let n): out += "[\(n)]"
                }
            }
            return out
        }

        /// The keys alone, for finding the line (`JSONKeyLocator` skips array positions).
        var keys: [String] {
            path.compactMap { if case .key(let k) = $0 { return k } else { return nil } }
        }
    }

    private var s: JSONScanner

    /// Reads one audit from the bytes of a file; throws `JSONScanner.Failure` for text that is not
    /// JSON and `FieldError` for JSON that is not an audit.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Audit {
        var reader = AuditReader(s: JSONScanner(bytes))
        reader.s.skipSpace()
        let audit = try reader.audit()
        reader.s.skipSpace()
        if !reader.s.atEnd { throw reader.s.fail("unexpected text after the end of the JSON value") }
        return audit
    }

    /// A syntax error, with its line and column, from a failure this reader threw.
    static func syntaxError(_ f: JSONScanner.Failure, in bytes: UnsafeBufferPointer<UInt8>) -> JSONSyntaxError {
        JSONScanner(bytes).syntaxError(f)
    }

    // MARK: the audit's parts, each as its `Codable` type wrote it

    private mutating func audit() throws -> Audit {
        var schema: Int?, id: String?, template: TemplateRef?, status: AuditStatus?, created: Date?, updated: Date?
        var a = Audit(id: "", template: TemplateRef(id: "", version: 0), created: Date(timeIntervalSince1970: 0))
        var o = try object()
        var key = ""
        do {
            while let k = try s.nextKey(&o) {
                key = keyText(k)
                switch key {
                case "schema": schema = try required(int())
                case "id": id = try required(string())
                case "template": template = try required(templateRef())
                case "status": status = try required(word(AuditStatus.self))
                case "origin": a.origin = try word(AuditOrigin.self) ?? .interactive
                case "case_ref": a.caseRef = try string() ?? ""
                case "cohort": a.cohort = try word(Cohort.self)
                case "team": a.team = try string() ?? ""
                case "auditor": a.auditor = try string() ?? ""
                case "worker": a.worker = try string() ?? ""
                case "month": a.month = try month()
                case "created": created = try required(date())
                case "updated": updated = try date()
                case "completed": a.completed = try date()
                case "sections": a.sections = try sections() ?? [:]
                case "overall": a.overall = try judgement() ?? Judgement()
                case "actions": a.actions = try actions() ?? []
                case "feedback": a.feedback = try feedback() ?? Feedback()
                default: try s.skipValue(depth: 1)
                }
            }
        } catch var e as FieldError {
            e.path.insert(.key(key), at: 0)
            throw e
        }
        // Checked in the order `Audit`'s decoder asked for them.
        a.schema = try present(schema, "schema")
        a.id = try present(id, "id")
        a.template = try present(template, "template")
        a.status = try present(status, "status")
        a.created = try present(created, "created")
        a.updated = updated ?? a.created
        return a
    }

    private mutating func templateRef() throws -> TemplateRef? {
        guard var o = try optionalObject() else { return nil }
        var id: String?, version: Int?
        var key = ""
        do {
            while let k = try s.nextKey(&o) {
                key = keyText(k)
                switch key {
                case "id": id = try required(string())
                case "version": version = try required(int())
                default: try s.skipValue(depth: 2)
                }
            }
        } catch var e as FieldError {
            e.path.insert(.key(key), at: 0)
            throw e
        }
        return TemplateRef(id: try present(id, "id"), version: try present(version, "version"))
    }

    private mutating func sections() throws -> [String: SectionRecord]? {
        guard var o = try optionalObject() else { return nil }
        var out: [String: SectionRecord] = [:]
        var key = ""
        do {
            while let k = try s.nextKey(&o) {
                key = keyText(k)
                out[key] = try required(sectionRecord())
            }
        } catch var e as FieldError {
            e.path.insert(.key(key), at: 0)
            throw e
        }
        return out
    }

    private mutating func sectionRecord() throws -> SectionRecord? {
        guard var o = try optionalObject() else { return nil }
        var r = SectionRecord()
        var key = ""
        do {
            while let k = try s.nextKey(&o) {
                key = keyText(k)
                switch key {
                case "answers": r.answers = try answers() ?? [:]
                case "grade": r.grade = try word(Grade.self)
                case "rationale": r.rationale = try string() ?? ""
                case "moderation": r.moderation = try moderation()
                default: try s.skipValue(depth: 3)
                }
            }
        } catch var e as FieldError {
            e.path.insert(.key(key), at: 0)
            throw e
        }
        return r
    }

    private mutating func answers() throws -> [String: Response]? {
        guard var o = try optionalObject() else { return nil }
        var out: [String: Response] = [:]
        var key = ""
        do {
            while let k = try s.nextKey(&o) {
                key = keyText(k)
                out[key] = try required(response())
            }
        } catch var e as FieldError {
            e.path.insert(.key(key), at: 0)
            throw e
        }
        return out
    }

    private mutating func response() throws -> Response? {
        guard var o = try optionalObject() else { return nil }
        var r = Response()
        var key = ""
        do {
            while let k = try s.nextKey(&o) {
                key = keyText(k)
                switch key {
                case "answer": r.answer = try word(Answer.self)
                case "value": r.value = try string()
                case "note": r.note = try string()
                case "action": r.action = try string()
                case "smart": r.smart = try smartCheck()
                default: try s.skipValue(depth: 5)
                }
            }
        } catch var e as FieldError {
            e.path.insert(.key(key), at: 0)
            throw e
        }
        return r
    }

    private mutating func smartCheck() throws -> SmartCheck? {
        guard var o = try optionalObject() else { return nil }
        var flags = [Bool?](repeating: nil, count: 5)
        let names = ["specific", "measurable", "achievable", "realistic", "time_bound"]
        var key = ""
        do {
            while let k = try s.nextKey(&o) {
                key = keyText(k)
                if let n = names.firstIndex(of: key) { flags[n] = try required(bool()) } else { try s.skipValue(depth: 6) }
            }
        } catch var e as FieldError {
            e.path.insert(.key(key), at: 0)
            throw e
        }
        for n in 0..<5 where flags[n] == nil { throw FieldError(kind: .keyNotFound(names[n])) }
        return SmartCheck(specific: flags[0]!, measurable: flags[1]!, achievable: flags[2]!, realistic: flags[3]!, timeBound: flags[4]!)
    }

    private mutating func judgement() throws -> Judgement? {
        guard var o = try optionalObject() else { return nil }
        var j = Judgement()
        var key = ""
        do {
            while let k = try s.nextKey(&o) {
                key = keyText(k)
                switch key {
                case "grade": j.grade = try word(Grade.self)
                case "rationale": j.rationale = try string() ?? ""
                case "moderation": j.moderation = try moderation()
                default: try s.skipValue(depth: 2)
                }
            }
        } catch var e as FieldError {
            e.path.insert(.key(key), at: 0)
            throw e
        }
        return j
    }

    private mutating func moderation() throws -> Moderation? {
        guard var o = try optionalObject() else { return nil }
        var grade: Grade?, by: String?, at: Date?, rationale: String?
        var key = ""
        do {
            while let k = try s.nextKey(&o) {
                key = keyText(k)
                switch key {
                case "grade": grade = try required(word(Grade.self))
                case "by": by = try required(string())
                case "at": at = try required(date())
                case "rationale": rationale = try required(string())
                default: try s.skipValue(depth: 4)
                }
            }
        } catch var e as FieldError {
            e.path.insert(.key(key), at: 0)
            throw e
        }
        return Moderation(grade: try present(grade, "grade"), by: try present(by, "by"), at: try present(at, "at"),
                          rationale: try present(rationale, "rationale"))
    }

    private mutating func actions() throws -> [AuditAction]? {
        guard try kind(expecting: "Array<Any>", .array) else { return nil }
        var out: [AuditAction] = []
        var first = true
        try s.beginArray()
        do {
            while try s.nextElement(&first) { out.append(try required(action())) }
        } catch var e as FieldError {
            e.path.insert(.index(out.count), at: 0)
            throw e
        }
        return out
    }

    private mutating func action() throws -> AuditAction? {
        guard var o = try optionalObject() else { return nil }
        var a = AuditAction(what: "", who: "", by: "")
        var key = ""
        do {
            while let k = try s.nextKey(&o) {
                key = keyText(k)
                switch key {
                case "what": a.what = try string() ?? ""
                case "who": a.who = try string() ?? ""
                case "by": a.by = try string() ?? ""
                case "done": a.done = try bool() ?? false
                case "done_on": a.doneOn = try string()
                case "outcome": a.outcome = try word(ActionOutcome.self)
                case "carried_from": a.carriedFrom = try string()
                default: try s.skipValue(depth: 3)
                }
            }
        } catch var e as FieldError {
            e.path.insert(.key(key), at: 0)
            throw e
        }
        return a
    }

    private mutating func feedback() throws -> Feedback? {
        guard var o = try optionalObject() else { return nil }
        var f = Feedback()
        var key = ""
        do {
            while let k = try s.nextKey(&o) {
                key = keyText(k)
                switch key {
                case "worker": f.worker = try string() ?? ""
                case "family": f.family = try string() ?? ""
                case "to_worker": f.toWorker = try string() ?? ""
                case "reply": f.reply = try workerReply()
                default: try s.skipValue(depth: 2)
                }
            }
        } catch var e as FieldError {
            e.path.insert(.key(key), at: 0)
            throw e
        }
        return f
    }

    private mutating func workerReply() throws -> WorkerReply? {
        guard var o = try optionalObject() else { return nil }
        var agreement: WorkerReply.Agreement?
        var r = WorkerReply(agreement: .agree)
        var key = ""
        do {
            while let k = try s.nextKey(&o) {
                key = keyText(k)
                switch key {
                case "agreement": agreement = try required(word(WorkerReply.Agreement.self))
                case "text": r.text = try string() ?? ""
                case "date": r.date = try string() ?? ""
                default: try s.skipValue(depth: 3)
                }
            }
        } catch var e as FieldError {
            e.path.insert(.key(key), at: 0)
            throw e
        }
        r.agreement = try present(agreement, "agreement")
        return r
    }

    // MARK: values; each returns nil for null, which an optional field reads as absent

    private func required<T>(_ value: T?) throws -> T {
        guard let value else { throw FieldError(kind: .valueNotFound) }
        return value
    }

    private func present<T>(_ value: T?, _ key: String) throws -> T {
        guard let value else { throw FieldError(kind: .keyNotFound(key)) }
        return value
    }

    private enum Kind { case object, array, string, number, bool, null }

    /// True when the value at the scanner is of `kind`; false (and moved past) for null; a type
    /// error for any other value. Bytes that begin no value are a syntax error.
    private mutating func kind(expecting type: String, _ kind: Kind) throws -> Bool {
        let found: Kind
        switch s.current {
        case UInt8(ascii: "{"): found = .object
        case UInt8(ascii: "["): found = .array
        case UInt8(ascii: "\""): found = .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): found = .bool
        case UInt8(ascii: "n"): found = .null
        case let c? where c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39): found = .number
        default: throw s.unexpected("a value")
        }
        if found == kind { return true }
        if found == .null {
            try s.word("null")
            return false
        }
        let described: String
        switch found {
        case .object: described = "a dictionary"
        case .array: described = "an array"
        case .string: described = "a string"
        case .number: described = "number"
        case .bool: described = "bool"
        case .null: described = "null"
        }
        throw FieldError(kind: .typeMismatch("Expected to decode \(type) but found \(described) instead."))
    }

    private mutating func object() throws -> JSONScanner.ObjectState {
        guard try kind(expecting: "Dictionary<String, Any>", .object) else { throw FieldError(kind: .valueNotFound) }
        return try s.beginObject()
    }

    private mutating func optionalObject() throws -> JSONScanner.ObjectState? {
        guard try kind(expecting: "Dictionary<String, Any>", .object) else { return nil }
        return try s.beginObject()
    }

    private mutating func string() throws -> String? {
        guard try kind(expecting: "String", .string) else { return nil }
        return try s.string()
    }

    private mutating func bool() throws -> Bool? {
        guard try kind(expecting: "Bool", .bool) else { return nil }
        if s.current == UInt8(ascii: "t") {
            try s.word("true")
            return true
        }
        try s.word("false")
        return false
    }

    /// A whole number; `1.0` and `1e0` read as 1, as Foundation's decoder reads them.
    private mutating func int() throws -> Int? {
        guard try kind(expecting: "Int", .number) else { return nil }
        let (r, integral) = try s.number()
        let text = s.text(r)
        if integral, let n = Int(text) { return n }
        if let d = Double(text), d.rounded() == d, let n = Int(exactly: d) { return n }
        throw FieldError(kind: .dataCorrupted("the number \(text) is not a whole number this program can hold"))
    }

    /// A text value of an enumeration (status, grade, answer...).
    private mutating func word<T: RawRepresentable>(_: T.Type) throws -> T? where T.RawValue == String {
        guard let text = try string() else { return nil }
        guard let value = T(rawValue: text) else {
            throw FieldError(kind: .dataCorrupted("Cannot initialize \(T.self) from invalid String value \(text)"))
        }
        return value
    }

    private mutating func month() throws -> Month? {
        guard let text = try string() else { return nil }
        guard let m = Month(text) else { throw FieldError(kind: .dataCorrupted("month must be YYYY-MM, got \"\(text)\"")) }
        return m
    }

    /// A date and time in the one form `AuditDate` takes, read from the bytes in place.
    private mutating func date() throws -> Date? {
        guard try kind(expecting: "String", .string) else { return nil }
        let start = s.i
        let seconds: Double?
        if try s.skipString() {
            var t = JSONScanner(s.bytes)
            t.i = start
            seconds = AuditDate.seconds(try t.string())
        } else {
            seconds = AuditDate.seconds(UnsafeBufferPointer(rebasing: s.bytes[(start + 1)..<(s.i - 1)]))
        }
        guard let seconds else { throw FieldError(kind: .dataCorrupted(AuditDate.expected)) }
        return Date(timeIntervalSince1970: seconds)
    }

    /// A key's text; keys without escapes (all of them in files this program writes) in place.
    private func keyText(_ r: Range<Int>) -> String {
        let inner = (r.lowerBound + 1)..<(r.upperBound - 1)
        if !s.bytes[inner].contains(UInt8(ascii: "\\")) { return s.text(inner) }
        var t = JSONScanner(s.bytes)
        t.i = r.lowerBound
        return (try? t.string()) ?? s.text(inner)
    }
}
