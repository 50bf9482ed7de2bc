import ArgumentParser
import CaseAuditCore
import Foundation

struct GradesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grades",
        abstract: "Grade distribution of one section: % Outstanding, Good, Requires improvement, Inadequate.",
        discussion: """
            Counts completed audits whose template has the section; percentages are of the
            audits with a grade (N/A and ungraded are left out). A moderated grade replaces
            the auditor's.

            Examples:
              caseaudit grades --section plan --by quarter
              caseaudit grades --section assessment --from 2018-04 --format csv --out assessment-grades.csv
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("The section id, such as plan or assessment.", valueName: "id"))
    var section: String

    @OptionGroup var options: ReportOptions

    mutating func run() throws {
        try reportingErrors {
            let directory = try common.existingDataDirectory()
            let catalog = try common.loadTemplateCatalog()
            let facts = ReportSupport.loadFacts(directory, catalog: catalog)
            let known = SharedSections.contains(section) || catalog.templates.contains { $0.hasSection(section) }
                || facts.contains { $0.hasSection(section) }
            guard known else {
                throw CaseAuditError(.usage, file: directory.root.path, "no template has a section \"\(section)\"",
                                     remedy: "use one of: \(SharedSections.ids.joined(separator: ", "))")
            }
            let report = GradeReport(section: section, facts: facts, by: options.by,
                                     from: options.fromMonth, to: options.toMonth)
            try ReportSupport.write(report.render(options.format, raw: options.raw), to: options.out, follow: options.follow)
        }
    }
}
