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
        // Not `.iso8601`: Foundation's reader takes malformed times the index's scanner rejects.
        d.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            guard let seconds = AuditDate.seconds(try container.decode(String.self)) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: AuditDate.expected)
            }
            return Date(timeIntervalSince1970: seconds)
        }
        return d
    }

    public static func encode(_ audit: Audit) throws -> Data {
        var data = try encoder().encode(audit)
        data.append(0x0A)
        return data
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
        if let offset = controlCharacterInText(data) {
            throw Diagnostic.error(file, line: data.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 },
                                   "not valid JSON: a control character inside text",
                                   remedy: "write it as \\u followed by four hex digits, or restore the file from a backup")
        }
        do {
            let audit = try decoder().decode(Audit.self, from: data)
            if audit.schema > Audit.currentSchema {
                throw Diagnostic.error(file, line: keyLine([], "schema", data), "the audit file has schema \(audit.schema), newer than this program understands (\(Audit.currentSchema))",
                                       remedy: "upgrade caseaudit")
            }
            // Foundation's reader takes some JSON that is not valid (fuzzing found trailing commas),
            // which the index's scanner refuses; the store refuses it too, so both count the same files.
            let scanned = data.withUnsafeBytes { AuditScanner.scan($0, file: file, expectedID: nil) }
            if case .failure(let d) = scanned { throw d }
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

    /// The offset of the first raw control character (below U+0020) inside a JSON string, which
    /// RFC 8259 forbids. Foundation's reader lets them through (fuzzing found it); the index's
    /// `AuditScanner` and other JSON tools do not, so the store must refuse them too.
    static func controlCharacterInText(_ data: Data) -> Int? {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int? in
            var inText = false
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if inText {
                    if b == 0x5C { i += 2; continue }
                    if b == 0x22 { inText = false } else if b < 0x20 { return i }
                } else if b == 0x22 {
                    inText = true
                }
                i += 1
            }
            return nil
        }
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
