import Foundation

/// One line of a history file as read from disk. Parsed only when asked: a save needs just the
/// last line, so a long history does not slow every keystroke's save.
struct HistoryLine {
    var number: Int
    var text: Data

    /// The line as JSON, nil when it is not JSON.
    var value: JSONValue? { try? JSONValue.parse(text) }
    /// The line as an entry, nil when it is not one.
    var entry: HistoryEntry? { value.flatMap { try? HistoryEntry(json: $0) } }
}

/// The bytes of a history file split into lines. A last line without its newline is a write
/// that was cut short (we always append a line and its newline in one `write`).
struct HistoryLines {
    var lines: [HistoryLine]
    /// Bytes after the last newline, when any: an interrupted append.
    var tornTail: Data?
    /// Offset of `tornTail` in the file.
    var completeLength: Int

    init(_ data: Data) {
        var lines: [HistoryLine] = []
        var start = data.startIndex
        var number = 0
        for i in data.indices where data[i] == 0x0A {
            number += 1
            lines.append(HistoryLines.parse(Data(data[start..<i]), number: number))
            start = i + 1
        }
        completeLength = start - data.startIndex
        tornTail = start < data.endIndex ? Data(data[start..<data.endIndex]) : nil
        self.lines = lines
    }

    static func parse(_ text: Data, number: Int) -> HistoryLine {
        HistoryLine(number: number, text: text)
    }

    /// A torn tail that is in fact a whole entry (someone removed the final newline) is kept.
    var tailIsWholeEntry: Bool {
        guard let tornTail else { return false }
        return HistoryLines.parse(tornTail, number: lines.count + 1).entry != nil
    }
}
