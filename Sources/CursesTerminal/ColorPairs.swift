import CNcurses
import CaseAuditUI

/// Allocates ncurses colour pairs on demand for the (foreground, background) combinations the
/// screens use. With no colour (monochrome terminal or `NO_COLOR`) every style maps to pair 0.
struct ColorPairs {
    let enabled: Bool
    private let defaultColors: Bool
    private let maxPairs: Int
    private let colorCount: Int
    private var pairs: [UInt16: Int16] = [:]

    /// Starts colour on the current screen when `enabled`; call after newterm.
    init(enabled wanted: Bool) {
        guard wanted, has_colors(), start_color() != ca_err() else {
            enabled = false; defaultColors = false; maxPairs = 0; colorCount = 0
            return
        }
        enabled = true
        // Default colours keep the user's own background instead of painting it black.
        defaultColors = use_default_colors() != ca_err()
        maxPairs = Int(min(ca_color_pairs(), Int32(Int16.max)))
        colorCount = Int(ca_colors())
    }

    /// The pair for a style's colours, allocating it the first time; 0 when colour is off,
    /// the style has none, or the terminal has run out of pairs.
    mutating func pair(for style: Style) -> Int16 {
        guard enabled, style.foreground != .none || style.background != .none else { return 0 }
        let key = UInt16(style.foreground.rawValue) << 8 | UInt16(style.background.rawValue)
        if let p = pairs[key] { return p }
        let next = pairs.count + 1
        guard next < maxPairs else { return 0 }
        let fg = color(style.foreground, isBackground: false)
        let bg = color(style.background, isBackground: true)
        guard init_pair(Int16(next), fg, bg) != ca_err() else { return 0 }
        pairs[key] = Int16(next)
        return Int16(next)
    }

    private func color(_ c: Style.Color, isBackground: Bool) -> Int16 {
        switch c {
        case .none: return defaultColors ? -1 : Int16(isBackground ? COLOR_BLACK : COLOR_WHITE)
        case .red: return Int16(COLOR_RED)
        case .amber: return Int16(COLOR_YELLOW)
        case .green: return Int16(COLOR_GREEN)
        case .blue: return Int16(COLOR_BLUE)
        case .cyan: return Int16(COLOR_CYAN)
        case .magenta: return Int16(COLOR_MAGENTA)
        // Bright black where the terminal has 16 colours; plain white otherwise.
        case .grey: return colorCount >= 16 ? 8 : Int16(COLOR_WHITE)
        }
    }
}
