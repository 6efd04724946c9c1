import Foundation
import KaartenbakCore

/// One input of the file-based deduplication: normalised vacancies, one `Vacancy` as JSON per line.
public struct DedupeInput: Sendable, Equatable {
    public var source: String
    public var path: String
    /// The file's line count when the caller knows it (the normalise step counted them): the
    /// record arrays are then made once at their size rather than grown by doubling, which held the
    /// old and the new features array at once (700 MB at a million records).
    public var records: Int?

    public init(source: String, path: String, records: Int? = nil) {
        self.source = source
        self.path = path
        self.records = records
    }
}

/// One line of the entries file: a vacancy's id and its cluster (the shape the publish step reads).
public struct DedupedVacancy: Codable, Sendable, Equatable {
    public var id: String
    public var cluster: VacancyCluster

    public init(id: String, cluster: VacancyCluster) {
        self.id = id
        self.cluster = cluster
    }
}

/// Where a file-based deduplication writes, and what it may reuse from an earlier night.
public struct DedupeFiles: Sendable {
    /// The entries (lines of `DedupedVacancy` JSON, clusters in canonical order): this night's own
    /// file, with its `EntryIndex` beside it. Read them with `EntryLines`.
    public var entries: String
    /// The state for the next night.
    public var state: String
    /// An earlier night's state and its entries file, or nil for a full run.
    public var previousState: String?
    public var previousEntries: String?

    public init(entries: String, state: String, previousState: String? = nil, previousEntries: String? = nil) {
        self.entries = entries
        self.state = state
        self.previousState = previousState
        self.previousEntries = previousEntries
    }
}

/// What a file-based deduplication did.
public struct DedupeReport: Sendable {
    public var records = 0
    public var clusters = 0
    /// True when the previous night's state was used.
    public var incremental = false
    /// Why a full run was done ("no previous state", "other settings or program", ...).
    public var fullRunReason: String?
    /// Records read as JSON and featured tonight; the rest took their features from the state.
    public var extracted = 0
    /// Pairs scored (a pair met through two blocking keys counts twice).
    public var candidatePairs = 0
    /// Pairs of unchanged records not paired again because their verdicts are last night's (a pair
    /// met through two blocking keys counts twice).
    public var reusedPairs = 0
    public var edges = 0
    /// Entries that are last night's lines (same members, same lines, same id), referred to or copied.
    public var reusedEntries = 0
    /// Of those, the entries referred to where an earlier night wrote them rather than copied (see `EntryIndex`).
    public var referredEntries = 0
    public var assignment = IdentityAssignment(ids: [], isNew: [], merges: [], splits: [])
}

