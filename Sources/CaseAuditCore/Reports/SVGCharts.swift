/// Inline SVG charts for the HTML report. Readable in black and white: the target is a dashed
/// line, the baseline a dotted one, each labelled; every point and bar has a text title.
enum SVGCharts {
    static let green = "#2e7d32", amber = "#b26a00", red = "#c62828", ink = "#1a1a1a", grid = "#cccccc"
    static let gradeColours: [Grade: String] = [.outstanding: "#1b5e20", .good: "#66bb6a",
                                                .requiresImprovement: "#ffb74d", .inadequate: "#e53935"]

    /// The measure's percent over the periods (a line), or per team or auditor (bars), with its
    /// baseline and target as horizontal lines.
    static func trend(_ rows: [MeasureRow], measure: Measure, grouping: Grouping) -> String {
        let labels = rows.map { short($0.period) }
        let longest = Double(labels.map(\.count).max() ?? 0) * charWidth
        let width = 640.0, right = 110.0, top = 14.0
        let step = max(1, (rows.count + 11) / 12)
        // Labels wider than their slot are slanted so they do not run into each other, with
        // room on the left for the first one.
        let slant = longest > (width - 44 - right) / Double(max(rows.count, 1)) * Double(step) - 4
        let firstHalfSlot = (width - 44 - right) / Double(max(rows.count, 1)) / 2
        let left = slant ? max(44, longest * 0.9 - firstHalfSlot + 12) : 44
        let slot = (width - left - right) / Double(max(rows.count, 1))
        let bottom = slant ? max(46, 24 + longest * 0.6) : 46
        let height = 170 + top + bottom
        let plotW = width - left - right, plotH = height - top - bottom
        func y(_ percent: Double) -> Double { top + plotH * (1 - percent / 100) }
        func x(_ i: Int) -> Double { left + plotW * (Double(i) + 0.5) / Double(rows.count) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" "
            + "aria-label=\"\(HTMLRenderer.escape(measure.title)): percent good or better by period\">\n"
        for p in stride(from: 0, through: 100, by: 25) {
            let yy = y(Double(p))
            s += "<line x1=\"\(n(left))\" y1=\"\(n(yy))\" x2=\"\(n(left + plotW))\" y2=\"\(n(yy))\" stroke=\"\(grid)\" stroke-width=\"1\"/>"
                + "<text x=\"\(n(left - 6))\" y=\"\(n(yy + 4))\" text-anchor=\"end\">\(p)%</text>\n"
        }
        if let b = measure.baseline {
            s += "<line x1=\"\(n(left))\" y1=\"\(n(y(b)))\" x2=\"\(n(left + plotW))\" y2=\"\(n(y(b)))\" stroke=\"\(red)\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>"
                + "<text x=\"\(n(left + plotW + 6))\" y=\"\(n(y(b) + 4))\">baseline \(ReportNumber.plain(b))%</text>\n"
        }
        if let t = measure.target {
            s += "<line x1=\"\(n(left))\" y1=\"\(n(y(t)))\" x2=\"\(n(left + plotW))\" y2=\"\(n(y(t)))\" stroke=\"\(green)\" stroke-width=\"1.5\" stroke-dasharray=\"8 4\"/>"
                + "<text x=\"\(n(left + plotW + 6))\" y=\"\(n(y(t) + 4))\">target \(ReportNumber.plain(t))%</text>\n"
        }
        if !grouping.isTime {
            for (i, r) in rows.enumerated() {
                guard let p = r.percent else { continue }
                let w = slot * 0.6
                s += "<rect x=\"\(n(x(i) - w / 2))\" y=\"\(n(y(p)))\" width=\"\(n(w))\" height=\"\(n(top + plotH - y(p)))\" fill=\"\(ragColour(r.rag))\" fill-opacity=\"0.85\" stroke=\"\(ink)\" stroke-width=\"0.5\">"
                    + "<title>\(HTMLRenderer.escape(r.period)): \(ReportNumber.oneDecimal(p))% (\(r.goodOrBetter) of \(r.graded)), \(r.rag.rawValue)</title></rect>\n"
            }
        }
        // The 95% Wilson interval of each figure as a grey band behind its point: a wide band
        // says the percentage rests on few audits.
        for (i, r) in rows.enumerated() {
            guard let low = r.ciLow, let high = r.ciHigh else { continue }
            let w = max(4, slot * 0.3)
            s += "<rect class=\"ci\" x=\"\(n(x(i) - w / 2))\" y=\"\(n(y(high)))\" width=\"\(n(w))\" height=\"\(n(y(low) - y(high)))\" fill=\"#9e9e9e\" fill-opacity=\"0.35\">"
                + "<title>\(HTMLRenderer.escape(r.period)): 95% interval \(ReportNumber.oneDecimal(low))% to \(ReportNumber.oneDecimal(high))%</title></rect>\n"
        }
        // The line breaks where a period has no graded audit rather than joining across it.
        var segment: [String] = []
        func flush() {
            if segment.count > 1 {
                s += "<polyline points=\"\(segment.joined(separator: " "))\" fill=\"none\" stroke=\"\(ink)\" stroke-width=\"2\"/>\n"
            }
            segment = []
        }
        for (i, r) in rows.enumerated() where grouping.isTime {
            if let p = r.percent { segment.append("\(n(x(i))),\(n(y(p)))") } else { flush() }
        }
        flush()
        for (i, r) in rows.enumerated() where grouping.isTime {
            guard let p = r.percent else { continue }
            let colour = ragColour(r.rag)
            s += "<circle cx=\"\(n(x(i)))\" cy=\"\(n(y(p)))\" r=\"4\" fill=\"\(colour)\" stroke=\"\(ink)\" stroke-width=\"0.5\">"
                + "<title>\(HTMLRenderer.escape(r.period)): \(ReportNumber.oneDecimal(p))% (\(r.goodOrBetter) of \(r.graded)), \(r.rag.rawValue)</title></circle>\n"
        }
        for (i, label) in labels.enumerated() where i % step == 0 {
            let ly = top + plotH + 16
            if slant {
                s += "<text x=\"\(n(x(i)))\" y=\"\(n(ly))\" text-anchor=\"end\" transform=\"rotate(-35 \(n(x(i))) \(n(ly)))\">\(HTMLRenderer.escape(label))</text>\n"
            } else {
                s += "<text x=\"\(n(x(i)))\" y=\"\(n(ly))\" text-anchor=\"middle\">\(HTMLRenderer.escape(label))</text>\n"
            }
        }
        s += "<line x1=\"\(n(left))\" y1=\"\(n(top + plotH))\" x2=\"\(n(left + plotW))\" y2=\"\(n(top + plotH))\" stroke=\"\(ink)\" stroke-width=\"1\"/>\n"
        return s + "</svg>\n"
    }

    /// One stacked bar per period: Outstanding, Good, Requires improvement, Inadequate as shares
    /// of the graded audits.
    static func distribution(_ rows: [GradeRow]) -> String {
        let longest = Double(rows.map(\.period.count).max() ?? 0) * charWidth
        let labelW = max(90, longest + 16), barW = 440.0, rowH = 22.0, legendH = 26.0
        let width = labelW + barW + 70, height = legendH + rowH * Double(rows.count) + 6
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"grade distribution by period\">\n"
        var lx = labelW
        for g in Grade.scale {
            s += "<rect x=\"\(n(lx))\" y=\"4\" width=\"12\" height=\"12\" fill=\"\(gradeColours[g]!)\" stroke=\"\(ink)\" stroke-width=\"0.5\"/>"
                + "<text x=\"\(n(lx + 16))\" y=\"14\">\(g.title)</text>\n"
            lx += Double(g.title.count) * 6.5 + 36
        }
        for (i, r) in rows.enumerated() {
            let y = legendH + rowH * Double(i)
            s += "<text x=\"\(n(labelW - 8))\" y=\"\(n(y + 15))\" text-anchor=\"end\">\(HTMLRenderer.escape(r.period))</text>\n"
            guard r.graded > 0 else {
                s += "<text x=\"\(n(labelW))\" y=\"\(n(y + 15))\">no grades</text>\n"
                continue
            }
            var x = labelW
            for g in Grade.scale where r.count(g) > 0 {
                let w = barW * Double(r.count(g)) / Double(r.graded)
                s += "<rect x=\"\(n(x))\" y=\"\(n(y + 3))\" width=\"\(n(w))\" height=\"\(n(rowH - 6))\" fill=\"\(gradeColours[g]!)\" stroke=\"#ffffff\" stroke-width=\"0.5\">"
                    + "<title>\(HTMLRenderer.escape(r.period)): \(g.title) \(ReportNumber.oneDecimal(r.percent(g) ?? 0))% (\(r.count(g)) of \(r.graded))</title></rect>\n"
                x += w
            }
            s += "<text x=\"\(n(labelW + barW + 6))\" y=\"\(n(y + 15))\">n=\(r.graded)</text>\n"
        }
        return s + "</svg>\n"
    }

    /// Roughly the width of one character of the 11px labels, for laying them out.
    static let charWidth = 6.2

    static func ragColour(_ rag: RAG) -> String {
        switch rag {
        case .green: return green
        case .amber: return amber
        case .red: return red
        case .none: return ink
        }
    }

    /// `FY2018-19 Q3` fits under a point as `18-19 Q3`.
    static func short(_ period: String) -> String {
        period.hasPrefix("FY") && period.count > 9 ? String(period.dropFirst(4)) : period
    }

    /// Coordinates with at most one decimal, locale-free.
    static func n(_ v: Double) -> String {
        let t = Int((v * 10).rounded())
        return t % 10 == 0 ? "\(t / 10)" : ReportNumber.oneDecimal(v)
    }
}
