import Testing
import KaartenbakCore
import Logging
@testable import Normalisation

@Suite("Normalisation values")
struct NormalisationValueTests {
    @Test(arguments: [
        ("04-03-2025", "2025-03-04"), ("4-3-25", "2025-03-04"), ("2025-03-04T08:00:00Z", "2025-03-04"),
        ("2025-03-04", "2025-03-04"), ("Tue, 04 Mar 2025 08:00:00 +0100", "2025-03-04"),
        ("4 maart 2025", "2025-03-04"), ("31/12/2025", "2025-12-31"), ("29-02-2024", "2024-02-29"),
    ])
    func datesParse(text: String, expected: String) {
        #expect(DateValue.parse(text) == expected)
    }

    @Test(arguments: ["32-13-2025", "29-02-2025", "gisteren", "", "2025", "00-00-0000"])
    func badDatesAreNil(text: String) {
        #expect(DateValue.parse(text) == nil)
    }

    @Test(arguments: [
        ("€ 2.800 - € 3.400 per maand", 2800.0, 3400.0, "month"),
        ("€14,50 per uur", 14.5, 14.5, "hour"),
        ("EUR 14,50 - 16,20 per uur", 14.5, 16.2, "hour"),
        ("3000-3500", 3000, 3500, "month"),
        ("€ 45.000 - € 55.000 per jaar", 45000, 55000, "year"),
        ("€ 3.000,- bruto per maand", 3000, 3000, "month"),
    ])
    func salaries(text: String, min: Double, max: Double, period: String) {
        let salary = SalaryValue.parse(text)
        #expect(salary?.min == min)
        #expect(salary?.max == max)
        #expect(salary?.period == period)
    }

    @Test func upperBoundOnlySalaryHasNoMinimum() {
        let salary = SalaryValue.parse("tot € 4.000 per maand")
        #expect(salary?.min == nil)
        #expect(salary?.max == 4000)
    }

    /// The pay a description states, found between a euro sign and the period word after it.
    @Test(arguments: [
        ("Wat wij bieden: 24-32 uur per week, € 17,83 per uur en reiskostenvergoeding.", 17.83, 17.83, "hour", true),
        ("Het salaris is € 2700 tot € 3120 per maand bij een jaarcontract.", 2700, 3120, "month", false),
        ("Jouw beloning: vanaf € 20,89 bruto per uur bij 40 tot 40 uur, plus toeslagen.", 20.89, 20.89, "hour", true),
        ("Salaris: €2.800 - €3.400 bruto per maand. Start 1-3-2027.", 2800, 3400, "month", false),
    ])
    func payInText(text: String, min: Double, max: Double, period: String, minimumOnly: Bool) {
        let found = SalaryValue.inText(text)
        #expect(found?.salary == Salary(min: min, max: max, period: period))
        #expect(found?.isMinimumOnly == minimumOnly)
    }

    @Test(arguments: ["Een prijs van € 500 voor het beste idee dat wij dit jaar van onze medewerkers krijgen.",
                      "Wij bieden 25 vakantiedagen en een goed salaris per maand.", "Salaris tot € 4.000 per maand."])
    func payInTextNeedsAnAmountAndAPeriod(text: String) {
        let found = SalaryValue.inText(text)
        // The upper bound alone is kept as a maximum; the other two are no pay statements.
        #expect(found.map { $0.salary.min == nil && $0.salary.max == 4000 } ?? true)
        #expect(text.contains("tot") == (found != nil))
    }

    @Test(arguments: [("32-40 uur", 32.0, 40.0), ("24 tot 32", 24, 32), ("38", 38, 38), ("36,5 uur", 36.5, 36.5)])
    func hours(text: String, min: Double, max: Double) {
        #expect(HoursValue.parse(text) == Hours(min: min, max: max))
    }

    @Test(arguments: [("4811 AB", "4811 AB"), ("4811ab", "4811 AB"), (" 4811  AB ", "4811 AB"), ("4811", "4811")])
    func postcodes(text: String, expected: String) {
        #expect(PostcodeValue.parse(text) == expected)
    }

    @Test(arguments: ["0811 AB", "48110", "AB 4811", "48A1 AB"])
    func badPostcodes(text: String) {
        #expect(PostcodeValue.parse(text) == nil)
    }

