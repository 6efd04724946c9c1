import DedupeTooling
import Deduplication
import FeedReading
import Foundation
import KaartenbakCore
import Logging
import Normalisation
import Testing

/// Generated records written as raw feeds come back through the real readers and normaliser as the
/// same vacancies: the writer is honest and the readers read what sources in these shapes publish.
@Suite struct GeneratedFeedsTests {
    @Test func everyFormatRoundTripsThroughReadingAndNormalising() throws {
        var settings = SyntheticVacancies.Settings()
        settings.seed = 11
        let records = SyntheticVacancies(settings: settings).generate(vacancies: 60).records
        let folder = try TemporaryDirectory()
        let file = try SyntheticFeeds.write(records, formats: [.xml, .csv, .json], to: folder.path, pipeline: "generated")
        let pipeline = try DefinitionLoader.load(file: file)
        #expect(Set(pipeline.sources.map(\.format)) == [.xml, .csv, .json])
        #expect(Set(pipeline.sources.map(\.name)) == Set(records.map(\.source)))

        let expected = Dictionary(uniqueKeysWithValues: records.map { (Deduplicator.memberKey($0), $0) })
        let normaliser = Normaliser(coder: TableCoder(), logger: Logger(label: "test"))
        var seen = 0
        for source in pipeline.sources {
            let read = try FeedReader(source: source, logger: Logger(label: "test")).readAll(file: pipeline.localPath(of: source))
            #expect(read.rejects.isEmpty, "\(source.name): \(read.rejects)")
            for raw in read.records {
                let got = try #require(normaliser.normalise(raw, source: source))
                let want = try #require(expected[Deduplicator.memberKey(got)], "\(source.name) \(got.sourceRecordId)")
                seen += 1
                let context = "\(source.name) (\(source.format)) \(got.sourceRecordId)"
                #expect(got.title == want.title, "\(context)")
                // A placeholder such as "voor onze opdrachtgever" is no employer once normalised.
                #expect(got.employerKey == NameValue.employerKey(want.employer), "\(context)")
                #expect(got.place == NameValue.place(want.place), "\(context)")
                #expect(got.postcode == want.postcode, "\(context)")
                #expect(got.datePosted == want.datePosted && got.closingDate == want.closingDate, "\(context)")
                #expect(got.hoursMin == want.hoursMin && got.hoursMax == want.hoursMax, "\(context)")
                #expect(got.salaryMin == want.salaryMin && got.salaryMax == want.salaryMax, "\(context)")
                #expect(got.salaryPeriod == want.salaryPeriod, "\(context)")
                #expect(got.education == want.education, "\(context)")
                #expect(got.url == want.url, "\(context)")
                #expect(words(got.description) == words(want.description), "\(context)")
                if want.publisher != .agency || want.contract != nil {
                    #expect(got.contract == want.contract, "\(context)")
                }
            }
        }
        #expect(seen == records.count)
    }

    private func words(_ text: String?) -> [Substring] {
        (text ?? "").split(whereSeparator: \.isWhitespace)
    }
}

/// The whole pipeline, through the real binary, on generated feeds in every format.
@Suite struct GeneratedPipelineTests {
    @Test func generatedFeedsRunEndToEndAndTheCatalogueMatchesTheTruth() throws {
        let folder = try TemporaryDirectory()
        let out = folder.path + "/generated"
        let generated = try CLI.run(["generate", "--vacancies", "80", "--seed", "5", "--out", out, "--formats", "ndjson,xml,csv,json"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let run = try CLI.run(["run", "--pipeline", out + "/pipeline.yaml", "--data-dir", folder.path + "/data"])
        #expect(run.status == 0, "\(run.stderr)")
        let evaluation = try CLI.run(["dedupe", "--catalogue", folder.path + "/data/catalogue.sqlite", "--truth", out + "/truth.tsv"])
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
        #expect(evaluation.stdout.contains("not in the catalogue 0 of"), "\(evaluation.stdout)")
        let figures = try #require(evaluation.stdout.split(separator: "\n").first { $0.hasPrefix("pairwise") })
        let numbers = figures.split(separator: " ").compactMap { Double($0) }
        try #require(numbers.count == 3, "\(figures)")
        // Floors, not the targets: this small set checks that the stages fit together.
        #expect(numbers[0] >= 0.95 && numbers[1] >= 0.9, "\(figures)")
    }
}

/// The whole-night benchmark's inputs and the command itself (its figures are not asserted: speed
/// is shown by running it on a release build, not by tests).
@Suite struct BenchNightTests {
    @Test func nextNightChangesTheAskedShare() throws {
        let folder = try TemporaryDirectory()
        var settings = SyntheticVacancies.Settings()
        settings.sources = 6
        settings.seed = 3
        let nights = SyntheticNights(settings: settings, records: 3000)
        let first = try nights.write(to: folder.path + "/one")
        let next = try nights.write(to: folder.path + "/two", changed: 0.3)
        #expect(first.records == 3000 && first.removed == 0 && first.edited == 0 && first.added == 0)
        #expect(next.added == 300)
        // A third of the share each, by a fixed die per record: near 300, never far from it.
        #expect((240...360).contains(next.removed) && (240...360).contains(next.edited), "\(next)")
        #expect(next.records == 3000 - next.removed + next.added)
        // Both nights read back whole through their own pipelines, edits included.
        var read = 0, edited = 0
        for night in [first, next] {
            let pipeline = try DefinitionLoader.load(file: night.pipeline)
            for source in pipeline.sources {
                let records = try FeedReader(source: source, logger: Logger(label: "test")).readAll(file: pipeline.localPath(of: source))
                #expect(records.rejects.isEmpty)
                read += records.records.count
                edited += records.records.filter { ($0[.description] ?? "").contains("Update: reageer") }.count
            }
        }
        #expect(read == first.records + next.records)
        #expect(edited == next.edited)
    }

    /// Records are rendered a batch at a time on every core and written in order: any batch size writes the same bytes.
    @Test func batchesWriteTheSameBytesAsOneRecordAtATime() throws {
        let folder = try TemporaryDirectory()
        var settings = SyntheticVacancies.Settings()
        settings.sources = 6
        var nights = SyntheticNights(settings: settings, records: 2500)
        var written: [[String: Data]] = []
        for batch in [1, 700] {
            nights.batch = batch
            let night = try nights.write(to: folder.path + "/\(batch)", changed: 0.3)
            let feeds = folder.path + "/\(batch)/feeds"
            var files = try Dictionary(uniqueKeysWithValues: FileManager.default.contentsOfDirectory(atPath: feeds).map {
                ($0, try Data(contentsOf: URL(fileURLWithPath: feeds + "/" + $0)))
            })
            files["pipeline.yaml"] = try Data(contentsOf: URL(fileURLWithPath: night.pipeline))
            written.append(files)
        }
        #expect(written[0].count == 7)
        #expect(written[0] == written[1])
    }

    @Test func benchNightRunsTheThreeNights() throws {
        let folder = try TemporaryDirectory()
        let result = try CLI.run(["bench", "night", "--records", "300", "--runs", "1", "--sources", "4", "--dir", folder.path + "/bench"])
        #expect(result.status == 0, "\(result.stderr)")
        for night in ["| full | 300 |", "| changed |", "| unchanged |", "xmllint --stream"] {
            #expect(result.stdout.contains(night), "\(result.stdout)")
        }
    }
}
