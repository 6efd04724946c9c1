import Testing
@testable import Deduplication
import KaartenbakCore

@Suite struct DedupIdentityTests {
    static var roosendaal: Vacancy {
        var v = DedupSamples.employerCE
        v.sourceRecordId = "vdh-9"
        v.place = "Roosendaal"
        v.postcode = "4705 RA"
        return v
    }

    static func night1() -> [VacancyCluster] {
        testDeduplicator.cluster([DedupSamples.employerCE, DedupSamples.uwvCE, DedupSamples.agencyCE,
                                  DedupSamples.bezorger, roosendaal])
    }

    static func previous(_ clusters: [VacancyCluster], _ ids: [String]) -> [String: String] {
        var map: [String: String] = [:]
        for (cluster, id) in zip(clusters, ids) {
            for member in cluster.members { map[Deduplicator.memberKey(member)] = id }
        }
        return map
    }

    @Test func firstNightGivesNewDeterministicIds() {
        let clusters = Self.night1()
        #expect(clusters.count == 3)
        let first = IdentityResolver.assign(clusters, previous: [:])
        #expect(first == IdentityResolver.assign(clusters, previous: [:]))
        #expect(first.isNew == [true, true, true])
        #expect(Set(first.ids).count == 3)
        for id in first.ids {
            #expect(id.hasPrefix("v-") && id.count == 14)
        }
        #expect(first.merges.isEmpty && first.splits.isEmpty)
    }

    @Test func secondNightKeepsIdsThroughSmallChanges() {
        let clusters1 = Self.night1()
        let ids1 = IdentityResolver.assign(clusters1, previous: [:]).ids
        let previous = Self.previous(clusters1, ids1)
        let fingerprints = Dictionary(uniqueKeysWithValues: zip(clusters1.map(IdentityResolver.fingerprint), ids1))
        func id1(of vacancy: Vacancy) -> String? { previous[Deduplicator.memberKey(vacancy)] }

        // The agency dropped out, UWV retitled its copy, the bezorger posting got a new record id.
        var retitled = DedupSamples.uwvCE
        retitled.title = "Internationaal vrachtwagenchauffeur (m/v)"
        var renumbered = DedupSamples.bezorger
        renumbered.sourceRecordId = "UWV-2-new"
        let clusters2 = testDeduplicator.cluster([renumbered, Self.roosendaal, retitled, DedupSamples.employerCE])
        let night2 = IdentityResolver.assign(clusters2, previous: previous, previousFingerprints: fingerprints)
        func id2(of vacancy: Vacancy) -> String? {
            clusters2.firstIndex { $0.members.contains(vacancy) }.map { night2.ids[$0] }
        }
        #expect(id2(of: DedupSamples.employerCE) == id1(of: DedupSamples.employerCE))
        #expect(id2(of: retitled) == id1(of: DedupSamples.employerCE))
        #expect(id2(of: Self.roosendaal) == id1(of: Self.roosendaal))
        #expect(id2(of: renumbered) == id1(of: DedupSamples.bezorger))
        #expect(night2.isNew == [false, false, false])

        // Without fingerprints the renumbered posting is a new vacancy.
        let bare = IdentityResolver.assign(clusters2, previous: previous)
        #expect(bare.isNew.filter { $0 }.count == 1)
        #expect(!Set(ids1).contains(bare.ids[bare.isNew.firstIndex(of: true) ?? 0]))
    }

    @Test func mergesAndSplitsAreReported() {
        let clusters = Self.night1()
        guard let ce = clusters.firstIndex(where: { $0.members.contains(DedupSamples.employerCE) }),
              let bezorger = clusters.firstIndex(where: { $0.members.contains(DedupSamples.bezorger) }) else {
            Issue.record("clusters missing")
            return
        }
        // Last night UWV's CE copy was a vacancy of its own, and the bezorger shared the CE's id.
        var previous = [
            Deduplicator.memberKey(DedupSamples.employerCE): "v-aaaaaaaaaaaa",
            Deduplicator.memberKey(DedupSamples.agencyCE): "v-aaaaaaaaaaaa",
            Deduplicator.memberKey(DedupSamples.uwvCE): "v-bbbbbbbbbbbb",
        ]
        previous[Deduplicator.memberKey(DedupSamples.bezorger)] = "v-bbbbbbbbbbbb"
        let result = IdentityResolver.assign(clusters, previous: previous)
        #expect(result.ids[ce] == "v-aaaaaaaaaaaa")
        #expect(result.ids[bezorger] == "v-bbbbbbbbbbbb")
        #expect(result.merges == [.init(kept: "v-aaaaaaaaaaaa", absorbed: ["v-bbbbbbbbbbbb"])])
        #expect(result.splits == [.init(previous: "v-bbbbbbbbbbbb", into: ["v-aaaaaaaaaaaa", "v-bbbbbbbbbbbb"].sorted())])
    }

    @Test func newIdsAvoidCollisions() {
        let first = IdentityResolver.newId(for: "k") { _ in true }
        let second = IdentityResolver.newId(for: "k") { $0 != first }
        #expect(first != second)
        #expect(second.count == 14)
    }
}
