import Foundation
import KaartenbakCore

/// Dates as Dutch and international feeds write them, to ISO 8601 calendar dates (yyyy-mm-dd).
///
/// Hand-written because feeds mix dd-mm-jjjj, d-m-jj, ISO date-times and RFC 822 in one night,
/// and DateFormatter would need a formatter per pattern and silently accepts garbage (32-13-2025).
public enum DateValue {
    static let dutchMonths: [String: Int] = [
        "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mrt": 3, "maart": 3, "mar": 3, "march": 3,
        "apr": 4, "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7,
        "july": 7, "aug": 8, "augustus": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
        "okt": 10, "oct": 10, "oktober": 10, "october": 10, "nov": 11, "november": 11,
        "dec": 12, "december": 12, "january": 1, "february": 2,
    ]

    /// Parses a date; nil when the text is not a valid date.
    public static func parse(_ text: String) -> String? {
        commonForm(text) ?? anyForm(text)
    }

    /// Every form this reader knows.
    static func anyForm(_ text: String) -> String? {
        fields(text).flatMap { iso($0.year, $0.month, $0.day) }
    }

    /// Why `text` is no date, for an operator: the date it names does not exist, or it is in no form this
    /// reader knows. Nil when it is a date.
    public static func problem(_ text: String) -> String? {
        guard parse(text) == nil else { return nil }
        guard let (year, month, day) = fields(text) else {
            return "not a date in a form it reads (2026-11-30, 30-11-2026, 30 november 2026)"
        }
        guard (1...12).contains(month) else { return "no month \(month)" }
        guard (1990...2100).contains(year) else { return "year \(year) is outside 1990-2100" }
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"]
        return "no such date: \(names[month - 1]) \(year) has \(daysIn(month: month, year: year)) days, not day \(day)"
    }

    /// The year, month and day `text` names in any form this reader knows, not yet checked to exist.
    private static func fields(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let tokens = trimmed.lowercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map(String.init)
        guard tokens.count >= 2 else { return nil }

        // ISO: 2025-03-04, 2025-03-04T08:00:00Z, 20250304.
        if tokens[0].count == 4, let year = Int(tokens[0]), tokens.count >= 3,
           let month = Int(tokens[1]), let day = Int(tokens[2].prefix(2)), tokens[1].count <= 2 {
            return (year, month, day)
        }
        // RFC 822 and written dates: "Tue, 04 Mar 2025 08:00:00 +0100", "4 maart 2025".
        var numeric = tokens
        if let first = tokens.first, first.allSatisfy(\.isLetter), dutchMonths[first] == nil {
            numeric.removeFirst() // weekday name
        }
        if numeric.count >= 3, let day = Int(numeric[0]), let month = dutchMonths[numeric[1]],
           let year = Int(numeric[2]) {
            return (fullYear(year, digits: numeric[2].count), month, day)
        }
        // Dutch numeric: dd-mm-jjjj, d-m-jj, dd/mm/yyyy, dd.mm.yyyy.
        if numeric.count >= 3, let day = Int(numeric[0]), let month = Int(numeric[1]),
           let year = Int(numeric[2]), numeric[0].count <= 2, numeric[1].count <= 2,
           numeric[2].count == 2 || numeric[2].count == 4 {
            return (fullYear(year, digits: numeric[2].count), month, day)
        }
        return nil
    }

    /// The forms most feeds use, read by their bytes: "2026-09-24", "2026-09-24T08:00:00+02:00" and
    /// "24-09-2026". Nil hands the text to the general reader above, which reads these the same way
    /// (and refuses the same invalid dates) through Foundation's trimming, splitting and formatting.
    static func commonForm(_ text: String) -> String? {
        let utf8 = text.utf8
        guard utf8.count >= 10 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(11)
        for byte in utf8.prefix(11) { bytes.append(byte) }
        func number(_ range: Range<Int>) -> Int? { ISODay.digits(bytes[range]) }
        let dash = UInt8(ascii: "-")
        if bytes[4] == dash, bytes[7] == dash, bytes.count == 10 || bytes[10] == UInt8(ascii: "T"),
           let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) {
            return iso(year, month, day)
        }
        if bytes.count == 10, bytes[2] == dash, bytes[5] == dash,
           let day = number(0..<2), let month = number(3..<5), let year = number(6..<10) {
            return iso(year, month, day)
        }
        return nil
    }

    /// Two-digit years are this century: vacancy dates are never from the 1900s.
    static func fullYear(_ year: Int, digits: Int) -> Int { digits == 2 ? 2000 + year : year }

    static func iso(_ year: Int, _ month: Int, _ day: Int) -> String? {
        guard (1990...2100).contains(year), (1...12).contains(month), day >= 1,
              day <= daysIn(month: month, year: year) else { return nil }
        // "%04d-%02d-%02d" for years of four digits, without String(format:).
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(year)-\(two(month))-\(two(day))"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
