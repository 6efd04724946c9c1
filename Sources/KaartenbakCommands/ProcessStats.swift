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
    package static func memoryKiB(_ field: String = "VmHWM") -> Int { kiB(field, in: "/proc/self/status") }

    /// The machine's free memory (/proc/meminfo's MemFree) in KiB. On a virtual machine that hands free memory back to
    /// its host, a night that takes its pages from it pays the kernel for each (docs/night.md): printed beside the nights.
    static func freeMemoryKiB() -> Int { kiB("MemFree", in: "/proc/meminfo") }

    /// The KiB figure of a "Field:   123 kB" line of a /proc file; 0 when it cannot be read.
    private static func kiB(_ field: String, in file: String) -> Int {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return 0 }
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
