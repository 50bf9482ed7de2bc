import XCTest
@testable import CaseAuditCore

/// issue 14 points 2 and 9: a redacted export gives away neither the case nor typed text.
final class RedactionTests: XCTestCase {
    var dataRoot: URL!
    var csvFile: URL!

    override func setUp() {
        dataRoot = DataIOFixtures.temporaryFolder(name)
        csvFile = dataRoot.deletingLastPathComponent().appendingPathComponent("redaction-\(UUID().uuidString).csv")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: dataRoot)
        try? FileManager.default.removeItem(at: csvFile)
    }

    var directory: DataDirectory { DataDirectory(root: dataRoot) }

    // MARK: point 2: ids that say nothing about the case

    /// The case references of the fixture: CR- and six digits below 100,000, the space searched.
    static let caseNumbers = [4217, 31_337, 58_002, 99_999, 70_001, 12]
    static func caseRef(_ n: Int) -> String { String(format: "CR-%06d", n) }
    /// (month, template) of each row, as the redacted file shows them.
    static let rows = [("2024-04", "child-journey"), ("2024-04", "child-journey"), ("2024-05", "plan-smart"),
                       ("2024-05", "child-journey"), ("2024-06", "plan-smart"), ("2024-06", "child-journey")]

    /// The rule imports used before: `imp-` and FNV-1a 64 of `month|template|case_ref`.
    static func oldID(_ month: String, _ template: String, _ caseRef: String) -> String {
        "imp-" + StableID.hex16(StableID.fnv1a64("\(month)|\(template)|\(caseRef)"))
    }

    /// Deterministic rules an attacker would try: the old one, and SHA-256 of the same text.
    static func candidates(_ month: String, _ template: String, _ caseRef: String) -> [String] {
        let text = "\(month)|\(template)|\(caseRef)"
        let sha = SHA256.hex(text)
        return [oldID(month, template, caseRef), String(StableID.fnv1a64(text), radix: 16),
                "imp-" + sha.prefix(16), String(sha.prefix(16)), sha]
    }

    /// Every case reference CR-000000 ... CR-099999 under the old rule, for each (month, template)
    /// pair: FNV-1a 64 value -> case reference. Built once: 500,000 hashes.
    static let oldRuleTable: [UInt64: String] = {
        var table: [UInt64: String] = [:]
        table.reserveCapacity(rows.count * 100_000)
        for pair in Set(rows.map { "\($0.0)|\($0.1)|CR-" }) {
            for n in 0..<100_000 {
                let digits = String(n)
                let ref = "CR-" + String(repeating: "0", count: 6 - digits.count) + digits
                table[StableID.fnv1a64(pair + ref.dropFirst(3))] = ref
            }
        }
        return table
    }()

    /// The case references recovered by matching every id's last 16 hex digits (bare, after
    /// `imp-` or after any other prefix) against the whole search space.
    func bruteForce(_ ids: Set<String>) -> Set<String> {
        Set(ids.compactMap { UInt64($0.suffix(16), radix: 16).flatMap { Self.oldRuleTable[$0] } })
    }

    func importFixture() throws {
        var lines = ["month,template,case_ref,cohort,team,auditor,overall"]
        for (i, row) in Self.rows.enumerated() {
            lines.append("\(row.0),\(row.1),\(Self.caseRef(Self.caseNumbers[i])),CIN,Riverside CIN,Casey Thistledown,Good")
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: csvFile)
        _ = try AuditImporter(directory: directory, templates: DataIOFixtures.templates, now: DataIOFixtures.fixedNow).run(csvFile)
    }

    func redactedExport(_ level: AuditExporter.Level, format: AuditExporter.Format = .csv, key: [UInt8]? = nil) throws -> String {
        let exporter = AuditExporter(templates: DataIOFixtures.templates,
                                     options: .init(format: format, level: level, redact: true, pseudonymKey: key))
        var text = ""
        try exporter.write(exporter.plan(directory), directory: directory) { text += $0 }
        return text
    }

    /// The first column of every CSV row but the header.
    func firstColumn(_ csv: String) -> [String] {
        csv.split(separator: "\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[0]) }
    }

    func testARedactedExportCannotBeReversedToCaseReferences() throws {
        try importFixture()
        // Also an audit imported under the old rule, whose file keeps its old id.
        let legacyRef = Self.caseRef(66_666)
        var legacy = Audit(id: Self.oldID("2024-06", "plan-smart", legacyRef), template: TemplateRef(id: "plan-smart", version: 1),
                           status: .complete, origin: .imported, caseRef: legacyRef, cohort: .childInNeed,
                           team: "Riverside CIN", auditor: "Casey Thistledown", month: Month("2024-06"),
                           created: DataIOFixtures.fixedNow)
        legacy.overall.grade = .good
        try AuditStore(directory: directory).save(legacy)
        let allRefs = Set(Self.caseNumbers.map(Self.caseRef) + [legacyRef])

        // The attack works: on what the old rule made, and on an unredacted listing of the files,
        // the search recovers the legacy case reference (so a miss below is not a broken search).
        let oldIDs = Set(zip(Self.rows, Self.caseNumbers).map { Self.oldID($0.0.0, $0.0.1, Self.caseRef($0.1)) })
        XCTAssertEqual(bruteForce(oldIDs), Set(Self.caseNumbers.map(Self.caseRef)))
        let fileIDs = Set(AuditStore(directory: directory).auditFiles().map { $0.deletingPathExtension().lastPathComponent })
        XCTAssertEqual(bruteForce(fileIDs), [legacyRef], "new files must say nothing; only the old one does")

        // The redacted exports, every level and format: no id matches any candidate of any rule.
        for (level, format) in [(AuditExporter.Level.audit, AuditExporter.Format.csv), (.section, .csv), (.answer, .csv), (.audit, .jsonl)] {
            let text = try redactedExport(level, format: format)
            let ids: Set<String>
            if format == .jsonl {
                ids = Set(try text.split(separator: "\n").map { try AuditCoding.decode(Data($0.utf8), file: "line").id })
            } else {
                ids = Set(firstColumn(text))
            }
            XCTAssertEqual(ids.count, level == .answer ? 0 : allRefs.count, "\(level) \(format)")
            XCTAssertEqual(bruteForce(ids), [], "\(level) \(format): a case reference was recovered")
            for id in ids {
                XCTAssertTrue(id.hasPrefix("anon-"), id)
                XCTAssertFalse(fileIDs.contains(id), "\(level) \(format) writes a stored id")
            }
            for ref in allRefs { XCTAssertFalse(text.contains(ref)) }
            for (row, n) in zip(Self.rows, Self.caseNumbers) {
                for candidate in Self.candidates(row.0, row.1, Self.caseRef(n)) {
                    XCTAssertFalse(text.contains(candidate), "\(level) \(format) holds a deterministic id of the case")
                }
            }
        }
    }

    func testNoDeterministicRuleCanGiveTheIds() throws {
        // Whatever the rule, a function of the case gives the same id every time; these do not.
        try importFixture()
        let first = Set(AuditStore(directory: directory).auditFiles().map(\.lastPathComponent))
        try FileManager.default.removeItem(at: dataRoot)
        try importFixture()
        let second = Set(AuditStore(directory: directory).auditFiles().map(\.lastPathComponent))
        XCTAssertEqual(first.count, Self.rows.count)
        XCTAssertTrue(first.isDisjoint(with: second), "two imports of the same file gave the same stored ids")

        let a = Set(firstColumn(try redactedExport(.audit)))
        let b = Set(firstColumn(try redactedExport(.audit)))
        XCTAssertEqual(a.count, Self.rows.count)
        XCTAssertTrue(a.isDisjoint(with: b), "two redacted exports gave the same pseudonyms")
    }

    func testPseudonymsJoinWithinAnExportAndAcrossExportsOnlyWithTheKey() throws {
        try importFixture()
        let key = [UInt8](repeating: 42, count: 32)
        // One export per level with the same key: section rows join audit rows.
        let audits = Set(firstColumn(try redactedExport(.audit, key: key)))
        let sections = Set(firstColumn(try redactedExport(.section, key: key)))
        XCTAssertEqual(audits, sections)
        XCTAssertEqual(audits.count, Self.rows.count)
        XCTAssertNotEqual(Set(firstColumn(try redactedExport(.audit, key: [UInt8](repeating: 43, count: 32)))), audits)

        // Within one export, every section row of an audit carries its audit's one pseudonym.
        let sectionText = try redactedExport(.section)
        var perAudit: [String: Set<String>] = [:]
        for line in sectionText.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            perAudit[cells[0], default: []].insert(cells[6])
        }
        // child-journey has 5 graded sections, plan-smart 1: 22 rows under 6 ids.
        XCTAssertEqual(perAudit.count, Self.rows.count)
        XCTAssertEqual(perAudit.values.map(\.count).reduce(0, +), 4 * 5 + 2 * 1)
    }

    func testHMACMatchesRFC4231() {
        // RFC 4231 test case 2.
        let mac = Pseudonym.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        XCTAssertEqual(SHA256.hexString(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // Test case 6: a key longer than a block is hashed first.
        let long = Pseudonym.hmacSHA256(key: [UInt8](repeating: 0xaa, count: 131),
                                        message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
        XCTAssertEqual(SHA256.hexString(long), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    func testNewIDsAreRandomAndWellFormed() {
        let ids = (0..<2000).map { _ in AuditStore.newID(month: Month("2024-04")) }
        XCTAssertEqual(Set(ids).count, ids.count)
        for id in ids.prefix(20) {
            XCTAssertTrue(AuditStore.isValidID(id))
            XCTAssertTrue(id.hasPrefix("2024-04-"))
            XCTAssertEqual(id.count, 20)
        }
        // Every hex digit position varies: no fixed part hides in the random one.
        for position in 8..<20 {
            let chars = Set(ids.map { Array($0)[position] })
            XCTAssertGreaterThan(chars.count, 8, "position \(position)")
        }
    }

    // MARK: point 9: redaction by allow-list

    func redacted(_ audit: Audit, template: AuditTemplate? = DataIOFixtures.childJourney) -> Audit {
        Redaction.redacted(audit, template: template, pseudonym: Pseudonym(key: [UInt8](repeating: 1, count: 32)))
    }

    func audit(context: [String: Response], supervisionLast: String? = nil, actionBy: String = "2024-05-15") -> Audit {
        var a = Audit(id: "2024-04-0a1b2c3d4e5f", template: TemplateRef(id: "child-journey", version: 2),
                      status: .complete, origin: .interactive, caseRef: "CR-100501", cohort: .childProtection,
                      team: "Eastbrook Child Protection", auditor: "Riley Oakhearth", month: Month("2024-04"),
                      created: DataIOFixtures.fixedNow)
        a.sections["context"] = SectionRecord(answers: context)
        if let supervisionLast {
            a.sections["supervision"] = SectionRecord(answers: ["supervision-last": Response(value: supervisionLast)], grade: .good)
        }
        a.actions = [AuditAction(what: "Book supervision", who: "Jamie Larkspire", by: actionBy)]
        return a
    }

    func testAChoiceTypedByHandIsDropped() {
        let typed = redacted(audit(context: ["placement": Response(value: "Placed with aunt Jo Bloggs at 4 Elm Row")]))
        XCTAssertNil(typed.sections["context"]?.answers["placement"]?.value)
        let listed = redacted(audit(context: ["placement": Response(value: "CP plan")]))
        XCTAssertEqual(listed.sections["context"]?.answers["placement"]?.value, "CP plan")
        // Options are matched exactly: a near miss may carry typed text.
        let nearMiss = redacted(audit(context: ["placement": Response(value: "CP plan (Jo)")]))
        XCTAssertNil(nearMiss.sections["context"]?.answers["placement"]?.value)
    }

    func testADateThatIsNotADateIsDropped() {
        XCTAssertEqual(redacted(audit(context: [:], supervisionLast: "2024-02-29")).sections["supervision"]?.answers["supervision-last"]?.value,
                       "2024-02-29")
        for bad in ["2023-02-29", "2024-13-01", "next Tuesday with Jo", "2024-1-5", "2024-01-15 Jo", "１２３４-01-01"] {
            let a = redacted(audit(context: [:], supervisionLast: bad))
            XCTAssertNil(a.sections["supervision"]?.answers["supervision-last"]?.value, bad)
            XCTAssertEqual(a.sections["supervision"]?.grade, .good, "the grade stays")
        }
        XCTAssertEqual(redacted(audit(context: [:], actionBy: "2024-05-15")).actions.first?.by, "2024-05-15")
        XCTAssertEqual(redacted(audit(context: [:], actionBy: "when Jo is back")).actions.first?.by, "")
    }

    func testANumberThatIsNotANumberIsDropped() {
        var template = DataIOFixtures.childJourney
        template.sections[5].questions.append(Question(id: "visits-count", text: "Visits", type: .number, required: false))
        template.sections[5].questions.append(Question(id: "grade-q", text: "Grade", type: .grade, required: false))
        for good in ["12", "-3", "4.5", "0"] {
            let a = redacted(audit(context: ["visits-count": Response(value: good)]), template: template)
            XCTAssertEqual(a.sections["context"]?.answers["visits-count"]?.value, good)
        }
        for bad in ["twelve", "12 (Jo)", "07700900123", "1e5", "nan", "", "4.", ".5", "+4", "1,000"] {
            let a = redacted(audit(context: ["visits-count": Response(value: bad)]), template: template)
            XCTAssertNil(a.sections["context"]?.answers["visits-count"]?.value, bad)
        }
        XCTAssertEqual(redacted(audit(context: ["grade-q": Response(value: "good")]), template: template)
            .sections["context"]?.answers["grade-q"]?.value, "good")
        XCTAssertNil(redacted(audit(context: ["grade-q": Response(value: "good, says Jo")]), template: template)
            .sections["context"]?.answers["grade-q"]?.value)
    }

    func testWithoutTheTemplateEveryValueIsDropped() {
        let a = redacted(audit(context: ["placement": Response(value: "CP plan")], supervisionLast: "2024-01-15"), template: nil)
        XCTAssertNil(a.sections["context"]?.answers["placement"]?.value)
        XCTAssertNil(a.sections["supervision"]?.answers["supervision-last"]?.value)
        XCTAssertEqual(a.sections["supervision"]?.grade, .good)
        // A question the template does not know is treated the same way.
        let unknown = redacted(audit(context: ["not-in-template": Response(answer: .yes, value: "Jo Bloggs")]))
        XCTAssertNil(unknown.sections["context"]?.answers["not-in-template"]?.value)
        XCTAssertEqual(unknown.sections["context"]?.answers["not-in-template"]?.answer, .yes)
    }

    func testTypedTextNeverReachesAnyRedactedFile() throws {
        // End to end through the exporter: free text typed into a choice and a date field.
        var a = audit(context: ["placement": Response(value: "Jo Bloggs, 4 Elm Row")], supervisionLast: "ask Jo Bloggs")
        a.sections["context"]?.answers["summary"] = Response(value: "Jo Bloggs again")
        for format in AuditExporter.Format.allCases {
            for level in AuditExporter.Level.allCases {
                let text = try AuditExporter(templates: DataIOFixtures.templates,
                                             options: .init(format: format, level: level, redact: true)).export([a])
                XCTAssertFalse(text.contains("Jo"), "\(format) \(level): \(text)")
                XCTAssertFalse(text.contains("CR-100501"), "\(format) \(level)")
                XCTAssertFalse(text.contains(a.id), "\(format) \(level) writes the stored id")
            }
        }
    }
}
