import KaartenbakCore

/// The one record of a cluster. Each field comes from one member, chosen by `Merger`'s rule.
public struct MergedVacancy: Sendable, Codable, Equatable {
    public var title: String
    public var normalisedTitle: String
    public var isco: String?
    public var occupation: String?
    public var occupationLabel: String?
    public var employer: String?
    public var place: String?
    public var postcode: String?
    /// The source's region (from its definition), as the chosen member's source has it.
    public var region: String?
    /// Municipality, province and labour-market region: the most specific of the members' (`Placement.rank`).
    public var placement: Placement?
    /// The members' inclusive-work signals together: each signal once, with the best-ranked member's evidence.
    public var signals: [WorkSignal]?
    public var datePosted: String?
    public var closingDate: String?
    public var hoursMin: Double?
    public var hoursMax: Double?
    public var salaryMin: Double?
    public var salaryMax: Double?
    public var salaryPeriod: String?
    public var contract: String?
    public var schedule: String?
    public var education: String?
    public var url: String?
    public var description: String?
    /// The source of the highest-ranked member; supplies every field not listed in `provenance`.
    public var primarySource: String
    /// Field → source, only for fields supplied by another source than `primarySource`
    /// (kept sparse: most clusters are single records). Use `source(of:)` to ask about any field.
    public var provenance: [String: String]
    public var conflicts: [FieldConflict]

    /// Names of the fields, as used in `provenance`, `conflicts` and `source(of:)`.
    public static let fieldNames = [
        "title", "normalisedTitle", "occupation", "employer", "place", "postcode", "region", "placement", "signals",
        "datePosted", "closingDate", "hours", "salary", "contract", "schedule", "education", "url", "description",
    ]

    /// The source that supplied `field`, or nil when no member had a value for it.
    public func source(of field: String) -> String? {
        if let source = provenance[field] { return source }
        return hasValue(field) ? primarySource : nil
    }

    private func hasValue(_ field: String) -> Bool {
        switch field {
        case "title", "normalisedTitle": return true
        case "occupation": return isco != nil || occupation != nil
        case "employer": return employer != nil
        case "place": return place != nil
        case "postcode": return postcode != nil
        case "region": return region != nil
        case "placement": return placement != nil
        case "signals": return signals != nil
        case "datePosted": return datePosted != nil
        case "closingDate": return closingDate != nil
        case "hours": return hoursMin != nil || hoursMax != nil
        case "salary": return salaryMin != nil || salaryMax != nil
        case "contract": return contract != nil
        case "schedule": return schedule != nil
        case "education": return education != nil
        case "url": return url != nil
        case "description": return description != nil
        default: return false
        }
    }
}

/// Builds the merged record.
///
/// The rule, per field: among the members that have a value, take the one from the source with the
/// highest priority (`DedupeSettings.priority(of:publisher:)`: the pipeline's per-source priority,
/// else employer before municipality, public employment service, job board, agency); on a tie the
/// most complete value (longer text, both ends of a range); then the most recent posting; then the
/// smallest member key. Exceptions, because the rule would be wrong for them:
/// * `datePosted` is the earliest: the vacancy has existed since its first posting;
/// * `employer` ignores names hidden by agencies ("voor onze opdrachtgever") and agencies' own names
///   when any other member names the employer.
/// Title, occupation and the normalised title come from one member together, as do hours and salary
/// (min, max and period), so that no field mixes two sources; except that when that member's
/// classifier abstained, the occupation comes from the best-ranked member that decided, provided
/// every member that decided agrees on the ISCO unit group.
struct Merger: Sendable {
    let settings: DedupeSettings
    /// Employer keys already computed by the deduplicator, by employer string.
    var employers: [String: FeatureExtractor.EmployerKeys] = [:]

    /// The employer's matching hash, nil when absent or hidden ("voor onze opdrachtgever").
    func employerHash(_ employer: String?) -> UInt64? {
        guard let employer else { return nil }
        let hash = (employers[employer] ?? FeatureExtractor.EmployerKeys(employer)).hash
        return hash == 0 ? nil : hash
    }

