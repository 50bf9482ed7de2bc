import ArgumentParser
import CaseAuditCore
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Measures against targets: % of audits graded good or better, by period.",
        discussion: """
            Counts completed audits only; a moderated grade replaces the auditor's; N/A and ungraded \
            sections are left out of the percentage. Measures, baselines and targets come from measures.yaml \
            in the data directory (created from the shipped defaults on first use). A question measure \
            (question: with counts: yes, at_most: N or at_least: N) counts answers instead of grades: graded \
            is the number answered (N/A and blank left out), good_or_better the number meeting the measure \
            (yes; a number within the bound). RAG: green at or above target, red at or below baseline, amber \
            between. Each percentage carries its 95% Wilson interval (ci_low, ci_high); a period not over \
            yet is marked partial; previous and year_before are the percentages of the period before and of \
            the same period a year earlier.

            Examples:
              caseaudit report --by quarter --from 2018-04 --to 2019-03
              caseaudit report --measure plan-quality --format csv --out plans.csv
              caseaudit report --by team --format html --out performance-meeting.html
            """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: ReportOptions

    @Option(help: ArgumentHelp("Only this measure (an id in measures.yaml).", valueName: "id"))
    var measure: String?

    @Option(help: ArgumentHelp("The month taken as now: its period and later ones are marked partial (default: this month).",
                               valueName: "YYYY-MM"))
    var today: String?

    func validate() throws {
        if let today, Month(today) == nil {
            throw ValidationError("--today must be a month written YYYY-MM, such as 2019-04 (got \"\(today)\")")
        }
    }

    mutating func run() throws {
        var clock = PhaseClock()
        clock.sinceProcessStart("process start to the report command")
        try reportingErrors {
            let directory = try common.existingDataDirectory()
            let catalog = try common.loadTemplateCatalog()
            clock.lap("template catalog")
            var (measures, file) = try ReportSupport.loadMeasures(directory, catalog: catalog)
            if let wanted = measure {
                guard let m = measures.first(where: { $0.id == wanted }) else {
                    throw CaseAuditError(.usage, file: file.path, "no measure \"\(wanted)\"",
                                         remedy: "use one of: \(measures.map(\.id).joined(separator: ", "))")
                }
                measures = [m]
            }
            clock.lap("measures")
            let facts = ReportSupport.loadFacts(directory, catalog: catalog, measures: measures)
            clock.lap("audit facts (all of AuditIndex.load)")
            let report = MeasureReport(measures: measures, facts: facts, by: options.by,
                                       from: options.fromMonth, to: options.toMonth, today: today.flatMap(Month.init) ?? Month.current())
            let text = report.render(options.format, raw: options.output.raw)
            clock.lap("count and render")
            try withExtendedLifetime(report) {
                try options.output.write(text)
                clock.lap("write")
                clock.sinceProcessStart("process start to exit")
                // Freeing 100,000 facts one by one at exit takes several milliseconds and
                // achieves nothing. Safe: the output is written with write(2) (no buffer), the
                // index cache is written synchronously, and no other work is pending.
                Foundation.exit(0)
            }
        }
    }
}
