import Foundation
@testable import Deduplication
import KaartenbakCore
import Logging

/// Builds vacancies for dedupe tests with only the fields a case needs.
func makeVacancy(
    _ source: String, _ id: String, publisher: PublisherKind = .employer, title: String,
    isco: String? = nil, occupation: String? = nil, employer: String? = nil, place: String? = nil,
    postcode: String? = nil, posted: String? = "2026-11-02", closing: String? = nil,
    hours: (Double, Double)? = nil, salary: (Double, Double, String)? = nil, description: String? = nil,
    url: String? = nil
) -> Vacancy {
    var v = Vacancy(source: source, sourceRecordId: id, publisher: publisher, region: nil, title: title,
                    normalisedTitle: title, coding: OccupationCoding(isco: isco, occupation: occupation),
                    location: "test")
    v.employer = employer
    v.place = place
    v.postcode = postcode
    v.datePosted = posted
    v.closingDate = closing
    if let hours { (v.hoursMin, v.hoursMax) = hours }
    if let salary { (v.salaryMin, v.salaryMax, v.salaryPeriod) = salary }
    v.description = description
    v.url = url
    return v
}

let testDeduplicator = Deduplicator(settings: DedupeSettings(), logger: Logger(label: "test.dedupe"))

/// Member keys per cluster, for comparing clusterings.
func membership(_ clusters: [VacancyCluster]) -> [[String]] {
    clusters.map { $0.members.map(Deduplicator.memberKey) }
}


enum DedupSamples {
    static let heuvelText = "Van den Heuvel Transport is een familiebedrijf met 120 trucks. Voor onze internationale ritten naar Duitsland, België en Frankrijk zoeken wij een ervaren chauffeur CE. Je bent drie tot vier nachten per week van huis. Wij bieden een vast contract en goede vergoedingen."
    static let bezorgerText = "Voor onze distributietak bezorgen wij dagelijks pakketten in Breda en omgeving. Wij zoeken een bezorger met rijbewijs B die klantvriendelijk is en van aanpakken houdt."

    static let employerCE = makeVacancy(
        "werkgevers", "vdh-1", title: "Chauffeur CE internationaal", isco: "8332",
        occupation: "vrachtwagenchauffeur-internationaal", employer: "Van den Heuvel Transport B.V.", place: "Breda",
        postcode: "4817 BL", posted: "2026-11-02", closing: "2026-12-01", hours: (40, 50),
        salary: (2800, 3300, "month"), description: heuvelText)
    static let uwvCE = makeVacancy(
        "uwv", "UWV-1", publisher: .publicEmploymentService, title: "Internationaal vrachtwagenchauffeur",
        isco: "8332", occupation: "vrachtwagenchauffeur-internationaal", employer: "Van den Heuvel Transport BV",
        place: "Breda", postcode: "4817 BL", posted: "2026-11-04", closing: "2026-12-01", hours: (40, 50),
        salary: (2800, 3300, "month"), description: heuvelText)
    static let agencyCE = makeVacancy(
        "uitzend-a", "A-1", publisher: .agency, title: "Vrachtwagenchauffeur CE", isco: "8332",
        occupation: "vrachtwagenchauffeur", employer: "Voor onze opdrachtgever", place: "Breda",
        posted: "2026-11-05", hours: (40, 50), salary: (16.2, 19.0, "hour"),
        description: "Voor onze opdrachtgever, een transportbedrijf in Breda, zoeken wij een vrachtwagenchauffeur CE voor internationaal werk naar Duitsland, België en Frankrijk. Rijbewijs CE en code 95.")
    static let bezorger = makeVacancy(
        "uwv", "UWV-2", publisher: .publicEmploymentService, title: "Bezorger B", isco: "8322",
        occupation: "pakketbezorger", employer: "Van den Heuvel Transport BV", place: "Breda", postcode: "4817 BL",
        posted: "2026-11-03", hours: (24, 32), salary: (14.4, 15.2, "hour"), description: bezorgerText)
}
