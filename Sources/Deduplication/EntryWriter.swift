#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KaartenbakCore

/// Last night's entries, for tonight to refer to or copy: its index, folder and open files.
struct PreviousEntries: Sendable {
    let index: EntryIndex
    let folder: String
    let files: [RecordFile]
    /// Each file's size in bytes.
    let sizes: [UInt64]

    /// Last night's entries at `path` (its entries file), or nil when they cannot be used: no index
    /// (written before indexes were), a file missing, or not one entry per cluster of `clusters`.
    init?(entries path: String, clusters: Int) {
        // An index without digests (written before they were) is not built on: tonight writes every entry.
        guard let loaded = try? EntryIndex.load(from: EntryIndex.path(forEntries: path)), loaded.count == clusters,
              loaded.hasDigests else { return nil }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard let files = try? loaded.files.map({ try RecordFile(path: folder + "/" + $0.name) }) else { return nil }
        var sizes: [UInt64] = []
        for file in files {
            var info = stat()
            guard fstat(file.descriptor, &info) == 0 else { return nil }
            sizes.append(UInt64(info.st_size))
        }
        index = loaded
        self.folder = folder
        self.files = files
        self.sizes = sizes
    }
}

/// Writes a night's entries: clusters in order, in parallel batches. Each entry is merged from its
/// members, or, when the cluster is unchanged (same members with the same content, same id), is last
/// night's line: referred to where it is (its file linked into tonight's folder) or copied into
/// tonight's file. A file of last night's is referred to while at least half its bytes are still
/// entries of tonight, so that the lines no night uses any more take at most as much room as the
/// live ones; below that its live lines are copied and the file is left behind (see `EntryIndex`).
struct EntryWriter {
    let groups: [[Int]]
    let records: ExtractedRecords
    let ids: [String]
    let previous: DedupeState?
    let previousEntries: PreviousEntries?
    let merger: Merger
    let reader: MemberReader
    let threads: Int

    struct Written {
        var index = EntryIndex(files: [])
        /// Entries that are last night's lines (referred to or copied).
        var reused = 0
        /// Of those, the entries referred to in last night's files rather than copied.
        var referred = 0
    }

    func write(to path: String) throws -> Written {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let output = try NDJSONWriter<DedupedVacancy>(path: path)
        var written = Written()
        written.index = EntryIndex(files: [.init(tag: UInt64.random(in: 1...UInt64.max), name: URL(fileURLWithPath: path).lastPathComponent)])
        written.index.file.reserveCapacity(groups.count)
        written.index.offset.reserveCapacity(groups.count)
        written.index.length.reserveCapacity(groups.count)
        // Last night's cluster whose entry line is tonight's, per cluster, else -1.
        let copied = Parallel.map(groups.count, threads: threads) { reusableEntry($0) }
        // Last night's digest per id, to tell the catalogue which vacancies are unchanged.
        var lastDigest: [String: UInt64] = [:]
        if let previousEntries {
            lastDigest.reserveCapacity(previousEntries.index.count)
            for (id, digest) in zip(previousEntries.index.ids, previousEntries.index.digests) { lastDigest[id] = digest }
        }
        // Tonight's file number of each of last night's files, or -1 where its lines are copied.
        let target = linkFiles(copied: copied, into: folder, index: &written.index)
        var offset: UInt64 = 0
        var copy = LineRun(), check = LineRun()
        var referredRuns: [LineRun] = [] // checked after the loop (`checkReferred`)
        let batch = 4096
        for start in stride(from: 0, to: groups.count, by: batch) {
            let end = min(groups.count, start + batch)
            let lines = Parallel.map(end - start, threads: threads) { index -> Result<(bytes: [UInt8], digest: UInt64), Error>? in
                copied[start + index] >= 0 ? nil : Result { try entry(start + index) }
            }
            for (index, line) in lines.enumerated() {
                let id = ids[start + index]
                if let line {
                    try copy.flush(from: previousEntries, to: output)
                    let (bytes, digest) = try line.get()
                    try output.append(encodedLine: bytes)
                    written.index.append(file: 0, offset: offset, length: bytes.count, id: id, digest: digest,
                                         unchanged: lastDigest[id] == digest)
                    offset += UInt64(bytes.count + 1)
                    continue
                }
                guard let previousEntries else { continue } // not reached: entries are reused only with last night's
                let cluster = Int(copied[start + index])
                let place = (file: Int(previousEntries.index.file[cluster]), offset: previousEntries.index.offset[cluster],
                             length: previousEntries.index.length[cluster])
                // The same line with the same id: the same digest, unchanged.
                let digest = previousEntries.index.digests[cluster]
                written.reused += 1
                if target[place.file] >= 0 {
                    written.index.append(file: target[place.file], offset: place.offset, length: Int(place.length),
                                         id: id, digest: digest, unchanged: true)
                    written.referred += 1
                    if !check.extend(place) {
                        referredRuns.append(check)
                        check = LineRun()
                        check.extend(place)
                    }
                } else {
                    // Copied entries are consecutive lines of last night's file as long as their
                    // clusters are consecutive there: copied as one run.
                    if !copy.extend(place) {
                        try copy.flush(from: previousEntries, to: output)
                        copy.extend(place)
                    }
                    written.index.append(file: 0, offset: offset, length: Int(place.length), id: id, digest: digest, unchanged: true)
                    offset += UInt64(place.length) + 1
                }
            }
        }
        try copy.flush(from: previousEntries, to: output)
        if check.lines > 0 { referredRuns.append(check) }
        try Self.checkReferred(referredRuns, in: previousEntries)
        try output.finish()
        try written.index.write(to: EntryIndex.path(forEntries: path))
        Self.removeUnlisted(in: folder, keeping: Set(written.index.files.map(\.name)))
        try DurableFiles.fsync(path: folder)
        return written
    }