extension Deduplicator {
    /// The pipeline's dedupe stage: clusters the records of `inputs`, gives each cluster its id
    /// (`previousIds`: given the member keys of tonight's records that their source marks as reposts,
    /// member key → the id that record may take back; `previousFingerprints` and `usedIds`, see
    /// `IdentityResolver`; `usedIds` must hold every id `previousIds` gives)
    /// and writes the entries and the state for the next night.
    ///
    /// Memory holds compact features, not records: the inputs are read in blocks, and each cluster's
    /// members are read back by byte offset when it is merged. With a usable previous state,
    /// unchanged records (same content, see `LineHashes`) keep their features, pairs of unchanged
    /// records whose verdict cannot have changed keep it (see `EdgeReuse`), and unchanged clusters
    /// with the same id keep their entry line where an earlier night wrote it (`EntryIndex`). The
    /// entries read back (`EntryLines`) and the state are the same as a full run's.
    public func run(inputs: [DedupeInput], files: DedupeFiles,
                    previousIds: (_ reposted: Set<String>) -> [String: String] = { _ in [:] },
                    previousFingerprints: [String: String] = [:], usedIds: Set<String> = []) throws -> DedupeReport {
        // Each phase's wall and CPU seconds: on a shared machine the CPU time is the steadier figure.
        let clock = ContinuousClock()
        var phases: [(name: String, wall: Duration, cpu: Double)] = []
        var mark = (wall: clock.now, cpu: ProcessCPU.seconds())
        func phase(_ name: String) {
            let now = (wall: clock.now, cpu: ProcessCPU.seconds())
            phases.append((name, now.wall - mark.wall, now.cpu - mark.cpu))
            mark = now
        }
        defer {
            logger.debug("dedupe stage", metadata: .init(uniqueKeysWithValues: phases.map {
                ($0.name, .string("\($0.wall) (CPU \(($0.cpu * 100).rounded() / 100) s)"))
            }))
        }
        var report = DedupeReport()
        let fingerprint = DedupeState.fingerprint(settings: settings)
        var previous: DedupeState?
        if let path = files.previousState {
            // A damaged state costs a full run, not the night.
            switch (try? DedupeState.load(from: path, expecting: fingerprint, threads: Parallel.threadCount(settings.threads))) ?? .unusable("unreadable state at \(path)") {
            case .loaded(let state): previous = state
            case .unusable(let reason): report.fullRunReason = reason
            }
        } else {
            report.fullRunReason = "no previous state"
        }
        report.incremental = previous != nil
        phase("load-state")
        let sources = try DedupeInputFiles(inputs)
        // A hint only, and bounded by the bytes there are to read (no record line is as short as 32 bytes).
        let expected = inputs.allSatisfy { $0.records != nil }
            ? min(inputs.reduce(0) { $0 + ($1.records ?? 0) }, sources.files.reduce(0) { $0 + $1.size } / 32) : nil
        var records = try extract(sources, previous: previous, expected: expected)
        report.records = records.count
        report.extracted = records.prevIndex.lazy.filter { $0 < 0 }.count
        phase("extract")
        // Last night's features array becomes tonight's (`sortCanonically`); what the edge reuse needs
        // of it is kept aside first.
        var lastNight: [RecordFeatures] = []
        if previous != nil { swap(&lastNight, &previous!.features) }
        let lastNightMarks = previous.map { _ in LastNightFeatures(lastNight, prevIndex: records.prevIndex) }
        records.sortCanonically(threads: Parallel.threadCount(settings.threads), lastNight: &lastNight)
        Self.markTrustedEmployers(&records.features)
        Self.markCommonFacts(&records.features, threads: Parallel.threadCount(settings.threads))
        phase("sort")

        let reuse = previous.map { EdgeReuse(tonight: records, previous: $0, lastNight: lastNightMarks!) }
        // Only the hashes, clusters and ids are needed from here on.
        previous?.edges = []
        phase("reuse")
        let linked = link(records.features, reuse: reuse)
        phase("link")
        let groups = linked.groups
        report.candidatePairs = linked.stats.candidates
        report.reusedPairs = linked.stats.reused
        report.edges = linked.stats.edges
        report.clusters = groups.count

        let merger = Merger(settings: settings, employers: records.employers)
        let reader = MemberReader(files: sources.files, records: records)
        report.assignment = try IdentityResolver.assign(
            count: groups.count, previous: previousIds(records.reposted), previousFingerprints: previousFingerprints,
            usedIds: usedIds,
            memberKeys: { groups[$0].map { records.memberKeys[$0] } },
            clusterKey: { records.memberKeys[groups[$0][0]] },
            fingerprint: { IdentityResolver.fingerprint(of: merger.merge(try reader.members(groups[$0]),
                                                                         employerHashes: reader.employerHashes(groups[$0]))) })

        phase("identity")
        let previousEntries = previous.flatMap { state in
            files.previousEntries.flatMap { PreviousEntries(entries: $0, clusters: state.clusters.count) }
        }
        if previous != nil, previousEntries == nil {
            logger.notice("last night's entries are missing, unindexed or not its state's: every entry is written again",
                          metadata: ["entries": "\(files.previousEntries ?? "none")"])
        }
        var state = DedupeState(fingerprint: fingerprint)
        state.content = records.content
        state.memberKeys = records.memberKeys
        state.features = records.features
        state.edges = linked.edges
        state.cluster = [UInt32](repeating: 0, count: records.count)
        for (index, group) in groups.enumerated() { for member in group { state.cluster[member] = UInt32(index) } }
        state.clusters = groups.indices.map {
            DedupeState.Cluster(members: UInt32(groups[$0].count), id: report.assignment.ids[$0])
        }
        // The state is written on a thread of its own while the entries are merged: writing it is
        // one thread's work, and a night's entries leave the second core mostly idle.
        let stateWrite = Background { [state = UnsafeSendable(state), path = files.state] in try state.value.write(to: path) }
        let writer = EntryWriter(groups: groups, records: records, ids: report.assignment.ids, previous: previous,
                                 previousEntries: previousEntries, merger: merger, reader: reader,
                                 threads: Parallel.threadCount(settings.threads))
        let written: EntryWriter.Written
        do { written = try writer.write(to: files.entries) } catch {
            try? stateWrite.wait() // not left writing behind a failed stage
            throw error
        }
        report.reusedEntries = written.reused
        report.referredEntries = written.referred
        phase("entries")

        try stateWrite.wait()
        phase("write-state")
        return report
    }

