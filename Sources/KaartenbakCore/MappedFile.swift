import Glibc

/// A read-only memory map of a whole file: feeds, and the stages' own NDJSON files, are read where
/// they lie rather than copied into a buffer as large as the file (a third of a million-record night
/// is one source: 700 MB of raw records held twice, by the page cache and by the reader).
/// Not Sendable: the reader that made it uses it and drops it; `release(upTo:)` mutates the mapping's residency.
public final class MappedFile {
    public let bytes: UnsafeRawBufferPointer
    private let base: UnsafeMutableRawPointer?
    private var released = 0
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    public init(path: String, source: String? = nil) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw KaartenbakError(.io, "cannot open file: \(String(cString: strerror(errno)))", at: Location(source: source, file: path))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw KaartenbakError(.io, "cannot stat file: \(String(cString: strerror(errno)))", at: Location(source: source, file: path))
        }
        let size = Int(info.st_size)
        guard size > 0 else {
            base = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw KaartenbakError(.io, "cannot map file: \(String(cString: strerror(errno)))", at: Location(source: source, file: path))
        }
        madvise(mapped, size, MADV_SEQUENTIAL)
        base = mapped
        bytes = UnsafeRawBufferPointer(start: mapped, count: size)
    }

    /// Lets the kernel drop pages before `offset`: a sequential reader's resident memory stays small
    /// whatever the file size (pages are read back from the file if touched again).
    public func release(upTo offset: Int) {
        guard let base else { return }
        let end = (offset / Self.pageSize) * Self.pageSize
        guard end - released >= 16 << 20 else { return }
        madvise(base, end, MADV_DONTNEED)
        released = end
    }

    /// Lets the kernel drop the pages wholly inside `range` (byte offsets), for readers that finish parts of the
    /// file in any order. It changes nothing of this object, so threads may call it on disjoint ranges.
    public func release(_ range: Range<Int>) {
        guard let base else { return }
        let start = (range.lowerBound + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        let end = min(range.upperBound, bytes.count) / Self.pageSize * Self.pageSize
        guard end > start else { return }
        madvise(base + start, end - start, MADV_DONTNEED)
    }

    deinit {
        if let base { munmap(base, bytes.count) }
    }
}
