import XCTest
@testable import CaseAuditUI

/// A terminal in memory: plays a script of events (or raises a signal) and records what is presented.
private final class LoopScriptTerminal: InterruptibleTerminal {
    enum Step { case key(KeyEvent), raise(Int32) }
    var size: (width: Int, height: Int)
    var script: [Step]
    var presented: [CellGrid] = []
    var shutdowns = 0
    var waitedForSignal = false

    init(width: Int = 100, height: Int = 30, _ script: [Step]) {
        size = (width, height)
        self.script = script
    }

    func present(_ grid: CellGrid) { presented.append(grid) }
    func nextEvent() -> KeyEvent? { nextEvent(until: { false }) }
    func shutdown() { shutdowns += 1 }

    func nextEvent(until interrupted: () -> Bool) -> KeyEvent? {
        guard !script.isEmpty else { return nil }
        switch script.removeFirst() {
        case .key(let event):
            if case .resize(let w, let h) = event { size = (w, h) }
            return event
        case .raise(let signo):
            raise(signo)
            // Wait as the curses backend does: poll until the watcher has seen it.
            let deadline = Date().addingTimeInterval(5)
            while !interrupted() && Date() < deadline { usleep(10_000) }
            waitedForSignal = interrupted()
            return nil
        }
    }
}

/// A tiny application: counts keys, quits on q, records saves.
private final class CountingApp: AppModel {
    var keys: [KeyEvent] = []
    var saves = 0
    var sizesDrawn: [String] = []

    func draw(into grid: inout CellGrid) {
        sizesDrawn.append("\(grid.width)x\(grid.height)")
        grid.put("Dashboard: \(keys.count) keys", row: 0, column: 0)
    }

    func handle(_ event: KeyEvent) -> Bool {
        if event == .character("q") { return false }
        keys.append(event)
        return true
    }

    func emergencySave() { saves += 1 }

    /// How many screens the terminal had been given each time the loop said one was presented.
    var presentedAt: [Int] = []
    weak var terminal: LoopScriptTerminal?
    func screenPresented() { presentedAt.append(terminal?.presented.count ?? -1) }
}

final class AppLoopTests: XCTestCase {
    func testTheAppHearsOfEachScreenAfterItIsPresented() {
        let app = CountingApp()
        let terminal = LoopScriptTerminal([.key(.character("j")), .key(.character("q"))])
        app.terminal = terminal
        AppLoop.run(app: app, terminal: terminal)
        XCTAssertEqual(app.presentedAt, [1, 2])
    }

    func testQuitEndsTheLoopSavesAndShutsDown() {
        let app = CountingApp()
        let terminal = LoopScriptTerminal([.key(.down), .key(.character("j")), .key(.character("q")), .key(.up)])
        let outcome = AppLoop.run(app: app, terminal: terminal)
        XCTAssertEqual(outcome, .quit)
        XCTAssertEqual(outcome.exitStatus, 0)
        XCTAssertEqual(app.keys, [.down, .character("j")])
        XCTAssertEqual(app.saves, 1)
        XCTAssertEqual(terminal.shutdowns, 1)
        XCTAssertEqual(terminal.presented.count, 3)
        XCTAssertEqual(terminal.presented.last?.rowText(0), "Dashboard: 2 keys")
        XCTAssertEqual(terminal.script.count, 1, "nothing is read after quitting")
    }

    func testEndOfInputSavesAndShutsDown() {
        let app = CountingApp()
        let terminal = LoopScriptTerminal([.key(.enter)])
        XCTAssertEqual(AppLoop.run(app: app, terminal: terminal), .endOfInput)
        XCTAssertEqual(app.saves, 1)
        XCTAssertEqual(terminal.shutdowns, 1)
    }

    func testResizeBelowMinimumShowsMessageAndBackRestoresTheApp() {
        let app = CountingApp()
        let terminal = LoopScriptTerminal([
            .key(.character("a")),
            .key(.resize(width: 60, height: 20)),
            .key(.character("b")),            // swallowed while too small
            .key(.resize(width: 100, height: 30)),
            .key(.character("q")),
        ])
        XCTAssertEqual(AppLoop.run(app: app, terminal: terminal), .quit)
        let small = terminal.presented[2]
        XCTAssertEqual(small.width, 60)
        XCTAssertEqual(small.height, 20)
        let text = small.text
        XCTAssertFalse(text.contains("Dashboard"))
        let joined = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        XCTAssertEqual(joined, "caseaudit needs a terminal of at least 80x24; this one is 60x20. Make the window larger, or press q to quit.")
        // Centred: the first line of the message is indented and in the middle rows.
        let firstRow = (0..<small.height).first { !small.rowText($0).isEmpty }!
        XCTAssertGreaterThan(firstRow, 6)
        XCTAssertTrue(small.rowText(firstRow).hasPrefix(" "))
        let back = terminal.presented[4]
        XCTAssertEqual(back.width, 100)
        XCTAssertEqual(back.rowText(0), "Dashboard: 2 keys")
        XCTAssertEqual(app.keys, [.character("a"), .resize(width: 100, height: 30)])
        XCTAssertEqual(app.sizesDrawn, ["100x30", "100x30", "100x30"])
    }

