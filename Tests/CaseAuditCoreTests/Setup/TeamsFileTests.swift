import XCTest
@testable import CaseAuditCore

/// Issue 13: teams.yaml, the list a new audit's team is picked from; one team per spelling.
final class TeamsFileTests: XCTestCase {
    func testAListOfNamesIsRead() {
        let parsed = TeamsFile.parse("# our teams\n- Riverside\n- \"Hillside CIN\"\n-   North   Gate \n", file: "teams.yaml")
        XCTAssertEqual(parsed.teams, ["Riverside", "Hillside CIN", "North Gate"])
        XCTAssertEqual(parsed.problems, [])
    }

    func testEveryProblemIsNamedWithItsLine() {
        let parsed = TeamsFile.parse("- Riverside\n- \"\"\n- [a, b]\n- riverside \n", file: "teams.yaml")
        XCTAssertEqual(parsed.teams, ["Riverside"])
        let text = parsed.problems.map(\.description)
        XCTAssertEqual(text.count, 3, "\(text)")
        XCTAssertTrue(text[0].hasPrefix("teams.yaml:2:"), text[0])
        XCTAssertTrue(text[0].contains("empty team name"), text[0])
        XCTAssertTrue(text[1].hasPrefix("teams.yaml:3:"), text[1])
        XCTAssertTrue(text[2].hasPrefix("teams.yaml:4:"), text[2])
        XCTAssertTrue(text[2].contains("listed twice (first on line 1"), text[2])
    }

    func testPlainLinesAreRefusedWithTheRemedy() {
        let parsed = TeamsFile.parse("Riverside\nHillside\n", file: "teams.yaml")
        XCTAssertEqual(parsed.teams, [])
        XCTAssertEqual(parsed.problems.count, 1)
        XCTAssertTrue(parsed.problems[0].description.hasPrefix("teams.yaml:1:"), parsed.problems[0].description)
        XCTAssertTrue(parsed.problems[0].description.contains("`- Riverside`"), parsed.problems[0].description)
    }

    func testSpellingsThatDifferInCaseOrSpacesAreOneTeam() {
        XCTAssertEqual(TeamsFile.resolve("  riverSIDE ", among: ["Hillside", "Riverside"]), "Riverside")
        XCTAssertEqual(TeamsFile.resolve("north  gate", among: ["Riverside"]), "north gate")
        XCTAssertEqual(TeamsFile.used(in: ["Riverside", "riverside", "Hillside ", "Hillside"]), ["Hillside", "Riverside"])
    }

    func testAddingKeepsTheFileAndReadsBack() throws {
        let directory = try makeReliabilityDataDirectory(self)
        try Data("- Riverside".utf8).write(to: TeamsFile.url(in: directory))
        try TeamsFile.add("North: \"CIN\"", to: directory)
        let loaded = TeamsFile.load(directory)
        XCTAssertEqual(loaded.teams, ["Riverside", "North: \"CIN\""])
        XCTAssertEqual(loaded.problems, [])
    }

    func testNoFileMeansNoList() throws {
        let directory = try makeReliabilityDataDirectory(self)
        XCTAssertNil(TeamsFile.load(directory).teams)
    }

    func testValidateReportsTeamsYamlProblemsWithTheirLines() throws {
        let directory = try makeReliabilityDataDirectory(self)
        let url = TeamsFile.url(in: directory)
        try Data("- Riverside\n- RIVERSIDE\n".utf8).write(to: url)
        let report = try DataValidator.validate(directory: directory, templateProblems: [], template: { _ in nil },
                                                measuresProblems: { _, _ in [] })
        XCTAssertTrue(report.hasErrors)
        XCTAssertTrue(report.problems.contains { $0.description.hasPrefix("\(url.path):2:") && $0.message.contains("listed twice") },
                      report.problems.map(\.description).joined(separator: "\n"))
    }
}
