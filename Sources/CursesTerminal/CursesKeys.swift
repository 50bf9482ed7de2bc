import CNcurses
import CaseAuditUI

/// Maps what `get_wch` returns to a `KeyEvent`; nil for keys the program has no use for.
enum CursesKeys {
    /// `isKeyCode` is true when get_wch returned KEY_CODE_YES (a function key), false for a character.
    static func event(code: UInt32, isKeyCode: Bool, size: () -> (width: Int, height: Int)) -> KeyEvent? {
        isKeyCode ? functionKey(Int32(bitPattern: code), size: size) : character(code)
    }

    static func character(_ code: UInt32) -> KeyEvent? {
        switch code {
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 9: return .tab
        case 0: return .control(" ")
        case 1...26: return .control(Character(Unicode.Scalar(code + 96)!))
        case 28...31, 0x80..<0xA0: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }

    static func functionKey(_ key: Int32, size: () -> (width: Int, height: Int)) -> KeyEvent? {
        switch key {
        case ca_key_up(): return .up
        case ca_key_down(): return .down
        case ca_key_left(): return .left
        case ca_key_right(): return .right
        // The keypad's corner keys (A1 C1 A3 C3) are Home, End, PgUp, PgDn on many terminals.
        case ca_key_ppage(), ca_key_a3(): return .pageUp
        case ca_key_npage(), ca_key_c3(): return .pageDown
        case ca_key_home(), ca_key_a1(): return .home
        case ca_key_end(), ca_key_c1(): return .end
        case ca_key_enter(): return .enter
        case ca_key_backspace(): return .backspace
        case ca_key_dc(): return .delete
        case ca_key_btab(): return .backTab
        case ca_key_resize():
            let s = size()
            return .resize(width: s.width, height: s.height)
        case (ca_key_f0() + 1)...(ca_key_f0() + 24): return .function(Int(key - ca_key_f0()))
        default: return nil
        }
    }
}
