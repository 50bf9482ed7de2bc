import Foundation

/// The one place audits are turned into bytes and back, so every file has the same shape:
/// UTF-8, pretty-printed, keys sorted, dates in ISO 8601 (UTC), a trailing newline.
public enum AuditCoding {
    /// Foundation's decoder with the audit files' date form, for the small files beside them
    /// (a lock's holder); audit files themselves are read by `AuditReader`.
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        // Not `.iso8601`: Foundation's reader takes malformed times `AuditDate` rejects.
        d.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            guard let seconds = AuditDate.seconds(try container.decode(String.self)) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: AuditDate.expected)
            }
            return Date(timeIntervalSince1970: seconds)
        }
        return d
    }

    /// The bytes of an audit's file (`AuditWriter`, pretty-printed), ending in a newline.
    public static func encode(_ audit: Audit) throws -> Data {
        var bytes = AuditWriter.bytes(audit, pretty: true)
        bytes.append(0x0A)
        return Data(bytes)
    }

    /// An audit on one line, as a JSON Lines export writes it (no newline).
    public static func line(_ audit: Audit) -> String {
        String(decoding: AuditWriter.bytes(audit, pretty: false), as: UTF8.self)
    }

    /// Decodes an audit file read from `DATA/audits/`, whose id must be its file name.
    public static func decode(_ data: Data, file: String, expectedID: String) throws -> Audit {
        let audit = try decode(data, file: file)
        guard audit.id == expectedID else {
            throw Diagnostic.error(file, "the id inside (\"\(audit.id)\") does not match the file name (\"\(expectedID)\")",
                                   remedy: "a copied file needs a new id: rename the file or change \"id\" to match")
        }
        return audit
    }

    /// Reads an audit file (`AuditReader`: the JSON checked and the audit built in one pass),
    /// turning what is wrong into a diagnostic naming the file, the line and the field.
    public static func decode(_ data: Data, file: String) throws -> Audit {
        if data.isEmpty {
            throw Diagnostic.error(file, "the audit file is empty",
                                   remedy: "restore it from a backup or delete it; the history in history/ shows its last contents")
        }
        return try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard String(validating: bytes, as: UTF8.self) != nil else {
                throw Diagnostic.error(file, "the audit file is not valid UTF-8 text",
                                       remedy: "restore it from a backup; do not edit audit files with a word processor")
            }
            do {
                let audit = try AuditReader.read(bytes)
                if audit.schema > Audit.currentSchema {
                    throw Diagnostic.error(file, line: keyLine(["schema"], data), "the audit file has schema \(audit.schema), newer than this program understands (\(Audit.currentSchema))",
                                           remedy: "upgrade caseaudit")
                }
                return audit
            } catch let failure as JSONScanner.Failure {
                throw syntaxDiagnostic(AuditReader.syntaxError(failure, in: bytes), file)
            } catch let e as AuditReader.FieldError {
                // A syntax error further on is named first: the file must be JSON before its fields matter.
                if let syntax = JSONSyntaxCheck.firstError(in: data) { throw syntaxDiagnostic(syntax, file) }
                let place = e.text(e.path), line = keyLine(e.keys, data)
                switch e.kind {
                case .dataCorrupted(let why):
                    throw Diagnostic.error(file, line: line, "bad value at \"\(place)\": \(why)",
                                           remedy: "fix the JSON by hand or restore the file from a backup")
                case .keyNotFound(let key):
                    throw Diagnostic.error(file, line: line, "missing field \"\(e.text(e.path + [.key(key)]))\"",
                                           remedy: "add the field or restore the file from a backup")
                case .typeMismatch(let why):
                    throw Diagnostic.error(file, line: line, "wrong type at \"\(place)\": \(why)",
                                           remedy: "fix the value or restore the file from a backup")
                case .valueNotFound:
                    throw Diagnostic.error(file, line: line, "missing value at \"\(place)\"",
                                           remedy: "fix the value or restore the file from a backup")
                }
            }
        }
    }

    static func syntaxDiagnostic(_ syntax: JSONSyntaxError, _ file: String) -> Diagnostic {
        .error(file, line: syntax.line, column: syntax.column, "not valid JSON: \(syntax.message)",
               remedy: "fix the JSON by hand or restore the file from a backup")
    }

    /// The line of a field, found by its keys (array positions skipped); nil at the top level.
    static func keyLine(_ names: [String], _ data: Data) -> Int? {
        names.isEmpty ? nil : JSONKeyLocator(data).line(names)
    }
}
