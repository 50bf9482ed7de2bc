/// Audit ids for imported rows that carry no `audit_id`: derived from month, template and case
/// reference so a second import finds the same audit, and hashed so the file name never shows a
/// case reference.
public enum StableID {
    /// `imp-` and 16 hex digits of FNV-1a (64-bit) over `month|template|case_ref`.
    public static func imported(month: Month, template: String, caseRef: String) -> String {
        "imp-" + hex16(fnv1a64("\(month)|\(template)|\(caseRef)"))
    }

    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    static func hex16(_ value: UInt64) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
