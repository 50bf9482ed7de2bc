import ArgumentParser
import CaseAuditCore
import Foundation

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "One audit's summary for the worker and the case file.",
        discussion: """
            Shows the case details, then the overall grade, the child's own words (the voice section's \
            written answers), the actions with who, by when and whether done, the supervision dates, each \
            section's grade (moderated grades with both), rationale and the answers that were No or Partly \
            with their notes, and the feedback. HTML is one self-contained file that prints on one A4 page \
            for a usual audit.

            Formats and file extensions agree with S in the interface: text is .txt, markdown is .md and \
            html is .html. Without --format, the format follows the extension of --out (.txt, .md or \
            .markdown, .html or .htm), and is text otherwise.

            Examples:
              caseaudit summary 2018-12-0a1b2c3d --out summary.html
              caseaudit summary --data ~/audits 2018-12-0a1b2c3d --format markdown
            """
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("The audit's id (its file name without .json).", valueName: "audit-id"))
    var auditID: String

    @Option(help: "text (.txt), markdown (.md) or html (.html); default: from the extension of --out, else text.")
    var format: AuditSummary.Format?

    @Option(help: ArgumentHelp("Write to this file instead of standard output (- is standard output).", valueName: "file"))
    var out: String?

    @Flag(help: "Let --out write to what a symbolic link points to (refused otherwise).")
    var follow = false

    /// --format, else the one --out's extension names (as `S` in the interface), else text.
    var chosenFormat: AuditSummary.Format {
        format ?? out.flatMap { AuditSummary.Format(path: $0) } ?? .text
    }

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
            try writeOutput(AuditSummary(audit, template: template, previous: previous).render(chosenFormat), to: out, follow: follow)
        }
    }
}
