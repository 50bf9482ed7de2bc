import ArgumentParser
import CaseAuditCore
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the raw results as CSV or JSON lines.",
        discussion: """
            CSV has one row per audit (--level audit), per audit and section (--level section;
            grade is the grade that counts, moderated if moderated) or per answer (--level answer).
            JSONL has one JSON object per audit whatever the level. Drafts are included with
            status draft. --redact drops people's names, case references and all free text
            (notes, rationales, actions, feedback); the columns stay, empty.
            Excel needs --bom to read accents in a UTF-8 CSV correctly.

            Example:
              caseaudit export --data ~/audits --level section --from 2018-04 --to 2019-03 --out fy2018-19.csv
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "csv or jsonl.")
    var format: AuditExporter.Format = .csv

    @Option(help: "audit, section or answer (CSV only).")
    var level: AuditExporter.Level = .audit

    @Flag(help: "Leave out names, case references and free text.")
    var redact = false

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

    func validate() throws {
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
                                                from: fromMonth, to: toMonth, byteOrderMark: bom)
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
