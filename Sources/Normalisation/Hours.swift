import KaartenbakCore

/// Working hours per week.
public struct Hours: Equatable, Sendable {
    public var min: Double
    public var max: Double
}

/// Hours text ("32-40 uur", "24 tot 32", "fulltime", "38") to a weekly range.
public enum HoursValue {
    /// Parses hours per week; values outside 1...80 are not weekly hours and are ignored.
    public static func parse(_ text: String) -> Hours? {
        let lower = text.lowercased()
        let numbers = DutchNumber.all(in: lower).filter { $0 >= 1 && $0 <= 80 }
        if let low = numbers.first {
            return Hours(min: low, max: numbers.count > 1 ? max(numbers[1], low) : low)
        }
        if lower.containsBytes("fulltime") || lower.containsBytes("full-time") || lower.containsBytes("voltijd") || lower == "full_time" {
            return Hours(min: 36, max: 40)
        }
        return nil
    }

    /// "fulltime" or "parttime" from explicit words, else from the hours (the Dutch threshold is 36).
    public static func schedule(text: String?, hours: Hours?) -> String? {
        if let lower = text?.lowercased() {
            if lower.containsBytes("part") || lower.containsBytes("deeltijd") { return "parttime" }
            if lower.containsBytes("full") || lower.containsBytes("voltijd") { return "fulltime" }
        }
        guard let hours else { return nil }
        return hours.max >= 36 ? "fulltime" : "parttime"
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
