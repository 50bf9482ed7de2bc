/// Numbers in reports, formatted the same way whatever the locale: a dot for the decimal
/// separator, no thousands separator, percentages rounded half up to one decimal.
public enum ReportNumber {
    /// `100 * part / whole` in tenths of a percent, rounded half up, computed in integers so
    /// 4/7 is always 57.1 and 1/8 is always 12.5 on every machine; nil when `whole` is 0.
    public static func percentTenths(_ part: Int, of whole: Int) -> Int? {
        guard whole > 0 else { return nil }
        return (2000 * part + whole) / (2 * whole)
    }

    /// `100 * part / whole` rounded to one decimal place; nil when `whole` is 0.
    public static func percent(_ part: Int, of whole: Int) -> Double? {
        percentTenths(part, of: whole).map { Double($0) / 10 }
    }

    /// `57.1`, `100.0`, `0.0`: always one decimal.
    public static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded(.toNearestOrAwayFromZero))
        let sign = tenths < 0 ? "-" : ""
        let t = abs(tenths)
        return "\(sign)\(t / 10).\(t % 10)"
    }

    /// `40`, `44.5`: a baseline or target as written, without a needless `.0`.
    public static func plain(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return "\(Int(value))" }
        return "\(value)"
    }

    public static func optionalOneDecimal(_ value: Double?) -> String { value.map(oneDecimal) ?? "" }
    public static func optionalPlain(_ value: Double?) -> String { value.map(plain) ?? "" }

    /// The 95% Wilson score interval of `part` out of `whole`, in percent (not rounded); nil
    /// when `whole` is 0. Unlike the plain `p ± 1.96·se` it stays within 0-100 and is honest for
    /// small counts: 2 of 3 is 20.8% to 93.9%, not a 67% crisis (docs/reports.md works it out).
    public static func wilson(_ part: Int, of whole: Int) -> (low: Double, high: Double)? {
        guard whole > 0 else { return nil }
        let z = 1.96, n = Double(whole), p = Double(part) / n
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z / denominator * ((p * (1 - p) / n + z * z / (4 * n * n)).squareRoot())
        // Clamped: at 0 of n or n of n rounding could otherwise give -0.0 or 100.0000001.
        return (max(0, centre - half) * 100, min(1, centre + half) * 100)
    }

    /// The change in percentage points from `earlier` to `percent` (both already one decimal):
    /// `+4.2`, `-10.0`, `0.0`; empty when either is missing.
    public static func change(_ percent: Double?, from earlier: Double?) -> String {
        guard let p = percent, let e = earlier else { return "" }
        let tenths = Int((p * 10).rounded()) - Int((e * 10).rounded())
        return (tenths > 0 ? "+" : "") + oneDecimal(Double(tenths) / 10)
    }

    /// Under this many graded audits a percentage is flagged as a low count.
    public static let lowCount = 10
}
