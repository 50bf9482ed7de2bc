@testable import CaseAuditCore
import XCTest

/// The user's own config: where it lives (never the data folder), and that it survives damage.
final class UserConfigTests: XCTestCase {
    func testTheConfigFileFollowsXDGElseHome() {
        XCTAssertEqual(UserConfig.url(environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/home/u"]).path, "/cfg/caseaudit/config.yaml")
        XCTAssertEqual(UserConfig.url(environment: ["HOME": "/home/u"]).path, "/home/u/.config/caseaudit/config.yaml")
        XCTAssertEqual(UserConfig.url(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/u"]).path,
                       "/home/u/.config/caseaudit/config.yaml", "a relative XDG_CONFIG_HOME is ignored, as the spec says")
    }

    func testTheAuditorIsSavedAndReadBackWithAccentsAndQuotes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("userconfig-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("caseaudit/config.yaml")
        XCTAssertEqual(UserConfig.load(from: url), UserConfig(), "no file: nothing remembered")
        for name in ["Zoë O'Brien", "Dr: \"Sample\" # not a comment", "  Padded  "] {
            try UserConfig(auditor: name).save(to: url)
            XCTAssertEqual(UserConfig.load(from: url).auditor, name.trimmingCharacters(in: .whitespaces), name)
        }
    }

    func testADamagedFileRemembersNothingRatherThanFailing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("userconfig-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("config.yaml")
        for text in ["auditor: [unclosed", "- a list", "auditor: 42", "auditor: \"\"", "\u{FF}\u{FE}"] {
            try Data(text.utf8).write(to: url)
            XCTAssertNil(UserConfig.load(from: url).auditor, text)
        }
    }

    func testTheSummaryFolderIsKeptBesideTheAuditorAndOnlyWhenAbsolute() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("userconfig-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("caseaudit/config.yaml")
        try UserConfig(auditor: "Zoë O'Brien", summaryFolder: "/srv/case files/Hillside").save(to: url)
        XCTAssertEqual(UserConfig.load(from: url), UserConfig(auditor: "Zoë O'Brien", summaryFolder: "/srv/case files/Hillside"))
        // A relative folder would move with the shell the program is started from: not used.
        try Data("auditor: A\nsummary_folder: out/summaries\n".utf8).write(to: url)
        XCTAssertEqual(UserConfig.load(from: url), UserConfig(auditor: "A"))
    }
}
