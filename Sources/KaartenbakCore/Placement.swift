/// Where a vacancy is: its municipality, province and labour-market region, and what they were read from
/// (`Geography.placement`).
public struct Placement: Codable, Sendable, Equatable {
    /// Which of the record's fields the placement rests on.
    public enum Basis: String, Codable, Sendable, CaseIterable {
        /// The four digits of the postcode.
        case postcode
        /// The place name (or a municipality's own name), found in one municipality.
        case place
        /// A place name found in several municipalities, decided by the source's region.
        case placeInSourceRegion = "place_in_source_region"
        /// Neither postcode nor place told: the region is the source's, from its definition.
        case sourceRegion = "source_region"
        /// Nothing to go on; `note` says why.
        case unresolved
    }

    /// CBS municipality code ("0758").
    public var municipalityCode: String?
    public var municipality: String?
    public var province: String?
    /// The labour-market region's number (1-35, the UWV decree's annex).
    public var regionNumber: Int?
    /// The labour-market region's name; with basis `sourceRegion` and no number, the source's own text.
    public var region: String?
    public var basis: Basis
    /// Why a field is empty, or how a doubt was settled ("place 'Nes' is in 3 municipalities: ...").
    public var note: String?

    public init(municipalityCode: String? = nil, municipality: String? = nil, province: String? = nil,
                regionNumber: Int? = nil, region: String? = nil, basis: Basis, note: String? = nil) {
        self.municipalityCode = municipalityCode
        self.municipality = municipality
        self.province = province
        self.regionNumber = regionNumber
        self.region = region
        self.basis = basis
        self.note = note
    }

    /// How specific the placement is, for choosing among a cluster's members: a municipality beats a
    /// region alone, and a postcode beats a place name.
    public var rank: Int {
        let found = municipalityCode != nil ? 10 : (regionNumber != nil ? 5 : (region != nil ? 1 : 0))
        let basisRank = switch basis {
        case .postcode: 3
        case .place: 2
        case .placeInSourceRegion: 1
        case .sourceRegion, .unresolved: 0
        }
        return found + basisRank
    }
}

/// Who a job is open to: the inclusive-work signals (`InclusiveWork.SignalScanner`).
public enum SignalKind: String, Codable, Sendable, CaseIterable, Comparable {
    /// Open to Banenafspraak or participation candidates (doelgroepregister, participatiewet, Wajong, beschut werk).
    case participation
    /// Learning while working: BBL, leerwerkbaan, werkervaringsplaats.
    case learnWhileWorking = "learn_while_working"
    case noDiploma = "no_diploma"
    case noExperience = "no_experience"
    /// Part-time or flexible hours.
    case flexibleHours = "flexible_hours"
    /// Dutch is not required (an ad in English, or one that says so).
    case dutchNotRequired = "dutch_not_required"

    /// The Dutch label readers see.
    public var label: String {
        switch self {
        case .participation: "Banenafspraak en participatie"
        case .learnWhileWorking: "Leren en werken"
        case .noDiploma: "Geen diploma nodig"
        case .noExperience: "Geen ervaring nodig"
        case .flexibleHours: "Deeltijd of flexibele uren"
        case .dutchNotRequired: "Nederlands niet vereist"
        }
    }

    public static func < (lhs: SignalKind, rhs: SignalKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One signal found in an ad, with the evidence a person can check.
public struct WorkSignal: Codable, Sendable, Equatable {
    public var signal: SignalKind
    /// A readable reason: the words found and where ("description: 'ook zonder diploma welkom'").
    public var evidence: String

    public init(_ signal: SignalKind, evidence: String) {
        self.signal = signal
        self.evidence = evidence
    }
}
