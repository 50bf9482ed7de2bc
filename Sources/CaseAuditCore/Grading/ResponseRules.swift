import Foundation

/// What each question type accepts (docs/templates.md), shared by the completion check and the
/// audit file checker so the editor and `caseaudit validate` never disagree.
public enum ResponseRules {
    /// Why a response does not yet answer the question the way its type needs; nil when it does.
    public static func gap(question: Question, response: Response?) -> String? {
        let r = response ?? Response()
        switch question.type {
        case .answer:
            guard let answer = r.answer else { return "not answered (Yes, Partly, No or N/A)" }
            if question.needsNote(answer) && !r.hasNote { return "answered \(answer.title) without an evidence note" }
            return nil
        case .smart:
            return isBlank(r.action) ? "no plan action written" : nil
        case .text:
            return isBlank(r.value) ? "no text written" : nil
        case .grade, .choice, .date, .number:
            if isBlank(r.value) { return "not answered (\(expected(question)))" }
            return invalidValue(question: question, response: r)
        }
    }

    /// Why a value that is present is wrong for the question's type; nil when it is acceptable
    /// or absent (an unanswered question is a gap, not an invalid value).
    public static func invalidValue(question: Question, response: Response) -> String? {
        switch question.type {
        case .answer:
            if response.answer == nil, !isBlank(response.value) {
                return "an answer question holds a value (\"\(response.value!)\") instead of an answer"
            }
            return nil
        case .smart:
            return nil
        case .text:
            return nil
        case .grade, .choice, .date, .number:
            guard let value = response.value, !isBlank(value) else { return nil }
            if isValid(value, for: question) { return nil }
            return "\"\(value)\" is not \(expected(question))"
        }
    }

    static func isValid(_ value: String, for question: Question) -> Bool {
        switch question.type {
        case .grade: return Grade(rawValue: value) != nil
        case .choice: return question.options.contains(value)
        case .date: return isValidDate(value)
        case .number:
            guard let n = Double(value.trimmingCharacters(in: .whitespaces)) else { return false }
            return n.isFinite
        case .answer, .text, .smart: return true
        }
    }

    /// What a question of this type accepts, in words for a message.
    public static func expected(_ question: Question) -> String {
        switch question.type {
        case .answer: return "yes, partly, no or na"
        case .grade: return "a grade: " + Grade.allCases.map(\.rawValue).joined(separator: ", ")
        case .choice: return "one of: " + question.options.joined(separator: ", ")
        case .text: return "some text"
        case .date: return "a date YYYY-MM-DD"
        case .number: return "a number"
        case .smart: return "a plan action"
        }
    }

    /// Exactly `YYYY-MM-DD` naming a real day of the Gregorian calendar.
    public static func isValidDate(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        func number(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
              (1900...2999).contains(y), (1...12).contains(m) else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }

    static func isBlank(_ text: String?) -> Bool {
        (text ?? "").isBlank
    }
}
