import KaartenbakCore
/// Catalogue ids for tonight's clusters, and what changed in membership since last night.
public struct IdentityAssignment: Sendable, Codable, Equatable {
    /// Last night's vacancies that are one vacancy tonight.
    public struct Merge: Sendable, Codable, Equatable {
        /// The id the merged cluster keeps.
        public var kept: String
        /// The other ids, sorted; they end tonight.
        public var absorbed: [String]
    }
    /// Last night's vacancy whose records are in several clusters tonight.
    public struct Split: Sendable, Codable, Equatable {
        public var previous: String
        /// The ids of tonight's clusters that hold its records (one of them may be `previous`).
        public var into: [String]
    }

    /// One id per cluster, in the order of the clusters given.
    public var ids: [String]
    /// Per cluster: true when the id is new tonight.
    public var isNew: [Bool]
    public var merges: [Merge]
    public var splits: [Split]
}

/// Assigns stable vacancy ids across nights.
///
/// A cluster keeps the id that most of its members had last night (ties: the smaller id). When two
/// clusters claim one id (a split), the cluster with more of its members keeps it (ties: the smaller
/// cluster key). A cluster none of whose members was known may take back an unclaimed id by its
/// fingerprint (same employer, place and title, e.g. when its only source changed the record id).
/// Everything else gets a new id derived from the cluster key: "v-" and 12 hex digits of a stable
/// hash, re-hashed on collision. Same clusters and same history give the same ids.
public enum IdentityResolver {
    /// - Parameters:
    ///   - previous: member key ("source\u{1F}sourceRecordId") → last night's vacancy id.
    ///   - previousFingerprints: `fingerprint(of:)` of last night's clusters → their id (optional).
    ///   - usedIds: every id the catalogue has ever given, which a new vacancy must not get again (a
    ///     repost of a closed vacancy would otherwise hash to its old id). Last night's ids (the
    ///     values of `previous`) are added here.
    public static func assign(_ clusters: [VacancyCluster], previous: [String: String],
                              previousFingerprints: [String: String] = [:], usedIds: Set<String> = []) -> IdentityAssignment {
        assign(count: clusters.count, previous: previous, previousFingerprints: previousFingerprints,
               usedIds: usedIds.union(previous.values),
               memberKeys: { clusters[$0].members.map(Deduplicator.memberKey) },
               clusterKey: { clusters[$0].key }, fingerprint: { fingerprint(of: clusters[$0]) })
    }

    /// The same, for clusters known only by their member keys (the file-based stage does not hold
    /// the clusters' records). `fingerprint` is asked only for clusters none of whose members was
    /// known last night, and only when `previousFingerprints` is not empty.
    ///
    /// Here `usedIds` must already hold every value of `previous`: the pipeline has them in one set
    /// with the catalogue's other ids, and gathering a million of them again for a night's first new
    /// id was a fifth of this step.
    static func assign(count: Int, previous: [String: String], previousFingerprints: [String: String],
                       usedIds: Set<String> = [], memberKeys: (Int) -> [String], clusterKey: (Int) -> String,
                       fingerprint: (Int) throws -> String) rethrows -> IdentityAssignment {
        assert(previous.values.allSatisfy(usedIds.contains), "usedIds must hold last night's ids")
        // Each cluster's key and last night's ids with their votes, by id (in parallel: a million
        // member keys are looked up a night).
        let perCluster = Parallel.map(count, threads: Parallel.threadCount(0)) { index -> (key: String, votes: [Vote]) in
            (clusterKey(index), previous.isEmpty ? [] : votes(memberKeys(index), previous))
        }
        // How many clusters claim each id; -1 once its only claimant has it.
        var claimants: [String: Int32] = [:]
        claimants.reserveCapacity(count)
        for cluster in perCluster { for vote in cluster.votes { claimants[vote.id, default: 0] += 1 } }
        var ids = [String?](repeating: nil, count: count)
        // Claims: (cluster, id, votes), strongest first.
        var claims: [(cluster: Int, id: String, votes: Int)] = []
        // The clusters with contested claims: the only ones that can merge or split last night's vacancies.
        var contested: [Int] = []
        for (index, cluster) in perCluster.enumerated() {
            // A cluster's only claim on an id no other cluster claims succeeds whatever the order of
            // the others: only the contested claims (splits and merges) are ordered.
            if cluster.votes.count == 1, claimants[cluster.votes[0].id] == 1 {
                ids[index] = cluster.votes[0].id
                claimants[cluster.votes[0].id] = -1
            } else if !cluster.votes.isEmpty {
                contested.append(index)
                claims += cluster.votes.map { (index, $0.id, $0.count) }
            }
        }
        claims.sort { l, r in
            if l.votes != r.votes { return l.votes > r.votes }
            if l.id != r.id { return l.id < r.id }
            return perCluster[l.cluster].key < perCluster[r.cluster].key
        }
        // Ids given tonight apart from the uncontested claims (those are marked in `claimants`).
        var taken = Set<String>()
        func isTaken(_ id: String) -> Bool { claimants[id] == -1 || taken.contains(id) }
        for claim in claims where ids[claim.cluster] == nil && !isTaken(claim.id) {
            ids[claim.cluster] = claim.id
            taken.insert(claim.id)
        }
        for index in 0..<count where ids[index] == nil && perCluster[index].votes.isEmpty && !previousFingerprints.isEmpty {
            if let id = previousFingerprints[try fingerprint(index)], !isTaken(id) {
                ids[index] = id
                taken.insert(id)
            }
        }
        var isNew = [Bool](repeating: false, count: count)
        // A new id avoids every id given before (`usedIds`, last night's among them) and tonight's.
        func isFree(_ id: String) -> Bool {
            !(usedIds.contains(id) || claimants[id] != nil || taken.contains(id))
        }
        for index in 0..<count where ids[index] == nil {
            let id = newId(for: perCluster[index].key, isFree: isFree)
            ids[index] = id
            taken.insert(id)
            isNew[index] = true
        }
        let finalIds = ids.map { $0 ?? "" }
        let previousIdsOf = contested.map { (cluster: $0, ids: perCluster[$0].votes.map(\.id)) }
        return IdentityAssignment(ids: finalIds, isNew: isNew, merges: merges(finalIds, previousIdsOf),
                                  splits: splits(finalIds, previousIdsOf, claimants: claimants))
    }

