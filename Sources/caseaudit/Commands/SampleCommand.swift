import ArgumentParser
import CaseAuditCore
import Foundation

/// `caseaudit sample`: which cases to audit next month, or which audits to moderate.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Pick cases to audit from a caseload extract, or audits to moderate (--moderation).",
        discussion: """
            With CASES.csv (columns case_ref, cohort, team, worker): picks up to --per-team cases in each \
            team for --month, leaving out cases with a completed audit in the 12 months before it, taking \
            each worker's cases in turn so no worker gets a second case while a colleague has none. With \
            --auditors FILE (columns auditor, team) each case gets an auditor from another team, loads kept \
            even.

            With --moderation: picks --percent of the month's completed audits at random, plus every audit \
            graded inadequate or outstanding overall, and remembers the sample in the data folder \
            (samples/moderation-YYYY-MM.csv) so the dashboard counts those still awaiting moderation.

            The same --seed and input give the same output. Both write CSV.

            Examples:
              caseaudit sample cases.csv --month 2026-04 --per-team 4 --seed 7
              caseaudit sample cases.csv --month 2026-04 --per-team 4 --seed 7 \\
                --auditors auditors.csv
              caseaudit sample --moderation --month 2026-03 --percent 10 --seed 7
            """
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("The caseload extract (not with --moderation).", valueName: "cases.csv"))
    var cases: String?

    @Flag(help: "Pick completed audits to moderate instead of cases to audit.")
    var moderation = false

    @Option(help: ArgumentHelp("The month sampled.", valueName: "YYYY-MM"))
    var month: String

    @Option(name: .customLong("per-team"), help: ArgumentHelp("Cases per team.", valueName: "n"))
    var perTeam: Int?

    @Option(help: ArgumentHelp("Share of the month's completed audits to moderate, 0-100.", valueName: "p"))
    var percent: Double?

    @Option(help: ArgumentHelp("The random seed: the same seed and input give the same sample.", valueName: "s"))
    var seed: UInt64

    @Option(help: ArgumentHelp("Auditors to assign (columns auditor, team).", valueName: "auditors.csv"))
    var auditors: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        _ = try parseMonth(month, option: "--month")
        if moderation {
            if cases != nil { throw ValidationError("--moderation samples audits already recorded; give no cases file") }
            if perTeam != nil || auditors != nil { throw ValidationError("--per-team and --auditors are for sampling cases, not --moderation") }
            guard let percent else { throw ValidationError("--moderation needs --percent P (0-100)") }
            if !(0...100).contains(percent) { throw ValidationError("--percent must be from 0 to 100 (got \(percent))") }
        } else {
            if cases == nil { throw ValidationError("give the caseload extract CASES.csv, or --moderation") }
            if percent != nil { throw ValidationError("--percent is for --moderation") }
            guard let perTeam else { throw ValidationError("sampling cases needs --per-team N") }
            if perTeam < 1 { throw ValidationError("--per-team must be 1 or more (got \(perTeam))") }
        }
    }

    mutating func run() throws {
        try reportingErrors {
            let month = try parseMonth(month, option: "--month")!
            let directory = try common.existingDataDirectory()
            let loaded = QALoading.load(directory)
            if let warning = loaded.warning { printError(warning.description) }
            if moderation {
                let sample = CaseSampler.moderationSample(loaded.audits, month: month, percent: percent ?? 0, seed: seed)
                let byID = Dictionary(loaded.audits.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                // Remembered first: a sample that cannot be kept must not be handed out as if it were.
                try sample.save(to: directory, audits: byID)
                try output.write(sample.csv(audits: byID, raw: output.raw))
                printError("caseaudit: remembered \(sample.entries.count) audit\(sample.entries.count == 1 ? "" : "s") to moderate in "
                           + TerminalText.safe(ModerationSample.file(month: month, directory: directory).path))
                return
            }
            let path = cases!
            let rows = try CaseSampler.read(CSVTable.read(URL(fileURLWithPath: path)), file: path,
                                            columns: ["case_ref", "cohort", "team", "worker"], required: ["case_ref", "team", "worker"])
            let list = rows.map { CaseSampler.Case(caseRef: $0["case_ref"]!, cohort: $0["cohort"]!, team: $0["team"]!, worker: $0["worker"]!) }
            var team: [CaseSampler.Auditor]?
            if let auditors {
                team = try CaseSampler.read(CSVTable.read(URL(fileURLWithPath: auditors)), file: auditors,
                                            columns: ["auditor", "team"], required: ["auditor", "team"])
                    .map { CaseSampler.Auditor(name: $0["auditor"]!, team: $0["team"]!) }
            }
            let picks = try CaseSampler.pickCases(list, perTeam: perTeam ?? 0, seed: seed,
                                                  exclude: CaseSampler.recentlyAudited(loaded.audits, before: month), auditors: team)
            try output.write(CaseSampler.casesCSV(picks, month: month, raw: output.raw))
        }
    }
}
