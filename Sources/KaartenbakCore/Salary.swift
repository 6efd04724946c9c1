#if canImport(Glibc)
import Glibc
#endif

/// A salary range with its period.
public struct Salary: Equatable, Sendable {
    /// nil for an upper bound only ("tot € 4.000").
    public var min: Double?
    public var max: Double
    /// "hour", "week", "month" or "year".
    public var period: String

    public init(min: Double?, max: Double, period: String) {
        (self.min, self.max, self.period) = (min, max, period)
    }
}

/// Salary text ("€ 2.800 - € 3.400 per maand", "€14,50 per uur", "tot 4000 bruto p/m") to numbers.
public enum SalaryValue {
    static let periodWords: [(String, String)] = [
        ("per uur", "hour"), ("p/u", "hour"), ("uurloon", "hour"), ("/uur", "hour"), ("per hour", "hour"),
        ("/hour", "hour"), ("hourly", "hour"), ("per week", "week"), ("p/w", "week"),
        ("per maand", "month"), ("p/m", "month"), ("p.m.", "month"), ("/maand", "month"),
        ("maandsalaris", "month"), ("maandloon", "month"), ("per month", "month"), ("/month", "month"),
        ("monthly", "month"), ("per jaar", "year"), ("jaarsalaris", "year"), ("p/j", "year"),
        ("/jaar", "year"), ("per year", "year"), ("per annum", "year"), ("yearly", "year"), ("year", "year"),
        ("hour", "hour"), ("month", "month"), ("week", "week"), ("uur", "hour"), ("maand", "month"), ("jaar", "year"),
    ]

    /// Parses salary text. `periodHint` is a separately mapped period ("HOUR", "maand", ...).
    public static func parse(_ text: String, periodHint: String? = nil) -> Salary? {
        let lower = text.lowercased()
        // Percentages, scales and dates are not amounts.
        let cleaned = lower.replacingBytes("schaal", with: " ")
        let numbers = DutchNumber.all(in: cleaned).filter { $0 >= 1 && $0 < 1_000_000 }
        guard let low = numbers.first else { return nil }
        let high = numbers.count > 1 ? max(numbers[1], low) : low
        let period = periodHint.flatMap { Self.period(in: $0.lowercased()) } ?? Self.period(in: lower) ?? Self.inferredPeriod(low)
        // "tot € 4.000" is an upper bound only.
        if numbers.count == 1, lower.containsBytes("tot ") || lower.containsBytes("max") || lower.containsBytes("up to") {
            return Salary(min: nil, max: low, period: period)
        }
        return Salary(min: low, max: high, period: period)
    }

    /// The pay a description states ("Wat wij bieden: 32-40 uur per week, € 17,02 per uur", "Het
    /// salaris is € 2.700 tot € 3.120 per maand"): from the first euro sign to the period word after
    /// it, so hours and dates around it are left out. One amount ("€ 15,00 per uur", "vanaf € 20,89")
    /// is the starting rate: `isMinimumOnly`, with `max` equal to it. Nil when no amount with a period
    /// follows a euro sign.
    public static func inText(_ text: String) -> (salary: Salary, isMinimumOnly: Bool)? {
        var searchFrom = text.startIndex
        while let euro = euroSign(in: text, from: searchFrom) {
            searchFrom = text.index(after: euro)
            // A pay statement is short: the period word follows within a few words.
            let window = text[euro...].prefix(32).lowercased()
            // The first period word (the earlier word in the list on a tie), searched by bytes: this
            // runs for a fifth of a night's descriptions, and Foundation's search was most of it.
            let bytes = Array(window.utf8)
            var first: (offset: Int, period: String)?
            for (word, period) in periodWordBytes {
                if let offset = ByteSearch.offset(of: word, in: bytes), offset < first?.offset ?? .max { first = (offset, period) }
            }
            guard let (offset, period) = first else { continue }
            let periodStart = window.utf8.index(window.utf8.startIndex, offsetBy: offset)
            let amounts = DutchNumber.all(in: String(window[..<periodStart])).filter { $0 >= 1 && $0 < 1_000_000 }
            guard let low = amounts.first else { continue }
            let before = Array(text[..<euro].suffix(8).lowercased().utf8)
            if ByteSearch.offset(of: Array("tot".utf8), in: before) != nil || ByteSearch.offset(of: Array("max".utf8), in: before) != nil {
                return (Salary(min: nil, max: low, period: period), false)
            }
            let high = amounts.count > 1 ? max(amounts[1], low) : low
            return (Salary(min: low, max: high, period: period), amounts.count == 1)
        }
        return nil
    }

    static let periodWordBytes = periodWords.map { (Array($0.0.utf8), $0.1) }

    /// The next euro sign, found by its UTF-8 bytes: most descriptions have none, and a search by
    /// `Character` walks the whole text grapheme by grapheme (a million descriptions a night).
    static func euroSign(in text: String, from start: String.Index) -> String.Index? {
        let utf8 = text.utf8
        var index = start
        while let lead = utf8[index...].firstIndex(of: 0xE2) {
            let next = utf8.index(after: lead)
            if utf8[next...].starts(with: [0x82, 0xAC]) { return lead }
            index = next
        }
        return nil
    }

    static func period(in text: String) -> String? {
        periodWords.first { text.containsBytes($0.0) }?.1
    }

    /// Without a stated period the size tells: Dutch wages are hourly under 100, yearly above 15,000.
    static func inferredPeriod(_ amount: Double) -> String {
        switch amount {
        case ..<100: return "hour"
        case ..<15_000: return "month"
        default: return "year"
        }
    }
}


extension String {
    /// Whether the text holds `needle`, found by its UTF-8 bytes: for ASCII needles in lowercased or
    /// folded text, what Foundation's `contains` finds, without a CFString per call (a dozen such
    /// calls a record were a sixth of normalising).
    package func containsBytes(_ needle: String) -> Bool {
        var text = self
        return text.withUTF8 { ByteSearch.offset(of: Array(needle.utf8), in: UnsafeRawBufferPointer($0)) != nil }
    }

    /// Every `target` replaced, found by its UTF-8 bytes, left to right and not overlapping: for
    /// ASCII targets what Foundation's `replacingOccurrences(of:with:)` does, except that a target
    /// followed by a combining mark is replaced too (Foundation compares the pair as one character).
    package func replacingBytes(_ target: String, with replacement: String) -> String {
        let needle = Array(target.utf8)
        guard !needle.isEmpty else { return self }
        var text = self
        return text.withUTF8 { utf8 -> String in
            let haystack = UnsafeRawBufferPointer(utf8)
            guard var found = ByteSearch.offset(of: needle, in: haystack) else { return self }
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count + 16)
            var start = 0
            while true {
                out.append(contentsOf: utf8[start..<(start + found)])
                out.append(contentsOf: replacement.utf8)
                start += found + needle.count
                guard let next = ByteSearch.offset(of: needle, in: UnsafeRawBufferPointer(rebasing: haystack[start...])) else { break }
                found = next
            }
            out.append(contentsOf: utf8[start...])
            return String(decoding: out, as: UTF8.self)
        }
    }
}