    /// Reads every input record: hashes its line, and either takes its features from last night's state (same
    /// content) or decodes the line and extracts them. Records are in input order. An output with an index
    /// (`NormalisedLines`) gives each line's hash: only the lines of records the state does not know are read.
    private func extract(_ input: DedupeInputFiles, previous: DedupeState?, expected: Int?) throws -> ExtractedRecords {
        let threads = Parallel.threadCount(settings.threads)
        let extractor = FeatureExtractor(hashCount: settings.lshBands * settings.lshRows)
        var lookup = HashMap64<Int32>(capacity: previous?.content.count ?? 0, empty: -1)
        for (index, hash) in (previous?.content ?? []).enumerated() {
            // Two records with one content hash cannot be told apart: neither is reused.
            lookup.update(hash, initial: Int32(index)) { if $0 != Int32(index) { $0 = -1 } }
        }
        // A state record is reused by one record tonight at most (the same line twice is one reuse).
        var taken = [Bool](repeating: false, count: previous?.content.count ?? 0)
        var records = ExtractedRecords()
        // Tonight's count, or about last night's: growing the arrays by doubling copied and page-faulted
        // them several times over.
        records.reserveCapacity(expected ?? previous.map { $0.content.count + $0.content.count / 8 } ?? 0)
        // All are extracted on a full night; on others, those that changed (unknown until read).
        if previous == nil, let expected { records.extracted.reserveCapacity(expected) }
        var tables = FeatureExtractor.KeyTables()

        /// Appends one record; true when its line is to be decoded (its position is then `records.count - 1`).
        func place(_ ref: RecordRef, _ hashes: LineHashes, fresh: Int) -> Bool {
            let reused = lookup[hashes.content].flatMap { $0 >= 0 && !taken[Int($0)] ? Int($0) : nil }
            if let reused, let previous {
                taken[reused] = true
                // Its features are last night's, taken when the records are put in order.
                records.append(ref, hashes, key: previous.memberKeys[reused], prevIndex: Int32(reused))
                return false
            }
            // -1 - k: the k-th record extracted tonight (its features are `extracted[k]`).
            records.append(ref, hashes, key: "", prevIndex: Int32(-1 - (records.extracted.count + fresh)))
            return true
        }
        /// Decodes the lines `ranges` of `block` of the records at `positions` and extracts their features.
        func decode(_ ranges: [Range<Int>], of block: UnsafeRawBufferPointer, positions: [Int], path: String,
                    lineNumber: (Int) -> Int) throws {
            guard !ranges.isEmpty else { return }
            let decoded = try Self.decode(ranges, in: block, threads: threads, path: path, lineNumber: lineNumber)
            decoded.withUnsafeBufferPointer { tables.add($0, threads: threads) }
            let features = decoded.withUnsafeBufferPointer { buffer in
                let input = UnsafeSendable(buffer)
                return Parallel.map(buffer.count, threads: threads) { extractor.features(of: input.value[$0], tables: tables) }
            }
            for (index, position) in positions.enumerated() {
                records.memberKeys[position] = Self.memberKey(decoded[index])
                // Only a new or changed record can be a repost: an unchanged one was listed last night.
                if decoded[index].repost == true { records.reposted.insert(records.memberKeys[position]) }
            }
            records.extracted += features
        }

        for (inputIndex, (_, first)) in input.inputs.enumerated() {
            let file = input.files[first]
            guard let lines = try input.lines(inputIndex) else {
                try file.forEachBlock { block, ranges, offset, linesBefore in
                    let hashes = Parallel.map(ranges.count, threads: threads) { LineHashes(UnsafeRawBufferPointer(rebasing: block[ranges[$0]])) }
                    var fresh: [(line: Int, position: Int)] = []
                    for (index, range) in ranges.enumerated()
                    where place(RecordRef(file: first, offset: offset + range.lowerBound, length: range.count), hashes[index], fresh: fresh.count) {
                        fresh.append((index, records.count - 1))
                    }
                    try decode(fresh.map { ranges[$0.line] }, of: block, positions: fresh.map(\.position), path: file.path) { part in
                        // Only on an error: the line number for the message.
                        linesBefore + 1 + block[0..<ranges[fresh[part].line].lowerBound].lazy.filter { $0 == 0x0A }.count
                    }
                }
                continue
            }
            // In batches: the lines to decode are read into one block, at most a few megabytes.
            var start = 0
            while start < lines.count {
                let end = min(lines.count, start + 4096)
                var fresh: [(record: Int, position: Int)] = []
                for record in start..<end {
                    let ref = RecordRef(file: first + Int(lines.file[record]), offset: Int(lines.offset[record]), length: Int(lines.length[record]))
                    if place(ref, LineHashes(content: lines.content[record]), fresh: fresh.count) { fresh.append((record, records.count - 1)) }
                }
                var block: [UInt8] = []
                var ranges: [Range<Int>] = []
                for item in fresh {
                    let ref = records.refs[item.position]
                    ranges.append(block.count..<(block.count + Int(ref.length)))
                    block += try input.files[Int(ref.file)].read(offset: ref.offset, count: Int(ref.length))
                }
                try block.withUnsafeBytes { block in
                    try decode(ranges, of: block, positions: fresh.map(\.position), path: input.paths[inputIndex]) { part in fresh[part].record + 1 }
                }
                start = end
            }
        }
        records.employers = tables.employers
        return records
    }

