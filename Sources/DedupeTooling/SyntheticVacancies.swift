import Deduplication
import KaartenbakCore

/// Deterministic random numbers (SplitMix64): the same seed gives the same sequence everywhere.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return TextKeys.mix(state &- 0x9E37_79B9_7F4A_7C15)
    }
}

/// Synthetic, labelled vacancy records for evaluation and benchmarks: realistic Dutch titles with
/// their variants (the chauffeur family among them), postings copied by the public employment service,
/// rewritten by agencies that hide the employer, shortened by job boards, one job posted for several
/// towns, reposts after closing, big employers with many different jobs.
///
/// Everything is derived from the seed and the vacancy's number, so the same settings give the same
/// records, in the same order, on any machine and with any number of threads.
public struct SyntheticVacancies: Sendable {
    public struct Settings: Sendable {
        /// Number of sources (at least 2): an employer-sites source, the public employment service,
        /// agencies and a job board, in that order of inclusion.
        public var sources = 5
        /// Share of records that duplicate another record (0..<1).
        public var duplicateRate = 0.5
        public var seed: UInt64 = 1
        /// First posting date and the span over which postings spread.
        public var startDay = "2026-09-01"
        public var spanDays = 90
        /// Share of vacancies posted for several towns at once, and share reposted after closing.
        public var multiCityRate = 0.02
        public var repostRate = 0.03
        /// Size of the data set the world is scaled for (see `World`); 0: the records asked for.
        public var worldRecords = 0
        public init() {}
    }

    /// The part of the Netherlands and the stretch of time a set of `records` records covers.
    ///
    /// The country produces about `nationalRecordsPerDay` postings a day (≈1.1 M vacancies a year,
    /// each posted about twice across sources). A small set is one region over `Settings.spanDays`;
    /// a bigger one covers more municipalities (60 → 340) over the same span, and beyond the whole
    /// country's output in that span it covers more days. So the density of vacancies per town and
    /// day stays what it is in reality, while employers (8 jobs each), towns and days grow with N.
    public struct World: Sendable, Equatable {
        public var towns: Int
        public var spanDays: Int

        public static let nationalRecordsPerDay = 6000
        public static let minimumTowns = 60

        public init(records: Int, spanDays: Int) {
            let perSpan = Double(Self.nationalRecordsPerDay * max(1, spanDays))
            let share = Double(max(0, records)) / perSpan
            self.towns = min(Catalog.countryTowns, max(Self.minimumTowns, Int((share * Double(Catalog.countryTowns)).rounded())))
            self.spanDays = max(spanDays, Int((Double(records) / Double(Self.nationalRecordsPerDay)).rounded(.up)))
        }
    }

    /// A generated record and the id of the real vacancy it belongs to.
    public struct Output: Sendable {
        public var records: [Vacancy]
        public var truth: [String]
    }

    public let settings: Settings
    let sources: [(name: String, publisher: PublisherKind)]
    /// The world for `settings.worldRecords` (set by `records(count:)` and `generate(vacancies:)`).
    public var world: World { World(records: settings.worldRecords, spanDays: settings.spanDays) }

    public init(settings: Settings) {
        self.settings = settings
        let all: [(String, PublisherKind)] = [
            ("werkgevers", .employer), ("uwv", .publicEmploymentService), ("uitzend-a", .agency),
            ("vacaturebank", .jobBoard), ("uitzend-b", .agency), ("gemeenten", .municipality),
        ]
        var list = Array(all.prefix(max(2, settings.sources)))
        while list.count < settings.sources { list.append(("uitzend-\(list.count)", .agency)) }
        sources = list.map { (name: $0.0, publisher: $0.1) }
    }

    /// Exactly `count` records (the last vacancy may lose some of its copies).
    public func records(count: Int, threads: Int = 0) -> Output {
        var vacancies = max(1, Int(Double(count) / recordsPerVacancy))
        var scaled = settings
        if scaled.worldRecords == 0 { scaled.worldRecords = count }
        let generator = SyntheticVacancies(settings: scaled)
        while true {
            var output = generator.generate(vacancies: vacancies, threads: threads)
            if output.records.count >= count {
                output.records.removeLast(output.records.count - count)
                output.truth.removeLast(output.truth.count - count)
                return output
            }
            vacancies = vacancies + max(16, (count - output.records.count) / 2)
        }
    }

    /// The sources records are written for, in the generator's order.
    public var sourceList: [(name: String, publisher: PublisherKind)] { sources }

    /// Streams the records of vacancies 0, 1, 2, … to `body` in order (with the id of the real
    /// vacancy each belongs to), `vacancies` of them or until `body` returns false. Vacancies are
    /// generated a chunk at a time on all threads, so memory stays bounded however many are asked;
    /// the records are those, in the order, of `generate(vacancies:)` and `records(count:)` with the
    /// same world (`settings.worldRecords`, which must be set).
    public func stream(vacancies: Int = .max, threads: Int = 0, chunk: Int = 4096,
                       _ body: (Vacancy, String) throws -> Bool) rethrows {
        precondition(settings.worldRecords > 0, "stream needs the world's size")
        var start = 0
        while start < vacancies {
            let count = min(chunk, vacancies - start)
            let parts = Parallel.map(count, threads: Parallel.threadCount(threads)) { vacancy(number: start + $0) }
            for part in parts {
                for (record, truth) in part where try !body(record, truth) { return }
            }
            start += count
        }
    }

