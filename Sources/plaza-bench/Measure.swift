import Foundation

/// Wall-clock sampling: runs a closure several times and reports the median.
enum Measure {
    struct Sample {
        let median: Double
        let min: Double
        let max: Double
        var medianMS: String { String(format: "%.1f ms", median * 1000) }
    }

    /// Times `body` `iterations` times after one warm-up run; `setUp` runs before each, untimed.
    static func time(iterations: Int, setUp: () throws -> Void = {}, _ body: () throws -> Void) rethrows -> Sample {
        try setUp()
        try body()
        var samples: [Double] = []
        for _ in 0..<iterations {
            try setUp()
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        samples.sort()
        return Sample(median: samples[samples.count / 2], min: samples.first!, max: samples.last!)
    }

    static func ratio(_ a: Sample, _ b: Sample) -> String { String(format: "%.2f", a.median / b.median) }

    /// The median of samples taken one by one.
    static func median(_ samples: [Double]) -> Double { samples.isEmpty ? 0 : samples.sorted()[samples.count / 2] }

    static func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
}
