import ArgumentParser
import CaseAuditCore
import Foundation

extension AuditListFormat: ExpressibleByArgument {}

/// `caseaudit audits`: the audits behind any figure of `report`, `grades` or the interface.
struct AuditsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audits",
        abstract: "List the audits behind a figure: the ones a measure counts in a period, or any filter.",
        discussion: """
            With --measure, lists the audits the measure counts (completed, cohort and template matching, \
            template with the section), each with the grade that counts (moderated wins); with --period too, \
            only those in that period as the report writes it for --by (2018-12, "FY2018-19 Q3", FY2018-19, \
            a team or auditor name, a template id). The rows are the report row's audits; those with a grade \
            other than na are its graded, and the good_or_better "yes" rows its good_or_better. For a \
            question measure (such as children-seen-alone) grade holds the answer counted (yes, partly, no, \
            na or the number) and good_or_better is yes or no when answered, empty when blank or N/A. \
            Without --measure, lists every audit the filter matches, with its overall grade.

            --filter takes the words of the audits list's filter (/ in the interface): a bare word matches \
            any field; month:, quarter:, year:, team:, auditor:, worker:, case:, template:, status:, cohort: \
            and grade: match one field (grade:good+ is good or better), and a section's id its grade \
            (plan:ri); every word must match, and "or" separates alternatives. An unknown key is an error \
            (exit 64) naming the known keys.

            Examples:
              caseaudit audits --measure plan-quality --by quarter --period "FY2026-27 Q3"
              caseaudit audits --measure children-seen-alone --period 2026-11
              caseaudit audits --measure lac-assessment --by team --format csv \\
                  --period "Northvale CIN"
              caseaudit audits --measure plan-quality --by team --from 2026-10 \\
                  --to 2026-12 --period "Northvale CIN"
              caseaudit audits --filter "team:north status:draft"
              caseaudit audits --filter "plan:ri or plan:i"
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("Only the audits this measure counts (an id in measures.yaml).", valueName: "id"))
    var measure: String?

    @Option(help: ArgumentHelp("Only the audits in this period, written as the report writes it (needs --measure).",
                               valueName: "label"))
    var period: String?

    @Option(help: ArgumentHelp("What --period is: a month, quarter (financial year), year, team, auditor, template, age-band, disability, ethnicity or uasc.",
                               valueName: "grouping"))
    var by: Grouping = .month

    @Option(help: ArgumentHelp("First month counted (inclusive), as report --from.", valueName: "YYYY-MM"))
    var from: String?

    @Option(help: ArgumentHelp("Last month counted (inclusive), as report --to.", valueName: "YYYY-MM"))
    var to: String?

    @Option(help: ArgumentHelp("Filter words, as in the audits list of the interface.", valueName: "words"))
    var filter: String?

    @Option(help: ArgumentHelp("Output format.", valueName: "table|csv|json"))
    var format: AuditListFormat = .table

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if period != nil && measure == nil {
            throw ValidationError("--period needs --measure: name the measure whose figure the period belongs to")
        }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, Month(value) == nil {
                throw ValidationError("\(name) must be a month written YYYY-MM, such as 2018-04 (got \"\(value)\")")
            }
        }
        if let f = from.flatMap(Month.init), let t = to.flatMap(Month.init), f > t {
            throw ValidationError("--from \(f) is after --to \(t); give the earlier month first")
        }
    }

    mutating func run() throws {
        try reportingErrors {
            let directory = try common.existingDataDirectory()
            let catalog = try common.loadTemplateCatalog()
            var counted: Measure?
            if let wanted = measure {
                let (measures, file) = try ReportSupport.loadMeasures(directory, catalog: catalog)
                guard let m = measures.first(where: { $0.id == wanted }) else {
                    throw CaseAuditError(.usage, file: file.path, "no measure \"\(wanted)\"",
                                         remedy: "use one of: \(measures.map(\.id).joined(separator: ", "))")
                }
                counted = m
            }
            let facts = ReportSupport.loadFacts(directory, catalog: catalog, measures: counted.map { [$0] } ?? [])
            // Graded section ids of every template version known are keys for section grades.
            let sections = catalog.templates.flatMap { $0.gradedSections.map(\.id) }
            let auditFilter = AuditFilter(filter ?? "", sections: Array(Set(sections)))
            if let problem = auditFilter.problem {
                throw CaseAuditError(.usage, file: "--filter", problem, remedy: "correct the key's spelling; `caseaudit audits --help` describes the filter")
            }
            let list = AuditList(audits: facts, filter: auditFilter, measure: counted, period: period, by: by,
                                 from: from.flatMap(Month.init), to: to.flatMap(Month.init))
            try output.write(list.render(format, raw: output.raw))
        }
    }
}
