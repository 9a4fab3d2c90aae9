import Testing
@testable import BalansModel

@Suite struct ChartScaleTests {
    @Test func theDemosFrontierEndsAtForty() {
        // The demo's frontier ends at intrusiveness 39.9 and about 46 000 conversions.
        let s = ChartScale.fitting(intrusiveness: [0, 12.5, 39.9], value: [0, 30_000, 46_108])
        #expect(s.intrusivenessMax == 40)
        #expect(s.intrusivenessTicks == [0, 10, 20, 30, 40])
        #expect(s.valueMax == 50_000)
        #expect(s.valueTicks == [0, 10_000, 20_000, 30_000, 40_000, 50_000])
        // Only the low/medium boundary falls inside 0–40.
        #expect(s.bandCuts == [100.0 / 3])
    }

    @Test func aSettingBeyondTheFrontierWidensTheAxis() {
        let s = ChartScale.fitting(intrusiveness: [0, 39.9, 52], value: [0, 46_108, 40_000])
        #expect(s.intrusivenessMax == 60)
        #expect(s.bandCuts == [100.0 / 3, 50])
    }

    @Test func intrusivenessNeverPassesOneHundred() {
        let s = ChartScale.fitting(intrusiveness: [0, 95], value: [0, 10])
        #expect(s.intrusivenessMax == 100)
        #expect(s.intrusivenessTicks == [0, 20, 40, 60, 80, 100])
        #expect(s.bandCuts == ChartScale.allBandCuts)
        let over = ChartScale.fitting(intrusiveness: [0, 100], value: [1])
        #expect(over.intrusivenessTicks.last == 100)
    }

    @Test func smallAndEmptyDataStillHaveAxes() {
        let s = ChartScale.fitting(intrusiveness: [], value: [])
        #expect(s.intrusivenessMax == 10)
        #expect(s.valueMax == 5)
        #expect(s.bandCuts.isEmpty)
        let nan = ChartScale.fitting(intrusiveness: [.nan], value: [.infinity])
        #expect(nan.intrusivenessMax == 10 && nan.valueMax == 5)
    }

    @Test func ticksAreRoundAndEndAtOrJustAboveTheData() {
        #expect(ChartScale.ticks(upTo: 12) == [0, 2.5, 5, 7.5, 10, 12.5])
        #expect(ChartScale.ticks(upTo: 40) == [0, 10, 20, 30, 40])
        #expect(ChartScale.ticks(upTo: 41) == [0, 10, 20, 30, 40, 50])
        for x in [0.3, 1, 7, 39.9, 99, 1234, 987_654] {
            let t = ChartScale.ticks(upTo: x)
            #expect(t.first == 0)
            #expect(t.last! >= x)
            #expect(t.count <= 7)
            // Just above: one step more would be too many.
            #expect(t[t.count - 2] < x)
        }
    }
}
