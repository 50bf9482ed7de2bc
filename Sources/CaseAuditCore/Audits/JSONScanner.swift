import Foundation

/// Where JSON text first goes wrong. Foundation on Linux says only "not valid JSON", and a
/// person repairing a hand-edited audit file needs the line and what was expected there.
public struct JSONSyntaxError: Error, Equatable, Sendable {
    public var line: Int
    public var column: Int
    public var message: String
}

public enum JSONSyntaxCheck {
    /// The first syntax error in `data`, or nil when it is well-formed JSON.
    public static func firstError(in data: Data) -> JSONSyntaxError? {
        // Read in place: no copy of the file.
        data.withUnsafeBytes { raw in
            var scanner = JSONScanner(raw.bindMemory(to: UInt8.self))
            do {
                try scanner.document { try $0.skipValue(depth: 0) }
                return nil
            } catch let e as JSONScanner.Failure {
                return scanner.syntaxError(e)
            } catch {
                return nil
            }
        }
    }
}

/// The one strictness pass over JSON bytes: every syntax rule (RFC 8259, plus no key given twice
/// in an object) is checked here, whether a value is skipped or read. `AuditReader` reads audit
/// files with it; `JSONSyntaxCheck` runs it over a whole text.
struct JSONScanner {
    /// A syntax error at a byte offset; its line and column are worked out only when reported.
    struct Failure: Error {
        var offset: Int
        var message: String
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { i >= bytes.count }
    var current: UInt8? { i < bytes.count ? bytes[i] : nil }

    func fail(_ message: String, at offset: Int? = nil) -> Failure { Failure(offset: offset ?? i, message: message) }

    func unexpected(_ expected: String) -> Failure {
        guard let c = current else { return fail("the file ends early: expected \(expected)") }
        let shown = c >= 0x20 && c < 0x7F ? "'\(Character(UnicodeScalar(c)))'" : String(format: "byte 0x%02X", c)
        return fail("expected \(expected), found \(shown)")
    }

    /// Line and column (both from 1, the column in bytes) of a failure.
    func syntaxError(_ f: Failure) -> JSONSyntaxError {
        var line = 1, lineStart = 0
        for k in 0..<min(f.offset, bytes.count) where bytes[k] == 0x0A {
            line += 1
            lineStart = k + 1
        }
        return JSONSyntaxError(line: line, column: f.offset - lineStart + 1, message: f.message)
    }

    /// One value filling the whole text, read by `body`, with only white space around it.
    mutating func document<T>(_ body: (inout JSONScanner) throws -> T) throws -> T {
        skipSpace()
        let value = try body(&self)
        skipSpace()
        if !atEnd { throw fail("unexpected text after the end of the JSON value") }
        return value
    }

    mutating func skipSpace() {
        while i < bytes.count {
            let c = bytes[i]
            guard c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D else { return }
            i += 1
        }
    }

    mutating func expect(_ c: UInt8, _ what: String) throws {
        guard current == c else { throw unexpected(what) }
        i += 1
    }

    /// Checks one value and moves past it.
    mutating func skipValue(depth: Int) throws {
        guard depth < 256 else { throw fail("nested too deeply") }
        switch current {
        case UInt8(ascii: "{"):
            var o = try beginObject()
            while try nextKey(&o) != nil { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            var first = true
            try beginArray()
            while try nextElement(&first) { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""): _ = try skipString()
        case UInt8(ascii: "t"): try word("true")
        case UInt8(ascii: "f"): try word("false")
        case UInt8(ascii: "n"): try word("null")
        case let c? where c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39): _ = try number()
        default: throw unexpected("a value")
        }
    }

    // MARK: objects and arrays, a member at a time

    /// The keys of one object met so far, to refuse a key given twice.
    struct ObjectState {
        var first = true
        /// Byte ranges of the keys (quotes included), compared in place: no string or hash per key.
        var keys: [Range<Int>] = []
        /// A large object (a hostile file) goes on in a set, so the check stays linear.
        var many = Set<String>()
    }

    /// Moves past `{`; the caller has seen it is there.
    mutating func beginObject() throws -> ObjectState {
        try expect(UInt8(ascii: "{"), "'{'")
        return ObjectState()
    }