    @Test(arguments: [
        ("Vast contract", "permanent"), ("Tijdelijk, uitzicht op vast", "temporary_to_permanent"),
        ("Uitzendbasis (fase A)", "temp_agency"), ("DirectHire", "permanent"), ("Temporary", "temporary"),
        ("BBL-leerwerktraject", "apprenticeship"), ("Stage", "internship"), ("ZZP / freelance", "freelance"),
    ])
    func contracts(text: String, expected: String) {
        #expect(ContractValue.parse(text) == expected)
    }

    @Test(arguments: [("MBO niveau 2", "mbo"), ("vmbo", "vmbo"), ("HBO/WO", "wo"), ("hbo", "hbo"), ("WO", "wo"), ("Havo", "havo")])
    func education(text: String, expected: String) {
        #expect(EducationValue.parse(text) == expected)
    }

    @Test(arguments: [
        ("Transportbedrijf Van der Berg B.V.", "transportbedrijf van der berg"),
        ("TRANSPORTBEDRIJF VAN DER BERG BV", "transportbedrijf van der berg"),
        ("Zorggroep Élan N.V.", "zorggroep elan"),
    ])
    func employerKeys(name: String, expected: String) {
        #expect(NameValue.employerKey(name) == expected)
    }

    @Test func agencyStandInIsNoEmployer() {
        #expect(NameValue.employerKey("Onze opdrachtgever") == nil)
    }

    @Test(arguments: [("BREDA", "Breda"), ("bergen op zoom", "Bergen op Zoom"), ("etten-leur", "Etten-Leur"),
                      ("'S-HERTOGENBOSCH", "'s-Hertogenbosch"), ("Regio Roosendaal", "Roosendaal")])
    func places(text: String, expected: String) {
        #expect(NameValue.place(text) == expected)
    }

    @Test(arguments: [("ja", true), (" TRUE ", true), ("1", true), ("Nee", false), ("0", false),
                      ("misschien", nil), (nil, nil)] as [(String?, Bool?)])
    func flags(text: String?, expected: Bool?) {
        #expect(FlagValue.parse(text) == expected)
    }

    @Test(arguments: [("Herplaatst", true), ("reposted", true), ("heropend", true), ("open", false), ("gesloten", false)])
    func repostStatuses(text: String, expected: Bool) {
        #expect(StatusValue.isRepost(text) == expected)
    }
}

/// A coder that answers from a fixed table, so these tests check the normaliser's own work.
struct TableCoder: TitleCoder {
    func code(title: String, description: String?, employer: String?, publisher: PublisherKind) -> (normalisedTitle: String, coding: OccupationCoding) {
        (title.lowercased(), OccupationCoding(isco: "8332", occupation: "test", confidence: 1))
    }
}

@Suite("Normaliser")
struct NormaliserTests {
    let source = SourceDefinition(name: "gemeente", publisher: .municipality, region: "AM25", url: "x.csv",
                                  format: .csv, fields: [.id: ["id"], .title: ["titel"]])

