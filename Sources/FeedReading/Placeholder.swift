// Temporary stand-in with the agreed API; replaced by the feed-reading branch.
import KaartenbakCore
import Logging
public struct ReadSummary: Sendable, Codable { public var records: Int; public var rejects: Int; public var bytes: Int; public var encoding: String }
public struct FeedReader: Sendable {
    public init(source: SourceDefinition, logger: Logger) {}
    public func read(file: String, onRecord: (RawRecord) throws -> Void, onReject: (Reject) throws -> Void) throws -> ReadSummary {
        throw KaartenbakError(.parse, "not implemented")
    }
}
