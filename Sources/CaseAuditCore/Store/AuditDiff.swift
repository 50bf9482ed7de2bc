import Foundation

/// Field-by-field differences between versions of an audit, by path in the audit file
/// (`team`, `sections.plan.grade`, `sections.plan.answers.plan-contingency.answer`, `actions[0].what`).
public enum AuditDiff {
    /// Fields that change on every save and say nothing about the audit itself.
    static let ignoredFields: Set<String> = ["updated"]

    public static func fields(_ audit: Audit) throws -> [String: String] {
        try fields(data: AuditCoding.encode(audit))
    }

    public static func fields(data: Data) throws -> [String: String] {
        var flat = try JSONValue.parse(data).flattened()
        for field in ignoredFields { flat.removeValue(forKey: field) }
        return flat
    }

    /// Every field whose text differs, sorted by path.
    public static func changes(from old: [String: String], to new: [String: String]) -> [FieldChange] {
        Set(old.keys).union(new.keys).sorted().compactMap { field in
            old[field] == new[field] ? nil : FieldChange(field: field, from: old[field], to: new[field])
        }
    }

    /// The fields of the version the history last recorded, rebuilt by applying every change.
    public static func replay(_ entries: [HistoryEntry]) -> [String: String] {
        var fields: [String: String] = [:]
        for entry in entries {
            for change in entry.changes { fields[change.field] = change.to }
        }
        return fields
    }

    /// True when every change is to a moderation (a QA lead's grade), nothing the auditor wrote.
    static func isModerationOnly(_ changes: [FieldChange]) -> Bool {
        !changes.isEmpty && changes.allSatisfy { change in
            let parts = change.field.split(separator: ".", maxSplits: 3).map(String.init)
            return (parts.count >= 2 && parts[0] == "overall" && parts[1] == "moderation")
                || (parts.count >= 3 && parts[0] == "sections" && parts[2] == "moderation")
        }
    }
}
