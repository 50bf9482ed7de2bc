import ArgumentParser
import CaseAuditCore
import Foundation

struct GradesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grades",
        abstract: "Grade distribution of one section: % Outstanding, Good, Requires improvement, Inadequate.",
        discussion: """
            Counts completed audits whose template has the section; percentages are of the audits with a \
            grade (N/A and ungraded are left out). A moderated grade replaces the auditor's. --cohort and \
            --template (each may be repeated) narrow the count to those cohorts and templates, as a \
            measure's cohorts: and templates: do.

            Examples:
              caseaudit grades --section plan --by quarter
              caseaudit grades --section plan --template child-journey \\
                  --template child-journey-lac --cohort LAC
              caseaudit grades --section assessment --from 2018-04 --format csv \\
                  --out assessment-grades.csv
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("The section id, such as plan or assessment.", valueName: "id"))
    var section: String

    @Option(help: ArgumentHelp("Count only this cohort (repeat for more): EH, CIN, CP, LAC or CL.", valueName: "cohort"))
    var cohort: [String] = []

    @Option(help: ArgumentHelp("Count only audits made with this template (repeat for more).", valueName: "id"))
    var template: [String] = []

    @OptionGroup var options: ReportOptions

    @Option(help: ArgumentHelp("The month taken as now: its period and later ones are marked partial (default: this month).",
                               valueName: "YYYY-MM"))
    var today: String?

    var cohorts: [Cohort] { cohort.compactMap(Cohort.parse) }

    func validate() throws {
        if let today, Month(today) == nil {
            throw ValidationError("--today must be a month written YYYY-MM, such as 2019-04 (got \"\(today)\")")
        }
        for c in cohort where Cohort.parse(c) == nil {
            throw ValidationError("--cohort \"\(c)\" is not a cohort; use one of \(Cohort.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

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
            if let unknown = template.first(where: { id in !catalog.templates.contains { $0.id == id } && !facts.contains { $0.template.id == id } }) {
                throw CaseAuditError(.usage, file: directory.root.path, "no template \"\(unknown)\"",
                                     remedy: "use one of: \(catalog.templates.map(\.id).joined(separator: ", "))")
            }
            let report = GradeReport(section: section, facts: facts, by: options.by,
                                     from: options.fromMonth, to: options.toMonth, cohorts: cohorts, templates: template,
                                     today: today.flatMap(Month.init) ?? Month.current())
            try options.output.write(report.render(options.format, raw: options.output.raw))
        }
    }
}
