import Foundation
import KaartenbakCore
import Catalogue

/// Decides which run folders may go. The newest runs stay, and so does every run whose outputs
/// a later night may still need: the run behind the published catalogue and, per source, the
/// newest run with a good normalised output (tonight's carry-over if that source fails).
public struct RunPruner: Sendable {
    public let store: RunStore

    public init(store: RunStore) {
        self.store = store
    }

    public struct Plan: Sendable {
        public var remove: [String]
        /// Older runs kept, with the reason.
        public var protected: [String: String]
    }

    public func plan(keep: Int) throws -> Plan {
        let ids = store.runIds()
        var protected: [String: String] = [:]
        if let published = try CatalogueInfo.read(from: store.cataloguePath)["run_id"] {
            protected[published] = "published catalogue"
        }
        var lastGood: [String: String] = [:]
        for id in ids {
            guard let manifest = try? store.loadManifest(id) else { continue }
            if manifest.status == .running || manifest.status == .interrupted, id == ids.first { protected[id] = "newest run, still running or interrupted" }
            for step in manifest.steps where step.stage == .normalise && step.status == .succeeded && lastGood[step.source] == nil {
                lastGood[step.source] = id
            }
        }
        for (source, id) in lastGood where protected[id] == nil {
            protected[id] = "last good records of source '\(source)'"
        }
        let kept = Set(ids.prefix(keep))
        let remove = ids.dropFirst(keep).filter { protected[$0] == nil }
        return Plan(remove: Array(remove), protected: protected.filter { !kept.contains($0.key) })
    }
}
