/// The axes of a frontier chart, fitted to what it shows: the dashboard's Trade-off screen,
/// `balans frontier --svg` and the report's chart all use this one scale, so that the same data
/// reads the same everywhere. Not words: numbers only (the callers format them).
///
/// Each axis runs from 0 to a round number at or just above the largest value shown (the
/// frontier's end, the current setting, a compared preset), in about five steps of 1, 2, 2.5 or
/// 5 × 10ⁿ. Intrusiveness never goes past 100 (its scale's end); band boundaries (33⅓, 50, 66⅔)
/// are listed only where they fall inside the axis.
public struct ChartScale: Sendable, Equatable {
    /// The top of the intrusiveness axis (x), at most 100.
    public var intrusivenessMax: Double
    /// The top of the value axis (y).
    public var valueMax: Double
    /// Tick values from 0 to `intrusivenessMax`, and from 0 to `valueMax`.
    public var intrusivenessTicks: [Double]
    public var valueTicks: [Double]
    /// The band boundaries inside the x axis (0 < cut < intrusivenessMax).
    public var bandCuts: [Double]

    /// The band boundaries of the intrusiveness scale (SPEC §1.2: below 33⅓ low, below 50 medium,
    /// below 66⅔ high).
    public static let allBandCuts: [Double] = [100.0 / 3, 50, 200.0 / 3]

    /// The scale for a chart of `intrusiveness` and `value` figures (the frontier's points and the
    /// settings marked on it). Small values still get an axis: at least 0–10 intrusiveness and
    /// 0–5 conversions.
    public static func fitting(intrusiveness: [Double], value: [Double]) -> ChartScale {
        let maxX = min(100, intrusiveness.filter(\.isFinite).max() ?? 0)
        let maxY = value.filter(\.isFinite).max() ?? 0
        var xTicks = ticks(upTo: max(maxX, 10))
        // 100 is the end of the scale: never an axis beyond it (95 → 0, 20, …, 100).
        if let last = xTicks.last, last > 100 {
            xTicks = xTicks.filter { $0 < 100 } + [100]
        }
        let yTicks = ticks(upTo: max(maxY, 5))
        let xMax = xTicks.last ?? 100
        return ChartScale(intrusivenessMax: xMax, valueMax: yTicks.last ?? 5, intrusivenessTicks: xTicks,
                          valueTicks: yTicks, bandCuts: allBandCuts.filter { $0 < xMax - 1e-9 })
    }

    /// The scale for `frontier` with the settings `marks` (intrusiveness, value) on it.
    public static func fitting(_ frontier: Frontier, marks: [(intrusiveness: Double, value: Double)]) -> ChartScale {
        fitting(intrusiveness: frontier.points.map(\.intrusiveness) + marks.map(\.intrusiveness),
                value: frontier.points.map(\.value) + marks.map(\.value))
    }

    /// Round tick values from 0 to the first tick at or above `maxValue`, about five intervals
    /// (steps of 1, 2, 2.5, 5 × 10ⁿ): 39.9 → 0, 10, 20, 30, 40; 46 108 → 0, 10 000, …, 50 000.
    public static func ticks(upTo maxValue: Double) -> [Double] {
        guard maxValue > 0, maxValue.isFinite else { return [0, 1] }
        let raw = maxValue / 5
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
        var out: [Double] = []
        var i = 0.0
        // Multiples of the step (not a running sum, so that 0.1 steps do not drift).
        while i * step < maxValue - step * 1e-9 {
            out.append(i * step)
            i += 1
        }
        out.append(i * step)
        return out
    }
}
