/// Numbers as Dutch text writes them: "2.800", "14,50", "3.000,-", "1,234.50" (English).
/// Shared by the normalise stage (hours, salary fields) and the dedupe stage (pay in a description).
package enum DutchNumber {
    /// All numbers in `text`, in order.
    package static func all(in text: String) -> [Double] {
        var result: [Double] = []
        var current = ""
        func flush() {
            if let value = parse(current) { result.append(value) }
            current = ""
        }
        for character in text {
            if character.isASCII && (character.isNumber || character == "." || character == ",") {
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    /// One number token. A single separator followed by exactly three digits is a thousands
    /// separator ("2.800"); otherwise the last separator is the decimal mark.
    static func parse(_ token: String) -> Double? {
        var token = Substring(token)
        while let last = token.last, last == "." || last == "," { token = token.dropLast() }
        while let first = token.first, first == "." || first == "," { token = token.dropFirst() }
        guard !token.isEmpty, token.contains(where: \.isNumber) else { return nil }
        let separators = token.filter { $0 == "." || $0 == "," }
        guard !separators.isEmpty else { return Double(token) }
        let lastIndex = token.lastIndex(where: { $0 == "." || $0 == "," })!
        let tail = token[token.index(after: lastIndex)...]
        let isThousands = tail.count == 3 && (separators.count == 1 || Set(separators).count == 1)
        if isThousands {
            return Double(token.filter(\.isNumber))
        }
        let integerPart = token[..<lastIndex].filter(\.isNumber)
        return Double("\(integerPart.isEmpty ? "0" : integerPart).\(tail)")
    }
}
