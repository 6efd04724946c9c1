import FuzzSupport
import KaartenbakCore

// The salary parsers (Sources/KaartenbakCore/Salary.swift): a mapped salary field with an optional
// separately mapped period (the input's text after its first NUL byte), and the pay statement found
// in a description. Amounts are 1 to a million, a range never runs backwards, periods are known words.

let periods: Set<String> = ["hour", "week", "month", "year"]

func check(_ salary: Salary, _ what: @autoclosure () -> String) {
    fuzzCheck(periods.contains(salary.period), "\(what()): unknown period '\(salary.period)'")
    fuzzCheck(salary.max >= 1 && salary.max < 1_000_000, "\(what()): max \(salary.max)")
    if let min = salary.min {
        fuzzCheck(min >= 1 && min <= salary.max, "\(what()): min \(min) against max \(salary.max)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSalary(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    let split = bytes.firstIndex(of: 0) ?? bytes.count
    let text = String(decoding: bytes[..<split], as: UTF8.self)
    let hint = split < bytes.count ? String(decoding: bytes[(split + 1)...], as: UTF8.self) : nil
    let parsed = SalaryValue.parse(text, periodHint: hint)
    let found = SalaryValue.inText(text)
    replayNote("parse: \(parsed.map { "\($0)" } ?? "nil"); inText: \(found.map { "\($0)" } ?? "nil")")
    if let salary = parsed { check(salary, "parse '\(text)'") }
    if let (salary, isMinimumOnly) = found {
        check(salary, "inText '\(text)'")
        fuzzCheck(!isMinimumOnly || salary.min == salary.max, "inText '\(text)': minimum only, but \(salary)")
    }
    return 0
}

#if !FUZZING
@main enum Main {
    static func main() { FuzzReplay.run(fuzzSalary) }
}
#endif
