import Testing
@testable import Classification

/// One title-cleaning expectation; nil fields are not checked.
struct TitleCase: CustomTestStringConvertible, Sendable {
    var title: String
    var text: String
    var gender: String? = nil
    var hours: ClosedRange<Double>? = nil
    var schedule: String? = nil
    var places: [String] = []
    var region: String? = nil
    var perDirect = false
    var seniority: [String] = []
    var licences: [String] = []
    var employer: String? = nil
    var shouting = false
    var level: String? = nil
    var testDescription: String { title }
}

let titleCases: [TitleCase] = [
    TitleCase(title: "Chauffeur (m/v)", text: "chauffeur", gender: "(m/v)"),
    TitleCase(title: "Magazijnmedewerker m/v/x 32-40 uur Breda", text: "magazijnmedewerker", gender: "m/v/x", hours: 32...40,
              schedule: nil, places: ["Breda"]),
    TitleCase(title: "Verzorgende IG (M/V/D) 24-32 uur", text: "verzorgende ig", gender: "(M/V/D)", hours: 24...32, schedule: "parttime"),
    TitleCase(title: "Kok (v/m) fulltime per direct", text: "kok", gender: "(v/m)", schedule: "fulltime", perDirect: true),
    TitleCase(title: "VRACHTWAGENCHAUFFEUR C (M/V) - PER DIRECT - 40 UUR", text: "vrachtwagenchauffeur", gender: "(M/V)",
              hours: 40...40, perDirect: true, licences: ["C"], shouting: true),
    TitleCase(title: "Chauffeur C/CE regionaal - dagelijks thuis", text: "chauffeur / regionaal / dagelijks thuis", licences: ["C", "CE"]),
    TitleCase(title: "Chauffeur met code 95 en ADR", text: "chauffeur", licences: ["code 95", "ADR"]),
    TitleCase(title: "Chauffeur (m/v) Rijbewijs B", text: "chauffeur", gender: "(m/v)", licences: ["B"]),
    TitleCase(title: "Junior Software Engineer", text: "software engineer", seniority: ["junior"]),
    TitleCase(title: "Leerling elektromonteur (BBL)", text: "elektromonteur", seniority: ["leerling", "bbl"]),
    TitleCase(title: "Buschauffeur in opleiding", text: "buschauffeur", seniority: ["in opleiding"]),
    TitleCase(title: "Beveiliger regio West-Brabant", text: "beveiliger", region: "West-Brabant"),
    TitleCase(title: "Chauffeur - Bergen op Zoom - Per direct", text: "chauffeur", places: ["Bergen op Zoom"], perDirect: true),
    TitleCase(title: "SCHOONMAKER GEZOCHT!!! 🧹", text: "schoonmaker", shouting: true),
    TitleCase(title: "Groepsleerkracht (m/v) 0,6 fte", text: "groepsleerkracht", gender: "(m/v)"),
    TitleCase(title: "Postbezorger 12-16 uur per week", text: "postbezorger", hours: 12...16, schedule: "parttime"),
    TitleCase(title: "Chauffeur bij PostNL", text: "chauffeur", employer: "PostNL"),
    TitleCase(title: "Caissière (m/v)", text: "caissière", gender: "(m/v)"),
    // A diploma level is no part of the occupation: "Verzorgende IG (niveau 3)" is "Verzorgende IG".
    TitleCase(title: "Verzorgende IG (niveau 3)", text: "verzorgende ig", level: "niveau 3"),
    TitleCase(title: "TIG-lasser (niveau 1&2)", text: "tig lasser", level: "niveau 1&2"),
    TitleCase(title: "Wijkverpleegkundige niveau 5 32 uur", text: "wijkverpleegkundige", hours: 32...32, level: "niveau 5"),
    TitleCase(title: "Niveau", text: "niveau"),
    TitleCase(title: "", text: ""),
    TitleCase(title: "(m/v) 40 uur", text: "", gender: "(m/v)", hours: 40...40),
]

@Test(arguments: titleCases)
func titleCleaning(_ c: TitleCase) {
    let cleaned = TitleCleaner.clean(c.title)
    #expect(cleaned.original == c.title)
    #expect(cleaned.text == c.text)
    if let gender = c.gender { #expect(cleaned.genderMarker == gender) }
    if let hours = c.hours {
        #expect(cleaned.hoursMin == hours.lowerBound)
        #expect(cleaned.hoursMax == hours.upperBound)
    }
    if let schedule = c.schedule { #expect(cleaned.schedule == schedule) }
    #expect(cleaned.places == c.places)
    if let region = c.region { #expect(cleaned.region == region) }
    #expect(cleaned.perDirect == c.perDirect)
    #expect(cleaned.seniority == c.seniority)
    #expect(cleaned.licences == c.licences)
    if let employer = c.employer { #expect(cleaned.employer == employer) }
    #expect(cleaned.shouting == c.shouting)
    #expect(cleaned.level == c.level)
}

@Test func fteIsRecorded() {
    #expect(TitleCleaner.clean("Groepsleerkracht 0,6 fte").fte == 0.6)
}

@Test func tokensFoldDiacriticsAndKeepCase() {
    let tokens = TextTokens.tokens("Cliënten CE-rijbewijs auto's")
    #expect(tokens.map(\.text) == ["clienten", "ce", "rijbewijs", "auto's"])
    #expect(tokens.map(\.upper) == [false, true, false, false])
}
