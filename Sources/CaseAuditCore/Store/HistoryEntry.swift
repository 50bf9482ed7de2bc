import Foundation

/// What a history entry records.
public enum HistoryAction: String, Codable, Sendable, CaseIterable {
    /// The first version of an audit (also written for a file found without any history).
    case create
    /// A draft changed.
    case update
    /// A draft became complete.
    case complete
    /// A completed audit changed (needs a reason).
    case amend
    /// Brought in by `caseaudit import`.
    case `import`
    /// A QA lead's moderated grade added or changed.
    case moderate
    /// A draft deleted from the audits list: every field goes to null and the digest is empty
    /// (there is no file). The history file stays, so the deletion itself stays on record.
    case delete
}

/// One field that changed: its path in the audit file and its text before and after
/// (nil when the field was absent or null).
public struct FieldChange: Codable, Equatable, Sendable {
    public var field: String
    public var from: String?
    public var to: String?

    public init(field: String, from: String?, to: String?) {
        self.field = field
        self.from = from
        self.to = to
    }

    enum CodingKeys: String, CodingKey { case field, from, to }

    // Explicit nulls, so a reader of the file sees "from": null for a field that was added.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(field, forKey: .field)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
    }
}

/// One line of `DATA/history/<id>.jsonl`.
///
/// `hash` is the SHA-256 of the entry's canonical JSON without `hash`; `prev` is the previous
/// entry's `hash` ("" for the first), so editing, removing or reordering a line breaks the chain.
/// `digest` is the SHA-256 of the audit file's bytes after this change.
public struct HistoryEntry: Codable, Equatable, Sendable {
    public var seq: Int
    public var at: Date
    public var user: String
    public var action: HistoryAction
    public var reason: String?
    public var changes: [FieldChange]
    public var digest: String
    public var prev: String
    public var hash: String

    public init(seq: Int, at: Date, user: String, action: HistoryAction, reason: String?,
                changes: [FieldChange], digest: String, prev: String) {
        self.seq = seq
        // Whole seconds: the file holds ISO 8601 without fractions, so a read-back entry is equal.
        self.at = Date(timeIntervalSince1970: (at.timeIntervalSince1970).rounded(.down))
        self.user = user
        self.action = action
        self.reason = reason
        self.changes = changes
        self.digest = digest
        self.prev = prev
        self.hash = ""
    }

    /// The canonical JSON object of this entry, without its `hash` member.
    func unhashedValue() throws -> JSONValue {
        guard case .object(var members) = try JSONValue.from(self) else {
            preconditionFailure("an entry encodes as an object")
        }
        members.removeValue(forKey: "hash")
        return .object(members)
    }

    /// Computes `hash` and returns the line to append (without its newline).
    mutating func seal() throws -> String {
        hash = SHA256.hex(try unhashedValue().canonical)
        return try JSONValue.from(self).canonical
    }

    /// The hash a line should carry: SHA-256 of its canonical form without `hash`.
    static func expectedHash(of value: JSONValue) -> String? {
        guard case .object(var members) = value else { return nil }
        members.removeValue(forKey: "hash")
        return SHA256.hex(JSONValue.object(members).canonical)
    }
}

extension HistoryEntry {
    struct Malformed: Error {}

    /// Reads an entry from parsed JSON, as strictly as the `Decodable` conformance but without
    /// Foundation's decoder, which dominated the cost of verifying large data directories.
    init(json: JSONValue) throws {
        guard case .object(let m) = json,
              case .int(let seq)? = m["seq"],
              case .string(let at)? = m["at"], let date = HistoryEntry.parseISO(at),
              case .string(let user)? = m["user"],
              case .string(let actionText)? = m["action"], let action = HistoryAction(rawValue: actionText),
              case .array(let changeValues)? = m["changes"],
              case .string(let digest)? = m["digest"],
              case .string(let prev)? = m["prev"],
              case .string(let hash)? = m["hash"]
        else { throw Malformed() }
        var reason: String?
        switch m["reason"] {
        case nil, .null?: reason = nil
        case .string(let r)?: reason = r
        default: throw Malformed()
        }
        var changes: [FieldChange] = []
        changes.reserveCapacity(changeValues.count)
        for c in changeValues {
            guard case .object(let cm) = c, case .string(let field)? = cm["field"] else { throw Malformed() }
            func text(_ key: String) throws -> String? {
                switch cm[key] {
                case nil, .null?: return nil
                case .string(let s)?: return s
                default: throw Malformed()
                }
            }
            changes.append(FieldChange(field: field, from: try text("from"), to: try text("to")))
        }
        self.init(seq: seq, at: date, user: user, action: action, reason: reason, changes: changes,
                  digest: digest, prev: prev)
        self.hash = hash
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, the only form caseaudit writes.
    static func parseISO(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x5A else {
            return nil
        }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for k in r {
                guard (0x30...0x39).contains(b[k]) else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10),
              let h = num(11..<13), let mi = num(14..<16), let s = num(17..<19),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        var t = tm()
        t.tm_year = Int32(y - 1900)
        t.tm_mon = Int32(mo - 1)
        t.tm_mday = Int32(d)
        t.tm_hour = Int32(h)
        t.tm_min = Int32(mi)
        t.tm_sec = Int32(s)
        return Date(timeIntervalSince1970: TimeInterval(timegm(&t)))
    }
}
