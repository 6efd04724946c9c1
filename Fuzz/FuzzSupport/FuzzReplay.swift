import Foundation
import Glibc
import Logging

/// The `main` of every harness (`Fuzz/Fuzz*/`) in a plain build: without libFuzzer, a harness replays
/// the files and folders named on the command line through its `LLVMFuzzerTestOneInput`, once each,
/// and prints how long each took and what the harness noted. The way to reproduce a finding, or to
/// time a slow input, without the sanitizers (`swift build -c release --product FuzzXML`).
///
/// Built for fuzzing (`-DFUZZING`, scripts/fuzz) a harness has no `main`: libFuzzer's `main` calls
/// `LLVMFuzzerTestOneInput` and takes libFuzzer's usual flags.
public enum FuzzReplay {
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

    public static func run(_ testOneInput: TestOneInput) -> Never {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.isEmpty || arguments.contains(where: { $0.hasPrefix("-") }) {
            let name = (CommandLine.arguments.first ?? "Fuzz").split(separator: "/").last.map(String.init) ?? "Fuzz"
            print("""
                usage: \(name) FILE-OR-FOLDER...
                Replays each input once through this fuzz harness and prints the time it took.
                This is a build without libFuzzer; scripts/fuzz builds one that fuzzes.
                """)
            exit(arguments.isEmpty ? 2 : 0)
        }
        for path in arguments.flatMap(files(at:)) {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot read")
                exit(1)
            }
            let start = DispatchTime.now().uptimeNanoseconds
            _ = data.withUnsafeBytes { raw in
                testOneInput(raw.bindMemory(to: UInt8.self).baseAddress, raw.count)
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print("\(path): ok, \(data.count) bytes, \(String(format: "%.3f", seconds)) s")
            for note in replayNotes { print("  " + note) }
            replayNotes = []
        }
        exit(0)
    }

    /// A file, or the files directly in a folder (sorted), as libFuzzer takes corpus arguments.
    static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }.filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isFolder) && !isFolder.boolValue
        }
    }
}

/// What the harness said about the input being replayed (a plain build only: fuzzing says nothing).
nonisolated(unsafe) var replayNotes: [String] = []

/// Notes a line to print under the replayed input's result; nothing when fuzzing.
public func replayNote(_ note: @autoclosure () -> String) {
    #if !FUZZING
    replayNotes.append(note())
    #endif
}

/// The bytes of one input as an array (libFuzzer passes a null pointer for the empty input).
public func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// The input as text, as a feed value would arrive: invalid UTF-8 becomes U+FFFD.
public func fuzzText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
    String(decoding: fuzzBytes(data, size), as: UTF8.self)
}

/// A logger that drops everything: readers log warnings per bad feed, which would flood the fuzzer's output.
public let silentLogger = Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() }

/// A crash with a message libFuzzer reports (and saves the input for): a broken invariant is a finding.
public func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("fuzz invariant broken: \(message())") }
}

/// The file the feed harnesses write each input to: the readers take a path, as in the parse stage.
/// In /dev/shm (memory) when there is one, so an input costs no disk write; one folder per process.
public final class FuzzInputFile: @unchecked Sendable {
    // @unchecked: used by libFuzzer's one thread only.
    public let path: String

    public init(name: String) {
        let base = inputBase()
        // A crash leaves its process's folder behind (minimising one crashes thousands of times): the folders
        // of processes that are gone are removed first.
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where entry.hasPrefix("kaartenbak-fuzz-") {
            if let pid = Int32(entry.dropFirst("kaartenbak-fuzz-".count)), kill(pid, 0) != 0, errno == ESRCH {
                removeFolder("\(base)/\(entry)")
            }
        }
        let folder = "\(base)/kaartenbak-fuzz-\(getpid())"
        mkdir(folder, 0o700)
        path = "\(folder)/\(name)"
        // Leave nothing behind when libFuzzer exits normally.
        atexit { removeFolder("\(inputBase())/kaartenbak-fuzz-\(getpid())") }
    }

    /// Replaces the file's contents with the input.
    public func write(_ bytes: [UInt8]) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        precondition(fd >= 0, "cannot write \(path)")
        var written = 0
        bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
                precondition(n > 0, "cannot write \(path)")
                written += n
            }
        }
        close(fd)
    }
}

/// Where the input folders are: /dev/shm when there is one.
private func inputBase() -> String {
    FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
}

/// Removes an input folder and the files in it.
private func removeFolder(_ folder: String) {
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] { unlink(folder + "/" + name) }
    rmdir(folder)
}
