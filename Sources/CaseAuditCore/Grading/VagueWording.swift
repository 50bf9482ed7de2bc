import Foundation

/// Timescales inspectors criticised as vague ("ongoing", "to be reviewed at core group") and their
/// near relations. One list for every rule that reads plan wording: the suggested grade of a SMART
/// action, the editor's warning and the SMART checker.
public enum VagueWording {
    /// Lower case; matched case-insensitively as whole words.
    public static let phrases = [
        "ongoing", "on-going", "to be reviewed at core group", "at the next core group",
        "as required", "as and when", "as needed", "tbc", "continue to",
    ]

    /// Words vague only when bare: "monitor" or "support" with nothing measurable said about what
    /// is monitored or supported to what end. Kept apart from `phrases` because "support the
    /// child to attend 95% of school days by 2026-04-01" is a good action; the SMART checker names
    /// them only when it finds no measurable outcome (see `SmartChecker`).
    public static let bareWords = ["monitor", "monitoring", "support", "supported", "supporting"]

    /// The bare words found in a text as whole words, each once, in list order.
    public static func bareWords(in text: String) -> [String] {
        let words = Set(text.lowercased().split { !$0.isLetter && $0 != "-" }.map(String.init))
        return bareWords.filter { words.contains($0) }
    }

    /// The listed phrases found in a text, in list order, each once. A phrase counts only as whole
    /// words, so "as needed" is found in "support as needed." but "tbc" is not found in "tbcx".
    public static func phrases(in text: String) -> [String] {
        let lower = Array(text.lowercased().unicodeScalars)
        return phrases.filter { phrase in
            let p = Array(phrase.unicodeScalars)
            guard p.count <= lower.count else { return false }
            var i = 0
            while i + p.count <= lower.count {
                if lower[i..<(i + p.count)].elementsEqual(p) {
                    let before = i == 0 || !isWordScalar(lower[i - 1])
                    let after = i + p.count == lower.count || !isWordScalar(lower[i + p.count])
                    if before && after { return true }
                }
                i += 1
            }
            return false
        }
    }

    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        CharacterSet.alphanumerics.contains(s)
    }
}
