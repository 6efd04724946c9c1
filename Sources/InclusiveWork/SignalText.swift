/// An ad's text as the signal rules read it: words (lower case, Latin-1 diacritics folded, each looked up once
/// in the lexicon), numbers and clock times, cut into sentences and, within them, clauses.
///
/// Built in one pass over the UTF-8 bytes, without a String per word: the scanner runs over every record of
/// a night (a million ads of some 2 KB). A word is hashed while it is read, and the hash is its lookup.
struct SignalText {
    struct Token {
        /// Byte offsets of the word in the text (for the evidence).
        var start: Int32
        var end: Int32
        /// The word's lexicon entry; `.unknown` for every other word.
        var term: Term
        /// A number's value ("24", "0,8"), or a clock time's hours ("17:30" → 17.5).
        var number: Float = .nan
        var isTime = false
        /// "7.30" read as a time of day (7.5), for numbers with two decimals that could be one; else NaN.
        var clock: Float = .nan
        /// What stood between the previous token and this one.
        var gap: Gap = .space

        var isNumber: Bool { !number.isNaN && !isTime }
    }

    /// The separator before a token, as far as the rules care.
    enum Gap: UInt8 {
        case space, hyphen, comma, slash, open, close, colon, plus
    }

    struct Sentence {
        var tokens: Range<Int>
        /// Its clauses: positions in `clauseList` (one list for the whole text, no array per sentence).
        var clauses: Range<Int>
        /// Ended by a question mark.
        var isQuestion = false
        /// A short question merged with the sentence after it ("Geen diploma? Geen punt."): the answer's first token.
        var answer: Int?
        /// Where the sentence starts and ends in the text.
        var byteRange: Range<Int>
    }

    let text: String
    private(set) var tokens: [Token] = []
    private(set) var sentences: [Sentence] = []
    /// Every clause's token range, sentence after sentence.
    private(set) var clauseList: [Range<Int>] = []
    /// Words of English and of Dutch seen (to tell an ad written in English).
    private(set) var englishWords = 0
    private(set) var dutchWords = 0
    /// Words of Polish or Romanian seen (an ad written for those workers).
    private(set) var foreignWords = 0
    /// Every term the text holds: a rule whose words are all absent is not run.
    private(set) var present = TermSet()
    /// The text holds a time of day ("17:30", or "7.30" that may be one).
    private(set) var hasClock = false
    /// Where "of" and "or" stand, the words that join alternatives ("een diploma of gelijkwaardige ervaring"): the rule
    /// that reads them looks there only, not at every word again.
    private(set) var alternatives: [Int32] = []

    init(_ text: String, lexicon: Lexicon) {
        var text = text
        text.makeContiguousUTF8()
        self.text = text
        text.utf8.withContiguousStorageIfAvailable { bytes in read(bytes, lexicon: lexicon) }
    }

    /// The boundary a byte (sequence) makes.
    private enum Boundary { case none, clause, sentence, question }

