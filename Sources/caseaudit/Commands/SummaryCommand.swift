import ArgumentParser
import CaseAuditCore
import Foundation

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "One audit's summary for the worker and the case file.",
        discussion: """
            Shows the case details, each section's grade (moderated grades with both), rationale
            and the answers that were No or Partly with their notes, the overall grade, the
            actions and the feedback. HTML is one self-contained file that prints well.

            Example:
              caseaudit summary --data ~/audits 2018-12-0a1b2c3d --format html --out summary.html
            """
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("The audit's id (its file name without .json).", valueName: "audit-id"))
    var auditID: String

    @Option(help: "text, markdown or html.")
    var format: AuditSummary.Format = .text

    @Option(help: ArgumentHelp("Write to this file instead of standard output (- is standard output).", valueName: "file"))
    var out: String?

    @Flag(help: "Let --out write to what a symbolic link points to (refused otherwise).")
    var follow = false

    func run() throws {
        try reportingErrors {
            try checkAuditID(auditID)
            let directory = try common.existingDataDirectory()
            let store = AuditStore(directory: directory)
            let audit = try store.load(auditID)
            let template = (try? loadTemplateSource(common))?.template(audit.template)
            // The case's previous audit, whose grades the summary shows beside these.
            let facts = AuditIndex.load(directory: directory, sectionsFor: { _ in [] }).facts
            let previous = AuditSummary.earlier(than: audit, among: facts).first.flatMap { try? store.load($0.id) }
            try writeOutput(AuditSummary(audit, template: template, previous: previous).render(format), to: out, follow: follow)
        }
    }
}
