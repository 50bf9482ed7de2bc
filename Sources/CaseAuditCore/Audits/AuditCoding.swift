import Foundation

/// The one place audits are turned into bytes and back, so every file has the same shape:
/// UTF-8, pretty-printed, keys sorted, dates in ISO 8601 (UTC), a trailing newline.
public enum AuditCoding {
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }

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

    /// One decoder for every file: its options never change after this, and a decode keeps its
    /// state to itself, so threads share it (a cold report decodes 100,000 files).
    private static let shared = decoder()

    public static func encode(_ audit: Audit) throws -> Data {
        var data = try encoder().encode(audit)
        data.append(0x0A)
        return data
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

    /// Decodes an audit file, turning decoding failures into a diagnostic naming the file and the field.
    public static func decode(_ data: Data, file: String) throws -> Audit {
        if data.isEmpty {
            throw Diagnostic.error(file, "the audit file is empty",
                                   remedy: "restore it from a backup or delete it; the history in history/ shows its last contents")
        }
        guard String(data: data, encoding: .utf8) != nil else {
            throw Diagnostic.error(file, "the audit file is not valid UTF-8 text",
                                   remedy: "restore it from a backup; do not edit audit files with a word processor")
        }
        // The one strictness pass: Foundation's reader takes some JSON that is not valid (fuzzing
        // found trailing commas, raw control characters and keys given twice), and on Linux it
        // names no line, so every file is checked here first.
        if let syntax = JSONSyntaxCheck.firstError(in: data) {
            throw Diagnostic.error(file, line: syntax.line, column: syntax.column, "not valid JSON: \(syntax.message)",
                                   remedy: "fix the JSON by hand or restore the file from a backup")
        }
        do {
            let audit = try shared.decode(Audit.self, from: data)
            if audit.schema > Audit.currentSchema {
                throw Diagnostic.error(file, line: keyLine([], "schema", data), "the audit file has schema \(audit.schema), newer than this program understands (\(Audit.currentSchema))",
                                       remedy: "upgrade caseaudit")
            }
            return audit
        } catch let d as Diagnostic {
            throw d
        } catch let DecodingError.dataCorrupted(ctx) {
            if ctx.codingPath.isEmpty, let syntax = JSONSyntaxCheck.firstError(in: data) {
                throw Diagnostic.error(file, line: syntax.line, column: syntax.column, "not valid JSON: \(syntax.message)",
                                       remedy: "fix the JSON by hand or restore the file from a backup")
            }
            throw Diagnostic.error(file, line: lineOf(ctx, in: data) ?? keyLine(ctx.codingPath, nil, data), "\(describe(ctx))",
                                   remedy: "fix the JSON by hand or restore the file from a backup")
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw Diagnostic.error(file, line: keyLine(ctx.codingPath, nil, data), "missing field \"\(path(ctx.codingPath + [key]))\"",
                                   remedy: "add the field or restore the file from a backup")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw Diagnostic.error(file, line: keyLine(ctx.codingPath, nil, data), "wrong type at \"\(path(ctx.codingPath))\": \(ctx.debugDescription)",
                                   remedy: "fix the value or restore the file from a backup")
        } catch let DecodingError.valueNotFound(_, ctx) {
            throw Diagnostic.error(file, line: keyLine(ctx.codingPath, nil, data), "missing value at \"\(path(ctx.codingPath))\"",
                                   remedy: "fix the value or restore the file from a backup")
        } catch {
            throw Diagnostic.error(file, "cannot read the audit: \(error)",
                                   remedy: "restore the file from a backup")
        }
    }

    /// The line of a field, found by its keys (array positions skipped); nil at the top level.
    static func keyLine(_ keys: [CodingKey], _ last: String?, _ data: Data) -> Int? {
        let names = keys.filter { $0.intValue == nil }.map(\.stringValue) + (last.map { [$0] } ?? [])
        return names.isEmpty ? nil : JSONKeyLocator(data).line(names)
    }

    static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    static func describe(_ ctx: DecodingError.Context) -> String {
        if ctx.codingPath.isEmpty {
            var text = "not valid JSON"
            if let underlying = ctx.underlyingError { text += ": \(underlying)" }
            return text
        }
        return "bad value at \"\(path(ctx.codingPath))\": \(ctx.debugDescription)"
    }

    static func lineOf(_ ctx: DecodingError.Context, in data: Data) -> Int? {
        // Foundation reports syntax errors with a byte offset in the description ("around line N").
        let text = "\(ctx.underlyingError.map { "\($0)" } ?? "") \(ctx.debugDescription)"
        if let r = text.range(of: "line ") {
            let digits = text[r.upperBound...].prefix { $0.isNumber }
            return Int(digits)
        }
        return nil
    }
}