    /// Decodes the given lines of `block` as vacancies, in parallel parts with one decoder each.
    static func decode(_ ranges: [Range<Int>], in block: UnsafeRawBufferPointer, threads: Int, path: String,
                       lineNumber: (Int) -> Int) throws -> [Vacancy] {
        let partSize = max(64, ranges.count / (threads * 4))
        let parts = (ranges.count + partSize - 1) / partSize
        let results = Parallel.map(parts, threads: threads) { part -> Result<[Vacancy], IndexedError> in
            let decoder = JSONDecoder()
            var values: [Vacancy] = []
            for index in (part * partSize)..<min(ranges.count, (part + 1) * partSize) {
                do {
                    // For features and keys only: placement and signals are read again with the records merged.
                    values.append(try VacancyLineDecoder.decode(UnsafeRawBufferPointer(rebasing: block[ranges[index]]), fallback: decoder,
                                                                withoutFindings: true))
                } catch {
                    return .failure(IndexedError(index: index, error: error))
                }
            }
            return .success(values)
        }
        var all: [Vacancy] = []
        all.reserveCapacity(ranges.count)
        for result in results {
            switch result {
            case .success(let values): all += values
            case .failure(let failure):
                throw KaartenbakError(.io, "bad normalised record: \(failure.error)",
                                      at: Location(file: path, line: lineNumber(failure.index)))
            }
        }
        return all
    }
}

/// The files dedupe reads: per input its normalised output and, for an output with an index (`NormalisedLines`),
/// the files that index refers to. A record's `RecordRef.file` is its file's number in `files`.
struct DedupeInputFiles {
    var files: [RecordFile] = []
    /// Per input: whether its output has an index, and the number in `files` of its file 0.
    var inputs: [(indexed: Bool, first: Int)] = []
    /// Per input: its output's path.
    var paths: [String] = []

    init(_ inputs: [DedupeInput]) throws {
        for input in inputs {
            // Its files only: the records are read, without their locations, when the input is extracted (held for
            // every input at once they were 80 MB of a changed 1M night's peak).
            let lines = try NormalisedLines.load(output: input.path, records: false)
            self.inputs.append((lines != nil, files.count))
            paths.append(input.path)
            for path in lines?.paths(output: input.path) ?? [input.path] { files.append(try RecordFile(path: path)) }
        }
    }

