import KaartenbakCore

/// What the readers of field values said about texts met before in this normaliser's night.
///
/// Field values recur all night: a few hundred places, hours and contract words, an employer's name on each of
/// its ads, a collective agreement's pay scale on every ad that uses it. (Postcodes and the placement made of them
/// are not kept: they are nearly as many as the vacancies, and cheap to read.) Reading them again (Foundation's
/// trimming, lower-casing, splitting, number scanning) was about 7% of a full night's CPU, more than coding the
/// titles. Every reader here is a pure function of its text, so an answer remembered is exactly the answer it
/// would give again; texts are compared by their bytes (`ExactText`).
/// Each table holds at most `capacity` texts of at most `maxTextBytes` bytes and starts again past it, so an untrusted
/// feed of all-distinct or very long values costs a bounded amount of memory (50,000 short texts and their answers a
/// table); longer texts are read each time (they seldom recur). The runner empties the tables
/// before the dedupe stage (`Normaliser.forgetFieldReadings`).
final class FieldReadings: Sendable {
    static let capacity = 50_000
    static let maxTextBytes = 128

    /// Whether a text is short enough to be remembered.
    static func keeps(_ text: String) -> Bool { text.utf8.count <= maxTextBytes }

    let employerKey = Memo<ExactText, String?>(capacity: capacity)
    let place = Memo<ExactText, String?>(capacity: capacity)
    let date = Memo<ExactText, String?>(capacity: capacity)
    let hours = Memo<ExactText, Hours?>(capacity: capacity)
    let schedule = Memo<ExactText, String?>(capacity: capacity)
    let salary = Memo<SalaryKey, Salary?>(capacity: capacity)
    let contract = Memo<ExactText, String?>(capacity: capacity)
    let education = Memo<ExactText, String?>(capacity: capacity)

    /// Every table emptied: once the night's normalising is done, before the dedupe stage's peak.
    func forget() {
        employerKey.removeAll(); place.removeAll(); date.removeAll(); hours.removeAll()
        schedule.removeAll(); salary.removeAll(); contract.removeAll(); education.removeAll()
    }

    struct SalaryKey: Hashable, Sendable {
        var text: ExactText
        var periodHint: ExactText?
    }
}
