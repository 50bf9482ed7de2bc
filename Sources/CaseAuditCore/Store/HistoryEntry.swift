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
