import Foundation

/// The one writer of an audit as JSON: pretty-printed for its file, on one line for an export.
/// The bytes are those Foundation's `JSONEncoder` wrote with `.sortedKeys`,
/// `.withoutEscapingSlashes` and `.iso8601` dates (keys in UTF-8 byte order, the same escapes,
/// an empty object or array as it writes them), so files saved before read back unchanged;
/// `AuditWriterTests` holds the two side by side. Written by hand because re-encoding every
/// audit with `JSONEncoder` was most of the time of a JSON Lines export.
struct AuditWriter {
    private(set) var out: [UInt8] = []
    private let pretty: Bool
    private var depth = 0
    /// Per open object or array: nothing written in it yet.
    private var empty: [Bool] = []

    static func bytes(_ audit: Audit, pretty: Bool) -> [UInt8] {
        var w = AuditWriter(pretty: pretty)
        w.out.reserveCapacity(pretty ? 8192 : 6144)
        w.audit(audit)
        return w.out
    }

    private init(pretty: Bool) { self.pretty = pretty }

    // MARK: the audit's parts, keys in byte order, absent optionals left out

    private mutating func audit(_ a: Audit) {
        begin(0x7B)
        key("actions"); begin(0x5B)
        for action in a.actions { element(); self.action(action) }
        end(0x5D)
        key("auditor"); string(a.auditor)
        key("case_ref"); string(a.caseRef)
        if let cohort = a.cohort { key("cohort"); string(cohort.rawValue) }
        if let completed = a.completed { key("completed"); date(completed) }
        key("created"); date(a.created)
        key("feedback"); feedback(a.feedback)
        key("id"); string(a.id)
        if let month = a.month { key("month"); string(month.description) }
        key("origin"); string(a.origin.rawValue)
        key("overall"); judgement(a.overall)
        key("schema"); number(a.schema)
        key("sections"); begin(0x7B)
        for id in sorted(a.sections.keys) { key(id); section(a.sections[id]!) }
        end(0x7D)
        key("status"); string(a.status.rawValue)
        key("team"); string(a.team)
        key("template"); begin(0x7B)
        key("id"); string(a.template.id)
        key("version"); number(a.template.version)
        end(0x7D)
        key("updated"); date(a.updated)
        key("worker"); string(a.worker)
        end(0x7D)
    }

    private mutating func section(_ s: SectionRecord) {
        begin(0x7B)
        key("answers"); begin(0x7B)
        for id in sorted(s.answers.keys) { key(id); response(s.answers[id]!) }
        end(0x7D)
        if let grade = s.grade { key("grade"); string(grade.rawValue) }
        if let m = s.moderation { key("moderation"); moderation(m) }
        key("rationale"); string(s.rationale)
        end(0x7D)
    }

    private mutating func response(_ r: Response) {
        begin(0x7B)
        if let action = r.action { key("action"); string(action) }
        if let answer = r.answer { key("answer"); string(answer.rawValue) }
        if let note = r.note { key("note"); string(note) }
        if let s = r.smart {
            key("smart"); begin(0x7B)
            key("achievable"); bool(s.achievable)
            key("measurable"); bool(s.measurable)
            key("realistic"); bool(s.realistic)
            key("specific"); bool(s.specific)
            key("time_bound"); bool(s.timeBound)
            end(0x7D)
        }
        if let value = r.value { key("value"); string(value) }
        end(0x7D)
    }

    private mutating func judgement(_ j: Judgement) {
        begin(0x7B)
        if let grade = j.grade { key("grade"); string(grade.rawValue) }
        if let m = j.moderation { key("moderation"); moderation(m) }
        key("rationale"); string(j.rationale)
        end(0x7D)
    }

    private mutating func moderation(_ m: Moderation) {
        begin(0x7B)
        key("at"); date(m.at)
        key("by"); string(m.by)
        key("grade"); string(m.grade.rawValue)
        key("rationale"); string(m.rationale)
        end(0x7D)
    }