    /// Links into `folder` the files of last night that tonight will refer to: those at least half
    /// of whose bytes are tonight's entries, most used first, up to `EntryIndex.maximumFiles`. Adds
    /// them to `index` and returns, per file of last night, its number tonight or -1 (copied).
    private func linkFiles(copied: [Int32], into folder: String, index: inout EntryIndex) -> [Int] {
        guard let previousEntries else { return [] }
        let files = previousEntries.index.files
        var live = [UInt64](repeating: 0, count: files.count)
        for cluster in copied where cluster >= 0 {
            live[Int(previousEntries.index.file[Int(cluster)])] += UInt64(previousEntries.index.length[Int(cluster)]) + 1
        }
        var target = [Int](repeating: -1, count: files.count)
        for file in files.indices.sorted(by: { live[$0] > live[$1] }) where live[file] > 0 && live[file] * 2 >= previousEntries.sizes[file] {
            guard index.files.count < EntryIndex.maximumFiles else { break }
            let name = EntryIndex.linkedName(files[file].tag)
            let source = previousEntries.folder + "/" + files[file].name, destination = folder + "/" + name
            // Written into last night's own folder, a file linked there before is already in place. A
            // rerun of the night finds its links there already; another file system refuses: copied.
            if source != destination {
                unlink(destination)
                guard link(source, destination) == 0 else { continue }
            }
            target[file] = index.files.count
            index.files.append(.init(tag: files[file].tag, name: name))
        }
        return target
    }

    /// Removes linked entries files an earlier attempt of this night left that the index does not list.
    private static func removeUnlisted(in folder: String, keeping names: Set<String>) {
        let present = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in present where name.hasPrefix("entries-") && name.hasSuffix(".ndjson") && !names.contains(name) {
            unlink(folder + "/" + name)
        }
    }

    /// How many of the runs tonight refers to in one of last night's files have their last byte read.
    static let checkedRunsPerFile = 64

