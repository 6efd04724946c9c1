import KaartenbakCore

/// A value a record has that normalising could not read, and why: the vacancy keeps the field empty, and
/// this says so (a night's counts per field, `preview`'s lines) rather than dropping it without a word.
public struct UnreadValue: Codable, Sendable, Equatable {
    public var field: VacancyField
    public var text: String
    public var reason: String

    public init(field: VacancyField, text: String, reason: String) {
        self.field = field
        self.text = text
        self.reason = reason
    }

    /// The fields whose values are read into typed values, in a fixed order (a night's memory keeps which of
    /// them a record left unread as bits in this order).
    public static let checkedFields: [VacancyField] = [.postcode, .place, .datePosted, .closingDate, .hours, .salary, .contract, .education]
}

extension Normaliser {
    /// The values of `record` that `vacancy` (what `normalise` made of it) holds nothing of. Hours and pay are
    /// named by the field the feed had (`hours_min`, `salary`, ...) but counted under `hours` and `salary`.
    public func unreadValues(in record: RawRecord, normalised vacancy: Vacancy) -> [UnreadValue] {
        var unread: [UnreadValue] = []
        // `empty` is asked only of a field the record has: most records have a few of these fields at most.
        func check(_ field: VacancyField, _ empty: @autoclosure () -> Bool, _ reason: (String) -> String?) {
            guard let text = record[field], empty(), !text.allSatisfy(\.isWhitespace), let why = reason(text) else { return }
            unread.append(UnreadValue(field: field, text: text, reason: why))
        }
        check(.postcode, vacancy.postcode == nil) { _ in "not a Dutch postcode (1234 AB)" }
        check(.place, vacancy.place == nil) { _ in "no place name in it" }
        check(.datePosted, vacancy.datePosted == nil, DateValue.problem)
        check(.closingDate, vacancy.closingDate == nil, DateValue.problem)
        if vacancy.hoursMin == nil && vacancy.hoursMax == nil {
            for field in [VacancyField.hours, .hoursMin, .hoursMax] {
                check(field, true) { _ in "no hours per week in it (1 to 80)" }
            }
        }
        if vacancy.salaryMin == nil && vacancy.salaryMax == nil {
            for field in [VacancyField.salary, .salaryMin, .salaryMax] {
                check(field, true) { _ in "no amount of pay in it" }
            }
        }
        check(.contract, contract(record[.contract] ?? "") == nil) { _ in "not a contract type it knows (vast, tijdelijk, uitzend, stage, ...)" }
        check(.education, vacancy.education == nil) { _ in "not an education level it knows (vmbo, mbo, havo, vwo, hbo, wo, ...)" }
        return unread
    }
}

extension UnreadValue {
    /// The checked field this value counts under: hours_min and hours_max under hours, salary_* under salary.
    public var countedField: VacancyField {
        switch field {
        case .hoursMin, .hoursMax: return .hours
        case .salaryMin, .salaryMax: return .salary
        default: return field
        }
    }
}
