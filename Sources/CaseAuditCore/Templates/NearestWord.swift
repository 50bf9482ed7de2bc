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

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
