import Glibc
import KaartenbakCore

/// A read-only memory map of a whole file.
/// Not Sendable: the reader that made it uses it and drops it; `release(upTo:)` mutates the mapping's residency.
final class MappedFile {
    let bytes: UnsafeRawBufferPointer
    private let base: UnsafeMutableRawPointer?
    private var released = 0
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    init(path: String, source: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw KaartenbakError(.io, "cannot open feed: \(String(cString: strerror(errno)))", at: Location(source: source, file: path))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw KaartenbakError(.io, "cannot stat feed: \(String(cString: strerror(errno)))", at: Location(source: source, file: path))
        }
        let size = Int(info.st_size)
        guard size > 0 else {
            base = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw KaartenbakError(.io, "cannot map feed: \(String(cString: strerror(errno)))", at: Location(source: source, file: path))
        }
        madvise(mapped, size, MADV_SEQUENTIAL)
        base = mapped
        bytes = UnsafeRawBufferPointer(start: mapped, count: size)
    }

    /// Lets the kernel drop pages before `offset`: a sequential reader's resident memory stays small
    /// whatever the file size (pages are read back from the file if touched again).
    func release(upTo offset: Int) {
        guard let base else { return }
        let end = (offset / Self.pageSize) * Self.pageSize
        guard end - released >= 16 << 20 else { return }
        madvise(base, end, MADV_DONTNEED)
        released = end
    }

    deinit {
        if let base { munmap(base, bytes.count) }
    }
}
