import ArgumentParser
import DedupeTooling
import Deduplication
import Catalogue
import Foundation

import KaartenbakCore
import Logging

/// `kaartenbak generate`: deterministic synthetic vacancies with ground truth.
public struct GenerateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write deterministic synthetic vacancy records with ground truth for evaluation and benchmarks.",
        discussion: """
        Writes into --out: vacancies.ndjson (normalised Vacancy records, one per line), labelled.ndjson \
        (the same records with a "cluster" truth label: input for `kaartenbak dedupe --evaluate`) and \
        truth.tsv (source, source record id, cluster). With --formats xml, csv or json (comma-separated, taken \
        in turn per source) it also writes each source's records as a raw feed under feeds/ and a \
        pipeline.yaml that reads them, for a whole-pipeline run: `kaartenbak run --pipeline OUT/pipeline.yaml`, \
        then `kaartenbak dedupe --catalogue DATA/catalogue.sqlite --truth OUT/truth.tsv`. The same options \
        give the same bytes.
        """)

    @Option(help: """
        Number of jobs to generate. Each is posted by one or more sources (--duplicate-rate); about 2% are \
        posted for several towns (one vacancy per town) and 3% reposted later, so truth.tsv names about 1.4 \
        times as many real vacancies.
        """) var vacancies: Int = 1000
    @Option(help: "Instead of --vacancies: exactly this many records (source postings), as the benchmarks use.")
    var records: Int?
    @Option(help: "Number of sources (2 or more).") var sources: Int = 5
    @Option(help: "Share of records that duplicate another record (0 to 0.95).") var duplicateRate: Double = 0.5
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Output directory (created when missing).") var out: String
    @Option(help: "Comma-separated: ndjson (the normalised records as vacancies.ndjson and labelled.ndjson) and the raw feed formats xml, csv, json.")
    var formats: String = "ndjson"
    @Option(help: """
        Spread the set over the towns and days a set of this many records covers (default: the set's own size).         A small set is one region; --world-records 540000 spreads it over all 340 towns of the country: a national set.
        """)
    var worldRecords: Int?

    public init() {}

    public func validate() throws {
        guard vacancies > 0 else { throw ValidationError("--vacancies must be positive") }
        if let records { guard records > 0 else { throw ValidationError("--records must be positive") } }
        if let worldRecords { guard worldRecords > 0 else { throw ValidationError("--world-records must be positive") } }
        guard sources >= 2 else { throw ValidationError("--sources must be at least 2") }
        guard (0...0.95).contains(duplicateRate) else { throw ValidationError("--duplicate-rate must be within 0...0.95") }
        let unsupported = formatNames.filter { $0 != "ndjson" && SyntheticFeeds.Format(rawValue: $0) == nil }
        guard unsupported.isEmpty else {
            throw ValidationError("unknown format(s): \(unsupported.joined(separator: ", ")); use ndjson, xml, csv, json")
        }
    }

    private var formatNames: [String] {
        formats.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }

    /// Streams the records to every output as they are generated: memory stays flat at any size.
    public func run() throws {
        var settings = SyntheticVacancies.Settings()
        settings.sources = sources
        settings.duplicateRate = duplicateRate
        settings.seed = seed
        settings.worldRecords = worldRecords ?? 0
        let base = SyntheticVacancies(settings: settings)
        let generator = base.scaled(forRecords: records ?? Int(Double(vacancies) * base.expectedRecordsPerVacancy))
        try DurableFiles.makeDirectory(out)
        let ndjson = formatNames.contains("ndjson")
        let plain = try ndjson ? NDJSONWriter<Vacancy>(path: out + "/vacancies.ndjson") : nil
        let labelled = try ndjson ? NDJSONWriter<LabelledRecord>(path: out + "/labelled.ndjson") : nil
        let truth = try SyntheticFeeds.TextFile(path: out + "/truth.tsv")
        try truth.put("# source\tsourceRecordId\tcluster\n")
        let feeds = formatNames.compactMap(SyntheticFeeds.Format.init(rawValue:))
        let writer = try feeds.isEmpty ? nil : SyntheticFeeds.Writer(folder: out, sources: generator.sourceList, formats: feeds,
                                                                     pipeline: "generated-\(seed)")
        var written = 0
        var realVacancies = 0
        var lastTruth = ""
        try generator.stream(vacancies: records == nil ? vacancies : .max) { record, label in
            if let records, written >= records { return false }
            try plain?.append(record)
            try labelled?.append(LabelledRecord(vacancy: record, cluster: label))
            try writer?.append(record)
            try truth.put("\(record.source)\t\(record.sourceRecordId)\t\(label)\n")
            // A vacancy's records come together, and no label comes back later.
            if label != lastTruth { realVacancies += 1; lastTruth = label }
            written += 1
            return true
        }
        try plain?.finish()
        try labelled?.finish()
        try truth.close()
        print("wrote \(written) records of \(realVacancies) vacancies to \(out)")
        if let writer {
            let pipeline = try writer.finish()
            print("wrote feeds (\(feeds.map(\.rawValue).joined(separator: ", "))) and \(pipeline)")
        }
    }
}

