import ArgumentParser
import CaseAuditCore
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fill the data directory with realistic sample audits.",
        discussion: """
            Makes invented audits across six teams over the 18 months ending with --to (default: this \
            month), improving over time (plans from about 44% to 57% good or better, LAC assessments from \
            about 40% to 52%), with drafts, actions, feedback and a few moderated and imported audits. The \
            same --seed and --to give the same files on any day; without --to the months move with the \
            calendar. Refuses a data directory that already holds audits unless --force, which adds the demo \
            audits beside them.

            Example:
              caseaudit demo --data /tmp/demo --audits 240 --seed 7 --to 2019-03
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "How many audits to make.")
    var audits = 240

    @Option(help: "Seed for the generator; the same seed gives the same audits.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("The last of the 18 months (default: the current month).", valueName: "YYYY-MM"))
    var to: String?

    @Flag(help: "Add the audits even if the data directory already holds some.")
    var force = false

    func validate() throws {
        guard audits >= 0 else { throw ValidationError("--audits must be 0 or more, for example --audits 240") }
        if let to, Month(to) == nil {
            throw ValidationError("--to must be a month written YYYY-MM, such as 2019-03 (got \"\(to)\")")
        }
    }

    func run() throws {
        try reportingErrors {
            let templates = try loadTemplateSource(common)
            let directory = common.dataDirectory
            let measures = try? Data(contentsOf: templates.defaultMeasuresFile)
            let options = DemoGenerator.Options(audits: audits, seed: seed, endMonth: to.flatMap(Month.init) ?? .current())
            let result = try DemoGenerator.fill(directory, templates: templates, options: options,
                                                force: force, defaultMeasures: measures)
            let start = options.endMonth.adding(months: -(options.months - 1))
            print("wrote \(result.written) demo audits (\(result.drafts) drafts), \(start) to \(options.endMonth), to \(directory.root.path)")
        }
    }
}
