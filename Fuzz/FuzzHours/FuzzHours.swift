import FuzzSupport
import Normalisation

// The hours parser of the normalise stage (Sources/Normalisation/Hours.swift): weekly hours from
// text, the fulltime/parttime schedule, and the postcode reader beside them. Hours stay within
// 1...80 with min <= max; a postcode is "1234" or "1234 AB".

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHours(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = fuzzText(data, size)
    let hours = HoursValue.parse(text)
    if let hours {
        fuzzCheck(hours.min >= 1 && hours.min <= hours.max && hours.max <= 80, "'\(text)' gave \(hours)")
    }
    let schedule = HoursValue.schedule(text: text)
    replayNote("hours: \(hours.map { "\($0)" } ?? "nil"); schedule: \(schedule ?? "nil"); postcode: \(PostcodeValue.parse(text) ?? "nil")")
    fuzzCheck(schedule == nil || schedule == "fulltime" || schedule == "parttime", "schedule '\(schedule ?? "")'")
    if let postcode = PostcodeValue.parse(text) {
        let bytes = Array(postcode.utf8)
        let digits = bytes.prefix(4).allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let letters = bytes.dropFirst(5).allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        fuzzCheck(digits && (bytes.count == 4 || (bytes.count == 7 && bytes[4] == UInt8(ascii: " ") && letters)),
                  "postcode '\(text)' gave '\(postcode)'")
    }
    return 0
}

#if !FUZZING
@main enum Main {
    static func main() { FuzzReplay.run(fuzzHours) }
}
#endif
