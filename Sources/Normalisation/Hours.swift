import KaartenbakCore

/// Working hours per week.
public struct Hours: Equatable, Sendable {
    public var min: Double
    public var max: Double
}

/// Hours text ("32-40 uur", "24 tot 32", "38") to a weekly range.
///
/// Hours and schedule stay apart: hours come only from numbers the feed states, the schedule only from its words.
/// "fulltime" is no number of hours (36, 38 and 40 all are), and 36 hours is no statement of a schedule; filling
/// one in from the other invented values no feed gave, and made a 32-40 job disagree with its own copies.
public enum HoursValue {
    /// Parses hours per week; values outside 1...80 are not weekly hours and are ignored.
    public static func parse(_ text: String) -> Hours? {
        let numbers = DutchNumber.all(in: text.lowercased()).filter { $0 >= 1 && $0 <= 80 }
        guard let low = numbers.first else { return nil }
        return Hours(min: low, max: numbers.count > 1 ? max(numbers[1], low) : low)
    }

    /// "fulltime" or "parttime" from the feed's own words (schedule or hours text), else nil.
    public static func schedule(text: String?) -> String? {
        guard let lower = text?.lowercased() else { return nil }
        if lower.containsBytes("part") || lower.containsBytes("deeltijd") { return "parttime" }
        if lower.containsBytes("full") || lower.containsBytes("voltijd") { return "fulltime" }
        return nil
    }
}

/// Dutch postcodes: "4811 AB", "4811AB", "4811" → "4811 AB" / "4811".
public enum PostcodeValue {
    public static func parse(_ text: String) -> String? {
        let compact = text.uppercased().filter { !$0.isWhitespace }
        let chars = Array(compact)
        guard chars.count >= 4, chars[0] != "0", chars.prefix(4).allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        let digits = String(chars.prefix(4))
        let rest = chars.dropFirst(4)
        if rest.count == 2, rest.allSatisfy({ $0.isASCII && $0.isLetter }) {
            return "\(digits) \(String(rest))"
        }
        return rest.isEmpty ? digits : nil
    }

    /// The four-digit part that locates a place.
    public static func pc4(_ postcode: String?) -> String? {
        postcode.map { String($0.prefix(4)) }
    }
}
