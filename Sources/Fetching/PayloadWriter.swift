import Crypto
import Foundation
import KaartenbakCore
#if canImport(Glibc)
import Glibc
#endif

/// Writes one payload file as `<name>.part`, hashing as it goes, and renames it into place
/// only on `commit()`. Dropping an uncommitted writer removes the partial file, so a failed
/// transfer never leaves a payload behind.
///
/// Owns a file descriptor, closed in `deinit`. Not `Sendable`: used by the one thread that runs
/// the transfer (from libcurl's write callback).
final class PayloadWriter {
    let path: String
    let partPath: String
    private var descriptor: Int32
    private var hasher = SHA256()
    private(set) var bytes = 0
    private var committed = false

    init(directory: String, name: String) throws {
        path = (directory as NSString).appendingPathComponent(name)
        partPath = path + ".part"
        descriptor = open(partPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw KaartenbakError(.io, "cannot create payload file: \(String(cString: strerror(errno)))",
                                  at: Location(file: partPath))
        }
    }

    deinit {
        closeDescriptor()
        if !committed { unlink(partPath) }
    }

    /// Appends a chunk; returns an error text instead of throwing because it runs inside a C callback.
    func append(_ chunk: UnsafeRawBufferPointer) -> String? {
        guard var base = chunk.baseAddress else { return nil }
        var remaining = chunk.count
        while remaining > 0 {
            let written = write(descriptor, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                return "cannot write payload file \(partPath): \(String(cString: strerror(errno)))"
            }
            remaining -= written
            base += written
        }
        hasher.update(bufferPointer: chunk)
        bytes += chunk.count
        return nil
    }

    /// Makes the payload durable and visible under its final name; returns its hex SHA-256.
    func commit() throws -> String {
        closeDescriptor()
        try DurableFiles.commit(partPath, to: path)
        committed = true
        return hasher.finalize().hexString
    }

    private func closeDescriptor() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
    }
}
