import Foundation

/// Writes an audit in exactly the bytes `AuditCoding.encode` gives (pretty-printed, keys sorted
/// by their UTF-8 bytes, `"key" : value`, empty containers as `[\n\n  ]`, ISO 8601 dates), several
/// times faster, for `caseaudit demo --audits 100000`. Tests compare it byte for byte with
/// `AuditCoding.encode` on thousands of generated audits; anything else uses `AuditCoding`.
struct DemoJSON {
    private var out: [UInt8] = []

    static func encode(_ audit: Audit) -> Data {
        var w = DemoJSON()
        w.out.reserveCapacity(8192)
        w.audit(audit)
        w.out.append(0x0A)
        return Data(w.out)
    }

    /// One JSON value of an object member or array element.
    private enum Value {
        case string(String)
        case int(Int)
        case bool(Bool)
        case object([(String, Value)])
        case array([Value])
    }

    private mutating func audit(_ a: Audit) {
        var members: [(String, Value)] = [
            ("actions", .array(a.actions.map { x in
                .object([("by", .string(x.by)), ("done", .bool(x.done)), ("what", .string(x.what)), ("who", .string(x.who))])
            })),
            ("auditor", .string(a.auditor)),
            ("case_ref", .string(a.caseRef)),
            ("created", .string(DemoJSON.iso(a.created))),
            ("feedback", .object([("family", .string(a.feedback.family)), ("worker", .string(a.feedback.worker))])),
            ("id", .string(a.id)),
            ("origin", .string(a.origin.rawValue)),
            ("overall", judgement(a.overall)),
            ("schema", .int(a.schema)),
            ("sections", .object(a.sections.map { ($0.key, section($0.value)) })),
            ("status", .string(a.status.rawValue)),
            ("team", .string(a.team)),
            ("template", .object([("id", .string(a.template.id)), ("version", .int(a.template.version))])),
            ("updated", .string(DemoJSON.iso(a.updated))),
            ("worker", .string(a.worker)),
        ]
        if let c = a.cohort { members.append(("cohort", .string(c.rawValue))) }
        if let c = a.completed { members.append(("completed", .string(DemoJSON.iso(c)))) }
        if let m = a.month { members.append(("month", .string(m.description))) }
        write(.object(members), indent: 0)
    }

    private func judgement(_ j: Judgement) -> Value {
        var m: [(String, Value)] = [("rationale", .string(j.rationale))]
        if let g = j.grade { m.append(("grade", .string(g.rawValue))) }
        if let x = j.moderation { m.append(("moderation", moderation(x))) }
        return .object(m)
    }

    private func moderation(_ x: Moderation) -> Value {
        .object([("at", .string(DemoJSON.iso(x.at))), ("by", .string(x.by)), ("grade", .string(x.grade.rawValue)),
                 ("rationale", .string(x.rationale))])
    }

    private func section(_ s: SectionRecord) -> Value {
        var m: [(String, Value)] = [("answers", .object(s.answers.map { ($0.key, response($0.value)) })),
                                    ("rationale", .string(s.rationale))]
        if let g = s.grade { m.append(("grade", .string(g.rawValue))) }
        if let x = s.moderation { m.append(("moderation", moderation(x))) }
        return .object(m)
    }

    private func response(_ r: Response) -> Value {
        var m: [(String, Value)] = []
        if let a = r.action { m.append(("action", .string(a))) }
        if let a = r.answer { m.append(("answer", .string(a.rawValue))) }
        if let n = r.note { m.append(("note", .string(n))) }
        if let s = r.smart {
            m.append(("smart", .object([("achievable", .bool(s.achievable)), ("measurable", .bool(s.measurable)),
                                        ("realistic", .bool(s.realistic)), ("specific", .bool(s.specific)),
                                        ("time_bound", .bool(s.timeBound))])))
        }
        if let v = r.value { m.append(("value", .string(v))) }
        return .object(m)
    }

    private mutating func write(_ v: Value, indent: Int) {
        switch v {
        case .string(let s): string(s)
        case .int(let i): out.append(contentsOf: Array(String(i).utf8))
        case .bool(let b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            out.append(0x0A)
            let sorted = members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            for (i, (key, value)) in sorted.enumerated() {
                spaces(indent + 2)
                string(key)
                out.append(contentsOf: [0x20, UInt8(ascii: ":"), 0x20])
                write(value, indent: indent + 2)
                if i < sorted.count - 1 { out.append(UInt8(ascii: ",")) }
                out.append(0x0A)
            }
            if sorted.isEmpty { out.append(0x0A) }
            spaces(indent)
            out.append(UInt8(ascii: "}"))
        case .array(let items):
            out.append(UInt8(ascii: "["))
            out.append(0x0A)
            for (i, item) in items.enumerated() {
                spaces(indent + 2)
                write(item, indent: indent + 2)
                if i < items.count - 1 { out.append(UInt8(ascii: ",")) }
                out.append(0x0A)
            }
            if items.isEmpty { out.append(0x0A) }
            spaces(indent)
            out.append(UInt8(ascii: "]"))
        }
    }

    private mutating func spaces(_ n: Int) {
        for _ in 0..<n { out.append(0x20) }
    }

    private mutating func string(_ s: String) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, b])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC, as `.iso8601` writes whole seconds.
    static func iso(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }
}