    /// Checks the runs of last night's lines that tonight refers to: each lies within its file, and in
    /// each file up to `checkedRunsPerFile` of them, spread over it and its last among them, end in
    /// a newline. A file that is not the one its index was written for (rewritten by a rerun that
    /// did not get to write the index, say) fails that sample all but surely: a run's end falls on
    /// a newline by chance about once per entry length. Reading every run's end (tens of thousands on
    /// a 5%-changed night at a million records) read last night's file at as many random places,
    /// mostly from disk a day after it was written: seconds of the night. Publish reads every line
    /// referred to and fails on one that is not where the index says (`EntryLines`).
    private static func checkReferred(_ runs: [LineRun], in entries: PreviousEntries?) throws {
        guard let entries else { return }
        var byFile = [[LineRun]](repeating: [], count: entries.files.count)
        for run in runs { byFile[run.file].append(run) }
        for runs in byFile where !runs.isEmpty {
            for run in runs { try run.checkBounds(in: entries) }
            let step = (runs.count + checkedRunsPerFile - 1) / checkedRunsPerFile
            for index in stride(from: 0, to: runs.count, by: step) { try runs[index].checkLastByte(in: entries) }
            if (runs.count - 1) % step != 0 { try runs[runs.count - 1].checkLastByte(in: entries) }
        }
    }

    /// A stretch of consecutive lines of one of last night's files, each with its newline: copied
    /// into tonight's file, or only checked where tonight refers to it.
    private struct LineRun {
        var file = 0
        var offset: UInt64 = 0
        var length: UInt64 = 0
        var lines = 0
        /// Copies at most this much at once, so that the writer starts the disk writeback of what
        /// was copied (every 32 MB) while the copying goes on.
        static let maxBytes: UInt64 = 32 << 20

        /// Adds the line if it follows the run directly in the same file; false otherwise.
        @discardableResult
        mutating func extend(_ place: (file: Int, offset: UInt64, length: UInt32)) -> Bool {
            if lines == 0 {
                (file, offset) = (place.file, place.offset)
            } else if place.file != file || offset + length != place.offset || length >= Self.maxBytes {
                return false
            }
            length += UInt64(place.length) + 1
            lines += 1
            return true
        }

        /// Checks the run and copies it into `output`.
        mutating func flush(from entries: PreviousEntries?, to output: NDJSONWriter<DedupedVacancy>) throws {
            guard lines > 0, let entries else { return }
            try checkBounds(in: entries)
            try checkLastByte(in: entries)
            let source = entries.files[file]
            try output.append(copying: Int(length), from: source.descriptor, at: Int(offset), lines: lines, sourcePath: source.path)
            self = LineRun()
        }

        /// Throws unless the run lies within its file.
        func checkBounds(in entries: PreviousEntries) throws {
            guard offset + length <= entries.sizes[file] else { throw Self.mismatch(entries.files[file]) }
        }

        /// Throws unless the run ends in a newline: every entry line was written with one, so a run
        /// not ending in one is not where the index says.
        func checkLastByte(in entries: PreviousEntries) throws {
            let source = entries.files[file]
            guard try source.read(offset: Int(offset + length) - 1, count: 1) == [0x0A] else { throw Self.mismatch(source) }
        }

        private static func mismatch(_ source: RecordFile) -> KaartenbakError {
            KaartenbakError(.io, "last night's entries file does not match its index", at: Location(file: source.path))
        }
    }

    /// Last night's cluster whose entry line is tonight's entry for cluster `index`, else -1: the
    /// same members by content and the same id. An entry holds its members without their feed
    /// locations, and merging depends on content alone, so records that only moved in their feeds
    /// (a record above them came or went, as on most nights most do) keep last night's line.
    private func reusableEntry(_ index: Int) -> Int32 {
        guard let previous, previousEntries != nil, let cluster = sameContentCluster(groups[index], previous),
              previous.clusters[cluster].id == ids[index] else { return -1 }
        return Int32(cluster)
    }

    /// Last night's cluster with exactly these members by content (their lines may differ), if any.
    private func sameContentCluster(_ group: [Int], _ previous: DedupeState) -> Int? {
        var cluster: Int?
        for position in group {
            let old = Int(records.prevIndex[position])
            guard old >= 0 else { return nil }
            let oldCluster = Int(previous.cluster[old])
            guard cluster == nil || cluster == oldCluster else { return nil }
            cluster = oldCluster
        }
        guard let cluster, previous.clusters[cluster].members == UInt32(group.count) else { return nil }
        return cluster
    }

