import InclusiveWork
import KaartenbakCore
import Logging

/// What the normaliser needs from an occupation classifier: a cleaned title and a coding.
/// The pipeline passes the real classifier; tests may pass a table.
public protocol TitleCoder: Sendable {
    func code(title: String, description: String?, employer: String?, publisher: PublisherKind) -> (normalisedTitle: String, coding: OccupationCoding)
}

/// Stage 3: raw feed records to typed vacancies. Pure apart from logging; never throws on
/// odd values: a value that cannot be read is left empty and the rest of the record kept.
public struct Normaliser: Sendable {
    public let coder: any TitleCoder
    /// Places each vacancy in its municipality and labour-market region.
    public let geography: Geography
    /// Reads who the job is open to.
    let signals = SignalScanner()
    /// The field readers' answers for texts met before (`FieldReadings`).
    let readings = FieldReadings()
    let logger: Logger

    public init(coder: any TitleCoder, geography: Geography = .bundled, logger: Logger) {
        self.coder = coder
        self.geography = geography
        self.logger = logger
    }

    /// Normalises one record of `source`. Nil only when the record lacks an id or title,
    /// which the reader already rejects. Of `source` it reads the name, publisher and region: a
    /// later night takes a record normalised under the same three (and the same geography table) from its
    /// memory (`StepCache.normaliserIdentity`), so reading another field means adding it there.
    public func normalise(_ record: RawRecord, source: SourceDefinition) -> Vacancy? {
        guard let id = record[.id].map(NameValue.collapseWhitespace), !id.isEmpty,
              let title = record[.title].map(NameValue.collapseWhitespace), !title.isEmpty else { return nil }
        let description = record[.description]
        let employer = record[.employer].map(NameValue.collapseWhitespace)
        let (normalisedTitle, coding) = coder.code(title: title, description: description,
                                                   employer: employer, publisher: source.publisher)
        var vacancy = Vacancy(source: source.name, sourceRecordId: id, publisher: source.publisher,
                              region: source.region, title: title, normalisedTitle: normalisedTitle,
                              coding: coding, location: record.location)
        vacancy.description = description
        let employerKey = employer.flatMap(self.employerKey)
        vacancy.employer = employerKey == nil ? nil : employer
        vacancy.employerKey = employerKey
        vacancy.postcode = record[.postcode].flatMap(PostcodeValue.parse)
        vacancy.place = record[.place].flatMap(place)
        vacancy.province = record[.province].map(NameValue.collapseWhitespace)
        vacancy.placement = geography.placement(postcode: vacancy.postcode, place: vacancy.place, sourceRegion: source.region)
        vacancy.datePosted = record[.datePosted].flatMap(date)
        vacancy.closingDate = record[.closingDate].flatMap(date)
        vacancy.url = record[.url].map(NameValue.collapseWhitespace)

        let hoursText = [record[.hoursMin], record[.hoursMax]].compactMap { $0 }.joined(separator: " - ")
        let hours = self.hours(hoursText.isEmpty ? (record[.hours] ?? "") : hoursText)
            ?? record[.schedule].flatMap(self.hours)
        vacancy.hoursMin = hours?.min
        vacancy.hoursMax = hours?.max
        vacancy.schedule = record[.schedule].flatMap(schedule) ?? record[.hours].flatMap(schedule)

        let salaryText = [record[.salaryMin], record[.salaryMax]].compactMap { $0 }.joined(separator: " - ")
        if let salary = self.salary(salaryText.isEmpty ? (record[.salary] ?? "") : salaryText, periodHint: record[.salaryPeriod]) {
            vacancy.salaryMin = salary.min
            vacancy.salaryMax = salary.max
            vacancy.salaryPeriod = salary.period
        }
        // Only the contract the feed states. An agency's ad that names none is not thereby a temp-agency contract:
        // agencies also recruit for a direct contract with the client (werving en selectie) and second staff
        // (detachering). Who published it is on the record's source link (`publisher`).
        vacancy.contract = record[.contract].flatMap(contract)
        vacancy.education = record[.education].flatMap(education)
        vacancy.repost = FlagValue.parse(record[.repost]) ?? (StatusValue.isRepost(record[.status]) ? true : nil)
        let found = signals.scan(title: title, description: description, hoursMin: vacancy.hoursMin, hoursMax: vacancy.hoursMax,
                                 schedule: vacancy.schedule)
        vacancy.signals = found.isEmpty ? nil : found
        return vacancy
    }
}

/// The readers of field values, each answer remembered under its text (`FieldReadings`).
extension Normaliser {
    /// Lets the remembered field values go (the normaliser reads on as before, remembering again).
    public func forgetFieldReadings() { readings.forget() }

    func employerKey(_ name: String) -> String? { remembered(readings.employerKey, name, NameValue.employerKey) }
    func place(_ text: String) -> String? { remembered(readings.place, text, NameValue.place) }
    func date(_ text: String) -> String? { remembered(readings.date, text, DateValue.parse) }
    func hours(_ text: String) -> Hours? { remembered(readings.hours, text, HoursValue.parse) }
    func schedule(_ text: String) -> String? { remembered(readings.schedule, text) { HoursValue.schedule(text: $0) } }
    func contract(_ text: String) -> String? { remembered(readings.contract, text, ContractValue.parse) }
    func education(_ text: String) -> String? { remembered(readings.education, text, EducationValue.parse) }

    func salary(_ text: String, periodHint: String?) -> Salary? {
        guard FieldReadings.keeps(text), FieldReadings.keeps(periodHint ?? "") else { return SalaryValue.parse(text, periodHint: periodHint) }
        return readings.salary(.init(text: ExactText(text), periodHint: periodHint.map(ExactText.init))) {
            SalaryValue.parse($0.text.text, periodHint: $0.periodHint?.text)
        }
    }

    /// `read(text)`, from `memo` when the text is one it keeps.
    private func remembered<Value>(_ memo: Memo<ExactText, Value>, _ text: String, _ read: (String) -> Value) -> Value {
        FieldReadings.keeps(text) ? memo(ExactText(text)) { read($0.text) } : read(text)
    }
}