    /// One of last night's ids among a cluster's members, with how many members had it.
    struct Vote {
        var id: String
        var count: Int
    }

    /// The ids `members` had last night, sorted, with their counts (a cluster has a handful of members).
    private static func votes(_ members: [String], _ previous: [String: String]) -> [Vote] {
        var votes: [Vote] = []
        for member in members {
            guard let id = previous[member] else { continue }
            if let at = votes.firstIndex(where: { $0.id == id }) { votes[at].count += 1 } else { votes.append(Vote(id: id, count: 1)) }
        }
        return votes.count > 1 ? votes.sorted { $0.id < $1.id } : votes
    }

    /// A coarse description of a cluster for recognising it when all its record ids changed.
    public static func fingerprint(of cluster: VacancyCluster) -> String {
        fingerprint(of: cluster.merged)
    }

    static func fingerprint(of merged: MergedVacancy) -> String {
        return [MatchKeys.employerKey(merged.employer) ?? "", MatchKeys.placeKey(merged.place) ?? "",
                TextKeys.string(TextKeys.fold(merged.normalisedTitle).split(separator: 32).joined(separator: [32])),
                merged.isco ?? ""].joined(separator: "|")
    }

    /// "v-" + 12 hex digits of the key's hash; the salt grows until the id is free.
    static func newId(for key: String, isFree: (String) -> Bool) -> String {
        var salt: UInt64 = 0
        while true {
            let hash = TextKeys.combine(TextKeys.hash(key), salt) >> 16
            let hex = String(hash, radix: 16)
            let id = "v-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
            if isFree(id) { return id }
            salt += 1
        }
    }

    /// Clusters holding records of several of last night's vacancies (`previousIdsOf`: per contested
    /// cluster, last night's ids among its members).
    private static func merges(_ ids: [String], _ previousIdsOf: [(cluster: Int, ids: [String])]) -> [IdentityAssignment.Merge] {
        previousIdsOf.compactMap { cluster, old in
            guard old.count > 1 else { return nil }
            return IdentityAssignment.Merge(kept: ids[cluster], absorbed: old.filter { $0 != ids[cluster] })
        }
        .sorted { $0.kept < $1.kept }
    }

    /// Last night's ids held by several clusters tonight (`claimants` counts the clusters per id).
    private static func splits(_ ids: [String], _ previousIdsOf: [(cluster: Int, ids: [String])],
                               claimants: [String: Int32]) -> [IdentityAssignment.Split] {
        var holders: [String: [String]] = [:]
        for (cluster, old) in previousIdsOf {
            for id in old where (claimants[id] ?? 0) > 1 { holders[id, default: []].append(ids[cluster]) }
        }
        return holders.map { IdentityAssignment.Split(previous: $0.key, into: $0.value.sorted()) }
            .sorted { $0.previous < $1.previous }
    }
}
