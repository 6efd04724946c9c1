import Foundation

/// A program run to its end: its exit status and what it wrote. The one way the commands (the benchmarks' child
/// processes, xmllint, curl) and the tests start programs. What is captured is read while the program runs, so a
/// full pipe never blocks it: standard error on a thread of its own, which is waited for, not polled. What is not
/// captured goes to this process's own output (a benchmark child's log lines).
package struct ChildProcess: Sendable {
    package var status: Int32
    package var output: Data
    package var errors: Data

    package var outputText: String { String(decoding: output, as: UTF8.self) }
    package var errorText: String { String(decoding: errors, as: UTF8.self) }

    /// Runs `executable` with `arguments`, `input` on its standard input (then closed: a program that reads it
    /// sees its end), and `environment` (nil: this process's) in `currentDirectory` (nil: this one's).
    package static func run(_ executable: String, _ arguments: [String], input: Data = Data(),
                            environment: [String: String]? = nil, currentDirectory: URL? = nil,
                            captureOutput: Bool = true, captureErrors: Bool = true) throws -> ChildProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let inputPipe = Pipe()
        process.standardInput = inputPipe
        let outputPipe = captureOutput ? Pipe() : nil
        let errorPipe = captureErrors ? Pipe() : nil
        if let outputPipe { process.standardOutput = outputPipe }
        if let errorPipe { process.standardError = errorPipe }
        try process.run()
        if !input.isEmpty { inputPipe.fileHandleForWriting.write(input) }
        try inputPipe.fileHandleForWriting.close()
        let errors = Collected()
        let errorsRead = DispatchSemaphore(value: 0)
        if let errorPipe {
            Thread {
                errors.data = errorPipe.fileHandleForReading.readDataToEndOfFile()
                errorsRead.signal()
            }.start()
        }
        let output = outputPipe?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        process.waitUntilExit()
        if errorPipe != nil { errorsRead.wait() }
        return ChildProcess(status: process.terminationStatus, output: output, errors: errors.data)
    }

    /// Standard error as its reader thread read it; read here only after the semaphore says that thread is done.
    private final class Collected: @unchecked Sendable {
        var data = Data()
    }
}
