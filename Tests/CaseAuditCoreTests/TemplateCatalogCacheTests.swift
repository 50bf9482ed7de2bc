import XCTest
@testable import CaseAuditCore

/// `DATA/.cache/template-catalog.bin` gives exactly the catalog Yams gives, and never a stale one.
final class TemplateCatalogCacheTests: XCTestCase {
    var shipped: URL!
    var snapshots: URL!
    var cache: URL!
    /// Far enough ahead that files just written are old enough to cache.
    let later = Date().addingTimeInterval(3600)

    override func setUpWithError() throws {
        let root = try TemplateFixtures.temporaryFolder(self)
        shipped = root.appendingPathComponent("AuditTemplates")
        snapshots = root.appendingPathComponent("data/templates")
        cache = root.appendingPathComponent("data/.cache")
        try FileManager.default.createDirectory(at: snapshots, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: try shippedTemplatesFolder(), to: shipped)
        // A snapshot of an older version, and one that differs from the shipped copy (a warning).
        let versions = shipped.appendingPathComponent("versions")
        let journey = try String(contentsOf: versions.appendingPathComponent("child-journey@1.yaml"), encoding: .utf8)
        try Data(journey.utf8).write(to: snapshots.appendingPathComponent("child-journey@1.yaml"))
        let plan = try String(contentsOf: versions.appendingPathComponent("plan-smart@1.yaml"), encoding: .utf8)
        try Data(plan.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Old ").utf8)
            .write(to: snapshots.appendingPathComponent("plan-smart@1.yaml"))
    }

    var cacheFile: URL { cache.appendingPathComponent(TemplateCatalogCache.fileName) }

    func load(now: Date? = nil) -> TemplateCatalog {
        TemplateCatalog.load(folder: shipped, snapshots: snapshots, cache: cache, now: now ?? later)
    }

    func fresh() -> TemplateCatalog { TemplateCatalog.load(folder: shipped, snapshots: snapshots) }

    /// Whether the cache file on disk answers for the folders as they are now.
    func cacheIsCurrent() throws -> Bool {
        let key = TemplateCatalogCache.key(folder: shipped, snapshots: snapshots, now: 0).bytes
        return TemplateCatalogCache.decode([UInt8](try Data(contentsOf: cacheFile)), key: key) != nil
    }

    func testCachedCatalogEqualsAFreshParse() throws {
        let first = load()
        XCTAssertTrue(first.sameAs(fresh()))
        XCTAssertEqual(first.diagnostics.map(\.severity), [.warning], "the differing snapshot is warned about")
        XCTAssertTrue(try cacheIsCurrent(), "the cache was written")
        let second = load()
        XCTAssertTrue(second.sameAs(fresh()))
        XCTAssertEqual(second.diagnostics, first.diagnostics, "warnings come back from the cache too")
        XCTAssertEqual(second.source(TemplateRef(id: "plan-smart", version: 1)), fresh().source(TemplateRef(id: "plan-smart", version: 1)))
        XCTAssertEqual(second.templates.count, 8)
    }

    /// The earlier versions shipped in `AuditTemplates/versions/` are part of the key too.
    func testAnEarlierVersionEditedOrRemovedIsSeen() throws {
        _ = load()
        let ref = TemplateRef(id: "front-door-contact", version: 1)
        XCTAssertNotNil(load().template(ref))
        let url = shipped.appendingPathComponent("versions/front-door-contact@1.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\ntitle: Front door", with: "\ntitle: Old front door").utf8).write(to: url)
        XCTAssertEqual(load().template(ref)?.title, "Old front door audit of initial contacts")
        XCTAssertTrue(load().sameAs(fresh()))
        try FileManager.default.removeItem(at: url)
        XCTAssertNil(load().template(ref))
        XCTAssertTrue(load().sameAs(fresh()))
    }

    func testTemplateEditedInPlaceWithTheSameSizeIsSeen() throws {
        _ = load()
        let url = shipped.appendingPathComponent("front-door-contact.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "\ntitle: Front door", with: "\ntitle: Front DOOR")
        XCTAssertEqual(edited.utf8.count, text.utf8.count)
        XCTAssertNotEqual(edited, text)
        let handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: Data(edited.utf8))
        try handle.close()

        let catalog = load()
        XCTAssertTrue(catalog.sameAs(fresh()))
        XCTAssertEqual(catalog.latest("front-door-contact")?.title, "Front DOOR audit of initial contacts")
        XCTAssertTrue(try cacheIsCurrent(), "rebuilt for the edited file")
    }

    func testAddedAndRemovedTemplatesAreSeen() throws {
        _ = load()
        try Data(minimalTemplateYAML.utf8).write(to: shipped.appendingPathComponent("t.yaml"))
        XCTAssertNotNil(load().latest("t"))
        XCTAssertTrue(load().sameAs(fresh()))

        try FileManager.default.removeItem(at: shipped.appendingPathComponent("t.yaml"))
        try FileManager.default.removeItem(at: snapshots.appendingPathComponent("plan-smart@1.yaml"))
        let catalog = load()
        XCTAssertNil(catalog.latest("t"))
        XCTAssertEqual(catalog.diagnostics, [], "the differing snapshot is gone")
        XCTAssertTrue(catalog.sameAs(fresh()))
    }

    func testDamagedCacheIsIgnoredAndRebuilt() throws {
        _ = load()
        var bytes = [UInt8](try Data(contentsOf: cacheFile))
        let damages: [(inout [UInt8]) -> Void] = [{ $0[$0.count / 2] ^= 0x20 }, { $0.removeLast(100) }, { $0 = Array("junk".utf8) }, { $0 = [] }]
        for damage in damages {
            var damaged = bytes
            damage(&damaged)
            try Data(damaged).write(to: cacheFile)
            XCTAssertFalse(try cacheIsCurrent())
            XCTAssertTrue(load().sameAs(fresh()))
            XCTAssertTrue(try cacheIsCurrent(), "rebuilt")
            bytes = [UInt8](try Data(contentsOf: cacheFile))
        }
    }

    func testFreshFilesAreNotCached() throws {
        let catalog = load(now: Date())
        XCTAssertTrue(catalog.sameAs(fresh()))
        XCTAssertFalse(FileManager.default.fileExists(atPath: cacheFile.path),
                       "files written this second could change again without their timestamps moving")
    }

    func testNoCacheWithoutADataDirectory() throws {
        let nowhere = cache.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("missing/.cache")
        XCTAssertTrue(TemplateCatalog.load(folder: shipped, snapshots: nil, cache: nowhere, now: later)
            .sameAs(TemplateCatalog.load(folder: shipped)))
        XCTAssertFalse(FileManager.default.fileExists(atPath: nowhere.deletingLastPathComponent().path))
    }
}