    private mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, lexicon: Lexicon) {
        tokens.reserveCapacity(bytes.count / 5)
        var sentenceStart = 0, clauseStart = 0, sentenceByte = 0, sentenceClauses = 0
        // Where an open parenthesis stood: a clause is cut there only if what it holds turns out longer than a
        // few words. "deeltijd is in deze functie (nog) niet mogelijk" and "Dutch (written and spoken)" stay one clause.
        var openParenthesis: Int?
        var gap = Gap.space
        var index = 0
        let count = bytes.count
        // The word being read, folded: no word is longer than the text, so the buffer never grows (an array
        // appended to checked its uniqueness at every byte: a tenth of reading the words in a profile of a 200k night).
        let word = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, count))
        defer { word.deallocate() }
        var wordLength = 0

        func cutAtParenthesis() {
            if let open = openParenthesis, open > clauseStart, open < tokens.count {
                clauseList.append(clauseStart..<open)
                clauseStart = open
            }
            openParenthesis = nil
        }
        func endClause() {
            cutAtParenthesis()
            if tokens.count > clauseStart { clauseList.append(clauseStart..<tokens.count) }
            clauseStart = tokens.count
        }
        func endSentence(at byte: Int, question: Bool) {
            endClause()
            if tokens.count > sentenceStart {
                sentences.append(Sentence(tokens: sentenceStart..<tokens.count, clauses: sentenceClauses..<clauseList.count,
                                          isQuestion: question, byteRange: sentenceByte..<byte))
            }
            sentenceClauses = clauseList.count
            sentenceStart = tokens.count
            clauseStart = tokens.count
            sentenceByte = byte
        }

        while index < count {
            let byte = bytes[index]
            // A word: ASCII letters and digits, folded Latin-1 letters, an apostrophe or a dot inside it.
            if let first = Self.letter(bytes, index) {
                let start = index
                wordLength = 0
                var digitsOnly = true
                var number: Float = 0, fraction: Float = 0, scale: Float = 1
                var inFraction = false, isTime = false
                var position = index
                // "vullenUren", "klaarliggenWat": HTML-stripped lines run together, a word in lower case followed by one
                // with a capital. Only a word that starts in lower case is cut ("PostNL", "WerkMaas" are names).
                let startsLower = first.0 == bytes[index] && first.0 >= 0x61 && first.0 <= 0x7A
                var runTogether = false
                while position < count, let (folded, width) = Self.letter(bytes, position) {
                    if startsLower, wordLength >= 3, bytes[position] >= 0x41, bytes[position] <= 0x5A,
                       bytes[position - 1] >= 0x61, bytes[position - 1] <= 0x7A {
                        runTogether = true
                        break
                    }
                    word[wordLength] = folded
                    wordLength += 1
                    let isDigit = folded >= 0x30 && folded <= 0x39
                    if isDigit {
                        if inFraction { fraction = fraction * 10 + Float(folded - 0x30); scale *= 10 } else { number = number * 10 + Float(folded - 0x30) }
                    } else {
                        digitsOnly = false
                    }
                    position += width
                    guard position < count else { break }
                    let next = bytes[position]
                    // "0,8" and "13.68" are numbers; "17:30" a clock time; "don't", "BBL'er" one word; "n.v.t." one word.
                    if (next == 0x2C || next == 0x2E || next == 0x3A), digitsOnly, !inFraction, position + 1 < count,
                       bytes[position + 1] >= 0x30 && bytes[position + 1] <= 0x39 {
                        if next == 0x3A { isTime = true }
                        inFraction = true
                        position += 1
                        continue
                    }
                    if (next == 0x27 || next == 0x2E), !digitsOnly, position + 1 < count,
                       let (after, _) = Self.letter(bytes, position + 1), after >= 0x61, after <= 0x7A,
                       next == 0x27 || (bytes[position + 1] >= 0x61 && bytes[position + 1] <= 0x7A) {
                        position += 1
                        continue
                    }
                    // ’ (E2 80 99) between letters: an apostrophe.
                    if next == 0xE2, position + 3 < count, bytes[position + 1] == 0x80, bytes[position + 2] == 0x99,
                       Self.letter(bytes, position + 3) != nil, !digitsOnly {
                        position += 3
                        continue
                    }
                }
                var token = Token(start: Int32(start), end: Int32(position), term: .unknown, gap: gap)
                if digitsOnly {
                    if isTime {
                        token.number = number + fraction / 60 // "17:30": minutes after the colon
                        token.isTime = true
                    } else {
                        token.number = number + (scale > 1 ? fraction / scale : 0)
                        if scale == 100, fraction < 60, number <= 24 { token.clock = number + fraction / 60 }
                    }
                } else {
                    let (term, language) = lexicon.lookup(UnsafeBufferPointer(start: word, count: wordLength))
                    token.term = term
                    present.insert(token.term)
                    // "maar" and "but" open a clause of their own: "geen ervaring nodig, maar wel een rijbewijs".
                    if token.term == .maar || token.term == .but, tokens.count > clauseStart { endClause() }
                    if token.term == .of || token.term == .or { alternatives.append(Int32(tokens.count)) }
                    if language == 1 { englishWords += 1 } else if language == 2 { dutchWords += 1 } else if language == 3 { foreignWords += 1 }
                }
                if token.isTime || !token.clock.isNaN { hasClock = true }
                tokens.append(token)
                gap = .space
                index = position
                if runTogether { endSentence(at: position, question: false) }
                continue
            }
            var boundary = Boundary.none
            var width = 1
            switch byte {
            case 0x2E: // "." ends a sentence, but not inside a number ("3.420": read above), nor an abbreviation ("Opl.: geen")
                if index + 1 >= count || (bytes[index + 1] != 0x3A && bytes[index + 1] != 0x2C) { boundary = .sentence }
            case 0x21, 0x0A, 0x0D, 0x7C: // ! newline | (a bullet list written on one line)
                boundary = .sentence
            case 0x3F: boundary = .question
            case 0x3B: boundary = .clause // ; a clause: "Een diploma is niet vereist ...; zonder werkervaring ..."
            case 0x2C: boundary = .clause; gap = .comma
            case 0x3A: gap = .colon // "Opleidingseisen: geen": the label and its value stay one clause
            case 0x28:
                cutAtParenthesis()
                openParenthesis = tokens.count; gap = .open
            case 0x29:
                gap = .close
                // (a hyphenated name is one word: "(NEN-EN-ISO 9606)" stays in its clause)
                if let open = openParenthesis, (open..<tokens.count).count(where: { tokens[$0].gap != .hyphen }) <= 3 {
                    openParenthesis = nil
                } else {
                    boundary = .clause
                }
            case 0x2D:
                // "psychologie- Minimaal 5 jaar", "- Hbo-diploma": a list item run together (a capital after the dash);
                // not "appel- en perenpluk", "17:30 - 20:00".
                var after = index + 1
                while after < count, bytes[after] == 0x20 { after += 1 }
                if after > index + 1, after < count, bytes[after] >= 0x41, bytes[after] <= 0x5A {
                    boundary = .sentence
                } else if after > index + 1, index > 0, bytes[index - 1] == 0x20, after < count, !(bytes[after] >= 0x30 && bytes[after] <= 0x39),
                          let last = tokens.last, !last.isNumber, !last.isTime, !Self.startsNegation(bytes, at: after) {
                    // "je bent minimaal 16 jaar - ervaring is leuk maar niet nodig": a hyphen between spaces is a dash (as "–"),
                    // here between list items; not "17:30 - 20:00", nor the dash that hands a negation its thing ("BBL - niet
                    // mogelijk").
                    boundary = .clause
                } else if gap == .space {
                    gap = .hyphen
                }
            case 0x2B: gap = .plus
            case 0x2F:
                // " / " stands for a line break of the HTML original; "t/m", "m/v" and "24/7" do not.
                let spaced = index > 0 && bytes[index - 1] == 0x20 && index + 1 < count && bytes[index + 1] == 0x20
                if spaced { boundary = .sentence } else { gap = .slash }
            case 0xE2 where index + 2 < count:
                width = 3
                switch (bytes[index + 1], bytes[index + 2]) {
                case (0x80, 0x93), (0x80, 0x94): boundary = .clause // – —
                case (0x80, 0xA2), (0x80, 0xA6), (0x9C, 0x93), (0x9C, 0x94), (0x9C, 0x85): boundary = .sentence // • … ✓ ✔ ✅
                default: break
                }
            case 0xC2 where index + 1 < count: width = 2 // nbsp, ·, ...: space
            case 0xF0 where index + 3 < count: width = 4 // an emoji: space
            default: break
            }
            switch boundary {
            case .none: break
            case .clause: endClause()
            case .sentence: endSentence(at: index, question: false)
            case .question: endSentence(at: index, question: true)
            }
            index += width
        }
        endSentence(at: count, question: false)
        mergeShortQuestions()
    }

    /// "Geen diploma? Geen punt.", "Ervaring? Niet nodig!": a question of a few words and the sentence that
    /// answers it are read as one, the answer from `answer` on.
    private mutating func mergeShortQuestions() {
        var merged: [Sentence] = []
        merged.reserveCapacity(sentences.count)
        var index = 0
        while index < sentences.count {
            var sentence = sentences[index]
            if sentence.isQuestion, sentence.tokens.count <= 8, index + 1 < sentences.count {
                let next = sentences[index + 1]
                sentence.answer = next.tokens.lowerBound
                sentence.tokens = sentence.tokens.lowerBound..<next.tokens.upperBound
                sentence.clauses = sentence.clauses.lowerBound..<next.clauses.upperBound // consecutive in `clauseList`
                sentence.byteRange = sentence.byteRange.lowerBound..<next.byteRange.upperBound
                index += 2
            } else {
                index += 1
            }
            merged.append(sentence)
        }
        sentences = merged
    }

    /// Whether the word at `index` is a negation ("niet", "geen", "not", "no", "nee").
    static func startsNegation(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        var end = index
        while end < bytes.count, end - index < 5, bytes[end] >= 0x41, bytes[end] <= 0x7A { end += 1 }
        guard end == bytes.count || !(bytes[end] >= 0x41 && bytes[end] <= 0x7A) else { return false }
        let word = String(decoding: bytes[index..<end], as: UTF8.self).lowercased()
        return ["niet", "geen", "not", "no", "nee"].contains(word)
    }

    /// The letter at `index` folded to lower-case ASCII, and its width in bytes: ASCII letters and digits,
    /// Latin-1 letters (é → e, ë → e, ï → i), other Latin letters as themselves; nil for anything else.
    @inline(__always)
    static func letter(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (UInt8, Int)? {
        let byte = bytes[index]
        if byte < 0x80 {
            if byte >= 0x61 && byte <= 0x7A { return (byte, 1) }
            if byte >= 0x41 && byte <= 0x5A { return (byte | 0x20, 1) }
            if byte >= 0x30 && byte <= 0x39 { return (byte, 1) }
            return nil
        }
        guard index + 1 < bytes.count else { return nil }
        let next = bytes[index + 1]
        switch byte {
        case 0xC3:
            let folded = latin1[Int(next & 0x3F)]
            return folded == 0 ? nil : (folded, 2)
        case 0xC4, 0xC5:
            // Latin Extended-A (ł, ś, ż, ő, ...): a letter; its second byte stands for it.
            return (0x80 | (next & 0x3F), 2)
        default:
            return nil
        }
    }

    /// C3 80...C3 BF folded: À-ÿ to their base letters (× and ÷ are not letters).
    static let latin1: [UInt8] = {
        // À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß, then the same in lower case (ÿ last).
        let upper = Array("aaaaaaaceeeeiiiidnooooo".utf8) + [0] + Array("ouuuuyts".utf8)
        let lower = Array("aaaaaaaceeeeiiiidnooooo".utf8) + [0] + Array("ouuuuyty".utf8)
        return upper + lower
    }()

    // MARK: - Reading

    func clauses(_ sentence: Sentence) -> ArraySlice<Range<Int>> { clauseList[sentence.clauses] }

    func word(_ index: Int) -> Substring {
        let token = tokens[index]
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: Int(token.start))
        let end = utf8.index(utf8.startIndex, offsetBy: Int(token.end))
        return text[start..<end]
    }

    /// Whether the token is `word` (ASCII, lower case), read from the text's bytes without making a String.
    func isWord(_ index: Int, _ word: StaticString) -> Bool {
        let token = tokens[index]
        guard Int(token.end - token.start) == word.utf8CodeUnitCount else { return false }
        let utf8 = text.utf8
        var position = utf8.index(utf8.startIndex, offsetBy: Int(token.start))
        for offset in 0..<word.utf8CodeUnitCount {
            let byte = utf8[position]
            let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if folded != word.utf8Start[offset] { return false }
            position = utf8.index(after: position)
        }
        return true
    }

    /// Whether the token ends in `suffix` (ASCII, lower case): "parttimers", "zaterdagkrachten" are people.
    func endsWith(_ index: Int, _ suffix: StaticString) -> Bool {
        let length = Int(tokens[index].end - tokens[index].start), count = suffix.utf8CodeUnitCount
        guard length > count else { return false }
        return (0..<count).allSatisfy { foldedByte(index, length - count + $0) == suffix.utf8Start[$0] }
    }

    /// Whether the token starts with `prefix` (ASCII, lower case): "bieden", "biedt" start with "bied".
    func startsWith(_ index: Int, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard Int(tokens[index].end - tokens[index].start) >= count else { return false }
        return (0..<count).allSatisfy { foldedByte(index, $0) == prefix.utf8Start[$0] }
    }

    /// The token's byte at `offset`, lower-cased ASCII; 0 past its end.
    func foldedByte(_ index: Int, _ offset: Int) -> UInt8 {
        let token = tokens[index]
        guard offset < Int(token.end - token.start) else { return 0 }
        let utf8 = text.utf8
        let byte = utf8[utf8.index(utf8.startIndex, offsetBy: Int(token.start) + offset)]
        return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// What stands between two tokens ("x" in "4 x 9").
    func between(_ first: Int, _ second: Int) -> String {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: Int(tokens[first].end))
        let end = utf8.index(utf8.startIndex, offsetBy: Int(tokens[second].start))
        return start <= end ? String(text[start..<end]) : ""
    }

    /// The text of a byte range, whitespace collapsed, at most `limit` characters.
    func excerpt(_ range: Range<Int>, limit: Int = 120) -> String {
        // Over the bytes: an evidence string is made for most records (a Character walk was a fifth of the scan).
        var out: [UInt8] = []
        out.reserveCapacity(min(range.count, limit + 4))
        var text = text
        text.withUTF8 { bytes in
            var space = false
            var range = range
            // A short parenthesis stays in its clause ("Magazijnmedewerker (24 uur)"): quote its closing bracket too.
            if range.upperBound < bytes.count, bytes[range.upperBound] == UInt8(ascii: ")"),
               bytes[max(0, range.lowerBound)..<range.upperBound].contains(UInt8(ascii: "(")) {
                range = range.lowerBound..<range.upperBound + 1
            }
            for index in max(0, range.lowerBound)..<min(range.upperBound, bytes.count) {
                let byte = bytes[index]
                if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                    space = !out.isEmpty
                    continue
                }
                if space { out.append(0x20); space = false }
                // Cut at a character's first byte, with an ellipsis.
                if out.count >= limit && byte & 0xC0 != 0x80 { out += [0xE2, 0x80, 0xA6]; break }
                out.append(byte)
            }
        }
        while let last = out.last, [UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"),
                                    UInt8(ascii: "?"), UInt8(ascii: "-")].contains(last) { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }
}
