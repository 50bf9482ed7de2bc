/// The columns of an import CSV and how header names are matched: case-insensitive, with
/// spaces, hyphens and underscores treated alike, so `Case Ref`, `case-ref` and `CASE_REF` agree.
public enum ImportColumns {
    public static let required = ["month", "template", "case_ref", "cohort", "team", "auditor"]
    public static let optional = ["audit_id", "worker", "overall"]

    /// The form a header name is compared in.
    public static func key(_ name: String) -> String {
        let lowered = name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return String(lowered.map { $0 == " " || $0 == "-" ? "_" : $0 })
    }
}

/// Where each known column is in the header.
struct ImportHeader {
    /// Fixed column name -> index.
    var fixed: [String: Int] = [:]
    /// Section id -> index.
    var sections: [String: Int] = [:]
    var width: Int

    /// Every known column (fixed and section) with its index, in header order.
    var known: [(column: String, index: Int)] {
        (fixed.map { ($0.key, $0.value) } + sections.map { ($0.key, $0.value) }).sorted { $0.1 < $1.1 }
    }

    func value(_ column: String, in fields: [String]) -> String? {
        guard let i = fixed[column] else { return nil }
        return i < fields.count ? fields[i].trimmingCharacters(in: .whitespacesAndNewlines) : ""
    }

    /// Reads the header row: duplicates and missing required columns are errors, unknown
    /// columns one warning.
    static func read(_ names: [String], sectionIDs: Set<String>, file: String)
        -> (header: ImportHeader, diagnostics: [Diagnostic]) {
        var header = ImportHeader(width: names.count)
        var diagnostics: [Diagnostic] = []
        var seen: [String: Int] = [:]
        var unknown: [String] = []
        let sectionByKey = Dictionary(sectionIDs.map { (ImportColumns.key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let fixedKeys = Set(ImportColumns.required + ImportColumns.optional)
        for (i, raw) in names.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            let key = ImportColumns.key(name)
            if key.isEmpty { continue }
            if let first = seen[key] {
                diagnostics.append(.error(file, line: 1,
                    "column \"\(name)\" appears twice in the header (columns \(first + 1) and \(i + 1))",
                    remedy: "keep one of them; each column may appear once"))
                continue
            }
            seen[key] = i
            if fixedKeys.contains(key) {
                header.fixed[key] = i
            } else if let section = sectionByKey[key] {
                header.sections[section] = i
            } else {
                unknown.append(name)
            }
        }
        let missing = ImportColumns.required.filter { header.fixed[$0] == nil }
        if !missing.isEmpty {
            let list = missing.map { "\"\($0)\"" }.joined(separator: ", ")
            diagnostics.append(.error(file, line: 1,
                "the header lacks the required column\(missing.count == 1 ? "" : "s") \(list)",
                remedy: "add \(missing.count == 1 ? "it" : "them") to the first row; required: \(ImportColumns.required.joined(separator: ","))"))
        }
        if !unknown.isEmpty {
            let list = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
            diagnostics.append(.warning(file, line: 1, "unknown column\(unknown.count == 1 ? "" : "s") ignored: \(list)",
                remedy: "known columns: \((ImportColumns.required + ImportColumns.optional).joined(separator: ",")) and the section ids of the templates"))
        }
        return (header, diagnostics)
    }
}