    func testStartingTooSmallShowsTheMessageAtOnce() {
        let app = CountingApp()
        let terminal = LoopScriptTerminal(width: 79, height: 24, [])
        XCTAssertEqual(AppLoop.run(app: app, terminal: terminal), .endOfInput)
        XCTAssertTrue(terminal.presented[0].text.contains("this one is 79x24"))
        XCTAssertEqual(app.sizesDrawn, [])
    }

    func testQQuitsFromTheTooSmallMessageAndSaves() {
        let app = CountingApp()
        let terminal = LoopScriptTerminal(width: 60, height: 20, [.key(.character("x")), .key(.character("q")), .key(.character("y"))])
        XCTAssertEqual(AppLoop.run(app: app, terminal: terminal), .quit)
        XCTAssertEqual(app.keys, [], "keys other than q stay ignored while too small")
        XCTAssertEqual(app.saves, 1)
        XCTAssertEqual(terminal.shutdowns, 1)
        XCTAssertEqual(terminal.presented.count, 2, "the loop ended at q, before the third key")
    }

    func testTheLoopDrawsInASCIIWhenTheTerminalPrefersIt() {
        final class ASCIITerminal: Terminal {
            var size = (width: 80, height: 24)
            var presented: [CellGrid] = []
            var prefersASCII: Bool { true }
            func present(_ grid: CellGrid) { presented.append(grid) }
            func nextEvent() -> KeyEvent? { nil }
            func shutdown() {}
        }
        final class BoxApp: AppModel {
            func draw(into grid: inout CellGrid) { grid.put("┌─ Notes ─┐ █░ ▁▇ Zoë", row: 0, column: 0) }
            func handle(_ event: KeyEvent) -> Bool { true }
            func emergencySave() {}
        }
        let terminal = ASCIITerminal()
        AppLoop.run(app: BoxApp(), terminal: terminal)
        XCTAssertEqual(terminal.presented.first?.rowText(0), "+- Notes -+ #. _* Zoë")
    }

    func testControlCSavesAndEndsWithStatus130() {
        let app = CountingApp()
        let terminal = LoopScriptTerminal([.key(.character("a")), .key(.control("c")), .key(.character("b"))])
        let outcome = AppLoop.run(app: app, terminal: terminal)
        XCTAssertEqual(outcome, .interrupted(signal: SIGINT))
        XCTAssertEqual(outcome.exitStatus, 130)
        XCTAssertEqual(app.saves, 1)
        XCTAssertEqual(terminal.shutdowns, 1)
        XCTAssertEqual(app.keys, [.character("a")])
    }

    func testControlCGoesToAnAppThatHandlesIt() {
        final class CancellingApp: AppModel, ControlCHandling {
            var handlesControlC = true
            var got: [KeyEvent] = []
            func draw(into grid: inout CellGrid) {}
            func handle(_ event: KeyEvent) -> Bool { got.append(event); return true }
            func emergencySave() {}
        }
        let app = CancellingApp()
        XCTAssertEqual(AppLoop.run(app: app, terminal: LoopScriptTerminal([.key(.control("c"))])), .endOfInput)
        XCTAssertEqual(app.got, [.control("c")])
    }

    func testSignalsSaveTheDraftAndReportTheirExitStatus() {
        for (signo, status) in [(SIGTERM, Int32(143)), (SIGHUP, 129), (SIGINT, 130)] {
            let app = CountingApp()
            let terminal = LoopScriptTerminal([.key(.character("a")), .raise(signo), .key(.character("b"))])
            let outcome = AppLoop.run(app: app, terminal: terminal)
            XCTAssertTrue(terminal.waitedForSignal, "signal \(signo) reached the watcher")
            XCTAssertEqual(outcome, .interrupted(signal: signo))
            XCTAssertEqual(outcome.exitStatus, status)
            XCTAssertEqual(app.saves, 1)
            XCTAssertEqual(terminal.shutdowns, 1)
            XCTAssertEqual(app.keys, [.character("a")])
        }
    }

    func testSizeMessageWrapsWithinNarrowTerminals() {
        var grid = CellGrid(width: 30, height: 10)
        SizeGuard.draw(into: &grid)
        for row in 0..<grid.height { XCTAssertLessThanOrEqual(TextWidth.of(grid.rowText(row)), 30) }
        XCTAssertTrue(grid.text.contains("30x10"))
    }
}
