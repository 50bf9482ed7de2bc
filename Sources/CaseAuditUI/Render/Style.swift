/// How a cell looks. Colour is a hint: with `NO_COLOR` or a terminal without colour the
/// backend draws only the attributes, so every screen must read well in monochrome.
public struct Style: Equatable, Hashable, Sendable {
    public enum Color: UInt8, Sendable, CaseIterable {
        case none, red, amber, green, blue, cyan, magenta, grey
    }

    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool

    public init(foreground: Color = .none, background: Color = .none, bold: Bool = false,
                reverse: Bool = false, underline: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let selected = Style(reverse: true)
    public static let dim = Style(dim: true)
    public static let title = Style(foreground: .cyan, bold: true)
    public static let red = Style(foreground: .red, bold: true)
    public static let amber = Style(foreground: .amber, bold: true)
    public static let green = Style(foreground: .green, bold: true)
}
