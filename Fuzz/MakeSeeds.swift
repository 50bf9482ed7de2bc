import Foundation

/// Writes seed inputs for FuzzHistory: a valid three-entry history and some JSON.
@main
enum MakeSeeds {
    static func main() throws {
        let folder = URL(fileURLWithPath: CommandLine.arguments[1])
        var prev = ""
        var text = ""
        let changes: [[FieldChange]] = [
            [FieldChange(field: "team", from: nil, to: "Team Kestrel"), FieldChange(field: "case_ref", from: nil, to: "CR-TEST-0042")],
            [FieldChange(field: "sections.plan.grade", from: nil, to: "good"), FieldChange(field: "sections.plan.rationale", from: "", to: "Clear plan.\nSMART \"actions\" — é")],
            [FieldChange(field: "status", from: "draft", to: "complete")],
        ]
        for (n, c) in changes.enumerated() {
            var entry = HistoryEntry(seq: n + 1, at: Date(timeIntervalSince1970: 1_764_000_000 + Double(n)), user: "avery.test",
                                     action: n == 0 ? .create : (n == 2 ? .complete : .update), reason: n == 2 ? "Ready" : nil,
                                     changes: c, digest: SHA256.hex("audit \(n)"), prev: prev)
            text += try entry.seal() + "\n"
            prev = entry.hash
        }
        try Data(text.utf8).write(to: folder.appendingPathComponent("history.jsonl"))
        try Data(#"{"a":[1,-2.5e3,true,false,null,"\u00e9\ud83d\ude00"],"b":{}}"#.utf8).write(to: folder.appendingPathComponent("json.json"))
    }
}
