#if canImport(Glibc)
import Glibc
#endif

/// CPU time used so far, for benchmarks and the stages' phase logs: on a machine shared with other
/// work it is a steadier figure than wall time.
public enum ProcessCPU {
    /// User plus system CPU seconds of this process (RUSAGE_SELF) or of its waited-for children (RUSAGE_CHILDREN).
    public static func seconds(_ who: __rusage_who = RUSAGE_SELF) -> Double {
        var usage = rusage()
        guard getrusage(__rusage_who_t(who.rawValue), &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
