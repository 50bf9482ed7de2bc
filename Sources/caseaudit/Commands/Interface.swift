import ArgumentParser
import CaseAuditCore
import CaseAuditUI
import CursesTerminal
import Foundation

/// `caseaudit` with no subcommand: the terminal interface.
func openInterface(_ common: CommonOptions) throws {
    try requireTerminal()
    // Placeholder until the application (screens) lands in main: the terminal side is ready.
    print("caseaudit: the terminal interface is not built yet; see `caseaudit --help` for the commands.")
}

/// The interface reads keys from and draws on a terminal; piped or redirected, it cannot.
func requireTerminal() throws {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
        printError("""
            caseaudit: the interface needs a terminal, but standard input or output is not one.
            Run `caseaudit` in a terminal window (or over ssh with -t), or use a command such as \
            `caseaudit report` or `caseaudit export` in scripts.
            """)
        throw ExitCode(ExitStatus.usage.rawValue)
    }
}

/// Runs an application on the user's terminal until it quits; a signal or Ctrl-C ends the
/// program with 128 + the signal number after the application has saved its draft.
func runOnTerminal(_ app: AppModel) throws {
    let terminal: CursesTerminal
    do {
        terminal = try CursesTerminal()
    } catch let error as CursesTerminalError {
        printError("caseaudit: \(error.description)")
        throw ExitCode(ExitStatus.usage.rawValue)
    }
    let outcome = AppLoop.run(app: app, terminal: terminal)
    if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
}
