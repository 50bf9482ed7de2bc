import Foundation

/// The audit id a redacted export writes instead of the stored one: `anon-` and 16 hex digits
/// of HMAC-SHA256(key, stored id). The same id gives the same pseudonym within one export (so
/// audit, section and answer rows still join), while without the key nothing links it to the
/// stored id, the file name, or the case.
public struct Pseudonym: Sendable {
    /// Keys shorter than this are refused: a guessable key would let anyone recompute the links.
    public static let minimumKeyLength = 16

    let key: [UInt8]

    public init(key: [UInt8]) { self.key = key }

    /// A key of 32 bytes from the system's secure generator, made for one export and then forgotten.
    public static func randomKey() -> [UInt8] {
        var random = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    public func of(_ id: String) -> String {
        let mac = Pseudonym.hmacSHA256(key: key, message: Array(id.utf8))
        return "anon-" + SHA256.hexString(Array(mac.prefix(8)))
    }

    /// RFC 2104 with SHA-256 (block size 64 bytes).
    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key
        if block.count > 64 {
            var h = SHA256()
            h.update(block)
            block = h.finalize()
        }
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(inner.finalize())
        return outer.finalize()
    }
}