/// `kaartenbak dedupe --evaluate FILE`: how well deduplication matches a labelled set.
public struct DedupeEvaluateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dedupe",
        abstract: "Evaluate deduplication on a labelled set.",
        discussion: """
        FILE is NDJSON: one Vacancy per line with an extra "cluster" truth label (see \
        fixtures/dedupe/README.md). Prints pairwise precision, recall and F1, B-cubed figures and the \
        share of true clusters reproduced exactly. With --catalogue instead, the open vacancies of a \
        published catalogue are scored against --truth: the whole pipeline's result on generated feeds \
        (`kaartenbak generate --formats xml,csv,json`).
        """)

    @Option(help: "Labelled NDJSON file.") var evaluate: String?
    @Option(help: "A published catalogue to score against --truth instead.") var catalogue: String?
    @Option(help: "Truth TSV (source, id, cluster) overriding the labels in FILE.") var truth: String?
    @Option(help: "Pair score threshold (default: the tuned one).") var threshold: Double?
    @Option(help: "Complete-link threshold (default: the tuned one).") var linkThreshold: Double?
    @Option(help: "Ambiguity margin for postings without employer (default: the tuned one).") var ambiguityMargin: Double?
    @Option(help: "Extra score for pairs that both lack the employer (default: the tuned one).") var anonymousExtra: Double?
    @Option(help: "Extra score for pairs where one posting hides the employer (default: the tuned one).") var hiddenExtra: Double?
    @Option(help: "Also list up to this many wrongly merged and wrongly separated pairs.") var showErrors: Int = 0
    @Option(help: "Write each record's predicted cluster as TSV (source, id, truth, predicted) to this file.")
    var predictions: String?
    @Option(help: "Write every candidate pair and every true pair as TSV (ids, same vacancy, together, score, needed, specific, rules) to this file.")
    var pairs: String?
    @Option(help: ArgumentHelp("Show how one record (SOURCE/ID) scores against its true and its predicted cluster.",
                               valueName: "source/id"))
    var explain: [String] = []

    public init() {}

    public func validate() throws {
        guard (evaluate == nil) != (catalogue == nil) else { throw ValidationError("give either --evaluate FILE or --catalogue FILE") }
        if catalogue != nil && truth == nil { throw ValidationError("--catalogue needs --truth TSV") }
    }

    public func run() throws {
        let labels = try truth.map(LabelledSet.loadTruth) ?? [:]
        guard let evaluate else {
            try evaluateCatalogue(labels)
            return
        }
        let records = try LabelledSet.load(evaluate, truth: labels)
        var settings = DedupeSettings()
        if let threshold { settings.threshold = threshold }
        if let linkThreshold { settings.linkThreshold = linkThreshold }
        if let ambiguityMargin { settings.ambiguityMargin = ambiguityMargin }
        if let anonymousExtra { settings.anonymousExtra = anonymousExtra }
        if let hiddenExtra { settings.hiddenExtra = hiddenExtra }
        let deduplicator = Deduplicator(settings: settings, logger: Logger(label: "kaartenbak.dedupe"))
        let started = ContinuousClock.now
        let groups = deduplicator.clusterIndices(records.map(\.vacancy))
        let elapsed = ContinuousClock.now - started
        var predicted = [Int](repeating: 0, count: records.count)
        for (group, members) in groups.enumerated() { for index in members { predicted[index] = group } }
        let evaluation = DedupeEvaluation(predicted: predicted, truth: records.map { $0.cluster ?? "" })
        if let predictions { try Self.writePredictions(records, predicted, to: predictions) }
        if let pairs { try Self.writePairs(records, predicted, settings: settings, to: pairs) }
        print(evaluation.report)
        print("time                 \(elapsed)")
        let diagnosis = DedupeDiagnosis(records: records.map(\.vacancy), truth: records.map { $0.cluster ?? "" }, settings: settings)
        print(diagnosis.report)
        if !explain.isEmpty {
            try explainRecords(records, predicted, deduplicator.explainer(for: records.map(\.vacancy)))
        }
        if showErrors > 0 {
            let explain = deduplicator.explainer(for: records.map(\.vacancy))
            printErrors(records, predicted, explain)
            for (reason, pairs) in diagnosis.missedExamples.sorted(by: { $0.key < $1.key }) {
                print("missed, \(reason):")
                for (a, b) in pairs { print(Self.pairLine(records, a, b, explain)) }
            }
        }
    }

    /// For each `--explain` record: every member of its true cluster and of its predicted one, with the
    /// pair's score and rules, so an analyst sees which rule kept it out or pulled it in.
    private func explainRecords(_ records: [LabelledRecord], _ predicted: [Int],
                                _ explain: @escaping (Int, Int) -> (score: Double, rules: [(String, Double)])) throws {
        for name in self.explain {
            guard let index = records.firstIndex(where: { "\($0.vacancy.source)/\($0.vacancy.sourceRecordId)" == name }) else {
                throw ValidationError("--explain \(name): no such record (give SOURCE/ID)")
            }
            print("\(Self.describe(records[index].vacancy, label: records[index].cluster ?? ""))  predicted p\(predicted[index])")
            // Its true and predicted companions, then the strongest others (rivals) near the threshold.
            let companions = records.indices.filter { other in other != index
                && (records[other].cluster == records[index].cluster || predicted[other] == predicted[index]) }
            let rivals = records.indices.lazy
                .filter { !companions.contains($0) && $0 != index }
                .map { ($0, explain(index, $0).score) }
                .filter { $0.1 >= (threshold ?? DedupeSettings().threshold) - 1 }
                .sorted { $0.1 > $1.1 }.prefix(8).map(\.0)
            for other in companions + rivals {
                let (score, rules) = explain(index, other)
                let mark = (records[other].cluster == records[index].cluster ? "T" : "-") + (predicted[other] == predicted[index] ? "P" : "-")
                let why = rules.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
                print("  \(mark) \(Self.describe(records[other].vacancy, label: records[other].cluster ?? ""))  p\(predicted[other])  score \(score): \(why)")
            }
        }
    }

    /// One line per record, for analysing errors outside the tool (joins, counts by source kind).
    static func writePredictions(_ records: [LabelledRecord], _ predicted: [Int], to path: String) throws {
        var text = "source\tsourceRecordId\ttruth\tpredicted\n"
        for (record, group) in zip(records, predicted) {
            text += "\(record.vacancy.source)\t\(record.vacancy.sourceRecordId)\t\(record.cluster ?? "")\tp\(group)\n"
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// Every candidate pair and every true pair, scored, for studying rules outside the tool.
    static func writePairs(_ records: [LabelledRecord], _ predicted: [Int], settings: DedupeSettings, to path: String) throws {
        let steps = DedupeSteps(records: records.map(\.vacancy), settings: settings)
        let order = steps.order
        var position = [Int](repeating: 0, count: order.count)
        for (sorted, input) in order.enumerated() { position[input] = sorted }
        // The candidate generator runs once: its pairs are both listed and marked as candidates.
        let candidates = Set(steps.candidatePairs().map { UInt64($0.0) << 32 | UInt64($0.1) })
        var keys = candidates
        var byLabel: [String: [Int]] = [:]
        for index in records.indices { byLabel[records[index].cluster ?? "", default: []].append(position[index]) }
        for members in byLabel.values where members.count > 1 {
            for x in members { for y in members where x < y { keys.insert(UInt64(x) << 32 | UInt64(y)) } }
        }
        var text = "a\tb\tsame\ttogether\tcandidate\tscore\tneeded\tspecific\trules\n"
        for key in keys.sorted() {
            let (sa, sb) = (Int(key >> 32), Int(key & 0xFFFF_FFFF))
            let (a, b) = (order[sa], order[sb])
            let (ra, rb) = (records[a], records[b])
            let result = steps.pairScore(sa, sb)
            let rules = result.rules.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
            text += "\(ra.vacancy.source)/\(ra.vacancy.sourceRecordId)\t\(rb.vacancy.source)/\(rb.vacancy.sourceRecordId)\t"
                + "\(ra.cluster == rb.cluster ? 1 : 0)\t\(predicted[a] == predicted[b] ? 1 : 0)\t\(candidates.contains(key) ? 1 : 0)\t"
                + "\(result.score)\t\(result.needed)\t\(result.specific ? 1 : 0)\t\(rules)\n"
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    static func pairLine(_ records: [LabelledRecord], _ a: Int, _ b: Int,
                         _ explain: (Int, Int) -> (score: Double, rules: [(String, Double)])) -> String {
        let (score, rules) = explain(a, b)
        let why = "score \(score): " + rules.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        func describe(_ r: LabelledRecord) -> String { Self.describe(r.vacancy, label: r.cluster ?? "") }
        return "  \(describe(records[a]))\n  ~ \(describe(records[b]))  \(why)"
    }

    static func describe(_ v: Vacancy, label: String? = nil) -> String {
        "\(v.source)/\(v.sourceRecordId)\(label.map { " [\($0)]" } ?? "") \(v.title) | \(v.employer ?? "-") | \(v.place ?? "-") | \(v.datePosted ?? "-")"
    }


    private func printErrors(_ records: [LabelledRecord], _ predicted: [Int],
                             _ explain: (Int, Int) -> (score: Double, rules: [(String, Double)])) {
        var wrongMerges: [String] = [], misses: [String] = []
        for a in records.indices {
            for b in (a + 1)..<records.count {
                let together = predicted[a] == predicted[b], same = records[a].cluster == records[b].cluster
                if together && !same && wrongMerges.count < showErrors { wrongMerges.append(Self.pairLine(records, a, b, explain)) }
                if !together && same && misses.count < showErrors { misses.append(Self.pairLine(records, a, b, explain)) }
                if wrongMerges.count >= showErrors && misses.count >= showErrors { break }
            }
        }
        print("wrongly merged pairs:")
        wrongMerges.forEach { print($0) }
        print("missed pairs:")
        misses.forEach { print($0) }
    }
}

/// `kaartenbak bench dedupe`: the dedupe stage as the pipeline runs it, on generated records.
///
/// For each size: generated records are written as one NDJSON file per source (not timed, and not in
/// the measured process), then the stage (`Deduplicator.run`) runs in a child process on them: night
/// one in full, night two with a share of the records changed, reusing night one's state. Reports
/// wall and CPU time and the child's peak RSS (VmHWM), medians over `--runs`.
public struct BenchDedupeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dedupe",
        abstract: "Benchmark the dedupe stage on generated records (use a release build).")

    @Option(parsing: .upToNextOption, help: "Numbers of records, e.g. 100000 300000 1000000.") var records: [Int] = [100_000]
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Share of duplicate records.") var duplicateRate: Double = 0.5
    @Option(help: "Worker threads (0: one per core).") var threads: Int = 0
    @Flag(help: "Also score night one's clustering against the generated truth.") var evaluate = false
    @Option(help: "Share of records changed for night two (0: no second night).") var changedNight: Double = 0.05
    @Option(help: "Runs of each night; medians are reported.") var runs: Int = 1
    @Option(help: "Working folder for the files (default: a new temporary folder, removed afterwards).") var work: String?
    @Flag(help: "Show the stage's phase times.") var verbose = false
    @OptionGroup var tuning: DedupeTuningOptions

    public init() {}

    public func validate() throws {
        guard !records.isEmpty, records.allSatisfy({ $0 > 0 }) else { throw ValidationError("--records must be positive") }
        guard (0...1).contains(changedNight) else { throw ValidationError("--changed-night must be within 0...1") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    public func run() throws {
        let root = work ?? NSTemporaryDirectory() + "kaartenbak-bench-dedupe-\(getpid())"
        defer { if work == nil { try? FileManager.default.removeItem(atPath: root) } }
        print("load (1 min) at start  \(ProcessStats.loadAverage())")
        var previousFull: (wall: Double, count: Int)?
        for count in records {
            let folder = root + "/\(count)"
            let truth = try writeNights(count: count, into: folder)
            let full = try measure((0..<runs).map { run in
                try stage(input: folder + "/night1", output: folder + "/out1-\(run)", previous: nil, writeIds: run == 0)
            })
            print(full.line("\(count) full"))
            if let previousFull {
                print(String(format: "  growth: x%.2f wall time for x%.1f records", full.wall / previousFull.wall,
                             Double(count) / Double(previousFull.count)))
            }
            previousFull = (full.wall, count)
            if evaluate { try printEvaluation(entries: folder + "/out1-0/entries.ndjson", truth: truth) }
            if changedNight > 0 {
                let night = try measure((0..<runs).map { run in
                    try stage(input: folder + "/night2", output: folder + "/out2-\(run)", previous: folder + "/out1-0", writeIds: false)
                })
                print(night.line("\(count) night-2"))
            }
        }
        print("load (1 min) at end    \(ProcessStats.loadAverage())")
    }

    /// Night one's and night two's input files; returns member key → true cluster.
    private func writeNights(count: Int, into folder: String) throws -> [String: String] {
        var settings = SyntheticVacancies.Settings()
        settings.seed = seed
        settings.duplicateRate = duplicateRate
        let generated = SyntheticVacancies(settings: settings).records(count: count, threads: threads)
        let step = changedNight > 0 ? max(1, Int((1 / changedNight).rounded())) : Int.max
        var truth: [String: String] = [:]
        var writers: [String: (NDJSONWriter<Vacancy>, NDJSONWriter<Vacancy>)] = [:]
        for (index, record) in generated.records.enumerated() {
            if evaluate { truth[Deduplicator.memberKey(record)] = generated.truth[index] }
            if writers[record.source] == nil {
                writers[record.source] = (try NDJSONWriter(path: "\(folder)/night1/\(record.source).ndjson"),
                                          try NDJSONWriter(path: "\(folder)/night2/\(record.source).ndjson"))
            }
            guard let (first, second) = writers[record.source] else { continue }
            try first.append(record)
            var tonight = record
            if index % step == 0 {
                // Tonight's edit: title decoration, a sentence added.
                tonight.title += " (m/v)"
                tonight.description = (tonight.description ?? "") + " Solliciteer vandaag nog."
            }
            try second.append(tonight)
        }
        for (first, second) in writers.values {
            try first.finish()
            try second.finish()
        }
        return truth
    }

    struct Measurement: Codable {
        var wall: Double
        var cpu: Double
        var peakKiB: Int
        var records: Int
        var clusters: Int
        var extracted: Int
        var candidatePairs: Int
        var reusedPairs: Int
        var reusedEntries: Int
        var referredEntries: Int
        var incremental: Bool
        var idsLoad: Double
    }

    /// One child process running the stage.
    private func stage(input: String, output: String, previous: String?, writeIds: Bool) throws -> Measurement {
        // The disk settled first: the generator's and the last night's gigabytes would otherwise be
        // written back during this night (by the kernel, on the same two cores), where a real night
        // starts a day after the last. Without it, a million-record night read its input in 3.8 s once
        // (1.7-2.1 s after a sync).
        sync()
        var arguments = ["bench", "dedupe-stage", "--input", input, "--output", output, "--threads", "\(threads)"]
        if let previous { arguments += ["--previous", previous] }
        if writeIds { arguments.append("--write-ids") }
        arguments += tuning.arguments
        let child = try ChildProcess.run(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path, arguments,
                                         captureErrors: false)
        let data = child.output
        if verbose { print(String(decoding: data, as: UTF8.self).split(separator: "\n").dropLast().joined(separator: "\n")) }
        guard child.status == 0,
              let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
              let measurement = try? JSONDecoder().decode(Measurement.self, from: Data(line.utf8)) else {
            throw KaartenbakError(.io, "the dedupe stage child failed (status \(child.status))")
        }
        return measurement
    }

    private func measure(_ runs: [Measurement]) throws -> Summary {
        Summary(wall: medianValue(runs.map(\.wall)), cpu: medianValue(runs.map(\.cpu)),
                peakMiB: Int(medianValue(runs.map { Double($0.peakKiB) })) / 1024, runs: runs)
    }

    struct Summary {
        var wall: Double
        var cpu: Double
        var peakMiB: Int
        var runs: [Measurement]

        func line(_ label: String) -> String {
            let first = runs[0]
            return String(format: "%@: wall %.2f s, CPU %.2f s, peak RSS %d MiB (median of %d; walls %@) | %d records, %d clusters, %@, %d extracted, %d candidate pairs (%d reused), %d entries reused (%d referred to)%@",
                          label, wall, cpu, peakMiB, runs.count, runs.map { String(format: "%.2f", $0.wall) }.joined(separator: " "),
                          first.records, first.clusters, first.incremental ? "incremental" : "full", first.extracted,
                          first.candidatePairs, first.reusedPairs, first.reusedEntries, first.referredEntries,
                          first.idsLoad > 0 ? String(format: ", + %.2f s loading last night's ids", first.idsLoad) : "")
        }
    }

    private func printEvaluation(entries: String, truth: [String: String]) throws {
        var keys: [String] = []
        var predicted: [Int] = []
        var cluster = 0
        try EntryLines.forEach(DedupedVacancy.self, entries: entries) { entry in
            for member in entry.cluster.members {
                keys.append(Deduplicator.memberKey(member))
                predicted.append(cluster)
            }
            cluster += 1
        }
        print(DedupeEvaluation(predicted: predicted, truth: keys.map { truth[$0] ?? "" }).report)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// `kaartenbak bench dedupe-stage` (internal to `bench dedupe`): runs the dedupe stage once on the
/// NDJSON files of a folder and prints one JSON line with its time, CPU and peak RSS.
public struct BenchDedupeStageCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dedupe-stage", abstract: "Run the dedupe stage once on a folder of NDJSON files (used by bench dedupe).",
        shouldDisplay: false)

    @Option(help: "Folder of <source>.ndjson files.") var input: String
    @Option(help: "Folder for entries.ndjson and state.bin.") var output: String
    @Option(help: "An earlier output folder to reuse.") var previous: String?
    @Option(help: "Worker threads (0: one per core).") var threads: Int = 0
    @Flag(help: "Afterwards write ids.ndjson (member → id) for a next night.") var writeIds = false
    @OptionGroup var tuning: DedupeTuningOptions

    public init() {}

    public func run() throws {
        let started = ContinuousClock.now
        // As the pipeline gets them from the catalogue: last night's member → id (here from its entries' state).
        var previousIds: [String: String] = [:]
        if let previous {
            try NDJSON.forEach(IdOnly.self, in: previous + "/ids.ndjson") { previousIds[$0.m] = $0.i }
        }
        // The ids given before, as the pipeline passes every id in the catalogue.
        let usedIds = Set(previousIds.values)
        // Timed apart: the pipeline loads them with the catalogue, outside the stage.
        let idsLoad = BenchDedupeCommand.seconds(ContinuousClock.now - started)
        let stageStarted = ContinuousClock.now
        let stageCPU = ProcessStats.cpuSeconds()
        let names = try FileManager.default.contentsOfDirectory(atPath: input).filter { $0.hasSuffix(".ndjson") }.sorted()
        var settings = tuning.settings
        settings.threads = threads
        let files = DedupeFiles(entries: output + "/entries.ndjson", state: output + "/state.bin",
                                previousState: previous.map { $0 + "/state.bin" }, previousEntries: previous.map { $0 + "/entries.ndjson" })
        var logger = Logger(label: "kaartenbak.bench")
        logger.logLevel = .debug // phase times, candidate counts
        let report = try Deduplicator(settings: settings, logger: logger).run(
            inputs: names.map { DedupeInput(source: String($0.dropLast(7)), path: input + "/" + $0) }, files: files,
            previousIds: { _ in previousIds }, usedIds: usedIds)
        let wall = BenchDedupeCommand.seconds(ContinuousClock.now - stageStarted)
        let cpu = ProcessStats.cpuSeconds() - stageCPU
        let peak = ProcessStats.memoryKiB("VmHWM")
        // Freed only now (a third of a second at a million): in the pipeline they are the catalogue's
        // to drop, not the stage's, and the last use above would otherwise free them inside the timing.
        withExtendedLifetime((previousIds, usedIds)) {}
        // Tonight's ids for the next night (not timed: the pipeline has them in the catalogue).
        if writeIds { try writeIdFile(output) }
        let measurement = BenchDedupeCommand.Measurement(
            wall: wall, cpu: cpu, peakKiB: peak, records: report.records, clusters: report.clusters,
            extracted: report.extracted, candidatePairs: report.candidatePairs, reusedPairs: report.reusedPairs,
            reusedEntries: report.reusedEntries, referredEntries: report.referredEntries, incremental: report.incremental, idsLoad: idsLoad)
        print(String(decoding: try JSONEncoder().encode(measurement), as: UTF8.self))
    }

    private func writeIdFile(_ output: String) throws {
        let ids = try NDJSONWriter<IdOnly>(path: output + "/ids.ndjson")
        try EntryLines.forEach(DedupedVacancy.self, entries: output + "/entries.ndjson") { entry in
            for member in entry.cluster.members { try ids.append(IdOnly(m: Deduplicator.memberKey(member), i: entry.id)) }
        }
        try ids.finish()
    }

    struct IdOnly: Codable {
        var m: String
        var i: String
    }
}

/// Candidate-generation overrides for `bench dedupe` (handed on to its child process).
public struct DedupeTuningOptions: ParsableArguments {
    @Option(help: "Override DedupeSettings.maxBlockSize.") var maxBlockSize: Int?
    @Option(help: "Override DedupeSettings.tileDays.") var tileDays: Int?
    @Option(help: "Override DedupeSettings.tileSize.") var tileSize: Int?
    @Option(help: "Override DedupeSettings.lshBands.") var lshBands: Int?
    @Option(help: "Override DedupeSettings.lshRows.") var lshRows: Int?

    public init() {}

    var settings: DedupeSettings {
        var settings = DedupeSettings()
        if let maxBlockSize { settings.maxBlockSize = maxBlockSize }
        if let tileDays { settings.tileDays = tileDays }
        if let tileSize { settings.tileSize = tileSize }
        if let lshBands { settings.lshBands = lshBands }
        if let lshRows { settings.lshRows = lshRows }
        return settings
    }

    var arguments: [String] {
        [("--max-block-size", maxBlockSize), ("--tile-days", tileDays), ("--tile-size", tileSize), ("--lsh-bands", lshBands), ("--lsh-rows", lshRows)]
            .flatMap { name, value in value.map { [name, "\($0)"] } ?? [] }
    }
}

extension DedupeEvaluateCommand {
    /// Scores the catalogue's open vacancies against the truth, over the source records present in both;
    /// truth records missing from the catalogue (quarantined, or closed by their source) are counted apart.
    func evaluateCatalogue(_ truth: [String: String]) throws {
        guard let catalogue, FileManager.default.fileExists(atPath: catalogue) else {
            throw KaartenbakError(.notFound, "no catalogue at \(catalogue ?? "")", at: Location(file: catalogue))
        }
        let links = try CatalogueFile.read(catalogue) { db in try VacancyQuery.openMembership(db) }
        var predicted: [String] = [], labels: [String] = [], unlabelled = 0
        for (key, vacancy) in links {
            guard let label = truth[key] else { unlabelled += 1; continue }
            predicted.append(vacancy)
            labels.append(label)
        }
        print(DedupeEvaluation(predicted: predicted, truth: labels).report)
        print("not in the catalogue \(truth.count - labels.count) of \(truth.count) truth records")
        if unlabelled > 0 { print("without truth        \(unlabelled) catalogue records (ignored)") }
    }
}
