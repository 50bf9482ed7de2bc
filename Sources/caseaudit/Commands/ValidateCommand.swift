import ArgumentParser
import CaseAuditCore
import Foundation

/// `caseaudit validate`: every problem in the templates, the measures and the audit files, in one run.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check templates, measures and every audit file.",
        discussion: """
            Lists every problem with its file (and line when known) and what to do, then a summary line: N \
            audit files checked, M problems. Checks the templates folder, measures.yaml, teams.yaml (when \
            there is one), every audit file against the template version it was made with, and the \
            hash-chained history of each audit. Exits 65 when any problem is an error, 0 when there are none \
            or only warnings. Nothing is written: a missing data directory is exit 66, and a missing \
            measures.yaml is checked as the shipped defaults.

            Example:
              caseaudit validate --data ~/audits
            """
    )

    @OptionGroup var common: CommonOptions

    mutating func run() throws {
        var failed = false
        try reportingErrors {
            let directory = try common.existingDataDirectory(warningReadable: false)
            let catalog = try common.loadTemplateCatalog()
            let report = try DataValidator.validate(
                directory: directory,
                templateProblems: catalog.diagnostics,
                template: { catalog.template($0) },
                measuresProblems: { MeasuresFile.parse($0, file: $1, templates: catalog.templates).diagnostics },
                history: { AuditHistory(directory: directory).verifyAll() })
            for problem in report.problems { print(TerminalText.safe(problem.description, multiline: true)) }
            print(report.summary)
            failed = report.hasErrors
        }
        if failed { throw ExitCode(ExitStatus.dataError.rawValue) }
    }
}
