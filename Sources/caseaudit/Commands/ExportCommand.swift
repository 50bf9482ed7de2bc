import ArgumentParser
import CaseAuditCore
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the raw results as CSV or JSON lines.",
        discussion: """
            CSV has one row per audit (--level audit), per audit and section (--level section; grade is the \
            grade that counts, moderated if moderated) or per answer (--level answer). JSONL has one JSON \
            object per audit whatever the level. Drafts are included with status draft.

            --redact drops people's names, case references and all free text (notes, rationales, actions, \
            feedback); a value survives only when it is one the template allows: an option, a grade, a date \
            or a number. The columns stay, empty. Audit ids become pseudonyms made for that export, the same \
            on every row of one audit; --pseudonym-key FILE keeps them the same across exports made with \
            that file.

            Excel needs --bom to read accents in a UTF-8 CSV correctly.

            Examples:
              caseaudit export --level section --from 2018-04 --to 2019-03 --out fy.csv
              caseaudit export --data ~/audits --format jsonl --redact --out audits.jsonl
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "csv or jsonl.")
    var format: AuditExporter.Format = .csv

    @Option(help: "audit, section or answer (CSV only).")
    var level: AuditExporter.Level = .audit

    @Flag(help: "Leave out names, case references and free text.")
    var redact = false

    @Option(help: ArgumentHelp("With --redact: a file of at least 16 secret bytes; exports made with the same file give an audit the same pseudonym.",
                               valueName: "file"))
    var pseudonymKey: String?

    @Option(help: ArgumentHelp("First month to include.", valueName: "YYYY-MM"))
    var from: String?

    @Option(help: ArgumentHelp("Last month to include.", valueName: "YYYY-MM"))
    var to: String?

    @Option(help: ArgumentHelp("Write to this file instead of standard output (- is standard output).", valueName: "file"))
    var out: String?

    @Flag(help: "Let --out write to what a symbolic link points to (refused otherwise).")
    var follow = false

    @Flag(help: "Start the CSV with a UTF-8 byte-order mark (for Excel).")
    var bom = false

    @Flag(help: "Write CSV cells exactly as stored, with no ' before a cell starting with = + - @, tab or CR (for programs, not spreadsheets).")
    var raw = false

    func validate() throws {
        if pseudonymKey != nil && !redact {
            throw ValidationError("--pseudonym-key only applies to a redacted export; add --redact or leave it out")
        }
        let first = try parseMonth(from, option: "--from")
        let last = try parseMonth(to, option: "--to")
        if let first, let last, last < first {
            throw ValidationError("--to \(last) is before --from \(first); give the earlier month to --from")
        }
    }

    func run() throws {
        // Already checked in validate(), which ArgumentParser runs first.
        let fromMonth = from.flatMap(Month.init)
        let toMonth = to.flatMap(Month.init)
        try reportingErrors {
            let directory = try common.existingDataDirectory()
            let templates = try? loadTemplateSource(common)
            let options = AuditExporter.Options(format: format, level: level, redact: redact,
                                                from: fromMonth, to: toMonth, byteOrderMark: bom,
                                                pseudonymKey: try pseudonymKey.map(readPseudonymKey), raw: raw)
            let exporter = AuditExporter(templates: templates, options: options)
            // Streamed: audits are read, written and dropped one at a time, never all held at once.
            let plan = exporter.plan(directory)
            if let warning = AuditExporter.damagedWarning(plan.problems, directory: directory) {
                printError(warning.description)
            }
            let sink = try OutputSink.open(out, follow: follow)
            try exporter.write(plan, directory: directory) { try sink.write($0) }
            try sink.commit()
        }
    }
}

/// The bytes of a `--pseudonym-key` file: missing is 66, too short to be secret is 65.
func readPseudonymKey(_ path: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: path)
    guard let data = FileManager.default.contents(atPath: url.path) else {
        throw CaseAuditError(.noInput, file: url.path, "cannot read the pseudonym key file",
                             remedy: "make one with: head -c 32 /dev/urandom > \(path) (and keep it private)")
    }
    guard data.count >= Pseudonym.minimumKeyLength else {
        throw CaseAuditError(.dataError, file: url.path,
                             "the pseudonym key has \(data.count) bytes; at least \(Pseudonym.minimumKeyLength) are needed so it cannot be guessed",
                             remedy: "make one with: head -c 32 /dev/urandom > \(path) (and keep it private)")
    }
    return [UInt8](data)
}
