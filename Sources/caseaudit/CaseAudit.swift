import ArgumentParser
import CaseAuditCore
import Foundation

@main
struct CaseAudit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caseaudit",
        abstract: "Case-file audits for children's services: complete audits, report against targets.",
        discussion: """
            With no subcommand, opens the terminal interface.

            Data lives in --data DIR, else $CASEAUDIT_DATA, else $XDG_DATA_HOME/caseaudit (default \
            ~/.local/share/caseaudit). Templates come from --templates DIR, else $CASEAUDIT_TEMPLATES, else \
            the AuditTemplates folder installed beside the program.

            Example:
              caseaudit --data ~/audits
            """,
        version: "0.1.0",
        subcommands: [
            TemplatesCommand.self,
            ValidateCommand.self,
            ReportCommand.self,
            GradesCommand.self,
            AuditsCommand.self,
            EscalationsCommand.self,
            HistoryCommand.self,
            UnlockCommand.self,
            ImportCommand.self,
            ExportCommand.self,
            SummaryCommand.self,
            DemoCommand.self,
            ModerateCommand.self,
            AgreementCommand.self,
            SampleCommand.self,
            ActionsCommand.self,
            SmartCommand.self,
        ]
    )

    @OptionGroup var common: CommonOptions

    @Flag(help: "Draw the interface in plain ASCII (no box drawing, bars or sparklines); also CASEAUDIT_ASCII=1, and automatic for TERM=vt100.")
    var ascii = false

    mutating func run() throws {
        try reportingErrors {
            try openInterface(common, ascii: ascii)
        }
    }
}