    /// The cluster's merged record. `employerHashes`: each member's `employerHash`, when the caller
    /// has them (the file-based stage keeps them in the records' features); else computed here. On
    /// a night that reuses last night's features the employer table lacks the unchanged records'
    /// employers, and computing their keys again cost more than the rest of the merge.
    func merge(_ members: [Vacancy], employerHashes: [UInt64?]? = nil) -> MergedVacancy {
        let hashes = employerHashes ?? members.map { employerHash($0.employer) }
        guard members.count == 1 else { return mergeMany(members, employerHashes: hashes) }
        return Self.single(members[0], employerHidden: hashes[0] == nil)
    }

    /// The rule's result for a cluster of one record, without the ranking machinery: most clusters
    /// are single records, and this is the hot path at a million records.
    static func single(_ v: Vacancy, employerHidden: Bool? = nil) -> MergedVacancy {
        var merged = MergedVacancy(title: v.title, normalisedTitle: v.normalisedTitle, primarySource: v.source,
                                   provenance: [:], conflicts: [])
        merged.isco = v.coding.isco
        merged.occupation = v.coding.occupation
        merged.occupationLabel = v.coding.occupationLabel
        merged.employer = (employerHidden ?? (MatchKeys.employerKey(v.employer) == nil)) ? nil : v.employer
        merged.place = v.place
        merged.postcode = v.postcode
        merged.region = v.region
        merged.placement = v.placement
        merged.signals = v.signals
        merged.datePosted = v.datePosted
        merged.closingDate = v.closingDate
        (merged.hoursMin, merged.hoursMax) = (v.hoursMin, v.hoursMax)
        (merged.salaryMin, merged.salaryMax, merged.salaryPeriod) = (v.salaryMin, v.salaryMax, v.salaryPeriod)
        merged.contract = v.contract
        merged.schedule = v.schedule
        merged.education = v.education
        merged.url = v.url
        merged.description = v.description
        return merged
    }

