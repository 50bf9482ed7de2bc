import Foundation

/// The hash-chain check of a history file, apart from any file access so it can be fuzzed alone
/// (Fuzz/README.md).
enum HistoryChain {
    /// The first line that is not what caseaudit wrote, as an error naming its line.
    static func firstBreak(in lines: [HistoryLine], file: String) -> Diagnostic? {
        var previousHash = ""
        let remedy = "the history was edited by hand; restore it from a backup and keep the edited copy as evidence"
        for line in lines {
            let n = line.number
            guard let value = line.value else {
                return .error(file, line: n, "history line \(n) is not valid JSON: it was edited or damaged", remedy: remedy)
            }
            guard let entry = try? HistoryEntry(json: value) else {
                return .error(file, line: n, "history line \(n) is not a history entry (a field is missing or has the wrong type)", remedy: remedy)
            }
            if HistoryEntry.expectedHash(of: value) != entry.hash {
                return .error(file, line: n, "history entry #\(entry.seq) on line \(n) was changed after it was written (its hash does not match its contents)", remedy: remedy)
            }
            if Data(value.canonical.utf8) != line.text {
                return .error(file, line: n, "history entry #\(entry.seq) on line \(n) was edited (it is not in the form caseaudit writes)", remedy: remedy)
            }
            if entry.seq != n {
                let what = entry.seq > n ? "an entry before it was removed" : "lines were moved or copied"
                return .error(file, line: n, "history line \(n) holds entry #\(entry.seq): \(what)", remedy: remedy)
            }
            if entry.prev != previousHash {
                return .error(file, line: n, "history entry #\(entry.seq) on line \(n) does not follow the entry before it: entries were removed, inserted or reordered", remedy: remedy)
            }
            previousHash = entry.hash
        }
        return nil
    }
}
