import Foundation
import Fetching
import KaartenbakCore

extension RunStore {
    /// The payload files of `source` as the newest run that fetched it landed them, with that run's id: what a
    /// remote source's mapping can be checked against. Nil when no run kept one.
    public func lastLandedPayload(of source: String) -> (runId: String, files: [String])? {
        for runId in runIds() {
            let folder = landing(runId, source)
            guard let data = FileManager.default.contents(atPath: fetchRecord(runId, source)),
                  let meta = try? JSONDecoder().decode(FetchMetadata.self, from: data) else { continue }
            let files = meta.payloadFiles.map { folder + "/" + $0 }
            guard !files.isEmpty, files.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) else { continue }
            return (runId, files)
        }
        return nil
    }
}
