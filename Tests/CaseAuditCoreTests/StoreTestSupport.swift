import Foundation
import XCTest
@testable import CaseAuditCore
#if canImport(Glibc)
import Glibc
#endif

/// A fresh data directory under the system temporary folder, removed by `cleanUp()`.
struct ScratchData {
    let base: URL
    let directory: DataDirectory
    var store: AuditStore { AuditStore(directory: directory) }

    init() {
        base = FileManager.default.temporaryDirectory
            .appendingPathComponent("caseaudit-test-\(UUID().uuidString)")
        directory = DataDirectory(root: base.appendingPathComponent("data"))
    }

    func cleanUp() {
        // Make everything writable again so a read-only test folder can be removed.
        if let e = FileManager.default.enumerator(atPath: base.path) {
            chmod(base.path, 0o700)
            while let p = e.nextObject() as? String { chmod(base.appendingPathComponent(p).path, 0o700) }
        }
        try? FileManager.default.removeItem(at: base)
    }

    /// Hands the whole scratch tree to another user (tests running as root use this).
    func chownAll(to uid: uid_t) {
        chown(base.path, uid, uid)
        if let e = FileManager.default.enumerator(atPath: base.path) {
            while let p = e.nextObject() as? String { chown(base.appendingPathComponent(p).path, uid, uid) }
        }
    }

    func bytes(_ id: String) -> Data? { try? Data(contentsOf: directory.auditFile(id)) }

    /// Files in the audits folder that a write left behind.
    func temporaryFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.audits.path)) ?? [])
            .filter { $0.hasPrefix(AtomicFile.temporaryPrefix) }
    }

    func mode(_ url: URL) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions] as? Int
    }

    func write(_ text: String, as name: String) throws {
        try AtomicFile.makeFolder(directory.audits)
        try Data(text.utf8).write(to: directory.audits.appendingPathComponent(name))
    }
}

struct InjectedFailure: Error {}
