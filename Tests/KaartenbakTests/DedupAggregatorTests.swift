import Testing
@testable import Deduplication
import KaartenbakCore

/// A job board lists the employer's posting and, beside it, an agency's copy under the agency's name
/// (fixtures/feeds: VB-5001 and VB-5015 for the Etten-Leur CE job).
@Suite struct DedupAggregatorTests {
    static let boardOwn = makeVacancy(
        "vacaturebank", "VB-1", publisher: .jobBoard, title: "Chauffeur CE internationaal", isco: "8332",
        occupation: "vrachtwagenchauffeur-internationaal", employer: "Van den Heuvel Transport B.V.", place: "Breda",
        postcode: "4817 BL", posted: "2026-11-02", salary: (2800, 3300, "month"), description: DedupSamples.heuvelText)
    static var boardAgencyCopy: Vacancy {
        var v = boardOwn
        v.sourceRecordId = "VB-2"
        v.employer = "Flexpoint Uitzendbureau"
        v.title = "Chauffeur CE internationaal (m/v)"
        return v
    }

    @Test func staffingFirmNamesAreNotEmployers() {
        #expect(MatchKeys.isStaffingFirm("flexpoint uitzendbureau"))
        #expect(MatchKeys.isStaffingFirm("tempo uitzendgroep"))
        #expect(!MatchKeys.isStaffingFirm("van den heuvel transport"))
    }

    @Test func boardListsEmployerAndAgencyCopyOfOneJob() {
        let clusters = testDeduplicator.cluster([DedupSamples.employerCE, DedupSamples.uwvCE, Self.boardOwn, Self.boardAgencyCopy])
        #expect(clusters.count == 1)
    }

    @Test func boardNeverMergesTwoNamedEmployersPostings() {
        var other = Self.boardOwn
        other.sourceRecordId = "VB-3"
        #expect(testDeduplicator.score(Self.boardOwn, other) == -.infinity)
    }
}
