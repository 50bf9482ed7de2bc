import Foundation
import XCTest
@testable import CaseAuditCore

final class SHA256Tests: XCTestCase {
    // FIPS 180-2 appendix B vectors.
    func testFIPSVectors() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Feeding the bytes in pieces gives the same digest as all at once (block boundaries).
    func testIncrementalUpdatesMatchOneShot() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let whole = SHA256.hex(Data(bytes))
            var h = SHA256()
            var i = 0
            while i < bytes.count {
                let n = min(Int.random(in: 1...70), bytes.count - i)
                h.update(Array(bytes[i..<(i + n)]))
                i += n
            }
            XCTAssertEqual(SHA256.hexString(h.finalize()), whole, "length \(length)")
        }
    }

    /// Agrees with the system's sha256sum on random inputs around the padding boundaries.
    func testAgreesWithSha256sum() throws {
        let tool = ["/usr/bin/sha256sum", "/bin/sha256sum"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let tool else { throw XCTSkip("sha256sum not installed") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for length in [3, 54, 55, 56, 57, 64, 100, 4097] {
            let data = Data((0..<length).map { _ in UInt8.random(in: 0...255) })
            let url = dir.appendingPathComponent("\(length).bin")
            try data.write(to: url)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tool)
            p.arguments = [url.path]
            let pipe = Pipe()
            p.standardOutput = pipe
            try p.run()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            XCTAssertEqual(String(out.prefix(64)), SHA256.hex(data), "length \(length)")
        }
    }
}