    /// The index of input `number`, without locations, or nil when its output has none.
    func lines(_ number: Int) throws -> NormalisedLines? {
        inputs[number].indexed ? try NormalisedLines.load(output: paths[number], locations: false) : nil
    }
}

struct IndexedError: Error {
    var index: Int
    var error: Error
}

/// Where a record's line is: input file, byte offset, length.
struct RecordRef: Sendable {
    var file: Int32
    var length: Int32
    var offset: Int

    init(file: Int, offset: Int, length: Int) {
        self.file = Int32(file)
        self.offset = offset
        self.length = Int32(length)
    }
}

/// The compact per-record data of a file-based run, one element per record in every array.
struct ExtractedRecords: Sendable {
    var refs: [RecordRef] = []
    var content: [UInt64] = []
    var memberKeys: [String] = []
    /// Per record in canonical order (made by `sortCanonically`).
    var features: [RecordFeatures] = []
    /// The features of the records extracted tonight, in input order, until `sortCanonically`.
    var extracted: [RecordFeatures] = []
    /// Position in last night's state of the record with the same content, or -1 (before
    /// `sortCanonically`: -1 - k for the k-th record extracted tonight).
    var prevIndex: [Int32] = []
    var employers: [String: FeatureExtractor.EmployerKeys] = [:]
    /// Member keys of the (new or changed) records their source marks as reposts.
    var reposted: Set<String> = []

    var count: Int { refs.count }

    mutating func reserveCapacity(_ count: Int) {
        refs.reserveCapacity(count)
        content.reserveCapacity(count)
        memberKeys.reserveCapacity(count)
        prevIndex.reserveCapacity(count)
    }

    mutating func append(_ ref: RecordRef, _ hashes: LineHashes, key: String, prevIndex p: Int32) {
        refs.append(ref)
        content.append(hashes.content)
        memberKeys.append(key)
        prevIndex.append(p)
    }

    /// Puts the records in canonical order: by member key, ties (the same record listed twice) by content.
    /// Makes `features`: a record carried over from last night gets them from `lastNight` (last
    /// night's state's features, whose array becomes tonight's and is left empty), the others from
    /// `extracted`, which is then emptied.
    mutating func sortCanonically(threads: Int, lastNight: inout [RecordFeatures]) {
        let order = canonicalOrder()
        func permute<T>(_ values: inout [T]) {
            let old = values
            values = Parallel.map(order.count, threads: threads) { old[order[$0]] }
        }
        let carried = prevIndex
        if extracted.count == count {
            // Every record extracted tonight (a full night): the features are put in order in place,
            // not gathered into a second array as large (464 MB at a million records). The night's
            // peak is later (linking, docs/night.md), so this lowers the sort's memory, not the peak.
            features = []
            swap(&features, &extracted)
            Self.permuteInPlace(&features, order: order)
            lastNight = []
        } else {
            let tonight = extracted
            extracted = []
            // In last night's array rather than gathered into a new one beside it (464 MB each at a million).
            Self.mergeInPlace(&lastNight, source: order.map { carried[$0] }, fresh: tonight)
            features = []
            swap(&features, &lastNight)
        }
        permute(&refs)
        permute(&content)
        permute(&memberKeys)
        prevIndex = order.map { max(-1, carried[$0]) }
    }

    /// Tonight's values made in last night's array `values`, as a gather would make them:
    /// `values[j]` becomes old `values[source[j]]` where `source[j] >= 0`, else `fresh[-1 - source[j]]`.
    /// The carried positions (`source[j] >= 0`) rise with `j`: carried records keep last night's order
    /// among themselves. So they are moved to the front in order (each moves down or stays), and then
    /// the two runs are merged from the back: the k carried values still to place are at
    /// `0..<k`, below the position written, so none is overwritten before it is read.
    static func mergeInPlace<T>(_ values: inout [T], source: [Int32], fresh: [T]) {
        var carried = 0
        for old in source where old >= 0 {
            precondition(Int(old) >= carried && Int(old) < values.count, "carried records out of last night's order")
            values[carried] = values[Int(old)]
            carried += 1
        }
        if source.count < values.count {
            values.removeLast(values.count - source.count)
        } else if source.count > values.count {
            // More records than last night: some are fresh, so there is a value to fill with.
            values.reserveCapacity(source.count)
            values.append(contentsOf: repeatElement(fresh[0], count: source.count - values.count))
        }
        var next = carried - 1
        for position in stride(from: source.count - 1, through: 0, by: -1) {
            if source[position] >= 0 {
                values[position] = values[next]
                next -= 1
            } else {
                values[position] = fresh[Int(-1 - source[position])]
            }
        }
    }