    func mergeMany(_ members: [Vacancy], employerHashes: [UInt64?]? = nil) -> MergedVacancy {
        // Members are handled by position: copying a Vacancy (some twenty strings) for every filter
        // and choice cost more than the merging itself.
        let hashes = employerHashes ?? members.map { employerHash($0.employer) }
        let keys = members.map(rankKey)
        let ranked = rank(members, keys)
        let first = members[ranked[0]]
        var merged = MergedVacancy(
            title: first.title, normalisedTitle: first.normalisedTitle, primarySource: first.source,
            provenance: [:], conflicts: [])
        merged.isco = first.coding.isco
        merged.occupation = first.coding.occupation
        merged.occupationLabel = first.coding.occupationLabel
        var chosen: [String: Int] = [:]

        func pick(_ field: String, present: (Int) -> Bool, completeness: (Int) -> Int = { _ in 0 },
                  in candidates: [Int]? = nil) -> Int? {
            var best: Int?
            for index in candidates ?? ranked where present(index) {
                guard let current = best else {
                    best = index
                    continue
                }
                if keys[index] == keys[current] && completeness(index) > completeness(current) { best = index }
            }
            if let best { chosen[field] = best }
            return best
        }

        if let v = pick("title", present: { _ in true }, completeness: { members[$0].coding.isco == nil ? 0 : 1 }) {
            merged.title = members[v].title
            merged.normalisedTitle = members[v].normalisedTitle
            merged.isco = members[v].coding.isco
            merged.occupation = members[v].coding.occupation
            merged.occupationLabel = members[v].coding.occupationLabel
            chosen["normalisedTitle"] = v
            if members[v].coding.isco != nil { chosen["occupation"] = v }
        }
        // The title's own record abstained: take the occupation of the best-ranked record that
        // decided, when every record that decided agrees on the unit group (else stay undecided).
        let decided = ranked.filter { members[$0].coding.isco != nil }
        if merged.isco == nil, let best = decided.first, decided.allSatisfy({ members[$0].coding.isco == members[best].coding.isco }) {
            merged.isco = members[best].coding.isco
            merged.occupation = members[best].coding.occupation
            merged.occupationLabel = members[best].coding.occupationLabel
            chosen["occupation"] = best
        }
        let named = ranked.filter { hashes[$0] != nil }
        let employers = named.contains { members[$0].publisher != .agency } ? named.filter { members[$0].publisher != .agency } : named
        merged.employer = pick("employer", present: { _ in true }, in: employers).flatMap { members[$0].employer }
        if let v = pick("place", present: { members[$0].place != nil }) { merged.place = members[v].place }
        if let v = pick("postcode", present: { members[$0].postcode != nil }, completeness: { members[$0].postcode?.count ?? 0 }) {
            merged.postcode = members[v].postcode
        }
        merged.region = pick("region", present: { members[$0].region != nil }).flatMap { members[$0].region }
        // The most specific placement (a municipality from a postcode over a region from a source's definition),
        // on a tie the best-ranked member's.
        if let best = ranked.filter({ members[$0].placement != nil })
            .max(by: { (members[$0].placement?.rank ?? 0) < (members[$1].placement?.rank ?? 0) }) {
            merged.placement = members[best].placement
            chosen["placement"] = best
        }
        merged.signals = Self.signals(ranked.map { members[$0] })
        let memberKeys = members.map(Deduplicator.memberKey)
        if let earliest = ranked.filter({ members[$0].datePosted != nil })
            .min(by: { (members[$0].datePosted ?? "", memberKeys[$0]) < (members[$1].datePosted ?? "", memberKeys[$1]) }) {
            merged.datePosted = members[earliest].datePosted
            chosen["datePosted"] = earliest
        }
        merged.closingDate = pick("closingDate", present: { members[$0].closingDate != nil }).flatMap { members[$0].closingDate }
        if let v = pick("hours", present: { members[$0].hoursMin != nil || members[$0].hoursMax != nil },
                        completeness: { (members[$0].hoursMin == nil ? 0 : 1) + (members[$0].hoursMax == nil ? 0 : 1) }) {
            merged.hoursMin = members[v].hoursMin
            merged.hoursMax = members[v].hoursMax
        }
        if let v = pick("salary", present: { members[$0].salaryMin != nil || members[$0].salaryMax != nil },
                        completeness: { (members[$0].salaryMin == nil ? 0 : 1) + (members[$0].salaryMax == nil ? 0 : 1) + (members[$0].salaryPeriod == nil ? 0 : 1) }) {
            merged.salaryMin = members[v].salaryMin
            merged.salaryMax = members[v].salaryMax
            merged.salaryPeriod = members[v].salaryPeriod
        }
        merged.contract = pick("contract", present: { members[$0].contract != nil }).flatMap { members[$0].contract }
        merged.schedule = pick("schedule", present: { members[$0].schedule != nil }).flatMap { members[$0].schedule }
        merged.education = pick("education", present: { members[$0].education != nil }).flatMap { members[$0].education }
        merged.url = pick("url", present: { members[$0].url != nil }).flatMap { members[$0].url }
        merged.description = pick("description", present: { members[$0].description != nil },
                                  completeness: { members[$0].description?.utf8.count ?? 0 }).flatMap { members[$0].description }

        for (field, index) in chosen where members[index].source != merged.primarySource {
            merged.provenance[field] = members[index].source
        }
        if members.count > 1 { merged.conflicts = conflicts(ranked, members, hashes) }
        return merged
    }

    /// Every signal some member has, in `SignalKind` order, with the evidence of the first member (in rank order)
    /// that has it; nil when none has any.
    static func signals(_ ranked: [Vacancy]) -> [WorkSignal]? {
        var found: [SignalKind: WorkSignal] = [:]
        for member in ranked {
            for signal in member.signals ?? [] where found[signal.signal] == nil { found[signal.signal] = signal }
        }
        return found.isEmpty ? nil : found.values.sorted { $0.signal < $1.signal }
    }

