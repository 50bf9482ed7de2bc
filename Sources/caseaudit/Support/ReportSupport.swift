import ArgumentParser
import CaseAuditCore
import Foundation

extension Grouping: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}

/// `--by`, `--from`, `--to`, `--format`, `--out`: shared by `report` and `grades`.
struct ReportOptions: ParsableArguments {
    // The value name is short so that the option's line fits 80 columns; the help lists the values.
    @Option(help: ArgumentHelp("Group rows by month, quarter (financial year: Q1 is Apr-Jun), year, team, auditor, template (its id), or the child's age-band, disability, ethnicity or uasc (unaccompanied asylum-seeking status; blank: \"(not recorded)\").",
                               valueName: "grouping"))
    var by: Grouping = .month

    @Option(help: ArgumentHelp("First month counted (inclusive).", valueName: "YYYY-MM"))
    var from: String?

    @Option(help: ArgumentHelp("Last month counted (inclusive).", valueName: "YYYY-MM"))
    var to: String?

    @Option(help: ArgumentHelp("Output format.", valueName: "table|csv|json|markdown|html"))
    var format: ReportFormat = .table

    @OptionGroup var output: OutputOptions

    var fromMonth: Month? { from.flatMap(Month.init) }
    var toMonth: Month? { to.flatMap(Month.init) }

    func validate() throws {
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, Month(value) == nil {
                throw ValidationError("\(name) must be a month written YYYY-MM, such as 2018-04 (got \"\(value)\")")
            }
        }
        if let f = fromMonth, let t = toMonth, f > t {
            throw ValidationError("--from \(f) is after --to \(t); give the earlier month first")
        }
    }
}

/// Loading and writing shared by the report commands.
enum ReportSupport {
    /// What the reports count of every readable audit, with the answers `measures` count.
    /// Damaged files are counted in a warning on standard error and left out; the report goes on.
    static func loadFacts(_ directory: DataDirectory, catalog: TemplateCatalog, measures: [Measure] = []) -> [AuditFacts] {
        let (facts, problems) = AuditIndex.load(directory: directory, catalog: catalog, answers: Measure.answerIDs(measures))
        let damaged = problems.errors
        if !damaged.isEmpty {
            printError("caseaudit: warning: \(damaged.count) damaged audit file\(damaged.count == 1 ? " is" : "s are") left out of this report, "
                       + "for example \(damaged[0]) (run `caseaudit validate --data \(directory.root.path)` to list them all)")
        }
        for w in problems.warnings { printError(w.description) }
        return facts
    }

    /// The measures of `DATA/measures.yaml`, or the shipped defaults when it is missing (not copied in).
    /// A question measure's question is checked in the catalog's templates.
    static func loadMeasures(_ directory: DataDirectory, catalog: TemplateCatalog) throws -> (measures: [Measure], file: URL) {
        let (measures, warnings, url) = try MeasuresFile.loadForReading(directory: directory, defaults: catalog.defaultMeasuresFile,
                                                                        templates: catalog.templates)
        for w in warnings { printError(w.description) }
        return (measures, url)
    }

    /// Writes to `--out` or standard output; see `OutputFile`.
}
