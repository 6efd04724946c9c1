import KaartenbakCore
import Logging

/// A publish target after the SQLite catalogue (`publish: targets: [sqlite, postgres]`): it copies the
/// committed catalogue elsewhere. The commands hand the runner the ones this build has, so this module
/// (and whatever links it alone) does not carry a database client.
public protocol CatalogueMirror: Sendable {
    /// Copies the committed catalogue at `catalogue`, which holds run `runId`, to the target. A failure
    /// must leave the target as it was (its previous night readable); it throws a `.target` error.
    func publish(catalogue: String, runId: String, logger: Logger) async throws -> StepResult
}
