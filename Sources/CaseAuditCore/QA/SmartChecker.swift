import Foundation

/// What the SMART checker found in one plan action.
public struct SmartFindings: Equatable, Sendable {
    /// The three things an action must name; each is reported when missing.
    public enum Lack: String, Sendable, CaseIterable {
        case timescale
        case owner
        case measurableOutcome = "measurable-outcome"

        public var title: String {
            switch self {
            case .timescale: return "no timescale (a date, a number of days or weeks, or a named review)"
            case .owner: return "no owner (who will do it)"
            case .measurableOutcome: return "no measurable outcome (what will have happened, or how much)"
            }
        }
    }

    public enum Verdict: String, Sendable {
        /// Timescale, owner and measurable outcome, and no vague wording: 4 of 4.
        case smart
        /// 2 or 3 of 4.
        case needsWork = "needs-work"
        /// 0 or 1 of 4, or an empty action.
        case notSmart = "not-smart"
    }

    public var lacking: [Lack]
    /// Vague phrases found, in `VagueWording` order: the listed phrases, then a bare "monitor" or
    /// "support" when the action names no measurable outcome.
    public var vague: [String]
    public var verdict: Verdict
    /// One point each for a timescale, an owner, a measurable outcome and no vague wording: 0-4.
    public var score: Int
    public static let maxScore = 4

    public var hasTimescale: Bool { !lacking.contains(.timescale) }
}

