import ArgumentParser
import CaseAuditCore
import Foundation

/// `caseaudit actions`: the actions arising from completed audits, and which are overdue.
struct ActionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "List the actions of completed audits: owner, due date, done, overdue.",
        discussion: """
            Lists every action of every completed audit (drafts are left out: their actions are not agreed \
            yet), earliest due first. Overdue means not done and due before today; an action due today is \
            not overdue. --team and --owner match the whole name, ignoring case.

            Examples:
              caseaudit actions --overdue
              caseaudit actions --team "Northvale CIN" --owner "Sam Reid" --format csv
              caseaudit actions --overdue --today 2026-03-31 --format json
            """
    )

    @OptionGroup var common: CommonOptions

    @Flag(help: "Only actions not done and due before today.")
    var overdue = false

    @Option(help: ArgumentHelp("Only this team's audits.", valueName: "team"))
    var team: String?

    @Option(help: ArgumentHelp("Only actions owned by this person or service.", valueName: "name"))
    var owner: String?

    @Option(help: ArgumentHelp("The date counted as today (default: today).", valueName: "YYYY-MM-DD"))
    var today: String?

    @Option(help: ArgumentHelp("Output format.", valueName: "table|csv|json"))
    var format: QAFormat = .table

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let today, !ResponseRules.isValidDate(today) {
            throw ValidationError("--today must be a date written YYYY-MM-DD, such as 2026-03-31 (got \"\(today)\")")
        }
        if format == .markdown || format == .html {
            throw ValidationError("--format must be table, csv or json for actions")
        }
    }

    mutating func run() throws {
        try reportingErrors {
            let directory = try common.existingDataDirectory()
            let loaded = QALoading.load(directory)
            if let warning = loaded.warning { printError(warning.description) }
            let list = ActionList(audits: loaded.audits, today: today ?? ActionList.localToday(), overdueOnly: overdue,
                                  team: team, owner: owner)
            try output.write(list.table().render(format, raw: output.raw))
        }
    }
}
