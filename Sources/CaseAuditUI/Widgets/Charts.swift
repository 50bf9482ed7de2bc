/// A percent bar with baseline and target marks, readable without colour:
/// `[██████████░░░░|░░░░░┃░░░]` where `|` is the baseline and `┃` the target.
public enum Bar {
    public static let baselineMark: Character = "|"
    public static let targetMark: Character = "┃"

    public static func text(percent: Double?, baseline: Double?, target: Double?, width: Int) -> String {
        let inner = max(4, width - 2)
        func cell(_ p: Double) -> Int { min(inner - 1, max(0, Int((p / 100 * Double(inner)).rounded(.down)))) }
        let filled = percent.map { min(inner, max(0, Int((($0 / 100) * Double(inner)).rounded()))) } ?? 0
        var cells = Array(repeating: Character("░"), count: inner)
        for i in 0..<filled { cells[i] = "█" }
        if let baseline { cells[cell(baseline)] = baselineMark }
        if let target { cells[cell(target)] = targetMark }
        return "[" + String(cells) + "]"
    }
}

/// One character per period: ▁▂▃▄▅▆▇█ for 0-100%, `·` for no data.
public enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func text(_ values: [Double?]) -> String {
        String(values.map { v -> Character in
            guard let v else { return "·" }
            return levels[min(7, max(0, Int(v / 12.5)))]
        })
    }
}

/// The first row to draw so the selected row of a list is visible, moving as little as possible.
public enum Viewport {
    /// `selected` after a movement key (up, down, a page, first, last) in a list of `count` rows;
    /// other actions leave it as it is. The caller keeps it within the list.
    static func moved(_ selected: Int, by action: Action, count: Int, page: Int) -> Int {
        switch action {
        case .up: return selected - 1
        case .down: return selected + 1
        case .pageUp: return selected - page
        case .pageDown: return selected + page
        case .first: return 0
        case .last: return count - 1
        default: return selected
        }
    }

    public static func top(selected: Int, previousTop: Int, height: Int, count: Int) -> Int {
        guard height > 0, count > height else { return 0 }
        var top = previousTop
        if selected < top { top = selected }
        if selected >= top + height { top = selected - height + 1 }
        return min(max(0, top), count - height)
    }
}