    /// This generator with its world scaled for `records` records (unless the settings already name one).
    public func scaled(forRecords records: Int) -> SyntheticVacancies {
        guard settings.worldRecords == 0 else { return self }
        var scaled = settings
        scaled.worldRecords = records
        return SyntheticVacancies(settings: scaled)
    }

    /// Records per base vacancy, on average (copies, multi-town jobs and reposts).
    public var expectedRecordsPerVacancy: Double { recordsPerVacancy }

    /// All records of `vacancies` base vacancies (more real vacancies when some are multi-town).
    public func generate(vacancies: Int, threads: Int = 0) -> Output {
        if settings.worldRecords == 0 {
            var scaled = settings
            scaled.worldRecords = Int(Double(vacancies) * recordsPerVacancy)
            return SyntheticVacancies(settings: scaled).generate(vacancies: vacancies, threads: threads)
        }
        let parts = Parallel.map(vacancies, threads: Parallel.threadCount(threads)) { vacancy(number: $0) }
        var output = Output(records: [], truth: [])
        output.records.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        output.truth.reserveCapacity(output.records.capacity)
        for part in parts {
            for (record, truth) in part {
                output.records.append(record)
                output.truth.append(truth)
            }
        }
        return output
    }

    /// Expected records per base vacancy (duplicates and multi-town jobs).
    var recordsPerVacancy: Double {
        1 / (1 - min(0.95, max(0, settings.duplicateRate))) * (1 + settings.multiCityRate * 10)
    }

    // MARK: one vacancy

    /// The facts of one real vacancy, before any source writes them up.
    struct Job {
        var number: Int
        var family: Catalog.Family
        var specialty: String?
        var employer: Catalog.Employer
        var place: Catalog.Place
        var postcode: String
        var posted: Int
        var closing: Int?
        var hours: (Double, Double)
        var salary: (Double, Double)
        var contract: String
        var facts: [String]
        var truth: String
    }

    func vacancy(number: Int) -> [(Vacancy, String)] {
        var rng = SeededGenerator(seed: TextKeys.mix(settings.seed &* 0x1000_0000_01B3 ^ UInt64(number)))
        // Each employer has `jobsPerEmployer` consecutive vacancies, all in different occupations: an
        // employer with two identical jobs in one town in one quarter is one vacancy in practice, and
        // a truth that says otherwise would measure noise.
        let employerNumber = number / Self.jobsPerEmployer
        let slot = number % Self.jobsPerEmployer
        let familyIndex = (Int(TextKeys.mix(UInt64(employerNumber) ^ settings.seed) % 1000) + slot * 7) % Catalog.families.count
        let family = Catalog.families[familyIndex]
        let world = self.world
        let employer = Catalog.employer(employerNumber, towns: world.towns)
        let place = rng.unit() < 0.7 ? employer.home : Catalog.places[Int(pow2(rng.unit()) * Double(world.towns))]
        let start = Int(ISODay.number(settings.startDay) ?? 20_000)
        let posted = start + Int(rng.next() % UInt64(max(1, world.spanDays)))
        let base = family.salary.0 * (0.9 + 0.25 * rng.unit())
        var job = Job(
            number: number, family: family,
            specialty: family.specialties.isEmpty ? nil : family.specialties[Int(rng.next() % UInt64(family.specialties.count))],
            employer: employer, place: place, postcode: Catalog.postcode(place, &rng), posted: posted,
            closing: rng.unit() < 0.5 ? posted + 28 : nil,
            hours: family.hours[Int(rng.next() % UInt64(family.hours.count))],
            salary: ((base / 10).rounded() * 10, (base * family.salary.1 / family.salary.0 / 10).rounded() * 10),
            contract: ["permanent", "temporary", "temporary"][Int(rng.next() % 3)], facts: [],
            truth: "t\(number)")
        job.facts = Catalog.facts(job, &rng)

        var out: [(Vacancy, String)] = []
        if rng.unit() < settings.multiCityRate {
            // One job for many towns: a vacancy per town, each with its own copies.
            let towns = 3 + Int(rng.next() % 28)
            for town in 0..<towns {
                var local = job
                let first = Catalog.places.firstIndex { $0.name == place.name } ?? 0
                local.place = Catalog.places[(first + town) % world.towns]
                local.postcode = Catalog.postcode(local.place, &rng)
                local.truth = "t\(number)-\(town)"
                out += postings(local, &rng)
            }
            return out
        }
        out += postings(job, &rng)
        if rng.unit() < settings.repostRate {
            var repost = job
            repost.posted = posted + world.spanDays + 30 + Int(rng.next() % 60)
            repost.closing = repost.posted + 28
            repost.truth = "t\(number)-r"
            out += postings(repost, &rng)
        }
        return out
    }

    /// The records of one job: the first source, then copies while the dice say "duplicate".
    func postings(_ job: Job, _ rng: inout SeededGenerator) -> [(Vacancy, String)] {
        var order = Array(sources.indices)
        order.shuffle(using: &rng)
        // Most jobs start at the employer's own site when there is one.
        if let site = order.firstIndex(where: { sources[$0].publisher == .employer }), rng.unit() < 0.7 {
            order.swapAt(0, site)
        }
        var result: [(Vacancy, String)] = []
        for (position, source) in order.enumerated() {
            if position > 0 && rng.unit() >= settings.duplicateRate { break }
            result.append((Catalog.write(job, source: sources[source], copy: position, &rng), job.truth))
        }
        return result
    }

    private func pow2(_ x: Double) -> Double { x * x }

    /// Vacancies per employer (each in another occupation).
    static let jobsPerEmployer = 8
}

extension SeededGenerator {
    /// Uniform in 0..<1.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
}
