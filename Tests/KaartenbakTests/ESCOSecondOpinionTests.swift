import Foundation
import Testing
@testable import Classification
import FeedReading
import KaartenbakCore

/// Made-up ESCO labels for ESCO's second opinion on the built-in reading: each row contradicts, doubts or fills in
/// a built-in reading in one way.
let secondOpinionESCO = #"""
conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status
Occupation,o1,9622,klusjesman,manusje-van-alles,,released
Occupation,o2,1349,beleidsadviseur milieu,,,released
Occupation,o3,2619,juridisch adviseur,,,released
Occupation,o4,8160,operator voedingsmiddelenindustrie,medewerker,,released
Occupation,o5,2431,marketingmedewerker,medewerker klantenservice,,released
Occupation,o6,3423,yogatrainer,,,released
Occupation,o7,5245,verkoopmedewerker tankstation en wegrestaurant,,,released
Occupation,o8,2654,technisch directeur,,,released
Occupation,o9,2310,lector tandheelkunde,docent tandheelkunde hoger onderwijs,,released
Occupation,o10,2652,carillonbespeler,beiaardier,,released
Occupation,o11,7512,medewerker bakkerij,bakkerijmedewerker,,released
Occupation,o12,9214,medewerker kwekerij,kwekerijmedewerker,,released
Occupation,o13,9111,schoonmaaker,,,released
"""#

enum WithSecondOpinionESCO {
    static let classifier: OccupationClassifier = {
        do {
            var taxonomy = try Taxonomy.builtIn()
            taxonomy.escoLabels = try ESCOImport.extractLabels(rows: CSVTable.rows(text: secondOpinionESCO, file: "inline.csv"), file: "inline.csv").labels
            return OccupationClassifier(taxonomy: taxonomy)
        } catch { fatalError("taxonomy: \(error)") }
    }()
}

struct OpinionCase: CustomTestStringConvertible, Sendable {
    var title: String
    /// The unit group decided without ESCO (nil: abstained).
    var builtIn: String?
    /// The unit group decided with the labels above (nil: abstained).
    var withESCO: String?
    /// A fragment the reasons with ESCO must contain.
    var reason: String
    var testDescription: String { "\(title): \(builtIn ?? "abstain") → \(withESCO ?? "abstain")" }
}

let opinionCases: [OpinionCase] = [
    // ESCO's preferred label for the same words outranks the built-in synonym it contradicts...
    OpinionCase(title: "Klusjesman", builtIn: "7119", withESCO: "9622", reason: "it outranks the built-in synonym"),
    // ...unless another part of the title names the built-in reading too: two names against one.
    OpinionCase(title: "Klusjesman / allround onderhoudsmedewerker", builtIn: "7119", withESCO: "7119",
                reason: "another part of the title names 7119 too: kept"),
    // A preferred label for the words the built-in name covers, in a longer title, outranks it too.
    OpinionCase(title: "Juridisch adviseur bezwaar en beroep", builtIn: "2611", withESCO: "2619", reason: "it outranks"),
    // An alternative label for the same words is no contradiction: ESCO files phrases under several occupations.
    OpinionCase(title: "Medewerker klantenservice", builtIn: "4222", withESCO: "4222", reason: "medewerker klantenservice"),
    // A label that explains more of the title than the built-in name does is the better evidence.
    OpinionCase(title: "Yogatrainer", builtIn: "3422", withESCO: "3423", reason: "title is ESCO label 'yogatrainer'"),
    OpinionCase(title: "Technisch directeur", builtIn: nil, withESCO: "2654", reason: "title is ESCO label 'technisch directeur'"),
    // The nearest label contradicts a partial reading when it explains more of the title...
    // (A shop's name at a bank's or a post office's counter is unsure without ESCO already: step 6.)
    OpinionCase(title: "Verkoopmedewerker tankstation", builtIn: "5223", withESCO: nil,
                reason: "close to ESCO label 'verkoopmedewerker tankstation en wegrestaurant'"),
    // ...but not when it shares only the built-in's own words ("milieu" is not "mobiliteit").
    OpinionCase(title: "Beleidsadviseur mobiliteit", builtIn: "2422", withESCO: "2422", reason: "beleidsadviseur (2422)"),
    // ESCO's silence is no contradiction: an occupation and its domain stay decided.
    OpinionCase(title: "Lasser pijpleidingen", builtIn: "7212", withESCO: "7212", reason: "lasser"),
    // A title the built-in taxonomy leaves unsure may be decided by the nearest label...
    OpinionCase(title: "Carillonbespeler stadhuistoren", builtIn: nil, withESCO: "2652", reason: "close to ESCO label 'carillonbespeler'"),
    // ...but a bare generic word ESCO happens to file under one occupation decides nothing.
    OpinionCase(title: "Medewerker zaadcoating", builtIn: nil, withESCO: nil, reason: "too general"),
    // A corrected spelling is a guess: ESCO's label for the word as written is better evidence. (Without ESCO the
    // built-in taxonomy reads "schoonmaaker" as "schoonmaker"; an ESCO word must not stop that correction.)
    OpinionCase(title: "Schoonmaaker", builtIn: "9112", withESCO: "9111", reason: "title is ESCO label 'schoonmaaker'"),
    // Heads decided from the ad's evidence, and bare ambiguous heads, are the evidence rules' alone.
    OpinionCase(title: "Chauffeur", builtIn: nil, withESCO: nil, reason: "can be several occupations"),
]

@Test(arguments: opinionCases)
func escoGivesASecondOpinionOnlyWithEvidence(_ c: OpinionCase) {
    let builtIn = Built.classifier.classify(title: c.title)
    #expect(builtIn.isco == c.builtIn, "built-in: \(builtIn.reasons)")
    let coding = WithSecondOpinionESCO.classifier.classify(title: c.title)
    #expect(coding.isco == c.withESCO, "\(coding.reasons)")
    #expect(coding.reasons.contains { $0.contains(c.reason) }, "\(coding.reasons)")
    if c.withESCO == nil { #expect(coding.ambiguous && coding.confidence == 0) }
}

/// Whatever ESCO says, a title it makes unsure says which ESCO label contradicts the built-in reading.
@Test func anESCODoubtNamesItsLabel() {
    let coding = WithSecondOpinionESCO.classifier.classify(title: "Verkoopmedewerker tankstation")
    #expect(Set(coding.candidates.map(\.isco)).isSuperset(of: ["5223", "5245"]))
}

/// The built-in reading is the same with ESCO imported: words are normalised by the built-in vocabulary first, so an
/// ESCO word cannot change which built-in name a title matches.
@Test func theBuiltInReadingDoesNotDependOnESCO() throws {
    let url = packageRoot.appendingPathComponent("fixtures/classification/vacancy-titles.tsv")
    let titles = try Evaluation.parse(tsv: try String(contentsOf: url, encoding: .utf8), file: url.path).map(\.title)
        + ["Medewerkster klantenservice", "Verkoopmedewerkers", "Vrachtwagenchaufeur", "Docenten wiskunde", "Schoonmaaker"]
    var classifiers = [WithSecondOpinionESCO.classifier]
    if FileManager.default.fileExists(atPath: sharedESCO) { classifiers.append(try SharedESCO.classifier()) }
    for title in titles {
        let cleaned = TitleCleaner.clean(title)
        let without = Built.classifier.builtInReading(cleaned, context: .init(description: nil, employer: nil))
        for classifier in classifiers {
            let with = classifier.builtInReading(cleaned, context: .init(description: nil, employer: nil))
            #expect(without.coding == with.coding, "\(title)")
        }
    }
}

let sharedLabelledSets = ["fixtures/classification/vacancy-titles.tsv", "fixtures/classification/holdout-titles.tsv",
                          "../shared/eval/ad-titles-market.tsv"]

/// Importing ESCO never turns a title the built-in taxonomy decides unsure, on the ad-title sets: ESCO adds a second
/// opinion, and its silence or its other names for the same words are no reason to doubt (issue 23).
@Test(.enabled(if: FileManager.default.fileExists(atPath: sharedESCO), "needs ../shared/reference/esco/occupations_nl.csv"),
      arguments: sharedLabelledSets)
func importingESCONeverTurnsADecidedAdTitleUnsure(_ set: String) throws {
    let url = packageRoot.appendingPathComponent(set).standardizedFileURL
    guard FileManager.default.fileExists(atPath: url.path) else { return }
    let cases = try Evaluation.parse(tsv: try String(contentsOf: url, encoding: .utf8), file: url.path)
    let withESCO = try SharedESCO.classifier()
    var unsure: [String] = []
    for c in cases {
        // As the ad gives it, and as a title-only feed item would.
        for (description, employer) in [(c.description, c.employer), (nil, nil)] {
            guard Built.classifier.classify(title: c.title, description: description, employer: employer).isco != nil else { continue }
            let coding = withESCO.classify(title: c.title, description: description, employer: employer)
            if coding.isco == nil { unsure.append("\(c.id) \(c.title): \(coding.reasons.last ?? "")") }
        }
    }
    #expect(unsure.isEmpty, "\(unsure)")
    // ... and it costs no right answers on them.
    let before = Evaluation.run(cases, classifier: Built.classifier).all
    let after = Evaluation.run(cases, classifier: withESCO).all
    #expect(after.correct >= before.correct)
    #expect(after.wrong <= before.wrong, "wrong \(before.wrong) → \(after.wrong)")
}

/// The classifier with the published ESCO file imported, built once for the tests that need it.
enum SharedESCO {
    nonisolated(unsafe) private static var built: OccupationClassifier?
    private static let lock = NSLock()

    static func classifier() throws -> OccupationClassifier {
        try lock.withLock {
            if let built { return built }
            let labels = try ESCOImport.extractLabels(rows: CSVTable.rows(text: try String(contentsOfFile: sharedESCO, encoding: .utf8), file: sharedESCO), file: sharedESCO).labels
            var taxonomy = try Taxonomy.builtIn()
            taxonomy.escoLabels = labels
            let classifier = OccupationClassifier(taxonomy: taxonomy)
            built = classifier
            return classifier
        }
    }
}
