import Foundation

/// A JSON value with one canonical text form: no whitespace, object keys sorted by their UTF-8
/// bytes, strings escaped only where JSON requires it. History entries are hashed in this form,
/// and a history line must be exactly this form, so that any edit to a line shows.
public indirect enum JSONValue: Equatable, Sendable, Decodable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let o = try? c.decode([String: JSONValue].self) {
            self = .object(o)
        } else {
            self = .array(try c.decode([JSONValue].self))
        }
    }

    /// Parses JSON text (any top-level value); repeated keys are an error.
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONParser.parse(data)
    }

    /// The same value after a trip through `Encodable`, for hashing model values.
    public static func from<T: Encodable>(_ value: T) throws -> JSONValue {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return try parse(e.encode(value))
    }

    public var canonical: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? "\(d)" : "null"
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (n, key) in keys.enumerated() {
                if n > 0 { out += "," }
                JSONValue.writeString(key, to: &out)
                out += ":"
                members[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal: quotes, backslash and control characters escaped, the rest as is.
    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// The text of a scalar as a history entry shows it; nil for null.
    public var scalarText: String? {
        switch self {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return "\(d)"
        case .string(let s): return s
        case .array, .object: return canonical
        }
    }

    /// Every scalar under this value, keyed by its path (`sections.plan.grade`, `actions[0].what`).
    /// Nulls are left out, so a field set to null and a field that is absent read the same.
    public func flattened(prefix: String = "") -> [String: String] {
        var out: [String: String] = [:]
        flatten(prefix: prefix, into: &out)
        return out
    }

    private func flatten(prefix: String, into out: inout [String: String]) {
        switch self {
        case .null: return
        case .object(let members):
            for (key, value) in members {
                value.flatten(prefix: prefix.isEmpty ? key : "\(prefix).\(key)", into: &out)
            }
        case .array(let items):
            for (n, item) in items.enumerated() { item.flatten(prefix: "\(prefix)[\(n)]", into: &out) }
        default:
            out[prefix] = scalarText
        }
    }
}