    private mutating func action(_ a: AuditAction) {
        begin(0x7B)
        key("by"); string(a.by)
        if let from = a.carriedFrom { key("carried_from"); string(from) }
        key("done"); bool(a.done)
        if let on = a.doneOn { key("done_on"); string(on) }
        if let outcome = a.outcome { key("outcome"); string(outcome.rawValue) }
        key("what"); string(a.what)
        key("who"); string(a.who)
        end(0x7D)
    }

    /// As `Feedback.encode(to:)`: the newer fields only when given.
    private mutating func feedback(_ f: Feedback) {
        begin(0x7B)
        key("family"); string(f.family)
        if let r = f.reply {
            key("reply"); begin(0x7B)
            key("agreement"); string(r.agreement.rawValue)
            key("date"); string(r.date)
            key("text"); string(r.text)
            end(0x7D)
        }
        if !f.toWorker.isEmpty { key("to_worker"); string(f.toWorker) }
        key("worker"); string(f.worker)
        end(0x7D)
    }

    // MARK: layout

    private func sorted<V>(_ keys: Dictionary<String, V>.Keys) -> [String] {
        keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private mutating func begin(_ bracket: UInt8) {
        out.append(bracket)
        depth += 1
        empty.append(true)
    }

    private mutating func end(_ bracket: UInt8) {
        depth -= 1
        if pretty {
            // Foundation writes an empty object or array with an empty line inside.
            if empty.removeLast() { out.append(0x0A) }
            newline()
        } else {
            empty.removeLast()
        }
        out.append(bracket)
    }

    private mutating func newline() {
        out.append(0x0A)
        for _ in 0..<depth { out.append(0x20); out.append(0x20) }
    }

    /// Before a member or an element: the comma after the one before, and the line.
    private mutating func element() {
        if empty[empty.count - 1] { empty[empty.count - 1] = false } else { out.append(0x2C) }
        if pretty { newline() }
    }

    private mutating func key(_ k: String) {
        element()
        string(k)
        if pretty { out.append(0x20) }
        out.append(0x3A)
        if pretty { out.append(0x20) }
    }

    // MARK: values

    private mutating func bool(_ b: Bool) { out.append(contentsOf: (b ? "true" : "false").utf8) }

    private mutating func number(_ n: Int) { out.append(contentsOf: String(n).utf8) }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Quote, backslash and the control characters escaped (the short forms where JSON has them),
    /// every other character as it is.
    private mutating func string(_ s: String) {
        out.append(0x22)
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            for (i, c) in bytes.enumerated() where c < 0x20 || c == 0x22 || c == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                start = i + 1
                out.append(0x5C)
                switch c {
                case 0x22, 0x5C: out.append(c)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                default:
                    out.append(contentsOf: "u00".utf8)
                    out.append(Self.hex[Int(c >> 4)])
                    out.append(Self.hex[Int(c & 0x0F)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(0x22)
    }

    /// `2018-12-03T10:15:00Z`: whole seconds, rounded down, in UTC, as `.iso8601` writes them.
    private mutating func date(_ d: Date) {
        let t = d.timeIntervalSince1970
        // Years Foundation writes in another calendar or with more digits: its own formatter.
        guard t.isFinite, t >= -12_212_553_600, t < 253_402_300_800 else { return string(ISO8601DateFormatter().string(from: d)) }
        let seconds = Int(t.rounded(.down))
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let (y, m, day) = AuditDate.civil(fromDays: days)
        let rest = seconds - days * 86400
        out.append(0x22)
        digits(y, 4); out.append(0x2D); digits(m, 2); out.append(0x2D); digits(day, 2)
        out.append(0x54)
        digits(rest / 3600, 2); out.append(0x3A); digits(rest / 60 % 60, 2); out.append(0x3A); digits(rest % 60, 2)
        out.append(0x5A)
        out.append(0x22)
    }

    private mutating func digits(_ n: Int, _ width: Int) {
        var div = 1
        for _ in 1..<width { div *= 10 }
        while div > 0 {
            out.append(UInt8(0x30 + n / div % 10))
            div /= 10
        }
    }
}
