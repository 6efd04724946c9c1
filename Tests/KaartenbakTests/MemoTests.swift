import KaartenbakCore
import Logging
@testable import Normalisation
import Testing

/// Remembered answers are the answers: a memo never hands one text another text's answer, and a normaliser that has
/// met a value before reads it as a fresh one does.
@Suite struct MemoTests {
    /// "Café" precomposed and with a combining accent: one `String` to Swift, two texts to a file.
    static let composed = "Caf\u{E9}"
    static let decomposed = "Cafe\u{301}"

    @Test func exactTextComparesBytes() {
        #expect(Self.composed == Self.decomposed, "Swift's String compares by canonical equivalence")
        #expect(ExactText(Self.composed) != ExactText(Self.decomposed))
        #expect(ExactText(Self.composed) == ExactText(String(decoding: Array(Self.composed.utf8), as: UTF8.self)))
        let keys: Set<ExactText> = [ExactText(Self.composed), ExactText(Self.decomposed), ExactText(Self.composed), ExactText("")]
        #expect(keys.count == 3)
    }

    @Test func computesOncePerKeyAndStartsAgainPastCapacity() {
        let memo = Memo<ExactText, Int>(capacity: 3)
        var calls = 0
        func length(_ text: String) -> Int { memo(ExactText(text)) { calls += 1; return $0.text.utf8.count } }
        #expect([length("a"), length("bb"), length("a"), length("bb")] == [1, 2, 1, 2])
        #expect(calls == 2 && memo.count == 2)
        #expect(length(Self.composed) == 5 && length(Self.decomposed) == 6)
        #expect(calls == 4)
        #expect(memo.count == 1, "the fourth key started the table again")
        #expect(length("a") == 1 && calls == 5)
    }

    /// "No answer" is an answer: a reader that finds nothing in a text is not asked again.
    @Test func remembersNoAnswer() {
        let memo = Memo<ExactText, String?>()
        var calls = 0
        for _ in 0..<3 { #expect(memo(ExactText("marktconform")) { _ in calls += 1; return nil } == nil) }
        #expect(calls == 1 && memo.count == 1)
        #expect(memo.lookup(ExactText("marktconform")) == .some(nil))
    }

    static let source = SourceDefinition(name: "gemeente", publisher: .municipality, region: "AM25", url: "x.csv",
                                         format: .csv, fields: [.id: ["id"], .title: ["titel"]])

    static func record(_ id: Int, place: String, employer: String, salary: String, hours: String) -> RawRecord {
        RawRecord(source: "gemeente", location: "line \(id + 1)", fields: [
            .id: ["\(id)"], .title: ["Kok"], .place: [place], .employer: [employer], .salary: [salary], .hours: [hours],
            .contract: ["vast"], .education: ["mbo 2"], .datePosted: ["04-03-2025"], .schedule: ["parttime"],
        ])
    }

    /// The same values twice over, in both forms of the accent: every record read by one normaliser (from the second
    /// time on, its answers remembered) is byte for byte what a new normaliser makes of it alone.
    @Test func normaliserReadsAMetValueAsAFreshOne() throws {
        let values = [(Self.composed + " de Paris", "\(Self.composed) Noord B.V.", "€ 2.800 - € 3.400 per maand", "32-40 uur"),
                      (Self.decomposed + " de Paris", "\(Self.decomposed) Noord B.V.", "€ 2.800 - € 3.400 per maand", "32-40 uur"),
                      ("BREDA", "onze opdrachtgever", "€ 14,50 per uur", "24 uur")]
        let records = (0..<2).flatMap { round in
            values.enumerated().map { Self.record(round * 10 + $0.offset, place: $0.element.0, employer: $0.element.1,
                                                  salary: $0.element.2, hours: $0.element.3) }
        }
        let shared = Normaliser(coder: TableCoder(), logger: Logger(label: "test"))
        var places: [[UInt8]] = []
        for record in records {
            let met = try #require(shared.normalise(record, source: Self.source))
            let fresh = try #require(Normaliser(coder: TableCoder(), logger: Logger(label: "test")).normalise(record, source: Self.source))
            #expect(RecordJSON.encode(met) == RecordJSON.encode(fresh), "\(record.location)")
            #expect(shared.unreadValues(in: record, normalised: met)
                == Normaliser(coder: TableCoder(), logger: Logger(label: "test")).unreadValues(in: record, normalised: fresh))
            places.append(Array((met.place ?? "").utf8))
        }
        #expect(places[0] != places[1], "the two forms of one place keep their own bytes")
        #expect(records.count == 6 && shared.readings.place.count == 3)
        // Let go before the dedupe stage, the tables are empty; the normaliser reads on as before.
        shared.forgetFieldReadings()
        #expect(shared.readings.place.count == 0 && shared.readings.employerKey.count == 0 && shared.readings.salary.count == 0)
        let again = try #require(shared.normalise(records[1], source: Self.source))
        #expect(Array((again.place ?? "").utf8) == places[1] && shared.readings.place.count == 1)
        // A text longer than the tables keep is read each time, and read alike.
        let long = String(repeating: "Bergen op Zoom ", count: 10)
        let far = Self.record(99, place: long, employer: long, salary: "€ 2.800 per maand " + long, hours: "32 uur")
        let kept = [shared.readings.place.count, shared.readings.employerKey.count, shared.readings.salary.count]
        let read = try #require(shared.normalise(far, source: Self.source))
        let fresh = try #require(Normaliser(coder: TableCoder(), logger: Logger(label: "test")).normalise(far, source: Self.source))
        #expect(RecordJSON.encode(read) == RecordJSON.encode(fresh))
        #expect([shared.readings.place.count, shared.readings.employerKey.count, shared.readings.salary.count] == kept)
        #expect(kept == [1, 1, 1])
    }
}
