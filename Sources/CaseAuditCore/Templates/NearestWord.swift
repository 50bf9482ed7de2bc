import Foundation

/// Finds the word a typo was probably meant to be, for "did you mean" remedies.
enum NearestWord {
    /// The closest candidate by edit distance (ignoring case, `_` read as `-`), or nil when
    /// nothing is close enough to be a plausible typo.
    static func suggest(_ word: String, from candidates: [String]) -> String? {
        let typed = normalised(word)
        guard !typed.isEmpty else { return nil }
        var best: (word: String, distance: Int)?
        for candidate in candidates {
            let d = distance(typed, normalised(candidate))
            if best == nil || d < best!.distance { best = (candidate, d) }
        }
        guard let best else { return nil }
        let allowed = max(1, min(3, best.word.count / 3))
        return best.distance <= allowed ? best.word : nil
    }

    private static func normalised(_ s: String) -> [Character] {
        Array(s.lowercased().replacingOccurrences(of: "_", with: "-"))
    }

    /// Edit distance counting a swap of two neighbouring letters as one edit ("titel" -> "title").
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
