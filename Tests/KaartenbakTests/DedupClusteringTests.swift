import Testing
@testable import DedupeTooling
@testable import Deduplication
import KaartenbakCore
import Logging

@Suite struct DedupClusteringTests {
    @Test func sameJobAcrossSourcesIsOneCluster() {
        let clusters = testDeduplicator.cluster([DedupSamples.agencyCE, DedupSamples.bezorger, DedupSamples.uwvCE, DedupSamples.employerCE])
        #expect(membership(clusters) == [
            ["uitzend-a\u{1F}A-1", "uwv\u{1F}UWV-1", "werkgevers\u{1F}vdh-1"],
            ["uwv\u{1F}UWV-2"],
        ])
        #expect(clusters[0].key == "uitzend-a\u{1F}A-1")
    }

    /// A~B and B~C must not pull in C when A and C are different vacancies: here C was posted
    /// after A had closed, so A and C are a repost, while B sits between them.
    @Test func chainingGuard() {
        let a = DedupSamples.employerCE // closes 2026-12-01
        var b = DedupSamples.uwvCE
        b.closingDate = nil
        b.datePosted = "2026-11-20"
        var c = DedupSamples.employerCE
        c.source = "vacaturebank"
        c.publisher = .jobBoard
        c.datePosted = "2026-12-20"
        c.closingDate = nil
        #expect(testDeduplicator.score(a, b) >= DedupeSettings().threshold)
        #expect(testDeduplicator.score(b, c) >= DedupeSettings().threshold)
        #expect(testDeduplicator.score(a, c) == -.infinity)
        let clusters = testDeduplicator.cluster([a, b, c])
        #expect(clusters.count == 2)
        let withA = clusters.first { $0.members.contains(a) }
        #expect(withA?.members.contains(c) == false)
    }

    /// An agency posting hiding its client fits two employers' postings about equally well (the second
    /// a little better), but one shares the very pay scale (specific) and the other only a team size
    /// and the usual duties: the agency's posting joins the first, where the ambiguity guard would
    /// otherwise drop both, or clustering take the higher score.
    @Test func ambiguityGuardWeighsSpecificEvidence() {
        let duties = "Jij bedient machines, vult ze bij en controleert de kwaliteit. Jij pakt producten in."
        let agency = makeVacancy("uitzend-a", "A-9", publisher: .agency, title: "Productiemedewerker", isco: "9329",
                                 occupation: "productiemedewerker", employer: "Voor onze opdrachtgever", place: "Tilburg",
                                 posted: "2026-11-05", hours: (40, 40), salary: (15, 16.95, "hour"),
                                 description: "Voor onze opdrachtgever zoeken wij een productiemedewerker. \(duties) Je werkt samen met 37 collega's.")
        let payScale = makeVacancy("vacaturebank", "vb-9", publisher: .jobBoard, title: "Medewerker productie drieploegendienst",
                                   isco: "9329", occupation: "productiemedewerker", employer: "Jansen Voeding B.V.",
                                   place: "Tilburg", posted: "2026-11-03", hours: (40, 40), salary: (2600, 2938, "month"),
                                   description: "Jansen Voeding is een fabriek. Je pakt producten in.")
        let teamSize = makeVacancy("werkgevers", "vac-7", title: "Productiemedewerker", isco: "9329",
                                   occupation: "productiemedewerker", employer: "De Groot Metaal B.V.", place: "Tilburg",
                                   posted: "2026-11-04", hours: (40, 40),
                                   description: "De Groot Metaal zoekt een productiemedewerker voor de fabriek. Jij bedient machines, vult ze bij en controleert de kwaliteit. Je werkt samen met 37 collega's.")
        let (toPayScale, toTeamSize) = (testDeduplicator.score(agency, payScale), testDeduplicator.score(agency, teamSize))
        // Both links are allowed on their own and close enough in points to be ambiguous by score alone.
        #expect(testDeduplicator.links(agency, payScale) && testDeduplicator.links(agency, teamSize))
        #expect(toTeamSize > toPayScale && toTeamSize - toPayScale <= DedupeSettings().ambiguityMargin,
                "\(testDeduplicator.explain(agency, payScale)) \(testDeduplicator.explain(agency, teamSize))")
        let clusters = testDeduplicator.cluster([teamSize, agency, payScale])
        #expect(membership(clusters).contains(["uitzend-a\u{1F}A-9", "vacaturebank\u{1F}vb-9"]), "\(membership(clusters))")
    }

    @Test func oneJobInThirtyCitiesIsThirtyVacancies() {
        let towns = Catalog.places.prefix(30)
        var records: [Vacancy] = []
        for (index, town) in towns.enumerated() {
            var own = DedupSamples.employerCE
            own.sourceRecordId = "vdh-\(index)"
            own.place = town.name
            own.postcode = "\(town.pc4) AA"
            var copy = DedupSamples.uwvCE
            copy.sourceRecordId = "UWV-\(index)"
            copy.place = town.name
            copy.postcode = own.postcode
            records += [own, copy]
        }
        let clusters = testDeduplicator.cluster(records)
        #expect(clusters.count == 30)
        for cluster in clusters {
            #expect(cluster.members.count == 2)
            #expect(Set(cluster.members.map(\.place)).count == 1)
        }
    }

    @Test func outputDoesNotDependOnInputOrderOrThreads() {
        var generator = SyntheticVacancies.Settings()
        generator.seed = 7
        let records = SyntheticVacancies(settings: generator).generate(vacancies: 300).records
        var settings = DedupeSettings()
        settings.threads = 1
        let single = Deduplicator(settings: settings, logger: Logger(label: "test")).cluster(records)
        var rng = SeededGenerator(seed: 99)
        let shuffled = records.shuffled(using: &rng)
        settings.threads = 2
        let parallel = Deduplicator(settings: settings, logger: Logger(label: "test")).cluster(shuffled)
        #expect(single.count > 100)
        #expect(single.count < records.count)
        #expect(single == parallel)
    }

    @Test func exactRepeatOfOneSourceRecordMerges() {
        let clusters = testDeduplicator.cluster([DedupSamples.bezorger, DedupSamples.bezorger])
        #expect(clusters.count == 1)
        #expect(clusters[0].members.count == 2)
    }

    @Test func mergedRecordFollowsPriorityWithProvenanceAndConflicts() {
        var agency = DedupSamples.agencyCE
        agency.salaryMin = 15 // 2600-2773 a month: overlaps the employer's 2800-3300, but is not the same
        agency.salaryMax = 16
        agency.education = "mbo"
        let cluster = testDeduplicator.cluster([DedupSamples.employerCE, agency, DedupSamples.uwvCE])
        #expect(cluster.count == 1)
        guard let merged = cluster.first?.merged else { return }
        #expect(merged.primarySource == "werkgevers")
        #expect(merged.title == "Chauffeur CE internationaal")
        #expect(merged.employer == "Van den Heuvel Transport B.V.")
        #expect(merged.salaryMin == 2800)
        #expect(merged.source(of: "salary") == "werkgevers")
        // Only the agency knows the education level; the earliest posting date is the employer's.
        #expect(merged.education == "mbo")
        #expect(merged.source(of: "education") == "uitzend-a")
        #expect(merged.provenance["education"] == "uitzend-a")
        #expect(merged.datePosted == "2026-11-02")
        #expect(merged.source(of: "schedule") == nil)
        #expect(merged.conflicts.map(\.field).contains("salary"))
        #expect(!merged.conflicts.map(\.field).contains("hours"))

        var settings = DedupeSettings()
        settings.sourcePriority = ["uwv": 99]
        let reordered = Deduplicator(settings: settings, logger: testDeduplicator.logger)
            .cluster([DedupSamples.employerCE, agency, DedupSamples.uwvCE])
        #expect(reordered.first?.merged.primarySource == "uwv")
        #expect(reordered.first?.merged.title == "Internationaal vrachtwagenchauffeur")
    }
}

