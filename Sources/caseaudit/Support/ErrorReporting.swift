import ArgumentParser
import CaseAuditCore
import Foundation

/// Writes a line to standard error. Messages quote names and values from files, so control
/// characters in them are shown as `<U+XXXX>` rather than sent to the terminal.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((TerminalText.safe(text, multiline: true) + "\n").utf8))
}

/// Runs a command body, printing our errors with their place and remedy and exiting with the
/// status product.md section 5 gives them. What the body printed with `print` is flushed here,
/// so a full disk or a closed pipe on standard output is exit 74, not a silent success.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
        try flushStandardOutput()
    } catch let e as CaseAuditError {
        for d in e.diagnostics { printError(e.isList ? d.description : "caseaudit: \(d)") }
        throw ExitCode(e.status.rawValue)
    } catch let d as Diagnostic {
        printError(d.description)
        throw ExitCode(ExitStatus.dataError.rawValue)
    }
}

/// `print` writes through C's buffered stdout: a failed write only shows when it is flushed.
/// (`fflush(nil)` flushes every stream; Swift 6 does not let us name the global `stdout`.)
func flushStandardOutput() throws {
    errno = 0
    if fflush(nil) != 0 {
        throw OutputFile.standardOutputError(errno == 0 ? EIO : errno)
    }
}
