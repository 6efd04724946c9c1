import Foundation
import KaartenbakCore
import Logging
import Pipeline
import PostgresCatalogue

/// The `postgres` publish target: the database named by KAARTENBAK_POSTGRES_URL, read when a night
/// publishes (a run without the target never needs it).
struct PostgresMirror: CatalogueMirror {
    func publish(catalogue: String, runId: String, logger: Logger) async throws -> StepResult {
        let location: PostgresLocation
        do {
            location = try PostgresLocation.fromEnvironment()
        } catch let error as KaartenbakError {
            throw KaartenbakError(.target, "postgres: \(error.message)")
        }
        let summary = try await PostgresPublisher(location: location, logger: logger).publish(catalogue: catalogue, runId: runId)
        return StepResult(counts: summary.rows,
                          notes: ["database": location.description, "schema": summary.schema,
                                  "previous_schema": PostgresPublisher.previousSchema])
    }
}
