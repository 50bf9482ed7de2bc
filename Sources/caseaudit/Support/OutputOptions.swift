import ArgumentParser
import CaseAuditCore
import Foundation

/// `--out`, `--follow` and `--raw`: where a command's output goes and whether its CSV is
/// formula-safe. Shared by every command that writes a table, so the three read the same everywhere.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write to this file instead of standard output (- is standard output).", valueName: "file"))
    var out: String?

    @Flag(help: "Let --out write to what a symbolic link points to (refused otherwise).")
    var follow = false

    @Flag(help: "Write CSV cells exactly as they are, with no ' before a cell starting with = + - @, tab or CR (for programs, not spreadsheets).")
    var raw = false

    /// Writes `text` to `--out` (atomically, refusing a link unless `--follow`) or standard output.
    func write(_ text: String) throws {
        try writeOutput(text, to: out, follow: follow)
    }
}
