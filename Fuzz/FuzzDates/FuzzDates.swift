import FuzzSupport
import Normalisation

// The date parser of the normalise stage (Sources/Normalisation/Dates.swift): ISO dates and
// date-times, Dutch numeric dates, written and RFC 822 dates. Whatever it returns is a valid
// ISO calendar date, which it reads back as itself.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDates(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = fuzzText(data, size)
    let parsed = DateValue.parse(text)
    replayNote("'\(text)' -> \(parsed ?? "nil")")
    guard let date = parsed else { return 0 }
    let bytes = Array(date.utf8)
    let digits = [0, 1, 2, 3, 5, 6, 8, 9]
    fuzzCheck(bytes.count == 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
              && digits.allSatisfy { bytes[$0] >= UInt8(ascii: "0") && bytes[$0] <= UInt8(ascii: "9") },
              "'\(text)' gave '\(date)', not yyyy-mm-dd")
    fuzzCheck(DateValue.parse(date) == date, "'\(text)' gave '\(date)', which does not read back as itself")
    return 0
}

#if !FUZZING
@main enum Main {
    static func main() { FuzzReplay.run(fuzzDates) }
}
#endif
