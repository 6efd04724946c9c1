/// Whole days of ISO 8601 dates, for date arithmetic without `Calendar` (hot in deduplication).
public enum ISODay {
    /// Days since 1970-01-01 for "yyyy-mm-dd" (a longer ISO timestamp is cut at the date); nil when
    /// the text does not start with such a date.
    public static func number(_ iso: String) -> Int32? {
        let bytes = Array(iso.utf8.prefix(10))
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? { ISODay.digits(bytes[range]) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int32(era * 146_097 + doe - 719_468)
    }

    /// The number that ASCII digits spell ("0924" → 924); nil when a byte is not a digit.
    public static func digits(_ bytes: some Collection<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}
