import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// The sweep for leftovers of interrupted writes reads every name in the audits folder, so the
/// interface runs it after its first screen, on the save queue, not while opening.
final class DeferredSweepTests: XCTestCase {
    private func leftover(_ directory: DataDirectory, _ name: String, age: TimeInterval) throws -> URL {
        let url = directory.audits.appendingPathComponent(AtomicFile.temporaryPrefix + name)
        try Data("{\"half\":".utf8).write(to: url)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: url.path)
        return url
    }

    private func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    func testOpeningLeavesTheSweepUntilTheFirstScreenIsShown() throws {
        for background in [false, true] {
            let folder = TempFolder()
            let directory = DataDirectory(root: folder.url)
            try FileManager.default.createDirectory(at: directory.audits, withIntermediateDirectories: true)
            let old = try leftover(directory, "2026-11-a.json.1.2", age: 120)
            let young = try leftover(directory, "2026-11-b.json.1.3", age: 5)
            var env = try Fixtures.environment(folder, inMemory: true)
            env.saveInBackground = background
            let app = CaseAuditApp(environment: env)
            _ = app.render()
            XCTAssertTrue(exists(old), "swept while opening (background saves: \(background))")
            app.screenPresented()
            app.emergencySave()   // waits for the save queue, where the sweep runs
            XCTAssertFalse(exists(old), "old leftover kept (background saves: \(background))")
            XCTAssertTrue(exists(young), "a write under way in another process was removed")
            // Only the first screen starts it.
            let later = try leftover(directory, "2026-11-c.json.1.4", age: 120)
            app.screenPresented()
            app.emergencySave()
            XCTAssertTrue(exists(later))
        }
    }

    func testARepositoryMadeWithoutTheSweepSweepsWhenAsked() throws {
        let folder = TempFolder()
        let directory = DataDirectory(root: folder.url)
        try FileManager.default.createDirectory(at: directory.audits, withIntermediateDirectories: true)
        let old = try leftover(directory, "2026-11-a.json.1.2", age: 120)
        let repository = AuditRepository(directory: directory, sweepingLeftovers: false)
        XCTAssertTrue(exists(old))
        repository.sweepLeftovers()
        XCTAssertFalse(exists(old))
    }
}