    /// Positions of the members, best first: priority, then most recent posting, then member key.
    private func rank(_ members: [Vacancy], _ keys: [RankKey]) -> [Int] {
        let memberKeys = members.map(Deduplicator.memberKey)
        return members.indices.sorted { a, b in
            if keys[a] != keys[b] { return keys[a] > keys[b] }
            return memberKeys[a] < memberKeys[b]
        }
    }

    /// Priority first, then recency ("yyyy-mm-dd" compares as text).
    private func rankKey(_ v: Vacancy) -> RankKey {
        RankKey(priority: settings.priority(of: v.source, publisher: v.publisher), posted: v.datePosted ?? "")
    }

    private struct RankKey: Comparable {
        var priority: Int
        var posted: String
        static func < (l: RankKey, r: RankKey) -> Bool { (l.priority, l.posted) < (r.priority, r.posted) }
    }

    /// Fields that should agree between postings of one vacancy, whether a member states one, when
    /// two values agree, and the value as shown; the members are taken in the `ranked` order, by
    /// position: passing a Vacancy to a check copied it, and the shown values are made only for a
    /// conflict.
    private func conflicts(_ ranked: [Int], _ members: [Vacancy], _ employerHashes: [UInt64?]) -> [FieldConflict] {
        typealias Check = (field: String, stated: (Int) -> Bool, agree: (Int, Int) -> Bool, value: (Int) -> String?)
        let checks: [Check] = [
            ("employer", { members[$0].publisher != .agency && members[$0].employer != nil },
             { employerHashes[$0] == employerHashes[$1] }, { members[$0].employer }),
            // Salaries agree when both ends match within 3% per month: "16,15 per hour" is "2800 per month".
            ("salary", { members[$0].salaryMin != nil || members[$0].salaryMax != nil },
             { Self.sameMonthlySalary(members[$0], members[$1]) },
             { Self.range(members[$0].salaryMin, members[$0].salaryMax, members[$0].salaryPeriod) }),
            ("hours", { members[$0].hoursMin != nil || members[$0].hoursMax != nil },
             { members[$0].hoursMin == members[$1].hoursMin && members[$0].hoursMax == members[$1].hoursMax },
             { Self.range(members[$0].hoursMin, members[$0].hoursMax, nil) }),
            ("closingDate", { members[$0].closingDate != nil }, { members[$0].closingDate == members[$1].closingDate },
             { members[$0].closingDate }),
            ("contract", { members[$0].contract != nil }, { members[$0].contract == members[$1].contract }, { members[$0].contract }),
            ("education", { members[$0].education != nil }, { members[$0].education == members[$1].education },
             { members[$0].education }),
        ]
        var result: [FieldConflict] = []
        for check in checks {
            let carriers = ranked.filter(check.stated)
            guard let first = carriers.first, carriers.dropFirst().contains(where: { !check.agree(first, $0) }) else { continue }
            let values = carriers
                .map { FieldConflict.Value(source: members[$0].source, sourceRecordId: members[$0].sourceRecordId,
                                           value: check.value($0) ?? "") }
                .sorted { ($0.source, $0.sourceRecordId) < ($1.source, $1.sourceRecordId) }
            result.append(FieldConflict(field: check.field, values: values))
        }
        return result
    }

    static func sameMonthlySalary(_ a: Vacancy, _ b: Vacancy) -> Bool {
        func monthly(_ v: Vacancy, _ value: Double?) -> Double? {
            value.map { FeatureExtractor.monthly($0, period: v.salaryPeriod) }
        }
        func close(_ x: Double?, _ y: Double?) -> Bool {
            guard let x, let y else { return x == nil && y == nil }
            return abs(x - y) <= 0.03 * max(x, y)
        }
        return close(monthly(a, a.salaryMin), monthly(b, b.salaryMin)) && close(monthly(a, a.salaryMax), monthly(b, b.salaryMax))
    }

    static func range(_ low: Double?, _ high: Double?, _ period: String?) -> String? {
        guard low != nil || high != nil else { return nil }
        func text(_ value: Double?) -> String {
            guard let value else { return "?" }
            return value == value.rounded() ? String(Int(value)) : String(value)
        }
        return text(low) + "-" + text(high) + (period.map { "/" + $0 } ?? "")
    }
}
