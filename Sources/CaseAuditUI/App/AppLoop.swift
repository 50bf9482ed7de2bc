import CaseAuditCore
import Foundation

/// An application that uses Ctrl-C itself (say, to cancel a text field) adopts this; otherwise
/// Ctrl-C, which arrives as a key in raw mode, ends the program like SIGINT.
public protocol ControlCHandling: AnyObject {
    var handlesControlC: Bool { get }
}

/// The run loop: draw, present, read a key, hand it to the application, until it quits, the
/// input ends, or a signal arrives. It owns the terminal and the too-small screen; it knows
/// nothing of curses.
public enum AppLoop {
    public enum Outcome: Equatable, Sendable {
        /// The application asked to quit.
        case quit
        /// The terminal's input ended.
        case endOfInput
        /// SIGINT, SIGTERM or SIGHUP (Ctrl-C counts as SIGINT).
        case interrupted(signal: Int32)
        /// However it ended, a change is not on disk: its last save failed, or the user left it.
        /// The line says which audit and why, for standard error once the terminal is restored.
        case notSaved(String)

        /// The program's exit status: 128 + the signal number when interrupted (130, 143, 129);
        /// 74 (an I/O error) when a change was not saved, whatever ended the run, because lost
        /// work matters more than how the program was stopped.
        public var exitStatus: Int32 {
            switch self {
            case .quit, .endOfInput: return 0
            case .interrupted(let signo): return 128 + signo
            case .notSaved: return ExitStatus.ioError.rawValue
            }
        }
    }

    /// Runs until done; always saves the app's draft and shuts the terminal down before returning,
    /// and ends with `.notSaved` when the app says a change is still not on disk.
    @discardableResult
    public static func run(app: AppModel, terminal: Terminal, signals: SignalWatcher = .shared) -> Outcome {
        signals.activate()
        defer { signals.deactivate() }
        var size = terminal.size
        let outcome: Outcome
        while true {
            if let signo = signals.pending { outcome = .interrupted(signal: signo); break }
            let tooSmall = SizeGuard.isTooSmall(width: size.width, height: size.height)
            var grid = CellGrid(width: size.width, height: size.height, ascii: terminal.prefersASCII)
            if tooSmall { SizeGuard.draw(into: &grid) } else { app.draw(into: &grid) }
            terminal.present(grid)
            app.screenPresented()

            let next: KeyEvent?
            if let interruptible = terminal as? InterruptibleTerminal {
                // A finished background save (a failure above all) is drawn without waiting for a
                // key; not while the too-small notice is up, since that draw does not take it.
                next = interruptible.nextEvent(until: { signals.pending != nil || (!tooSmall && app.needsRedraw) })
            } else {
                next = terminal.nextEvent()
            }
            guard let event = next else {
                if let signo = signals.pending {
                    outcome = .interrupted(signal: signo)
                } else if !tooSmall && app.needsRedraw {
                    continue
                } else {
                    outcome = .endOfInput
                }
                break
            }
            if case .resize(let width, let height) = event {
                size = (width, height)
                // The application's state is left alone while the terminal is too small.
                if SizeGuard.isTooSmall(width: width, height: height) { continue }
            } else if event == .control("c"), (app as? ControlCHandling)?.handlesControlC != true {
                outcome = .interrupted(signal: SIGINT)
                break
            } else if tooSmall {
                // The notice says `q` quits; every other key waits for a larger terminal.
                if event == .character("q") { outcome = .quit; break }
                continue
            }
            if !app.handle(event) { outcome = .quit; break }
        }
        app.emergencySave()
        terminal.shutdown()
        if let warning = app.unsavedWarning() { return .notSaved(warning) }
        return outcome
    }
}
