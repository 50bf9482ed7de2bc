import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// The key table is the one source of the keys, the help screen and the footers.
final class KeyBindingsTests: XCTestCase {
    static let contexts: [KeyContext] = [.dashboard, .list, .reports, .templateChooser, .newAuditForm, .detailsForm,
                                         .editor, .note, .prompt, .chooser, .help, .completeConfirm]

    static let probes: [KeyEvent] = {
        var keys: [KeyEvent] = [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .escape,
                                .backspace, .delete, .tab, .backTab, .function(1)]
        for ch in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /?[]" { keys.append(.character(ch)) }
        for ch in "bfsx" { keys.append(.control(ch)) }
        return keys
    }()

    func makeApp(_ audits: [Audit]) throws -> CaseAuditApp {
        let folder = TempFolder()
        addTeardownBlock { _ = folder }
        return CaseAuditApp(environment: try Fixtures.environment(folder, audits: audits, inMemory: true))
    }

    /// A row the help lists but a row above it takes would be a lie on the help screen.
    func testNoKeyIsClaimedByTwoRowsOfOneTable() throws {
        let app = try makeApp(Fixtures.audits(20).map { var a = $0; a.status = .draft; return a })
        app.press(.character("l"), .enter)   // the editor on a draft's first question
        XCTAssertEqual(app.state.screen, .editor)
        var states = [app.state]
        for _ in 0..<40 { app.press(.character("j")); states.append(app.state) }   // other kinds of item
        for context in Self.contexts {
            let map = KeyBindings.map(context)
            for state in states {
                for key in Self.probes {
                    let claimed = map.bindings.filter { $0.action(key, state) != nil }.map(\.label)
                    XCTAssertLessThanOrEqual(claimed.count, 1, "\(context): \(key) is taken by \(claimed)")
                }
            }
        }
    }

    func testHelpListsEveryRowOfTheTableItShows() {
        for context in Self.contexts {
            let map = KeyBindings.map(context)
            let (title, lines) = HelpView.lines(context, width: 200)
            XCTAssertEqual(title, map.title)
            for b in map.bindings {
                XCTAssertTrue(lines.contains { $0.hasPrefix(b.label) && $0.hasSuffix(b.help) }, "\(context): \(b.label)")
            }
        }
    }

    /// The footer is the table's short entries; a footer that names a key names one that works.
    func testFooterEntriesComeFromRowsThatTakeKeys() throws {
        let app = try makeApp(Fixtures.audits(20))
        XCTAssertEqual(KeyBindings.footer(app.state),
                       ["←/→ period", "t month/qtr", "Enter audits", "l list", "r reports", "n new", "? help", "q quit"])
        XCTAssertEqual(KeyBindings.action(for: .character("r"), in: app.state), .showReports)
        app.press(.character("?"))
        XCTAssertEqual(app.state.overlay, .help(.dashboard))
        // The footer under the help box is still the dashboard's.
        XCTAssertEqual(KeyBindings.footer(app.state).first, "←/→ period")
        XCTAssertEqual(KeyBindings.action(for: .character("r"), in: app.state), .none)
    }

    func testFooterKeepsHelpWhenTheScreenIsNarrow() {
        var grid = CellGrid(width: 30, height: 3)
        Chrome.keys(&grid, ["←/→ period", "t month/quarter", "l audits", "? help"])
        XCTAssertEqual(grid.rowText(2).trimmingCharacters(in: .whitespaces), "←/→ period  ? help")
    }
}
