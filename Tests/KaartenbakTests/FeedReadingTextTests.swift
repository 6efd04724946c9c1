import Testing
@testable import FeedReading

/// HTML to plain text, encodings and UTF-8 validation: the small pieces the readers are built from.
@Suite struct FeedReadingTextTests {
    @Test(arguments: [
        ("<p>Eerste alinea.</p><p>Tweede   alinea.</p>", "Eerste alinea.\nTweede alinea."),
        ("<ul><li>Rijbewijs CE</li><li>Code 95</li></ul>", "- Rijbewijs CE\n- Code 95"),
        ("Regel een<br>Regel twee<br/>Regel drie", "Regel een\nRegel twee\nRegel drie"),
        ("<p>Caf&eacute; &amp; terras, &euro;&nbsp;14,50 &#8364; &#x20AC; Itali&euml;</p>", "Café & terras, € 14,50 € € Italië"),
        ("<h2>Wat bieden wij?</h2><div>Een <strong>goed</strong> salaris</div>", "Wat bieden wij?\nEen goed salaris"),
        ("<p>Salaris < 3000 &unknown; R&D</p>", "Salaris < 3000 &unknown; R&D"),
        ("<!-- opmerking --><script>alert(1)</script><p>Tekst</p>", "Tekst"),
        ("<p class=\"a>b\">Attribuut met &gt; erin</p>", "Attribuut met > erin"),
    ])
    func htmlToText(_ html: String, _ text: String) {
        #expect(HTMLText.plainText(html) == text)
    }

    @Test func descriptionIsPlainTextWhateverItCameAs() {
        let html = DescriptionText(raw: "  <p>Chauffeur</p>  ")
        #expect(html.text == "Chauffeur")
        let plain = DescriptionText(raw: "Regel een\nRegel twee")
        #expect(plain.text == "Regel een\nRegel twee")
        let escaped = DescriptionText(raw: "Caf&eacute;\nTerras")
        #expect(escaped.text == "Café\nTerras")
    }

    @Test(arguments: [("  Chauffeur \n CE  ", "Chauffeur CE"), ("Chauffeur", "Chauffeur"), ("\u{A0}Kok\u{A0}", "Kok"), ("", "")])
    func collapsingWhitespace(_ raw: String, _ clean: String) {
        #expect(raw.collapsingWhitespace() == clean)
    }

    @Test func windows1252TableCoversTheC1Range() {
        var out: [UInt8] = []
        var transcoder = UTF8Transcoder(.windows1252)
        [UInt8]([0x80, 0x8A, 0x93, 0x94, 0x9F, 0xE9, 0xEB, 0x81, 0x41]).withUnsafeBytes { transcoder.transcode($0, into: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "€Š“”Ÿéë\u{81}A")
    }

    @Test func utf16SplitAcrossChunks() {
        let text = "Zorg 😀 – é"
        let bytes: [UInt8] = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        var out: [UInt8] = []
        var transcoder = UTF8Transcoder(.utf16BE)
        for cut in stride(from: 0, to: bytes.count, by: 3) {
            let piece = Array(bytes[cut..<min(cut + 3, bytes.count)])
            piece.withUnsafeBytes { transcoder.transcode($0, into: &out, final: cut + 3 >= bytes.count) }
        }
        #expect(String(decoding: out, as: UTF8.self) == text)
    }

    @Test(arguments: [
        ([0x41, 0x42, 0xC3, 0xA9], nil as Int?),
        ([0x41, 0xFF, 0x42], 1),
        ([0x41, 0xC3, 0x28], 1),
        ([0xE2, 0x82, 0xAC, 0xED, 0xA0, 0x80], 3),  // a UTF-16 surrogate encoded in UTF-8 is invalid
        (Array(repeating: 0x61, count: 20) + [0xC0, 0x80], 20),  // overlong NUL after the 8-byte fast path
    ])
    func utf8Validation(_ bytes: [UInt8], _ offset: Int?) {
        #expect(bytes.withUnsafeBytes { UTF8Check.firstInvalidByte(in: $0) } == offset)
    }

    @Test(arguments: [
        ("auto", [0xEF, 0xBB, 0xBF, 0x3C], TextEncoding.utf8, 3),
        ("auto", [0xFF, 0xFE, 0x3C, 0x00], .utf16LE, 2),
        ("auto", Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>".utf8), .iso88591, 0),
        ("auto", Array("<?xml version='1.0' encoding='windows-1252'?><a/>".utf8), .windows1252, 0),
        ("windows-1252", Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>".utf8), .windows1252, 0),
        ("auto", [0x4B, 0x6F, 0x6B, 0x20, 0x80], .windows1252, 0),
        ("auto", [0x4B, 0x6F, 0x6B, 0x20, 0xE2, 0x82, 0xAC], .utf8, 0),
    ])
    func encodingDecision(_ definition: String, _ sample: [UInt8], _ encoding: TextEncoding, _ bom: Int) {
        let decided = sample.withUnsafeBytes { TextEncoding.decide(definition: definition, sample: $0, xmlDeclaration: true) }
        #expect(decided.0 == encoding)
        #expect(decided.bomLength == bom)
    }
}
