import ArgumentParser
import CaseAuditCore
import Foundation

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs a command body, printing our errors with their place and remedy and exiting with the
/// status product.md section 5 gives them.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as CaseAuditError {
        printError("caseaudit: \(e.diagnostic)")
        throw ExitCode(e.status.rawValue)
    } catch let e as DiagnosticsError {
        for d in e.diagnostics { printError(d.description) }
        throw ExitCode(e.status.rawValue)
    } catch let d as Diagnostic {
        printError(d.description)
        throw ExitCode(ExitStatus.dataError.rawValue)
    }
}