    /// The next key's range (quotes included) with its `:` passed, or nil after the closing `}`.
    mutating func nextKey(_ o: inout ObjectState) throws -> Range<Int>? {
        skipSpace()
        if o.first {
            o.first = false
            if current == UInt8(ascii: "}") { i += 1; return nil }
        } else if current == UInt8(ascii: ",") {
            i += 1
            skipSpace()
        } else {
            try expect(UInt8(ascii: "}"), "',' or '}'")
            return nil
        }
        guard current == UInt8(ascii: "\"") else { throw unexpected("a quoted key") }
        let start = i
        _ = try skipString()
        let key = start..<i
        // Foundation and other readers each keep a different one of two equal keys.
        let repeated: Bool
        if o.keys.count < 64 {
            repeated = seen(key, among: o.keys)
        } else {
            if o.many.isEmpty { for k in o.keys { o.many.insert(text(k)) } }
            repeated = !o.many.insert(text(key)).inserted
        }
        if repeated {
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(i - 1)]), as: UTF8.self)
            throw fail("the key \"\(name)\" is given twice in the same object; keep one", at: start)
        }
        o.keys.append(key)
        skipSpace()
        try expect(UInt8(ascii: ":"), "':' after the key")
        skipSpace()
        return key
    }

    /// Moves past `[`; the caller has seen it is there.
    mutating func beginArray() throws {
        try expect(UInt8(ascii: "["), "'['")
    }

    /// Whether another element follows (the scanner is then at it); false after the closing `]`.
    mutating func nextElement(_ first: inout Bool) throws -> Bool {
        skipSpace()
        if first {
            first = false
            if current == UInt8(ascii: "]") { i += 1; return false }
        } else if current == UInt8(ascii: ",") {
            i += 1
            skipSpace()
        } else {
            try expect(UInt8(ascii: "]"), "',' or ']'")
            return false
        }
        return true
    }

    // MARK: scalars

    /// Checks a string and moves past it; true when it holds an escape.
    mutating func skipString() throws -> Bool {
        i += 1
        var escaped = false
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return escaped
            } else if c == UInt8(ascii: "\\") {
                escaped = true
                i += 1
                guard let e = current else { break }
                if e == UInt8(ascii: "u") {
                    i += 1
                    let unit = try hex4()
                    // Half of a surrogate pair is no character: readers differ on what to make of it.
                    if unit >= 0xDC00 && unit <= 0xDFFF { throw fail("half of a character pair (\\u\(String(unit, radix: 16))) on its own") }
                    if unit >= 0xD800 && unit <= 0xDBFF {
                        guard current == UInt8(ascii: "\\"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "u") else {
                            throw fail("half of a character pair (\\u\(String(unit, radix: 16))) on its own")
                        }
                        i += 2
                        let low = try hex4()
                        guard low >= 0xDC00 && low <= 0xDFFF else {
                            throw fail("half of a character pair (\\u\(String(unit, radix: 16))) on its own")
                        }
                    }
                } else if Self.shortEscapes.contains(e) {
                    i += 1
                } else {
                    throw fail("unknown escape \\\(Character(UnicodeScalar(e)))")
                }
            } else if c < 0x20 {
                throw fail("a control character inside text")
            } else {
                i += 1
            }
        }
        throw fail("the file ends inside a string: a closing '\"' is missing")
    }

    static let shortEscapes: [UInt8] = Array("\"\\/bfnrt".utf8)

    /// The text of the string at the scanner, checked and moved past.
    mutating func string() throws -> String {
        let start = i
        if try !skipString() {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(i - 1)]), as: UTF8.self)
        }
        // Escapes: the string is known to be well-formed, so they are turned into bytes unchecked.
        var out: [UInt8] = []
        out.reserveCapacity(i - start)
        var k = start + 1
        let end = i - 1
        while k < end {
            let c = bytes[k]
            guard c == UInt8(ascii: "\\") else { out.append(c); k += 1; continue }
            let e = bytes[k + 1]
            k += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = UInt32(hexValue(k))
                k += 4
                if code >= 0xD800 && code <= 0xDBFF {
                    code = 0x10000 + ((code - 0xD800) << 10) + (UInt32(hexValue(k + 2)) - 0xDC00)
                    k += 6
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(code)!)).utf8)
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func hexValue(_ at: Int) -> Int {
        var unit = 0
        for k in at..<(at + 4) {
            let h = bytes[k]
            unit = unit * 16 + Int(h <= 0x39 ? h - 0x30 : (h | 0x20) - 0x61 + 10)
        }
        return unit
    }

    mutating func word(_ w: StaticString) throws {
        let p = w.utf8Start
        for k in 0..<w.utf8CodeUnitCount {
            guard current == p[k] else { throw unexpected("\(w)") }
            i += 1
        }
    }

    /// Checks a number and moves past it; its bytes, and whether it has a fraction or exponent.
    mutating func number() throws -> (Range<Int>, integral: Bool) {
        let start = i
        var integral = true
        if current == UInt8(ascii: "-") { i += 1 }
        guard let first = current, isDigit(first) else { throw unexpected("a digit") }
        i += 1
        if first != UInt8(ascii: "0") { while let c = current, isDigit(c) { i += 1 } }
        if current == UInt8(ascii: ".") {
            integral = false
            i += 1
            guard let c = current, isDigit(c) else { throw unexpected("a digit after '.'") }
            while let c = current, isDigit(c) { i += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            integral = false
            i += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { i += 1 }
            guard let c = current, isDigit(c) else { throw unexpected("a digit in the exponent") }
            while let c = current, isDigit(c) { i += 1 }
        }
        return (start..<i, integral)
    }

    func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self) }

    /// Whether the key at `key` equals one in `keys` (escapes compared as written).
    func seen(_ key: Range<Int>, among keys: [Range<Int>]) -> Bool {
        let n = key.count, base = bytes.baseAddress!
        for k in keys where k.count == n && memcmp(base + k.lowerBound, base + key.lowerBound, n) == 0 { return true }
        return false
    }

    private mutating func hex4() throws -> Int {
        var unit = 0
        for _ in 0..<4 {
            guard let h = current, isHex(h) else { throw unexpected("four hex digits after \\u") }
            unit = unit * 16 + Int(h <= 0x39 ? h - 0x30 : (h | 0x20) - 0x61 + 10)
            i += 1
        }
        return unit
    }

    func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) }
}
