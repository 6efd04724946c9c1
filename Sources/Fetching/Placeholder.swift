// Temporary stand-in with the agreed API; replaced by the fetching branch.
import KaartenbakCore
import Logging
public struct FetchAttempt: Codable, Sendable {}
public struct FetchRequest: Sendable {
    public var source: SourceDefinition; public var localPath: String?; public var destination: String; public var previous: FetchMetadata?; public var force: Bool
    public init(source: SourceDefinition, localPath: String?, destination: String, previous: FetchMetadata?, force: Bool) {
        self.source = source; self.localPath = localPath; self.destination = destination; self.previous = previous; self.force = force
    }
}
public struct FetchMetadata: Codable, Sendable {
    public var url: String; public var httpStatus: Int?; public var bytes: Int; public var sha256: String; public var seconds: Double
    public var outcome: String; public var payloadFiles: [String]
}
public struct Fetcher: Sendable {
    public init(logger: Logger) {}
    public func fetchAll(_ requests: [FetchRequest], maxConcurrent: Int, maxPerHost: Int) async -> [Result<FetchMetadata, KaartenbakError>] {
        requests.map { _ in .failure(KaartenbakError(.fetch, "not implemented")) }
    }
}
