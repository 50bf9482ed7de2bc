import Foundation
import XCTest
@testable import CaseAuditCore

/// Reads an audit made of the fields every audit needs plus `extra` (JSON members, no braces),
/// for tests of one part of the file.
func readAudit(with extra: String) throws -> Audit {
    let text = """
    {"schema": 1, "id": "x", "template": {"id": "child-journey", "version": 1}, "status": "draft",
     "created": "2024-05-02T09:30:00Z"\(extra.isEmpty ? "" : ", " + extra)}
    """
    return try AuditCoding.decode(Data(text.utf8), file: "x.json")
}

/// An audit with every field set, awkward text included.
func awkwardAudit(_ n: Int) -> Audit {
    let awkward = ["plain", "quote \" back\\slash / slash", "tab\tnew\nline\r", "bell \u{7} nul \u{0} esc \u{1B} del \u{7F}",
                   "é ß 中文 😀 \u{2028}", "", "  spaces  "]
    func t(_ k: Int) -> String { awkward[(n + k) % awkward.count] }
    var a = Audit(id: "2024-05-\(n)", template: TemplateRef(id: "child-journey", version: n % 3 + 1),
                  status: n % 2 == 0 ? .complete : .draft, origin: n % 3 == 0 ? .imported : .demo,
                  caseRef: t(1), cohort: n % 4 == 0 ? nil : .lookedAfter, team: t(2), auditor: t(3), worker: t(4),
                  month: n % 5 == 0 ? nil : Month("2024-05"), created: Date(timeIntervalSince1970: 1_700_000_000 + Double(n)),
                  updated: Date(timeIntervalSince1970: 1_700_000_100), completed: n % 2 == 0 ? Date(timeIntervalSince1970: 1_700_000_200) : nil)
    a.sections["plan"] = SectionRecord(
        answers: ["q\(n)": Response(answer: .partly, note: t(5)), "v": Response(value: t(6)),
                  "s": Response(action: t(0), smart: SmartCheck(specific: true, measurable: n % 2 == 0, timeBound: true))],
        grade: .good, rationale: t(1),
        moderation: n % 2 == 0 ? Moderation(grade: .inadequate, by: t(2), at: Date(timeIntervalSince1970: 1_600_000_000), rationale: t(3)) : nil)
    a.sections[t(4) + "\(n)"] = SectionRecord(grade: .na)
    a.overall = Judgement(grade: .requiresImprovement, rationale: t(5),
                          moderation: Moderation(grade: .good, by: "M", at: Date(timeIntervalSince1970: 1_650_000_000)))
    a.actions = [AuditAction(what: t(0), who: t(1), by: "2024-06-01"),
                 AuditAction(what: "w", who: "x", by: "y", done: true, doneOn: "2024-06-02", outcome: .notDone, carriedFrom: t(2))]
    a.feedback = Feedback(worker: t(3), family: t(4), toWorker: n % 2 == 0 ? t(5) : "",
                          reply: n % 2 == 0 ? WorkerReply(agreement: .partly, text: t(6), date: "2024-06-03") : nil)
    return a
}

/// `AuditReader`, the one reader of audit files: what it builds from files the program wrote and
/// from files edited by hand, and what it says about files that are not audits.
final class AuditReaderTests: XCTestCase {
    private func error(_ json: String) -> Diagnostic? {
        do {
            _ = try AuditCoding.decode(Data(json.utf8), file: "x.json")
            return nil
        } catch {
            return error as? Diagnostic
        }
    }

    func testWhatTheProgramWritesReadsBackEqual() throws {
        for n in 0..<14 {
            let a = awkwardAudit(n)
            XCTAssertEqual(try AuditCoding.decode(AuditCoding.encode(a), file: "x.json"), a, "\(n)")
            // Compact, as an export line is written.
            let e = JSONEncoder()
            e.outputFormatting = [.sortedKeys]
            e.dateEncodingStrategy = .iso8601
            XCTAssertEqual(try AuditCoding.decode(e.encode(a), file: "x.json"), a, "\(n)")
        }
    }

