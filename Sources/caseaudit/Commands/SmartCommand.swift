import ArgumentParser
import CaseAuditCore
import Foundation

extension QAFormat: ExpressibleByArgument {}

/// `caseaudit smart`: checks plan actions, one per line, against the SMART rules.
struct SmartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smart",
        abstract: "Check plan actions, one per line, for a timescale, an owner, a measurable outcome and vague wording.",
        discussion: """
            Reads FILE (or standard input for - or no FILE), one plan action per line; blank lines are \
            skipped. For each action it says what is lacking (timescale: a date, a number of days or weeks, \
            or a named review; owner; measurable outcome), names vague wording ("ongoing", "as required", \
            "TBC", a bare "monitor" or "support" ...), and gives a verdict (smart, needs-work, not-smart) \
            and a score out of 4. The rules, with examples, are in docs/smart.md.

            Examples:
              caseaudit smart plan-actions.txt
              echo "Ongoing support from family" | caseaudit smart -
              caseaudit smart plan-actions.txt --format csv --out smart.csv
            """
    )

    @Argument(help: ArgumentHelp("A text file of plan actions, one per line; - or none for standard input.", valueName: "file"))
    var file: String?

    @Option(help: ArgumentHelp("Output format.", valueName: "table|csv|json"))
    var format: QAFormat = .table

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if format == .markdown || format == .html {
            throw ValidationError("--format must be table, csv or json for smart")
        }
    }

    mutating func run() throws {
        try reportingErrors {
            let data: Data
            let name = file ?? "-"
            if name == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: name, isDirectory: &isDir), !isDir.boolValue else {
                    throw CaseAuditError(.noInput, file: name, "no such file", remedy: "give a text file of plan actions, one per line")
                }
                do { data = try Data(contentsOf: URL(fileURLWithPath: name)) } catch {
                    throw CaseAuditError(.ioError, file: name, "cannot read: \(error.localizedDescription)",
                                         remedy: "check the file's permissions")
                }
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw CaseAuditError(.dataError, file: name, "is not UTF-8 text", remedy: "save the actions as UTF-8 text")
            }
            try output.write(SmartReport.table(text).render(format, raw: output.raw))
        }
    }
}
