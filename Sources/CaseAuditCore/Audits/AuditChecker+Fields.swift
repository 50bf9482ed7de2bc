import Foundation

extension AuditChecker {
    /// Fields the decoder takes as any number or string but that have narrower rules: a schema
    /// below 1 was never written by caseaudit, and a template id is a plain name (it becomes a
    /// file name in the data folder, so "../" must never pass).
    static func fieldProblems(_ audit: Audit, file: String, source: Data?, locator: JSONKeyLocator) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        func at(_ path: [String], _ message: String, remedy: String) {
            let (line, column) = valuePlace(path, source: source, locator: locator)
            problems.append(.error(file, line: line, column: column, message, remedy: remedy))
        }
        if audit.schema < 1 {
            let known = Audit.currentSchema == 1 ? "1" : "1 to \(Audit.currentSchema)"
            at(["schema"], "schema \(audit.schema) is not a schema caseaudit writes (\(known))",
               remedy: "set \"schema\" to \(Audit.currentSchema), or restore the file from a backup")
        }
        let ref = audit.template
        if !TemplateVocabulary.isValidID(ref.id) {
            at(["template", "id"], "template id \"\(ref.id)\" is not a template id: ids are lowercase letters, digits and single hyphens",
               remedy: "set it to the id of the template the audit was made with, such as child-journey, or restore the file from a backup")
        }
        if ref.version < 1 {
            at(["template", "version"], "template version \(ref.version) is not a version: versions start at 1",
               remedy: "set it to the version the audit was made with, or restore the file from a backup")
        }
        return problems
    }

    /// Line and column (1-based, in bytes) of the value of the key at `path`.
    static func valuePlace(_ path: [String], source: Data?, locator: JSONKeyLocator) -> (Int?, Int?) {
        guard let line = locator.line(path), let source, let key = path.last else { return (nil, nil) }
        let bytes = [UInt8](source)
        var start = 0
        var seen = 1
        while seen < line, let newline = bytes[start...].firstIndex(of: 0x0A) {
            start = newline + 1
            seen += 1
        }
        let text = bytes[start...].prefix { $0 != 0x0A }
        let quoted = Array("\"\(key)\"".utf8)
        guard let keyAt = text.indices.first(where: { text[$0...].starts(with: quoted) }) else { return (line, nil) }
        var i = keyAt + quoted.count
        while i < text.endIndex, [0x20, 0x09, 0x3A].contains(text[i]) { i += 1 }
        return (line, i - start + 1)
    }
}
