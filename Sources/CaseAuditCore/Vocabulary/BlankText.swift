extension StringProtocol {
    /// True when the text is empty or only white space and line breaks: the same characters as
    /// Foundation's `.whitespacesAndNewlines` (Unicode's White_Space property, and on Linux also
    /// the zero-width space U+200B), without building a trimmed copy. Validation asks this of
    /// every note and rationale of every audit.
    public var isBlank: Bool {
        unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0.value == 0x200B }
    }
}
