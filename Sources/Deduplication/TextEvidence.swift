import KaartenbakCore

/// What an ad's text says of the job beyond its facts (`FeatureExtractor.facts`), read once per record into hashes:
///
/// * its opening, hashed at every tenth word, and whether the text is cut short ("...", "…"): a copy that job boards
///   and werk.nl cut after a few sentences repeats the start of the posting word for word, and the content-word MinHash
///   of a few sentences against a whole posting says little (a third of the words are shared at best);
/// * the job the text names ("Wij zoeken een enthousiaste glazenwasser", "Ben jij de orderpicker die wij zoeken?",
///   "Gevraagd: medewerker orderpick"): an ad's title is worded for search ("Gevelreiniger", "Logistiek medewerker"),
///   its text names the job in plain words, and a copy's text names the same one.
enum TextEvidence {
    /// The opening is hashed after this many words, and its multiples up to four times.
    static let openingStep = 10
    /// Bytes of a description read for its opening: forty words and more.
    static let openingBytes = 800

    /// Hashes of the first 10, 20, 30 and 40 words of a description (0 where it has fewer), and whether it is cut short.
    /// Of a text cut short the last word may be cut too: only the words before it count.
    static func opening(_ description: String) -> (hashes: SIMD4<UInt32>, cut: Bool) {
        var text = description
        return text.withUTF8 { bytes in
            var end = bytes.count
            while end > 0, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\n")
                || bytes[end - 1] == UInt8(ascii: "\r") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
            var cut = false
            if end >= 3, bytes[end - 1] == UInt8(ascii: "."), bytes[end - 2] == UInt8(ascii: "."), bytes[end - 3] == UInt8(ascii: ".") {
                cut = true
                end -= 3
            } else if end >= 3, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x80, bytes[end - 1] == 0xA6 { // "…"
                cut = true
                end -= 3
            }
            let words = 4 * openingStep + 1
            // Forty words fit in far fewer bytes: only a prefix is folded (a whole description was copied to fold it).
            let limit = min(end, openingBytes), partial = limit < end
            let folded = TextKeys.fold(UnsafeBufferPointer(rebasing: bytes[0..<limit]), maxWords: words)
            var hashes = SIMD4<UInt32>()
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            var count = 0, inWord = false
            // The words hashed as FNV-1a of the folded words with one space between them, noted at every tenth word.
            func endWord() {
                count += 1
                if count % openingStep == 0, count <= 4 * openingStep {
                    hashes[count / openingStep - 1] = max(1, UInt32(truncatingIfNeeded: TextKeys.mix(hash)))
                }
            }
            for byte in folded {
                if byte == UInt8(ascii: " ") {
                    if inWord { endWord() }
                    inWord = false
                    continue
                }
                if !inWord, count > 0 { hash = (hash ^ UInt64(UInt8(ascii: " "))) &* 0x0000_0100_0000_01B3 }
                inWord = true
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            // A word at the prefix's end may go on past it.
            if inWord, !partial { endWord() }
            // A text cut short within the words read: its last word may be a fragment, so a mark it completes is dropped.
            if cut, !partial, count < words, count % openingStep == 0, count <= 4 * openingStep { hashes[count / openingStep - 1] = 0 }
            return (hashes, cut)
        }
    }

    /// One text is cut short and its opening, 20 words or more up to the cut, is the other's: a copy of that posting.
    static func cutCopy(_ a: SIMD4<UInt32>, aCut: Bool, _ b: SIMD4<UInt32>, bCut: Bool) -> Bool {
        guard aCut || bCut else { return false }
        // The shorter opening (the cut one, or the shorter of two cut ones) decides how far they are compared.
        func last(_ h: SIMD4<UInt32>) -> Int { h[3] != 0 ? 3 : h[2] != 0 ? 2 : h[1] != 0 ? 1 : h[0] != 0 ? 0 : -1 }
        let index = min(aCut ? last(a) : 3, bCut ? last(b) : 3)
        return index >= 1 && a[index] != 0 && a[index] == b[index]
    }

    // MARK: the job the text names

    /// Words after which a text names the job it offers ("zoeken wij een", "ben jij de", "gevraagd").
    private static let markers: [[UInt64]] = [
        ["zoeken", "wij"], ["zoeken", "we"], ["zoekt"], ["zoeken"], ["op", "zoek", "naar"], ["ben", "jij", "de"],
        ["ben", "jij", "een"], ["gevraagd"], ["plek", "voor"], ["versterking", "van"],
    ].map { $0.map(wordHash) }
    /// Words between the marker and the job ("per direct een enthousiaste").
    private static let fillers = Set([
        "per", "direct", "een", "de", "naar", "wij", "we", "nog", "nu", "ons", "onze", "team", "enthousiaste", "enthousiast",
        "ervaren", "gemotiveerde", "nieuwe", "fijne", "leuke", "collega", "zelfstandige", "flexibele", "betrouwbare",
        "allround", "fulltime", "parttime", "startende", "gedreven", "enthousiasteling",
    ].map(wordHash))
    /// Words that end the job's name ("orderpicker die", "glazenwasser in Vlaardingen").
    private static let stops = Set([
        "die", "dat", "in", "bij", "voor", "met", "om", "en", "wat", "op", "van", "als", "te", "of", "m", "v", "x",
        "mv", "vm", "mvx", "wij", "we", "zoeken", "is", "uit", "tot", "aan", "regio", "omgeving", "zijn", "heeft",
    ].map(wordHash))
    /// What follows a marker without naming a job ("op zoek naar versterking").
    private static let notJobs = Set(["versterking", "iemand", "jou", "mensen", "talent", "kandidaten", "collega"].map(wordHash))
    private static let gevraagd = wordHash("gevraagd")

    private static func wordHash(_ word: String) -> UInt64 { TextKeys.fnv1a(word.utf8) }

    /// Bytes read of a text's opening, and words.
    static let namedJobBytes = 400, namedJobWords = 60

    /// The title key (`FeatureExtractor.TitleKeys.key`) of the job the description's opening names, or 0.
    /// Read as word hashes in one pass over the opening's bytes; only the job's words become a string.
    static func namedJob(_ description: String) -> UInt64 {
        var text = description
        return text.withUTF8 { bytes -> UInt64 in
            let limit = min(bytes.count, namedJobBytes)
            return withUnsafeTemporaryAllocation(of: (hash: UInt64, start: Int32, end: Int32, last: Bool).self,
                                                 capacity: namedJobWords) { words -> UInt64 in
                var count = 0
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325, start = -1
                // The words, lower case; a sentence mark (.,?!:;()/ and line ends) marks the word before it as a last.
                func flush(at end: Int, last: Bool) {
                    if start >= 0, count < namedJobWords {
                        words[count] = (TextKeys.mix(hash), Int32(start), Int32(end), false)
                        count += 1
                    }
                    start = -1
                    hash = 0xcbf2_9ce4_8422_2325
                    if last, count > 0 { words[count - 1].last = true }
                }
                for index in 0..<limit {
                    var byte = bytes[index]
                    switch byte {
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                         UInt8(ascii: "-"), 0x80...0xFF:
                        if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte |= 0x20 }
                        if start < 0 { start = index }
                        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                    case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "?"), UInt8(ascii: "!"), UInt8(ascii: ":"),
                         UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\n"), UInt8(ascii: "/"):
                        // "Gevraagd:" ends a word, not the job that follows it.
                        let colonAfterMarker = byte == UInt8(ascii: ":") && start >= 0 && TextKeys.mix(hash) == gevraagd
                        flush(at: index, last: !colonAfterMarker)
                    default: flush(at: index, last: false)
                    }
                    if count >= namedJobWords { break }
                }
                flush(at: limit, last: true)
                for first in 0..<count {
                    for marker in markers where first + marker.count < count {
                        var matches = true
                        for (offset, word) in marker.enumerated() where words[first + offset].hash != word { matches = false; break }
                        guard matches, !words[first + marker.count - 1].last else { continue }
                        var index = first + marker.count
                        var job: [Int] = []
                        while index < count, job.count < 4 {
                            let word = words[index]
                            if job.isEmpty, fillers.contains(word.hash) {
                                if word.last { break }
                                index += 1
                                continue
                            }
                            if stops.contains(word.hash) { break }
                            job.append(index)
                            if word.last { break }
                            index += 1
                        }
                        guard let head = job.first, !notJobs.contains(words[head].hash) else { continue }
                        let name = job.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(words[$0].start)..<Int(words[$0].end)]),
                                                    as: UTF8.self) }
                        return FeatureExtractor.TitleKeys.key(of: name.joined(separator: " "))
                    }
                }
                return 0
            }
        }
    }
}