    func testAHandEditedFileReadsAsTheSameAudit() throws {
        let written = try AuditCoding.decode(Data("""
        {"schema": 1, "id": "x", "template": {"id": "child-journey", "version": 1}, "status": "complete",
         "created": "2024-05-02T09:30:00Z", "team": "North/East", "sections": {"plan": {"grade": "good", "rationale": "A é"}}}
        """.utf8), file: "x.json")
        // Keys in another order, escapes for plain characters (in keys too), `1.0` for 1, null for
        // an absent optional field, a key this program does not know, no white space.
        let edited = try AuditCoding.decode(Data(#"""
        {"status":"compl\u0065te","sections":{"pl\u0061n":{"rationale":"A \u00e9","moderation":null,"grade":"good","extra":[1,{"a":null}]}},"team":"North\/East","templ\u0061te":{"version":1.0,"id":"child-journey"},"cohort":null,"id":"x","created":"2024-05-02T10:30:00+01:00","unknown":{"x":[true,false]},"schema":1e0}
        """#.utf8), file: "x.json")
        XCTAssertEqual(edited, written)
        XCTAssertEqual(written.updated, written.created)
        XCTAssertEqual(written.overall, Judgement())
        XCTAssertEqual(written.origin, .interactive)
    }

    func testNullForAnOptionalFieldIsTheDefault() throws {
        let a = try readAudit(with: #""team": null, "month": null, "actions": null, "feedback": null, "overall": {"grade": null, "rationale": null}"#)
        XCTAssertEqual(a.team, "")
        XCTAssertNil(a.month)
        XCTAssertEqual(a.actions, [])
        XCTAssertEqual(a.feedback, Feedback())
        XCTAssertEqual(a.overall, Judgement())
    }

    func testFieldErrorsNameThePathAndTheLine() {
        let cases: [(String, String, Int?)] = [
            ("{\n\"schema\": 1,\n\"id\": \"x\",\n\"template\": {\"id\": \"t\"},\n\"status\": \"draft\", \"created\": \"2024-05-02T09:30:00Z\"}",
             "missing field \"template.version\"", 4),
            ("{\"schema\": 1, \"template\": {\"id\": \"t\", \"version\": 1}, \"status\": \"draft\", \"created\": \"2024-05-02T09:30:00Z\"}",
             "missing field \"id\"", nil),
            ("{\"schema\": 1, \"id\": null}", "missing value at \"id\"", 1),
            ("{\"schema\": \"1\"}", "wrong type at \"schema\": Expected to decode Int but found a string instead.", 1),
            ("{\"schema\": 1.5}", "bad value at \"schema\": the number 1.5 is not a whole number this program can hold", 1),
            ("{\"actions\": [{},\n 5]}", "wrong type at \"actions[1]\": Expected to decode Dictionary<String, Any> but found number instead.", 1),
            ("{\"actions\": {}}", "wrong type at \"actions\": Expected to decode Array<Any> but found a dictionary instead.", 1),
            ("{\"sections\": {\"plan\": {\"answers\": {\"q\": {\n\"smart\": {\"specific\": true}}}}}}",
             "missing field \"sections.plan.answers.q.smart.measurable\"", 2),
            ("{\"sections\": {\"plan\": {\n\"grade\": \"great\"}}}",
             "bad value at \"sections.plan.grade\": Cannot initialize Grade from invalid String value great", 2),
            ("{\"feedback\": {\"reply\": {\"agreement\": \"maybe\"}}}",
             "bad value at \"feedback.reply.agreement\": Cannot initialize Agreement from invalid String value maybe", 1),
            ("{\"overall\": {\"moderation\": {\"at\": \"yesterday\"}}}",
             "bad value at \"overall.moderation.at\": expected a date and time such as 2018-12-03T10:15:00Z", 1),
            ("{\"actions\": [{\"done\": 0}]}", "wrong type at \"actions[0].done\": Expected to decode Bool but found number instead.", 1),
            ("[]", "wrong type at \"\": Expected to decode Dictionary<String, Any> but found an array instead.", nil),
        ]
        for (json, message, line) in cases {
            let d = error(json)
            XCTAssertEqual(d?.message, message, json)
            XCTAssertEqual(d?.line, line, json)
        }
    }

    /// The file must be JSON before its fields matter: a syntax error after a bad field is named.
    func testASyntaxErrorAfterABadFieldIsNamedFirst() {
        let d = error("{\"schema\": \"1\",\n\"id\": \"x\",,\n}")
        XCTAssertEqual(d?.line, 2)
        XCTAssertEqual(d?.column, 11)
        XCTAssertEqual(d?.message, "not valid JSON: expected a quoted key, found ','")
    }

    /// Each reading of a whole text finds what the strictness pass finds, at the same place.
    func testTheReaderStopsWhereTheSyntaxCheckDoes() {
        let good = String(decoding: try! AuditCoding.encode(awkwardAudit(2)), as: UTF8.self)
        let bytes = Array(good.utf8)
        // Every cut of the file and a stray byte at many places.
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            for variant in [Array(bytes[..<cut]), Array(bytes[..<cut]) + [UInt8(ascii: "@")] + Array(bytes[cut...])] {
                let data = Data(variant)
                guard let syntax = JSONSyntaxCheck.firstError(in: data), let d = error(String(decoding: variant, as: UTF8.self)),
                      !variant.isEmpty, String(validating: variant, as: UTF8.self) != nil else { continue }
                XCTAssertEqual(d.message, "not valid JSON: \(syntax.message)", "cut \(cut)")
                XCTAssertEqual(d.line, syntax.line, "cut \(cut)")
                XCTAssertEqual(d.column, syntax.column, "cut \(cut)")
            }
        }
    }
}
