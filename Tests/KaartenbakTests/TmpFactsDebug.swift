@testable import Deduplication
import Testing
import Foundation

@Test func tmpFactsDebug() throws {
    let set = try LabelledSet.load("/tmp/g30/labelled.ndjson")
    let records = set.map { $0.vacancy }
    let features = Deduplicator.features(records, order: Array(records.indices), settings: DedupeSettings(), threads: 2).features
    for id in ["vac-240", "A-271163"] {
        guard let i = records.firstIndex(where: { $0.sourceRecordId == id }) else { continue }
        let f = features[i]
        let text = records[i].description ?? ""
        var names: [String] = []
        for w in text.split(whereSeparator: { $0 == " " || $0 == "." || $0 == "?" || $0 == "!" || $0 == ":" }) {
            let r = FeatureExtractor.facts(of: "x " + String(w), excluding: []).facts
            if let h = r.first, let k = f.facts.firstIndex(of: h) { names.append("\(w)\(f.commonFacts & (1 << UInt16(k)) != 0 ? "*" : "")") }
        }
        print("D", id, f.facts.count, String(f.commonFacts, radix: 2), names)
    }
}