/// Reads a plan action the way an inspector would: does it say when, who and what will have
/// changed, and does it hide behind vague wording? The rules are word lists and patterns,
/// documented with examples in docs/smart.md; every vague phrase comes from `VagueWording`.
public enum SmartChecker {
    public static func check(_ action: String) -> SmartFindings {
        let text = action.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            return SmartFindings(lacking: SmartFindings.Lack.allCases, vague: [], verdict: .notSmart, score: 0)
        }
        let words = tokens(text)
        var lacking: [SmartFindings.Lack] = []
        if !hasTimescale(text, words) { lacking.append(.timescale) }
        if !hasOwner(text, words) { lacking.append(.owner) }
        let measurable = hasMeasurableOutcome(text, words)
        if !measurable { lacking.append(.measurableOutcome) }
        var vague = VagueWording.phrases(in: text)
        if !measurable { vague += VagueWording.bareWords(in: text) }
        let score = (3 - lacking.count) + (vague.isEmpty ? 1 : 0)
        let verdict: SmartFindings.Verdict = score == 4 ? .smart : score >= 2 ? .needsWork : .notSmart
        return SmartFindings(lacking: lacking, vague: vague, verdict: verdict, score: score)
    }

    /// Whether an action may show Time-bound ticked: only when the checker finds a timescale.
    /// The editor calls this; "Support the family — ongoing" returns false, so it cannot show 5/5
    /// unless the auditor overrides it with a note.
    public static func allowsTimeBound(_ action: String) -> Bool {
        check(action).hasTimescale
    }

    /// True when a SMART record ticks Time-bound although the action has no timescale and no
    /// note explains the override.
    public static func timeBoundConflict(action: String, smart: SmartCheck?, note: String?) -> Bool {
        guard smart?.timeBound == true else { return false }
        if let note, !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return false }
        return !allowsTimeBound(action)
    }

    // MARK: - Rules

    /// Lower-case words: letters, digits, hyphens, apostrophes and slashes kept inside a word.
    static func tokens(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "/" || $0 == "'" || $0 == "%") }
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "-'/")) }
            .filter { !$0.isEmpty }
    }

    static let months = ["january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december",
                         "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let units = ["day", "days", "week", "weeks", "month", "months", "fortnight", "fortnights"]
    static let numberWords = ["a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                              "eleven", "twelve", "fourteen", "twenty", "twenty-eight", "thirty"]
    /// Named reviews: meetings with a date set by statute or the plan. A core group is not one,
    /// since "at the next core group" is the vague timescale inspectors criticise.
    static let namedReviews = ["review conference", "review child protection conference", "rcpc", "icpc",
                               "initial child protection conference", "cla review", "lac review",
                               "child in care review", "children in care review", "looked after review",
                               "iro review", "pep review", "ehcp review", "annual review", "pathway plan review",
                               "final hearing", "court hearing", "next hearing", "panel on", "ipo hearing"]

    static func hasTimescale(_ text: String, _ words: [String]) -> Bool {
        for (i, w) in words.enumerated() {
            if isNumericDate(w) { return true }
            let prev = i > 0 ? words[i - 1] : ""
            let next = i + 1 < words.count ? words[i + 1] : ""
            if months.contains(w) {
                // "may" is usually the verb; a month only next to a number or after "by"/"of"/"end".
                let nearNumber = isNumber(prev) || isNumber(next) || isOrdinal(prev) || isOrdinal(next)
                if w == "may" || w.count == 3 || w == "sept" {
                    if nearNumber || ["by", "of", "before", "until"].contains(prev) && w == "may" { return true }
                } else {
                    return true
                }
            }
            if weekdays.contains(w) && ["by", "on", "before", "until", "next", "this"].contains(prev) { return true }
            if units.contains(w) {
                if w.hasPrefix("fortnight") { return true }
                if isNumber(prev) || numberWords.contains(prev) { return true }
                // "10 working days", "six school weeks".
                let before = i > 1 ? words[i - 2] : ""
                if ["working", "school", "calendar", "clear"].contains(prev), isNumber(before) || numberWords.contains(before) {
                    return true
                }
            }
            if w.hasSuffix("weeks") || w.hasSuffix("days"), Int(w.dropLast(w.hasSuffix("weeks") ? 5 : 4)) != nil { return true }
            if ["tomorrow", "today", "weekly", "fortnightly", "daily", "monthly"].contains(w) { return true }
        }
        let lower = " " + words.joined(separator: " ") + " "
        if lower.contains(" end of the week ") || lower.contains(" end of the month ") || lower.contains(" end of term ")
            || lower.contains(" end of this term ") || lower.contains(" end of the term ") {
            return true
        }
        return namedReviews.contains { lower.contains(" \($0) ") || lower.contains(" \($0)s ") }
    }

    static func isNumber(_ w: String) -> Bool { !w.isEmpty && w.allSatisfy(\.isNumber) }
    static func isOrdinal(_ w: String) -> Bool {
        for suffix in ["st", "nd", "rd", "th"] where w.hasSuffix(suffix) {
            return isNumber(String(w.dropLast(2)))
        }
        return false
    }

    /// `2026-03-04`, `04/03/2026`, `4/3/26`, `04.03.2026`.
    static func isNumericDate(_ w: String) -> Bool {
        for sep in ["-", "/", "."] {
            let parts = w.split(separator: Character(sep), omittingEmptySubsequences: false)
            guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { continue }
            let lengths = parts.map(\.count)
            if lengths == [4, 2, 2] || (lengths[0] <= 2 && lengths[1] <= 2 && (lengths[2] == 2 || lengths[2] == 4)) {
                return true
            }
        }
        return false
    }

    /// People and services who can own an action. "Family" alone is not an owner: someone in it is.
    static let ownerWords = ["sw", "social worker", "worker", "tm", "team manager", "manager", "iro", "pa",
                             "personal adviser", "personal advisor", "mum", "mother", "dad", "father", "parent",
                             "parents", "carer", "carers", "foster carer", "foster carers", "grandmother",
                             "grandfather", "nan", "aunt", "uncle", "stepfather", "stepmother", "school",
                             "teacher", "designated teacher", "dsl", "senco", "head teacher", "headteacher",
                             "health visitor", "hv", "school nurse", "gp", "camhs", "yos", "yjs", "police",
                             "family support worker", "fsw", "virtual school", "housing", "midwife",
                             "paediatrician", "nurse", "therapist", "psychologist", "advocate", "solicitor",
                             "supervising social worker", "ssw", "keyworker", "key worker", "chair",
                             "practitioner", "lead professional", "early help worker", "idva", "probation"]

    static func hasOwner(_ text: String, _ words: [String]) -> Bool {
        let lower = " " + words.joined(separator: " ") + " "
        // A service after "to", "with", "from" or "for" receives the action ("refer to CAMHS"); it does not own it.
        let receiving = [" to ", " with ", " from ", " for ", " into "]
        for owner in ownerWords {
            for form in [" \(owner) ", " \(owner)'s "] {
                var range = lower.startIndex..<lower.endIndex
                while let hit = lower.range(of: form, range: range) {
                    let head = lower[..<hit.lowerBound] + " "
                    if !receiving.contains(where: { head.hasSuffix($0) }) { return true }
                    range = lower.index(before: hit.upperBound)..<lower.endIndex
                }
            }
        }
        if lower.contains(" owner ") || lower.contains(" who ") && text.contains(":") { return true }
        // A name at the start followed by "to", "will" or "and": "Priya to book ...", "Sam Reid will ...".
        let raw = text.split(separator: " ").map(String.init)
        if let first = raw.first, first.first?.isUppercase == true, raw.count > 2 {
            let firstLower = first.lowercased()
            let notNames: Set<String> = ["to", "the", "a", "an", "ongoing", "on-going", "continue", "monitor",
                                         "support", "review", "please", "all", "weekly", "family", "tbc", "as",
                                         "refer", "complete", "arrange", "book", "send", "attend", "visit",
                                         "update", "share", "improve", "work", "ensure", "encourage", "consider",
                                         "explore", "undertake", "carry", "hold", "provide", "make", "help",
                                         "keep", "referral", "agree", "write", "check", "talk", "speak"]
            if !notNames.contains(firstLower) {
                let follow = raw[1].lowercased()
                let follow2 = raw.count > 2 ? raw[2].lowercased() : ""
                if ["to", "will", "must", "should", "and"].contains(follow) { return true }
                if raw[1].first?.isUppercase == true && ["to", "will", "must", "should"].contains(follow2) { return true }
            }
        }
        return false
    }

    /// Deliverable verbs: doing them leaves something that can be checked.
    static let deliverables = ["complete", "completed", "submit", "send", "sent", "attend", "hold", "held", "refer",
                               "referral", "book", "booked", "arrange", "write", "written", "update", "updated",
                               "share", "register", "registered", "enrol", "enrolled", "visit", "visits", "see",
                               "seen", "meet", "carry", "undertake", "record", "recorded", "produce", "apply",
                               "obtain", "provide", "install", "move", "convene", "request", "sign", "signed",
                               "agree", "agreed", "finalise", "distribute", "assess", "assessment", "report",
                               "reports", "attendance", "plan", "letter", "copy", "consent", "chronology",
                               "genogram", "appointment", "check", "checks", "test", "tests", "sessions", "session"]

    static func hasMeasurableOutcome(_ text: String, _ words: [String]) -> Bool {
        if words.contains(where: { $0.hasSuffix("%") || isNumber($0) && !isNumericDate($0) }) {
            // A quantity such as "95% attendance" or "3 sessions"; a bare date is a timescale, not an outcome.
            if words.contains(where: { $0.hasSuffix("%") }) { return true }
            for (i, w) in words.enumerated() where isNumber(w) {
                let next = i + 1 < words.count ? words[i + 1] : ""
                if !units.contains(next) && !months.contains(next) && !months.contains(i > 0 ? words[i - 1] : "") {
                    return true
                }
            }
        }
        let lower = " " + words.joined(separator: " ") + " "
        if lower.contains(" so that ") || lower.contains(" evidenced by ") || lower.contains(" measured by ") {
            return true
        }
        return words.contains { deliverables.contains($0) }
    }
}
