import Foundation
import Testing
@testable import DedupeTooling
@testable import Deduplication
import KaartenbakCore

@Suite struct GeneratorTests {
    static func bytes(_ output: SyntheticVacancies.Output) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(zip(output.records, output.truth).map { LabelledRecord(vacancy: $0, cluster: $1) })
    }

    static func generator(seed: UInt64, rate: Double = 0.5) -> SyntheticVacancies {
        var settings = SyntheticVacancies.Settings()
        settings.seed = seed
        settings.duplicateRate = rate
        return SyntheticVacancies(settings: settings)
    }

    @Test func sameSeedSameBytes() throws {
        let a = try Self.bytes(Self.generator(seed: 42).generate(vacancies: 200, threads: 1))
        let b = try Self.bytes(Self.generator(seed: 42).generate(vacancies: 200, threads: 2))
        let c = try Self.bytes(Self.generator(seed: 43).generate(vacancies: 200))
        #expect(a == b)
        #expect(a != c)
    }

    @Test func exactRecordCountAndDuplicateShare() {
        let output = Self.generator(seed: 3, rate: 0.6).records(count: 5000)
        #expect(output.records.count == 5000)
        #expect(output.truth.count == 5000)
        let duplicateShare = 1 - Double(Set(output.truth).count) / 5000
        #expect(duplicateShare > 0.45 && duplicateShare < 0.7, "duplicate share \(duplicateShare)")
        #expect(Set(output.records.map(Deduplicator.memberKey)).count == 5000)
    }

    @Test func containsTheHardCases() {
        let output = Self.generator(seed: 5).generate(vacancies: 3000)
        let titles = Set(output.records.map(\.normalisedTitle))
        #expect(titles.contains("Chauffeur CE") && titles.contains { $0.hasPrefix("Internationaal vrachtwagenchauffeur") })
        #expect(output.records.contains { $0.publisher == .agency && MatchKeys.employerKey($0.employer) == nil })
        #expect(output.truth.contains { $0.hasSuffix("-r") }) // reposts
        // One job in several towns: one base vacancy, several truth ids, several places.
        let multi = Dictionary(grouping: zip(output.truth, output.records).filter { $0.0.split(separator: "-").count == 2 && !$0.0.hasSuffix("-r") },
                               by: { $0.0.split(separator: "-")[0] })
        #expect(multi.values.contains { Set($0.compactMap { $0.1.place }).count >= 3 })
    }
}
