// Temporary stand-in with the agreed API; replaced by the deduplication branch.
import KaartenbakCore
import Logging
public struct DedupeSettings: Sendable { public var sourcePriority: [String: Int] = [:]; public init() {} }
public struct FieldConflict: Sendable, Codable { public var field: String; public var values: [String: String] }
public struct MergedVacancy: Sendable, Codable {
    public var vacancy: Vacancy
    public var provenance: [String: String]
    public var conflicts: [FieldConflict]
}
public struct VacancyCluster: Sendable, Codable { public var members: [Vacancy]; public var merged: MergedVacancy; public var key: String }
public struct Deduplicator: Sendable {
    public init(settings: DedupeSettings, logger: Logger) {}
    public func cluster(_ records: [Vacancy]) -> [VacancyCluster] {
        let groups = Dictionary(grouping: records) { "\($0.employerKey ?? "")|\($0.normalisedTitle)|\($0.place ?? "")" }
        return groups.keys.sorted().map { key in
            let members = groups[key]!.sorted { ($0.source, $0.sourceRecordId) < ($1.source, $1.sourceRecordId) }
            return VacancyCluster(members: members, merged: MergedVacancy(vacancy: members[0], provenance: [:], conflicts: []), key: key)
        }
    }
}
public struct IdentityEvent: Sendable, Codable { public var kind: String; public var vacancyId: String; public var detail: String }
public struct IdentityAssignment: Sendable { public var ids: [String]; public var events: [IdentityEvent] }
public enum IdentityResolver {
    public static func assign(_ clusters: [VacancyCluster], previous: [String: String]) -> IdentityAssignment {
        IdentityAssignment(ids: clusters.map { c in c.members.lazy.compactMap { previous["\($0.source)\u{1F}\($0.sourceRecordId)"] }.first ?? "v-\(abs(c.key.hashValue))" }, events: [])
    }
}
