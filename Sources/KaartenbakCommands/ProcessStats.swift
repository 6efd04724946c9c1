import Foundation
import KaartenbakCore
#if canImport(Glibc)
import Glibc
#endif

/// CPU time and memory of this process, for the benchmarks. On a machine shared with other work
/// CPU time is the steadier figure; peak RSS (VmHWM) is what the memory targets speak of.
package enum ProcessStats {
    /// User plus system CPU seconds of this process (RUSAGE_SELF) or of its waited-for children (RUSAGE_CHILDREN).
    package static func cpuSeconds(_ who: __rusage_who = RUSAGE_SELF) -> Double { ProcessCPU.seconds(who) }

    /// The 1-minute load average (/proc/loadavg), printed beside benchmark figures: the machine may be shared.
    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(1).joined() ?? "?"
    }

    /// A "Vm…" line of /proc/self/status in KiB: "VmHWM" (peak RSS), "VmRSS" (current).
    package static func memoryKiB(_ field: String = "VmHWM") -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "") ?? 0
    }
}

/// The middle value of a benchmark's runs (the mean of the two middle ones for an even count).
package func medianValue(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
