import Testing
@testable import DedupeTooling
@testable import Deduplication
import KaartenbakCore

/// The evaluation's breakdown of what went wrong, by kind of pair and by the step that decided it.
@Suite struct DedupDiagnosisTests {
    @Test func aMissedPairIsCountedUnderTheRuleThatKeptItApart() {
        // The truth says the parcel courier posting and the CE-truck posting are one vacancy; the
        // different occupations keep them apart, so the diagnosis must name a veto or the threshold.
        let records = [DedupSamples.employerCE, DedupSamples.bezorger, DedupSamples.uwvCE]
        let diagnosis = DedupeDiagnosis(records: records, truth: ["t1", "t1", "t1"], settings: DedupeSettings())
        let missed = diagnosis.missed.values.reduce(0) { $0 + $1.values.reduce(0, +) }
        #expect(missed == 2, "\(diagnosis.missed)")
        #expect(diagnosis.missed.values.allSatisfy { $0.keys.allSatisfy { $0.hasPrefix("veto: ") || $0 == "below threshold" } },
                "\(diagnosis.missed)")
        #expect(diagnosis.falsePairs.isEmpty)
        #expect(diagnosis.report.contains("missed pairs by kind (2 pairs)"))
    }

    @Test(arguments: [("t12", "t12-r", "repost"), ("t12-3", "t12-4", "same job, other town"), ("t12", "t13", "other vacancy")])
    func labelRelations(_ a: String, _ b: String, _ expected: String) {
        #expect(DedupeDiagnosis.relation(a, b) == expected)
    }
}
