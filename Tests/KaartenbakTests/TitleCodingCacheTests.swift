@testable import Classification
import KaartenbakCore
import Testing

/// The run's title cache answers exactly what the classifier answers, and keeps only the codings
/// the title alone decided.
@Suite struct TitleCodingCacheTests {
    static let ads: [(title: String, description: String?, employer: String?)] = [
        ("Chauffeur", "Internationaal transport met trekker-oplegger naar Spanje, rijbewijs CE.", "Van den Heuvel Transport"),
        ("Chauffeur", "Pakketten bezorgen in de wijk met een bestelbus, rijbewijs B.", "PostNL"),
        ("Chauffeur", nil, nil),
        ("Magazijnmedewerker", "Orderpicken en laden.", "Bol"),
        ("Magazijnmedewerker", "Heftruck rijden in de nachtploeg.", nil),
        ("Verpleegkundige (m/v) 32 uur", "Zorg op de afdeling cardiologie.", "Amphia"),
        ("Verpleegkundige (m/v) 32 uur", nil, "Amphia"),
        ("Medewerker klantenservice", "", ""),
        ("Medewerker klantenservice (m/v) 24 uur", "Telefonisch klanten helpen.", "Eneco"),
        ("Medewerker klantenservice in Breda", nil, nil),
    ]

    @Test func answersWhatTheClassifierAnswers() {
        let classifier = Built.classifier
        let cache = TitleCodingCache(classifier: classifier)
        for _ in 0..<2 {
            for ad in Self.ads {
                let cached = cache.code(title: ad.title, description: ad.description, employer: ad.employer)
                #expect(cached.coding == classifier.classify(title: ad.title, description: ad.description, employer: ad.employer),
                        "\(ad.title) / \(ad.description ?? "-")")
                #expect(cached.normalisedTitle == TitleCleaner.clean(ad.title).text)
            }
        }
        // The chauffeur's coding depends on its ad (different answers above): it is never kept.
        let chauffeurs = Self.ads.filter { $0.title == "Chauffeur" }.map {
            classifier.classify(title: $0.title, description: $0.description, employer: $0.employer).isco
        }
        #expect(Set(chauffeurs).count > 1)
        // Kept: the titles whose coding read nothing of the ad, "Chauffeur" not among them.
        let decidedByTitle = Set(Self.ads.filter { ad in
            let context = OccupationClassifier.AdContext(description: ad.description, employer: ad.employer)
            _ = classifier.classify(title: ad.title, context: context)
            return !context.wasRead
        }.map(\.title))
        #expect(!decidedByTitle.contains("Chauffeur") && !decidedByTitle.isEmpty)
        // One entry per cleaned title: the decorated customer-service titles share one.
        #expect(cache.count == Set(decidedByTitle.map { TitleCleaner.clean($0).text }).count)
        #expect(cache.count < decidedByTitle.count)
    }

    /// A title met in one Unicode form and then in the other (one `String` to Swift) is cleaned from its own bytes.
    @Test func aTitleKeepsItsOwnBytes() {
        let cache = TitleCodingCache(classifier: Built.classifier)
        let composed = "Medewerker caf\u{E9}", decomposed = "Medewerker cafe\u{301}"
        #expect(Array(TitleCleaner.clean(composed).text.utf8) != Array(TitleCleaner.clean(decomposed).text.utf8))
        for title in [composed, decomposed, composed, decomposed] {
            #expect(Array(cache.code(title: title, description: nil, employer: nil).normalisedTitle.utf8)
                == Array(TitleCleaner.clean(title).text.utf8), "\(Array(title.utf8))")
        }
    }
}
