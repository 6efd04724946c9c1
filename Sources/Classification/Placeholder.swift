// Temporary stand-in with the agreed API; replaced by the classifier branch.
import KaartenbakCore
public struct Taxonomy: Sendable {
    public var version = "stub"
    public static func builtIn() throws -> Taxonomy { Taxonomy() }
    public static func load(dataDirectory: String) throws -> Taxonomy { Taxonomy() }
}
public struct CleanedTitle: Sendable { public var original: String; public var text: String }
public enum TitleCleaner { public static func clean(_ title: String) -> CleanedTitle { CleanedTitle(original: title, text: title.lowercased()) } }
public final class OccupationClassifier: Sendable {
    public init(taxonomy: Taxonomy) {}
    public func classify(title: String, description: String? = nil, employer: String? = nil, publisher: PublisherKind? = nil) -> OccupationCoding { .none }
}