@Suite struct DedupMergeTests {
    @Test(arguments: [DedupSamples.employerCE, DedupSamples.agencyCE, DedupSamples.bezorger])
    func singleRecordFastPathFollowsTheRule(_ vacancy: Vacancy) {
        let merger = Merger(settings: DedupeSettings())
        #expect(Merger.single(vacancy) == merger.mergeMany([vacancy]))
    }

    /// The preferred record abstained on its title; another record decided: the vacancy keeps the
    /// decision, unless the records that decided disagree.
    @Test func occupationComesFromARecordThatDecided() {
        var settings = DedupeSettings()
        settings.sourcePriority = ["uwv": 30, "agency": 10, "board": 0]
        let merger = Merger(settings: settings)
        let uwv = makeVacancy("uwv", "1", title: "Taxichauffeur leerlingen- en zorgvervoer", place: "Bergen op Zoom")
        let agency = makeVacancy("agency", "2", publisher: .agency, title: "Chauffeur zorgvervoer", isco: "8322",
                                 occupation: "zorgvervoer-chauffeur", place: "Bergen op Zoom")
        let merged = merger.mergeMany([uwv, agency])
        #expect(merged.title == uwv.title)
        #expect(merged.isco == "8322")
        #expect(merged.source(of: "occupation") == "agency")

        let board = makeVacancy("board", "3", publisher: .jobBoard, title: "Chauffeur", isco: "8332",
                                occupation: "vrachtwagenchauffeur", place: "Bergen op Zoom")
        #expect(merger.mergeMany([uwv, agency, board]).isco == nil, "the deciding records disagree")
    }
}
