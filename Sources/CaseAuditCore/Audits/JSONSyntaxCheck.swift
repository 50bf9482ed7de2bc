import Foundation

/// Finds where JSON text first goes wrong. Foundation on Linux says only "not valid JSON", and a
/// person repairing a hand-edited audit file needs the line and what was expected there.
public struct JSONSyntaxError: Error, Equatable, Sendable {
    public var line: Int
    public var column: Int
    public var message: String
}

public enum JSONSyntaxCheck {
    /// The first syntax error in `data`, or nil when it is well-formed JSON.
    public static func firstError(in data: Data) -> JSONSyntaxError? {
        // Read in place: this pass runs on every audit file every cold report.
        data.withUnsafeBytes { raw in
            var scanner = Scanner(bytes: raw.bindMemory(to: UInt8.self))
            do {
                scanner.skipSpace()
                try scanner.value(depth: 0)
                scanner.skipSpace()
                if !scanner.atEnd { throw scanner.fail("unexpected text after the end of the JSON value") }
                return nil
            } catch let e as JSONSyntaxError {
                return e
            } catch {
                return nil
            }
        }
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0
        var line = 1
        var lineStart = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var atEnd: Bool { i >= bytes.count }
        var current: UInt8? { atEnd ? nil : bytes[i] }

        func fail(_ message: String) -> JSONSyntaxError {
            JSONSyntaxError(line: line, column: i - lineStart + 1, message: message)
        }

        func unexpected(_ expected: String) -> JSONSyntaxError {
            guard let c = current else { return fail("the file ends early: expected \(expected)") }
            let shown = c >= 0x20 && c < 0x7F ? "'\(Character(UnicodeScalar(c)))'" : String(format: "byte 0x%02X", c)
            return fail("expected \(expected), found \(shown)")
        }

        mutating func advance() {
            if bytes[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }

        mutating func skipSpace() {
            while let c = current, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { advance() }
        }

        mutating func expect(_ c: UInt8, _ what: String) throws {
            guard current == c else { throw unexpected(what) }
            advance()
        }

        mutating func value(depth: Int) throws {
            guard depth < 256 else { throw fail("nested too deeply") }
            switch current {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "t"): try word("true")
            case UInt8(ascii: "f"): try word("false")
            case UInt8(ascii: "n"): try word("null")
            case let c? where c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39): try number()
            default: throw unexpected("a value")
            }
        }

        mutating func object(depth: Int) throws {
            advance()
            skipSpace()
            if current == UInt8(ascii: "}") { advance(); return }
            // The keys met so far, as byte ranges: compared in place, no string or hash per key.
            // A large object (a hostile file) goes on in a set, so the check stays linear.
            var keys: [Range<Int>] = []
            var many = Set<String>()
            while true {
                guard current == UInt8(ascii: "\"") else { throw unexpected("a quoted key") }
                let start = i, keyLine = line, keyColumn = i - lineStart + 1
                try string()
                // Foundation and other readers each keep a different one of two equal keys.
                let repeated: Bool
                if keys.count < 64 {
                    repeated = seen(start..<i, among: keys)
                } else {
                    if many.isEmpty { for k in keys { many.insert(text(k)) } }
                    repeated = !many.insert(text(start..<i)).inserted
                }
                if repeated {
                    let name = String(decoding: bytes[(start + 1)..<(i - 1)], as: UTF8.self)
                    throw JSONSyntaxError(line: keyLine, column: keyColumn,
                                          message: "the key \"\(name)\" is given twice in the same object; keep one")
                }
                keys.append(start..<i)
                skipSpace()
                try expect(UInt8(ascii: ":"), "':' after the key")
                skipSpace()
                try value(depth: depth + 1)
                skipSpace()
                if current == UInt8(ascii: ",") {
                    advance()
                    skipSpace()
                    continue
                }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                return
            }
        }

        mutating func array(depth: Int) throws {
            advance()
            skipSpace()
            if current == UInt8(ascii: "]") { advance(); return }
            while true {
                try value(depth: depth + 1)
                skipSpace()
                if current == UInt8(ascii: ",") {
                    advance()
                    skipSpace()
                    continue
                }
                try expect(UInt8(ascii: "]"), "',' or ']'")
                return
            }
        }

        mutating func string() throws {
            advance()
            while let c = current {
                switch c {
                case UInt8(ascii: "\""):
                    advance()
                    return
                case UInt8(ascii: "\\"):
                    advance()
                    guard let e = current else { break }
                    if e == UInt8(ascii: "u") {
                        advance()
                        let unit = try hex4()
                        // Half of a surrogate pair is no character: readers differ on what to make of it.
                        if unit >= 0xDC00 && unit <= 0xDFFF { throw fail("half of a character pair (\\u\(String(unit, radix: 16))) on its own") }
                        if unit >= 0xD800 && unit <= 0xDBFF {
                            guard current == UInt8(ascii: "\\"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "u") else {
                                throw fail("half of a character pair (\\u\(String(unit, radix: 16))) on its own")
                            }
                            advance(); advance()
                            let low = try hex4()
                            guard low >= 0xDC00 && low <= 0xDFFF else {
                                throw fail("half of a character pair (\\u\(String(unit, radix: 16))) on its own")
                            }
                        }
                    } else if Array("\"\\/bfnrt".utf8).contains(e) {
                        advance()
                    } else {
                        throw fail("unknown escape \\\(Character(UnicodeScalar(e)))")
                    }
                case ..<0x20:
                    throw fail("a control character inside text")
                default:
                    advance()
                }
            }
            throw fail("the file ends inside a string: a closing '\"' is missing")
        }

        mutating func word(_ w: String) throws {
            for b in w.utf8 {
                guard current == b else { throw unexpected("\(w)") }
                advance()
            }
        }

        mutating func number() throws {
            if current == UInt8(ascii: "-") { advance() }
            guard let first = current, isDigit(first) else { throw unexpected("a digit") }
            advance()
            if first != UInt8(ascii: "0") { while let c = current, isDigit(c) { advance() } }
            if current == UInt8(ascii: ".") {
                advance()
                guard let c = current, isDigit(c) else { throw unexpected("a digit after '.'") }
                while let c = current, isDigit(c) { advance() }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                advance()
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { advance() }
                guard let c = current, isDigit(c) else { throw unexpected("a digit in the exponent") }
                while let c = current, isDigit(c) { advance() }
            }
        }

        func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self) }

        /// Whether the key at `key` equals one in `keys` (escapes compared as written).
        func seen(_ key: Range<Int>, among keys: [Range<Int>]) -> Bool {
            let n = key.count, base = bytes.baseAddress!
            for k in keys where k.count == n && memcmp(base + k.lowerBound, base + key.lowerBound, n) == 0 { return true }
            return false
        }

        mutating func hex4() throws -> Int {
            var unit = 0
            for _ in 0..<4 {
                guard let h = current, isHex(h) else { throw unexpected("four hex digits after \\u") }
                unit = unit * 16 + Int(h <= 0x39 ? h - 0x30 : (h | 0x20) - 0x61 + 10)
                advance()
            }
            return unit
        }

        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) }
    }
}