    /// Positions in canonical order. Records carried over from last night are in that order among
    /// themselves already (last night's state is in canonical order, and they keep its member keys and
    /// content hashes): only tonight's new and changed records are sorted, then the two runs merged.
    /// `values[j] = old values[order[j]]` for every `j`, following the permutation's cycles: one
    /// element is held aside per cycle, none copied twice.
    static func permuteInPlace<T>(_ values: inout [T], order: [Int]) {
        precondition(values.count == order.count)
        var done = [Bool](repeating: false, count: order.count)
        values.withUnsafeMutableBufferPointer { values in
            for start in values.indices where !done[start] {
                let held = values[start]
                var position = start
                while true {
                    done[position] = true
                    let from = order[position]
                    if from == start {
                        values[position] = held
                        break
                    }
                    values[position] = values[from]
                    position = from
                }
            }
        }
    }

    private func canonicalOrder() -> [Int] {
        func before(_ a: Int, _ b: Int) -> Bool {
            memberKeys[a] != memberKeys[b] ? memberKeys[a] < memberKeys[b] : content[a] < content[b]
        }
        var byLastNight = [Int32](repeating: -1, count: Int(prevIndex.max() ?? -1) + 1)
        var fresh: [Int] = []
        for (index, old) in prevIndex.enumerated() {
            if old >= 0 { byLastNight[Int(old)] = Int32(index) } else { fresh.append(index) }
        }
        let carried = byLastNight.lazy.filter { $0 >= 0 }.map { Int($0) }
        fresh.sort(by: before)
        var order: [Int] = []
        order.reserveCapacity(count)
        var next = fresh.startIndex
        for index in carried {
            // On a tie (the same line twice) the carried record, the first in input order, goes first.
            while next < fresh.endIndex, before(fresh[next], index) {
                order.append(fresh[next])
                next += 1
            }
            order.append(index)
        }
        order += fresh[next...]
        return order
    }
}

/// Reads a cluster's members back from the input files.
struct MemberReader: Sendable {
    let files: [RecordFile]
    let refs: [RecordRef]
    /// Each record's employer matching hash, from its features (0: absent or hidden).
    let employers: [UInt64]

    init(files: [RecordFile], records: ExtractedRecords) {
        self.files = files
        self.refs = records.refs
        self.employers = records.features.map(\.employer)
    }

    /// The records' employer hashes as `Merger.employerHash` gives them, for `Merger.merge`.
    func employerHashes(_ positions: [Int]) -> [UInt64?] {
        positions.map { employers[$0] == 0 ? nil : employers[$0] }
    }

    /// The records at these (canonical) positions.
    func members(_ positions: [Int]) throws -> [Vacancy] {
        try decode(try lines(positions), positions)
    }

    /// The records' NDJSON lines, as they are in the input.
    func lines(_ positions: [Int]) throws -> [[UInt8]] {
        try positions.map { position in
            let ref = refs[position]
            return try files[Int(ref.file)].read(offset: ref.offset, count: Int(ref.length))
        }
    }

    func decode(_ lines: [[UInt8]], _ positions: [Int]) throws -> [Vacancy] {
        let decoder = JSONDecoder()
        return try zip(lines, positions).map { line, position in
            do {
                return try line.withUnsafeBytes { try VacancyLineDecoder.decode($0, fallback: decoder) }
            } catch {
                let ref = refs[position]
                throw KaartenbakError(.io, "bad normalised record at byte \(ref.offset): \(error)",
                                      at: Location(file: files[Int(ref.file)].path))
            }
        }
    }
}
