import CNcurses
import CaseAuditCore
import CaseAuditUI
import XCTest
@testable import CursesTerminal

final class CursesKeyTests: XCTestCase {
    func testTypedCharactersAndControlKeys() throws {
        let h = try CursesHarness()
        h.type("aZ")
        h.type("é佐")
        h.type([13, 10, 127, 8, 9, 3, 19, 0x1F])
        h.type("?")
        h.endInput()
        XCTAssertEqual(h.drainEvents(), [
            .character("a"), .character("Z"), .character("é"), .character("佐"),
            .enter, .enter, .backspace, .backspace, .tab, .control("c"), .control("s"),
            .character("?"),
        ])
    }

    func testFunctionKeysFromTheTerminfoEntry() throws {
        let h = try CursesHarness()
        for cap in ["kcuu1", "kcud1", "kcub1", "kcuf1", "kpp", "knp", "khome", "kend", "kdch1", "kcbt", "kf1", "kf10"] {
            h.typeCapability(cap)
        }
        h.endInput()
        XCTAssertEqual(h.drainEvents(), [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end,
                                         .delete, .backTab, .function(1), .function(10)])
    }

    func testALoneEscapeIsEscape() throws {
        let h = try CursesHarness()
        h.type("x")
        h.type([27])
        h.endInput()
        XCTAssertEqual(h.drainEvents(), [.character("x"), .escape])
    }

    func testKeyEnterAndKeyBackspaceCodes() throws {
        let h = try CursesHarness()
        XCTAssertEqual(ungetch(ca_key_backspace()), ca_ok())
        XCTAssertEqual(h.terminal.nextEvent(), .backspace)
        XCTAssertEqual(ungetch(ca_key_enter()), ca_ok())
        XCTAssertEqual(h.terminal.nextEvent(), .enter)
    }

    func testResizeReportsTheNewSize() throws {
        let h = try CursesHarness(width: 100, height: 30)
        XCTAssertEqual(resizeterm(20, 60), ca_ok())
        // resizeterm may queue KEY_RESIZE itself; make sure one is there.
        _ = ungetch(ca_key_resize())
        XCTAssertEqual(h.terminal.nextEvent(), .resize(width: 60, height: 20))
        XCTAssertEqual(h.terminal.size.width, 60)
        XCTAssertEqual(h.terminal.size.height, 20)
    }

    func testEndOfInputIsNil() throws {
        let h = try CursesHarness()
        h.endInput()
        let started = Date()
        XCTAssertNil(h.terminal.nextEvent())
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
    }

    func testWaitingStopsWhenInterrupted() throws {
        let h = try CursesHarness()
        var polls = 0
        let started = Date()
        XCTAssertNil(h.terminal.nextEvent(until: { polls += 1; return polls > 3 }))
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertGreaterThanOrEqual(polls, 4)
    }

    func testCharacterMappingTable() {
        XCTAssertEqual(CursesKeys.character(1), .control("a"))
        XCTAssertEqual(CursesKeys.character(26), .control("z"))
        XCTAssertNil(CursesKeys.character(0x1C))
        XCTAssertNil(CursesKeys.character(0x85))
        XCTAssertEqual(CursesKeys.character(0xE9), .character("é"))
    }
}

final class CursesKeyVariantTests: XCTestCase {
    func testHomeEndAndArrowsFromOtherTerminalsAreKnownToo() throws {
        let h = try CursesHarness(term: "xterm-256color")
        h.type("\u{1B}[1~\u{1B}[4~\u{1B}[H\u{1B}[F\u{1B}[A\u{1B}OB\u{1B}[3~\u{1B}[5~\u{1B}[6~")
        h.endInput()
        XCTAssertEqual(h.drainEvents(), [.home, .end, .home, .end, .up, .down, .delete, .pageUp, .pageDown])
    }
}

/// The key table (`KeyBindings`) over the real backend: a key read by ncurses becomes the table's
/// action, and the help box and footer made from the table come back from the curses screen.
final class CursesKeyTableTests: XCTestCase {
    func testF1FromTheTerminalOpensTheHelpMadeFromTheKeyTable() throws {
        let h = try CursesHarness(width: 80, height: 24)
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [], measures: [])
        let context = ReduceContext(now: Date(timeIntervalSince1970: 1_795_600_800), makeID: { _ in "x" })
        var grid = CellGrid(width: 80, height: 24)
        Views.draw(state, into: &grid)
        h.terminal.present(grid)
        // No audits: the first-run screen, whose footer leaves out the keys that would show nothing.
        XCTAssertEqual(h.rowText(23), " n new  ? help  q quit")

        h.typeCapability("kf1")
        h.type("q")
        h.endInput()
        let events = h.drainEvents()
        XCTAssertEqual(events, [.function(1), .character("q")])
        _ = reduce(&state, KeyBindings.action(for: events[0], in: state), context)
        XCTAssertEqual(KeyBindings.context(state), .help)
        Views.draw(state, into: &grid)
        h.terminal.present(grid)
        let rows = (0..<24).map(h.rowText)
        XCTAssertTrue(rows.contains { $0.contains("Keys: dashboard") }, rows.joined(separator: "\n"))
        XCTAssertTrue(rows.contains { $0.contains("←/→ h    previous / next month (or quarter)") })
        XCTAssertTrue(rows.contains { $0.contains("q        quit") })
        // In the help box, q closes it rather than quitting.
        XCTAssertEqual(KeyBindings.action(for: events[1], in: state), .cancel)
    }
}
