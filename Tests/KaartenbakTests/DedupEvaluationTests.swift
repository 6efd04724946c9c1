import Foundation
import Testing
@testable import DedupeTooling
@testable import Deduplication
import KaartenbakCore

@Suite struct DedupEvaluationTests {
    @Test func arithmeticOnATinySet() {
        // Predicted {0,1} {2,3}; true {0,1,2} {3}.
        let e = DedupeEvaluation(predicted: [1, 1, 2, 2], truth: ["a", "a", "a", "b"])
        #expect(e.records == 4)
        #expect(e.trueClusters == 2 && e.predictedClusters == 2)
        #expect(e.truePairs == 3 && e.predictedPairs == 2 && e.truePositivePairs == 1)
        #expect(e.pairPrecision == 0.5)
        #expect(abs(e.pairRecall - 1.0 / 3) < 1e-12)
        #expect(abs(e.pairF1 - 0.4) < 1e-12)
        #expect(abs(e.bcubedPrecision - 0.75) < 1e-12)
        #expect(abs(e.bcubedRecall - 2.0 / 3) < 1e-12)
        #expect(e.exactClusterRate == 0)
        let perfect = DedupeEvaluation(predicted: [5, 5, 6], truth: ["x", "x", "y"])
        #expect(perfect.pairPrecision == 1 && perfect.pairRecall == 1 && perfect.exactClusterRate == 1)
        #expect(perfect.bcubedF1 == 1)
    }

    static let handMade = packageRoot.appendingPathComponent("fixtures/dedupe/hard-cases.ndjson").path

    /// A regression guard, not a measure of quality: the rules were written against these cases, so
    /// they say only that none has been lost. Quality is measured on sets written apart from the code
    /// (`kaartenbak dedupe --evaluate`, docs/quality.md), and no test fits the code to those.
    @Test func handMadeHardCasesAreAllStillDecidedAsWritten() throws {
        let records = try LabelledSet.load(Self.handMade)
        #expect(records.count >= 60)
        let e = DedupeEvaluation.evaluate(records, with: testDeduplicator)
        #expect(e.pairPrecision == 1, "\(e.report)")
        #expect(e.pairRecall == 1, "\(e.report)")
    }

    @Test func loaderNamesFileAndLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dedupe-bad-\(UUID()).ndjson").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = """
        # comment
        {"cluster":"x","source":"s","sourceRecordId":"1","title":"Kok"}
        {"source":"s","sourceRecordId":"2","title":"Kok"}
        """
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try LabelledSet.load(path)
            Issue.record("expected an error")
        } catch let error as KaartenbakError {
            #expect(error.location?.line == 3)
            #expect(error.location?.file == path)
        }
        // A truth map supplies the missing label.
        let records = try LabelledSet.load(path, truth: ["s\u{1F}2": "y"])
        #expect(records.map(\.cluster) == ["x", "y"])
        #expect(records[0].vacancy.normalisedTitle == "Kok")
        #expect(records[0].vacancy.location == "line 2")
    }

    @Test func labelledRecordRoundTrips() throws {
        let record = LabelledRecord(vacancy: DedupSamples.agencyCE, cluster: "c1")
        let data = try JSONEncoder().encode(record)
        let back = try JSONDecoder().decode(LabelledRecord.self, from: data)
        #expect(back == record)
    }
}
