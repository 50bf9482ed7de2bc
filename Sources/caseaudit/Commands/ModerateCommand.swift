import ArgumentParser
import CaseAuditCore
import Foundation

/// `caseaudit moderate FILE.csv`: moderated grades from a spreadsheet.
struct ModerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moderate",
        abstract: "Record moderated grades from a CSV file, all rows or none.",
        discussion: """
            Columns (any case, any order): audit_id, or else month, template and case_ref; section (a \
            section id or overall), moderator, grade (outstanding, good, requires-improvement or \
            inadequate), rationale, and optionally date (YYYY-MM-DD, default today). Only completed audits \
            can be moderated. Every bad row is named and nothing is written (exit 65); a row already on file \
            is left alone, so the same file can be run twice. The moderated grade counts everywhere and the \
            history records a moderate entry. The format is in docs/import-export.md.

            Examples:
              caseaudit moderate moderation-2026-03.csv
              caseaudit moderate --data ~/audits moderated.csv
            """
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("The CSV file of moderations.", valueName: "file.csv"))
    var file: String

    mutating func run() throws {
        try reportingErrors {
            let directory = try common.existingDataDirectory()
            let summary = try ModerationImporter(directory: directory).run(URL(fileURLWithPath: file))
            print(summary.line)
        }
    }
}
