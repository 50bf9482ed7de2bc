import ArgumentParser
import CaseAuditCore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import graded audits from a spreadsheet saved as CSV.",
        discussion: """
            Required columns: month (YYYY-MM), template, case_ref, cohort, team, auditor. Optional: \
            audit_id, worker, overall, and one column per section id holding a grade (Outstanding, Good, \
            Requires improvement, RI, Inadequate, N/A, or blank). Header names are case-insensitive and in \
            any order; unknown columns are ignored with a warning. All or nothing: if any row is wrong, \
            nothing is imported and every wrong row is listed. A row is the audit with its audit_id, or else \
            the imported audit with the same month, template and case_ref; a new audit gets a random id that \
            says nothing about the case. Importing the same file again changes nothing, but records in the \
            history any audit an interrupted import left without its entry. Each value is one line of at \
            most 200 characters with no control characters; a file is at most 50 MB (split a larger one). \
            Save as CSV UTF-8, not UTF-16.

            Example:
              caseaudit import --data ~/audits audits-2018-12.csv
            """
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("The CSV file to import.", valueName: "file.csv"))
    var file: String

    func run() throws {
        try reportingErrors {
            let url = URL(fileURLWithPath: file)
            let table = try CSVTable.read(url)
            let templates = try loadTemplateSource(common)
            var importer = AuditImporter(directory: common.checkedDataDirectory, templates: templates)
            importer.defaultMeasures = try? Data(contentsOf: templates.defaultMeasuresFile)
            let summary = try importer.run(table, file: file)
            for warning in summary.warnings { printError(warning.description) }
            print(summary.line)
        }
    }
}
