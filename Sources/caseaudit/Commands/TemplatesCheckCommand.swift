import ArgumentParser
import CaseAuditCore
import Foundation

struct TemplatesCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check template files and report every problem in them.",
        discussion: """
            Every problem of every file is printed in one run, one per line, as file:line:column: error: \
            message (remedy). A folder checks the *.yaml files in it.

            Exit status: 0 when there are no errors (warnings allowed), 65 when any file has an error, 66 \
            when a file does not exist.

            Examples:
              caseaudit templates check AuditTemplates/*.yaml
              caseaudit templates check my-new-template.yaml
            """
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("Template files (or folders of them) to check.", valueName: "file"))
    var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one template file to check") }
    }

    func run() throws {
        let report = TemplateCheck.run(paths: files)
        for d in report.diagnostics { printError(d.description) }
        try reportingErrors { print(report.summary) }
        if report.status != .success { throw ExitCode(report.status.rawValue) }
    }
}
