import XCTest
@testable import CaseAuditCore

final class TemplateLocatorTests: XCTestCase {
    /// A fake install: PREFIX/bin/caseaudit, PREFIX/share/caseaudit/AuditTemplates, a checkout, a working folder.
    private struct Layout {
        let root: URL
        var executable: URL { root.appendingPathComponent("prefix/bin/caseaudit") }
        var installed: URL { root.appendingPathComponent("prefix/share/caseaudit/AuditTemplates") }
        var besideProgram: URL { root.appendingPathComponent("prefix/bin/AuditTemplates") }
        var checkoutExecutable: URL { root.appendingPathComponent("repo/.build/debug/caseaudit") }
        var checkout: URL { root.appendingPathComponent("repo/AuditTemplates") }
        var work: URL { root.appendingPathComponent("work") }
        var explicit: URL { root.appendingPathComponent("mine") }
        var fromEnvironment: URL { root.appendingPathComponent("env") }

        func make(_ url: URL) throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    }

    private func layout() throws -> Layout {
        let l = Layout(root: try TemplateFixtures.temporaryFolder(self).resolvingSymlinksInPath())
        for url in [l.installed, l.besideProgram, l.checkout, l.work.appendingPathComponent("AuditTemplates"),
                    l.explicit, l.fromEnvironment, l.checkoutExecutable.deletingLastPathComponent()] {
            try l.make(url)
        }
        try Data().write(to: l.root.appendingPathComponent("repo/Package.swift"))
        return l
    }

    private func resolve(_ l: Layout, explicit: String? = nil, env: [String: String] = [:],
                         executable: URL?) throws -> String {
        try TemplateLocator.resolve(explicit: explicit, environment: env, executable: executable,
                                    currentDirectory: l.work).path
    }

    func testOrderExplicitThenEnvironmentThenInstalledThenCheckoutThenWorkingFolder() throws {
        let l = try layout()
        let env = ["CASEAUDIT_TEMPLATES": l.fromEnvironment.path]
        XCTAssertEqual(try resolve(l, explicit: l.explicit.path, env: env, executable: l.executable), l.explicit.path)
        XCTAssertEqual(try resolve(l, env: env, executable: l.executable), l.fromEnvironment.path)
        XCTAssertEqual(try resolve(l, executable: l.executable), l.installed.path)
        try FileManager.default.removeItem(at: l.installed)
        XCTAssertEqual(try resolve(l, executable: l.executable), l.besideProgram.path)
        XCTAssertEqual(try resolve(l, executable: l.checkoutExecutable), l.checkout.path)
        XCTAssertEqual(try resolve(l, executable: nil), l.work.appendingPathComponent("AuditTemplates").path)
    }

    func testRelativeExplicitFolderIsTakenFromTheWorkingFolder() throws {
        let l = try layout()
        XCTAssertEqual(try resolve(l, explicit: "AuditTemplates", executable: l.executable),
                       l.work.appendingPathComponent("AuditTemplates").path)
    }

    func testMissingExplicitFolderIsNoInputAndDoesNotFallBack() throws {
        let l = try layout()
        XCTAssertThrowsError(try resolve(l, explicit: l.root.appendingPathComponent("nope").path, executable: l.executable)) {
            let e = $0 as? CaseAuditError
            XCTAssertEqual(e?.status, .noInput)
            XCTAssertEqual(e?.diagnostic.message, "the templates folder given by --templates does not exist")
        }
        XCTAssertThrowsError(try resolve(l, env: ["CASEAUDIT_TEMPLATES": "/nonexistent/x"], executable: l.executable)) {
            XCTAssertEqual(($0 as? CaseAuditError)?.diagnostic.message,
                           "the templates folder given by $CASEAUDIT_TEMPLATES does not exist")
        }
    }

    func testNothingFoundNamesThePlacesTriedAndTheRemedy() throws {
        let root = try TemplateFixtures.temporaryFolder(self)
        let exe = root.appendingPathComponent("bin/caseaudit")
        XCTAssertThrowsError(try TemplateLocator.resolve(explicit: nil, environment: [:], executable: exe,
                                                         currentDirectory: root)) {
            let e = $0 as? CaseAuditError
            XCTAssertEqual(e?.status, .noInput)
            let message = e?.diagnostic.message ?? ""
            XCTAssertTrue(message.contains(root.appendingPathComponent("share/caseaudit/AuditTemplates").path), message)
            XCTAssertTrue(message.contains(root.appendingPathComponent("bin/AuditTemplates").path), message)
            XCTAssertTrue(message.contains(root.appendingPathComponent("AuditTemplates").path), message)
            XCTAssertEqual(e?.diagnostic.remedy,
                           "pass --templates DIR or set CASEAUDIT_TEMPLATES to the folder holding the template .yaml files")
        }
    }
}
