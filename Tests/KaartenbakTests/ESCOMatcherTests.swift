import Foundation
import Testing
@testable import Classification
import FeedReading

/// A small ESCO-like file: enough labels for compounds, plurals, head nouns and competing unit groups.
let matcherESCO = #"""
conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status
Occupation,u1,6112,boomkweker,"medewerker boomkwekerij
boomkwekerijmedewerker",,released
Occupation,u2,9214,medewerker kwekerij,kwekerijmedewerker,,released
Occupation,u3,2643,tolk,"tolk gebarentaal
conferentietolk",,released
Occupation,u4,2641,tekstschrijver,,,released
Occupation,u5,8332,vrachtwagenchauffeur,chauffeur vrachtwagen,,released
Occupation,u6,8322,bestelwagenchauffeur,koeriersdienst chauffeur,,released
Occupation,u7,4321,medewerker magazijn,magazijnmedewerker,,released
Occupation,u8,7512,medewerker bakkerij,bakkerijmedewerker,,released
Occupation,u9,2652,carillonbespeler,beiaardier,,released
Occupation,u10,2654,inspiciënt,toneelmeester,,released
Occupation,u11,3435,toneelmeester decorbouw,,,released
"""#

func matcherLabels() throws -> [ESCOLabel] {
    try ESCOImport.extractLabels(rows: CSVTable.rows(text: matcherESCO, file: "inline.csv"), file: "inline.csv").labels
}

struct NearestCase: CustomTestStringConvertible, Sendable {
    var title: String
    /// The unit group the matcher should decide, or nil when it must not decide.
    var expect: String?
    var testDescription: String { "\(title) → \(expect ?? "no decision")" }
}

let nearestCases: [NearestCase] = [
    NearestCase(title: "medewerker kwekerij", expect: "9214"),             // a label itself
    NearestCase(title: "medewerker boomkwekerij", expect: "6112"),         // closer to the longer label than to 'medewerker kwekerij'
    NearestCase(title: "medewerkster boomkwekerij", expect: "6112"),       // female form
    NearestCase(title: "vrachtwagenchauffeurs", expect: "8332"),           // plural
    NearestCase(title: "vrachtwagenchauffeur internationaal", expect: "8332"), // an extra word
    NearestCase(title: "magazijnmedewerker expeditie", expect: "4321"),    // compound written together, extra word
    NearestCase(title: "bakkerijmedewerkster brood", expect: "7512"),     // female compound not in ESCO, split and matched
    NearestCase(title: "medewerker", expect: nil),                         // generic head: several groups tie
    NearestCase(title: "chauffeur", expect: nil),                          // 8332 and 8322 both 'chauffeur'
    NearestCase(title: "koerier", expect: nil),                            // no label about a 'koerier'
    NearestCase(title: "schrijver gebarentaal", expect: nil),              // shares a word, not the person
]

@Test(arguments: nearestCases)
func nearestLabelDecidesOnlyWhenClear(_ c: NearestCase) throws {
    let matcher = ESCOMatcher(labels: try matcherLabels(), vocabulary: [])
    let result = matcher.match(TextTokens.tokens(c.title).map(\.text))
    if let expect = c.expect {
        #expect(result?.isco == expect)
        #expect(result?.decisive == true, "\(String(describing: result))")
        if let result { #expect(result.score - result.runnerUp >= matcher.parameters.margin) }
    } else {
        #expect(result?.decisive != true, "\(String(describing: result))")
    }
}

@Test func nearestLabelNeedsTheThresholdAndTheMargin() throws {
    let labels = try matcherLabels()
    let title = TextTokens.tokens("vrachtwagenchauffeur internationaal").map(\.text)
    let loose = ESCOMatcher(labels: labels, vocabulary: []).match(title)
    let strict = ESCOMatcher(labels: labels, vocabulary: [], parameters: .init(threshold: 0.99, margin: 0.15)).match(title)
    #expect(loose?.decisive == true)
    #expect(strict?.isco == "8332")
    #expect(strict?.decisive == false)
}

@Test func classifierUsesTheNearestLabelButNotForAmbiguousHeads() throws {
    var taxonomy = try Taxonomy.builtIn()
    taxonomy.escoLabels = try matcherLabels()
    let classifier = OccupationClassifier(taxonomy: taxonomy)
    let near = classifier.classify(title: "Carillonbespeler stadhuistoren (m/v)")
    #expect(near.isco == "2652")
    #expect(near.reasons.contains { $0.contains("close to ESCO label 'carillonbespeler'") })
    // A bare ambiguous head stays undecided, however close an ESCO label is.
    let chauffeur = classifier.classify(title: "Chauffeur vrachtwagen")
    let bare = classifier.classify(title: "Chauffeur")
    #expect(bare.isco == nil)
    #expect(chauffeur.isco == nil || chauffeur.isco == "8332")
}

@Test func anAlternativeLabelCloseToAnotherUnitGroupDoesNotDecideAlone() throws {
    var taxonomy = try Taxonomy.builtIn()
    taxonomy.escoLabels = try matcherLabels()
    let classifier = OccupationClassifier(taxonomy: taxonomy)
    // 'toneelmeester' is only an alternative label of 2654, and 'toneelmeester decorbouw' (3435) is close.
    let doubtful = classifier.classify(title: "Toneelmeester")
    #expect(doubtful.isco == nil)
    #expect(doubtful.reasons.contains { $0.contains("alternative label 'toneelmeester'") })
    // An alternative label with no close competitor still decides.
    #expect(classifier.classify(title: "Beiaardier").isco == "2652")
    // A preferred label decides even with a close competitor.
    #expect(classifier.classify(title: "Inspiciënt").isco == "2654")
}

@Test func aFemaleFormReadsAsTheBaseFormEvenWhenTheTaxonomyKnowsIt() throws {
    let classifier = OccupationClassifier(taxonomy: try Taxonomy.builtIn())
    // The built-in taxonomy has 'medewerker boomkwekerij' but knows 'medewerkster' only from other phrases.
    let female = classifier.classify(title: "Medewerkster boomkwekerij")
    #expect(female.isco != nil)
    #expect(female.isco == classifier.classify(title: "Medewerker boomkwekerij").isco)
    #expect(Lexicon.maleForm("chauffeuse") == "chauffeur")
    #expect(Lexicon.maleForm("ster") == nil)
}
