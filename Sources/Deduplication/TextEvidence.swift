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
            let folded = TextKeys.fold(UnsafeBufferPointer(rebasing: bytes[0..<end]), maxWords: words)
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
            if inWord { endWord() }
            // A text cut short within the words read: its last word may be a fragment, so a mark it completes is dropped.
            if cut, count < words, count % openingStep == 0, count <= 4 * openingStep { hashes[count / openingStep - 1] = 0 }
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
    private static let markers: [[String]] = [
        ["zoeken", "wij"], ["zoeken", "we"], ["zoekt"], ["zoeken"], ["op", "zoek", "naar"], ["ben", "jij", "de"],
        ["ben", "jij", "een"], ["gevraagd"], ["plek", "voor"], ["versterking", "van"],
    ]
    /// Words between the marker and the job ("per direct een enthousiaste").
    private static let fillers: Set<String> = [
        "per", "direct", "een", "de", "naar", "wij", "we", "nog", "nu", "ons", "onze", "team", "enthousiaste", "enthousiast",
        "ervaren", "gemotiveerde", "nieuwe", "fijne", "leuke", "collega", "zelfstandige", "flexibele", "betrouwbare",
        "allround", "fulltime", "parttime", "startende", "gedreven", "enthousiasteling",
    ]
    /// Words that end the job's name ("orderpicker die", "glazenwasser in Vlaardingen").
    private static let stops: Set<String> = [
        "die", "dat", "in", "bij", "voor", "met", "om", "en", "wat", "op", "van", "als", "te", "of", "m", "v", "x",
        "mv", "vm", "mvx", "wij", "we", "zoeken", "is", "uit", "tot", "aan", "regio", "omgeving", "zijn", "heeft",
    ]
    /// What follows a marker without naming a job ("op zoek naar versterking").
    private static let notJobs: Set<String> = ["versterking", "iemand", "jou", "mensen", "talent", "kandidaten", "collega's"]

    /// The title key (`FeatureExtractor.TitleKeys.key`) of the job the description's opening names, or 0.
    static func namedJob(_ description: String) -> UInt64 {
        var text = description
        return text.withUTF8 { bytes -> UInt64 in
            // The first sentences only: the job is named at the start, and later sentences name others ("je werkt
            // samen met de planner").
            var words: [String] = [], ends: [Bool] = []
            var word: [UInt8] = []
            func flush(end: Bool) {
                if !word.isEmpty {
                    words.append(String(decoding: word, as: UTF8.self))
                    ends.append(false)
                    word.removeAll(keepingCapacity: true)
                }
                if end, !ends.isEmpty { ends[ends.count - 1] = true }
            }
            for byte in bytes.prefix(400) {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte | 0x20)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), 0x80...0xFF:
                    word.append(byte)
                case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "?"), UInt8(ascii: "!"), UInt8(ascii: ":"),
                     UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\n"), UInt8(ascii: "/"):
                    // "Gevraagd:" ends a word, not the job that follows it.
                    let colonAfterMarker = byte == UInt8(ascii: ":") && String(decoding: word, as: UTF8.self) == "gevraagd"
                    flush(end: !colonAfterMarker)
                default: flush(end: false)
                }
                if words.count >= 60 { break }
            }
            flush(end: true)
            for start in words.indices {
                for marker in markers where start + marker.count < words.count
                    && zip(marker, words[start...]).allSatisfy({ $0 == $1 }) && !ends[start + marker.count - 1] {
                    var index = start + marker.count
                    var job: [String] = []
                    while index < words.count, job.count < 4 {
                        let next = words[index]
                        if job.isEmpty, fillers.contains(next) {
                            if ends[index] { break }
                            index += 1
                            continue
                        }
                        if stops.contains(next) { break }
                        job.append(next)
                        if ends[index] { break }
                        index += 1
                    }
                    guard let first = job.first, !notJobs.contains(first) else { continue }
                    return FeatureExtractor.TitleKeys.key(of: job.joined(separator: " "))
                }
            }
            return 0
        }
    }
}
