import ArgumentParser
import CaseAuditCore
import Foundation

extension Agreement.GroupBy: ExpressibleByArgument {}

/// `caseaudit agreement`: how often moderators agree with auditors.
struct AgreementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Agreement between auditors' and moderators' grades: exact, same side, Cohen's kappa.",
        discussion: """
            A pair is one completed audit's section, or its overall grade, where both the auditor and the \
            moderator gave one of the four grades. For each group: pairs, exact agreements, same side of \
            good (both good or better, or both below), Cohen's kappa and linear weighted kappa (three \
            decimals; empty with no pairs or when chance agreement is certain). The last row, all, counts \
            every pair. HTML adds agreement by auditor with how many grades moderation moved up and down.

            Examples:
              caseaudit agreement
              caseaudit agreement --by auditor --from 2026-04 --to 2027-03 --format csv
              caseaudit agreement --format html --out agreement.html
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("One row per section (overall is one), auditor or team.", valueName: "section|auditor|team"))
    var by: Agreement.GroupBy = .section

    @Option(help: ArgumentHelp("First month, YYYY-MM.", valueName: "month"))
    var from: String?

    @Option(help: ArgumentHelp("Last month, YYYY-MM.", valueName: "month"))
    var to: String?

    @Option(help: ArgumentHelp("Output format.", valueName: "table|csv|json|markdown|html"))
    var format: QAFormat = .table

    @OptionGroup var output: OutputOptions

    func validate() throws {
        let f = try parseMonth(from, option: "--from"), t = try parseMonth(to, option: "--to")
        if let f, let t, f > t { throw ValidationError("--from \(f) is after --to \(t)") }
    }

    mutating func run() throws {
        try reportingErrors {
            let directory = try common.existingDataDirectory()
            let loaded = QALoading.load(directory)
            if let warning = loaded.warning { printError(warning.description) }
            let audits = Agreement.audits(loaded.audits, from: try parseMonth(from, option: "--from"),
                                          to: try parseMonth(to, option: "--to"))
            try output.write(Agreement.report(audits, by: by, format: format, raw: output.raw))
        }
    }
}