    /// The entry line of cluster `index`, merged from its members, and its digest (see `EntryIndex`).
    private func entry(_ index: Int) throws -> (bytes: [UInt8], digest: UInt64) {
        let group = groups[index]
        let lines = try reader.lines(group)
        let members = try reader.decode(lines, group)
        let merged = MergedVacancyJSON.encode(merger.merge(members, employerHashes: reader.employerHashes(group)))
        var digest = merged.withUnsafeBytes { LineHashes.hash($0, seed: 0x5EED_CA7A) }
        for text in [ids[index], records.memberKeys[group[0]]] {
            digest = Array(text.utf8).withUnsafeBytes { LineHashes.hash($0, seed: digest) }
        }
        for position in group { digest = TextKeys.mix(digest ^ records.content[position]) &+ 0x9E37_79B9_7F4A_7C15 }
        // The members are spliced in as read, less their texts and locations, rather than encoded
        // again (the costliest part): this is what encoding `DedupedVacancy(id:cluster:)` with those
        // left out gives, keys sorted, since the normalise stage wrote the lines with the same
        // encoder settings.
        var bytes = Array(#"{"cluster":{"key":"#.utf8) + Self.jsonString(records.memberKeys[group[0]])
        bytes += #","members":["#.utf8
        for (index, line) in lines.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.appendMemberLine(line, to: &bytes)
        }
        bytes += #"],"merged":"#.utf8
        bytes += merged
        bytes += #"},"id":"#.utf8
        bytes += Self.jsonString(ids[index])
        bytes.append(UInt8(ascii: "}"))
        return (bytes, digest)
    }

    /// A member's normalised line as its entry holds it: without `description` and
    /// `descriptionHTML`, and with an empty `location`. The merged record keeps the description the
    /// catalogue publishes, each member's full record stays in its normalised file (where merging
    /// reads it), and nothing reads these from the entries: the texts were two thirds of the
    /// entries' bytes, written by dedupe and read by publish every night, and without the location
    /// an entry depends on its members' content alone, so records that only moved in their feeds
    /// keep last night's entry. A line this cannot walk is kept whole (readers take both).
    static func appendMemberLine(_ line: [UInt8], to out: inout [UInt8]) {
        /// What is kept of each member of the object: all of it, or its key with an empty string.
        let kept: [(member: Range<Int>, keyOnly: Range<Int>?)]? = line.withUnsafeBytes { raw in
            var reader = JSONLineReader(raw)
            guard reader.take(UInt8(ascii: "{")) else { return nil }
            var kept: [(member: Range<Int>, keyOnly: Range<Int>?)] = []
            if reader.take(UInt8(ascii: "}")) { return kept }
            repeat {
                reader.skipSpace()
                let start = reader.index
                guard let key = reader.rawKey(), reader.take(UInt8(ascii: ":")) else { return nil }
                reader.skipSpace()
                let valueStart = reader.index
                guard reader.peek() == UInt8(ascii: "\"") ? reader.skipString() : reader.skipValue() else { return nil }
                if key.elementsEqual(Self.locationKey) {
                    kept.append((start..<reader.index, start..<valueStart))
                } else if !Self.textKeys.contains(where: { key.elementsEqual($0) }) {
                    kept.append((start..<reader.index, nil))
                }
            } while reader.take(UInt8(ascii: ","))
            guard reader.take(UInt8(ascii: "}")), reader.atEnd() else { return nil }
            return kept
        }
        guard let kept else { return out += line }
        out.append(UInt8(ascii: "{"))
        for (index, member) in kept.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            if let keyOnly = member.keyOnly {
                out += line[keyOnly]
                out += [UInt8(ascii: "\""), UInt8(ascii: "\"")]
            } else {
                out += line[member.member]
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    private static let textKeys = ["description", "descriptionHTML"].map { Array($0.utf8) }
    private static let locationKey = Array("location".utf8)

    /// A JSON string literal, escaped as the encoder escapes it.
    static func jsonString(_ text: String) -> [UInt8] {
        var out = JSONBytes()
        out.string(text)
        return out.bytes
    }
}