    /// A schedule word is no number of hours, and a number of hours is no schedule: neither is filled in from the other.
    @Test(arguments: [("fulltime", "fulltime"), ("FullTime", "fulltime"), ("voltijd", "fulltime"), ("parttime", "parttime"), ("40 uur", nil)])
    func scheduleWithoutHours(text: String, schedule: String?) throws {
        #expect(HoursValue.parse(text) == nil || schedule == nil)
        let record = RawRecord(source: "gemeente", location: "line 2", fields: [.id: ["1"], .title: ["Kok"], .schedule: [text]])
        let vacancy = try #require(Normaliser(coder: TableCoder(), logger: Logger(label: "test")).normalise(record, source: source))
        #expect(vacancy.schedule == schedule)
        if schedule != nil { #expect(vacancy.hoursMin == nil && vacancy.hoursMax == nil) }
    }

    @Test func mapsEveryField() throws {
        let record = RawRecord(source: "gemeente", location: "line 2", fields: [
            .id: [" 17 "], .title: ["Chauffeur  CE"], .employer: ["Van der Berg B.V."], .place: ["BREDA"],
            .postcode: ["4811ab"], .datePosted: ["04-03-2025"], .hours: ["32-40 uur"],
            .salary: ["€ 2.800 - € 3.400 per maand"], .contract: ["vast"], .education: ["MBO 2"],
        ])
        let vacancy = try #require(Normaliser(coder: TableCoder(), logger: Logger(label: "test")).normalise(record, source: source))
        #expect(vacancy.sourceRecordId == "17")
        #expect(vacancy.title == "Chauffeur CE")
        #expect(vacancy.employerKey == "van der berg")
        #expect(vacancy.place == "Breda")
        #expect(vacancy.postcode == "4811 AB")
        #expect(vacancy.datePosted == "2025-03-04")
        #expect(vacancy.hoursMin == 32 && vacancy.hoursMax == 40)
        #expect(vacancy.schedule == nil, "32-40 hours say no schedule")
        #expect(vacancy.salaryMin == 2800 && vacancy.salaryPeriod == "month")
        #expect(vacancy.contract == "permanent")
        #expect(vacancy.education == "mbo")
        #expect(vacancy.coding.isco == "8332")
        #expect(vacancy.region == "AM25")
    }

    /// The contract is what the feed states, whoever published the ad: an agency's ad without one has none (it may be
    /// a direct contract with the client or a secondment), and one that says "uitzenden" has the agency's.
    @Test(arguments: [(PublisherKind.agency, nil, nil), (.agency, "uitzenden", "temp_agency"), (.agency, "vast contract", "permanent"),
                      (.employer, nil, nil)] as [(PublisherKind, String?, String?)])
    func contractOnlyAsStated(publisher: PublisherKind, stated: String?, contract: String?) throws {
        let agency = SourceDefinition(name: "uitzend", publisher: publisher, region: "AM25", url: "x.xml", format: .xml,
                                      fields: [.id: ["id"], .title: ["titel"]])
        var fields: [VacancyField: [String]] = [.id: ["5"], .title: ["Orderpicker"]]
        if let stated { fields[.contract] = [stated] }
        let record = RawRecord(source: "uitzend", location: "record 1", fields: fields)
        let vacancy = try #require(Normaliser(coder: TableCoder(), logger: Logger(label: "test")).normalise(record, source: agency))
        #expect(vacancy.contract == contract)
        #expect(vacancy.publisher == publisher)
    }

    @Test func oddValuesAreLeftEmptyNotFatal() throws {
        let record = RawRecord(source: "gemeente", location: "line 3", fields: [
            .id: ["9"], .title: ["Schoonmaker"], .datePosted: ["morgen"], .postcode: ["onbekend"], .salary: ["marktconform"],
        ])
        let vacancy = try #require(Normaliser(coder: TableCoder(), logger: Logger(label: "test")).normalise(record, source: source))
        #expect(vacancy.datePosted == nil)
        #expect(vacancy.postcode == nil)
        #expect(vacancy.salaryMin == nil && vacancy.salaryMax == nil)
    }

    @Test func recordWithoutTitleIsNotAVacancy() {
        let record = RawRecord(source: "gemeente", location: "line 4", fields: [.id: ["9"], .title: ["  "]])
        #expect(Normaliser(coder: TableCoder(), logger: Logger(label: "test")).normalise(record, source: source) == nil)
    }
}

@Test(arguments: [("Closed", true), ("Inactive", true), ("vervuld", true), ("Active", false), ("open", false), ("", false)])
func sourceStatusClosed(text: String, closed: Bool) {
    #expect(StatusValue.isClosed(text) == closed)
}

/// The byte-level readers of the common forms agree with the general ones they stand in front of.
@Suite struct NormalisationFastPathTests {
    @Test(arguments: ["2026-09-24", "2026-09-24T08:00:00+02:00", "24-09-2026", "31-11-2026", "2026-02-29", "2024-02-29",
                      "1989-01-01", "2026-13-01", "00-01-2026", "2026-09-2", "24-9-2026", " 2026-09-24", "2026/09/24",
                      "24-09-26", "2026-09-24 08:00", "abcd-ef-gh"])
    func commonDateFormsReadAsTheGeneralReaderReadsThem(text: String) {
        #expect(DateValue.commonForm(text) == nil || DateValue.commonForm(text) == DateValue.anyForm(text))
        #expect(DateValue.parse(text) == DateValue.anyForm(text))
    }

    @Test(arguments: ["Transportbedrijf Van der Berg B.V.", "Jansen & Zn. N.V.", "Café De Zwaan B.V.", "AH 1234 Breda",
                      "  --Stichting  Zorg--  ", "Boulangerie Müller GmbH", "x"])
    func wordsAsCharactersSplitThem(name: String) {
        let folded = name.lowercased()
        #expect(NameValue.words(folded) == folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init))
    }

    @Test(arguments: ["Kok", "Kok  in Breda", " Kok", "Kok ", "Kok\tBreda", "Café\u{00A0}Noord", "", "a b c"])
    func collapsedTextIsLeftAsItIs(text: String) {
        #expect(NameValue.collapseWhitespace(text) == text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
    }
}
