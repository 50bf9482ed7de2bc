/// FNV-1a (64-bit): a fast, unkeyed hash for spreading demo data, never for anything that must
/// stay secret. Imported audits once took `imp-` and this hash of `month|template|case_ref` as
/// their id; that could be reversed by trying every case reference, so new audits now get random
/// ids (`AuditStore.newID`) and old `imp-` files are found by their fields (docs/import-export.md).
public enum StableID {
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
