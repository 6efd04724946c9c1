import ArgumentParser
import Deduplication
import Catalogue
import Foundation
import GRDB

#if os(Linux)
/// glibc's malloc_trim (not exported by the Glibc module): returns freed heap pages to the system.
@_silgen_name("malloc_trim") private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
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

    @Option(help: "Number of real vacancies before duplication.") var vacancies: Int = 1000
    @Option(help: "Number of sources (2 or more).") var sources: Int = 5
    @Option(help: "Share of records that duplicate another record (0 to 0.95).") var duplicateRate: Double = 0.5
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Output directory (created when missing).") var out: String
    @Option(help: "Comma-separated: ndjson (the normalised records, always written) and the raw feed formats xml, csv, json.")
    var formats: String = "ndjson"

    public init() {}

    public func validate() throws {
        guard vacancies > 0 else { throw ValidationError("--vacancies must be positive") }
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

    public func run() throws {
        var settings = SyntheticVacancies.Settings()
        settings.sources = sources
        settings.duplicateRate = duplicateRate
        settings.seed = seed
        let output = SyntheticVacancies(settings: settings).generate(vacancies: vacancies)
        try DurableFiles.makeDirectory(out)
        let plain = try NDJSONWriter<Vacancy>(path: out + "/vacancies.ndjson")
        let labelled = try NDJSONWriter<LabelledRecord>(path: out + "/labelled.ndjson")
        var truth = "# source\tsourceRecordId\tcluster\n"
        for (record, label) in zip(output.records, output.truth) {
            try plain.append(record)
            try labelled.append(LabelledRecord(vacancy: record, cluster: label))
            truth += "\(record.source)\t\(record.sourceRecordId)\t\(label)\n"
        }
        try plain.finish()
        try labelled.finish()
        try DurableFiles.write(Data(truth.utf8), to: out + "/truth.tsv")
        print("wrote \(output.records.count) records of \(Set(output.truth).count) vacancies to \(out)")
        let feeds = formatNames.compactMap(SyntheticFeeds.Format.init(rawValue:))
        if !feeds.isEmpty {
            let pipeline = try SyntheticFeeds.write(output.records, formats: feeds, to: out, pipeline: "generated-\(seed)")
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
    @Option(help: "Also list up to this many wrongly merged and wrongly separated pairs.") var showErrors: Int = 0

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
        let deduplicator = Deduplicator(settings: settings, logger: Logger(label: "kaartenbak.dedupe"))
        let started = ContinuousClock.now
        let groups = deduplicator.clusterIndices(records.map(\.vacancy))
        let elapsed = ContinuousClock.now - started
        var predicted = [Int](repeating: 0, count: records.count)
        for (group, members) in groups.enumerated() { for index in members { predicted[index] = group } }
        let evaluation = DedupeEvaluation(predicted: predicted, truth: records.map { $0.cluster ?? "" })
        print(evaluation.report)
        print("time                 \(elapsed)")
        if showErrors > 0 { printErrors(records, predicted, deduplicator) }
    }

    private func printErrors(_ records: [LabelledRecord], _ predicted: [Int], _ deduplicator: Deduplicator) {
        func describe(_ r: LabelledRecord) -> String {
            let v = r.vacancy
            return "\(v.source)/\(v.sourceRecordId) [\(r.cluster ?? "")] \(v.title) | \(v.employer ?? "-") | \(v.place ?? "-")"
        }
        func explanation(_ a: Vacancy, _ b: Vacancy) -> String {
            let (score, rules) = deduplicator.explain(a, b)
            return "score \(score): " + rules.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        }
        var wrongMerges: [String] = [], misses: [String] = []
        for a in records.indices {
            for b in (a + 1)..<records.count {
                let together = predicted[a] == predicted[b], same = records[a].cluster == records[b].cluster
                let line = { "  \(describe(records[a]))\n  ~ \(describe(records[b]))  \(explanation(records[a].vacancy, records[b].vacancy))" }
                if together && !same { wrongMerges.append(line()) }
                if !together && same { misses.append(line()) }
                if wrongMerges.count >= showErrors && misses.count >= showErrors { break }
            }
        }
        print("wrongly merged pairs:")
        wrongMerges.prefix(showErrors).forEach { print($0) }
        print("missed pairs:")
        misses.prefix(showErrors).forEach { print($0) }
    }
}

/// `kaartenbak bench dedupe`: generate records in memory, deduplicate, report speed and memory.
public struct BenchDedupeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dedupe",
        abstract: "Benchmark deduplication on generated records (use a release build).")

    @Option(help: "Number of records.") var records: Int = 100_000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Share of duplicate records.") var duplicateRate: Double = 0.5
    @Option(help: "Worker threads (0: one per core).") var threads: Int = 0
    @Flag(help: "Also score the clustering against the generated truth.") var evaluate = false
    @Option(help: "Override DedupeSettings.maxBlockSize.") var maxBlockSize: Int?
    @Option(help: "Override DedupeSettings.windowSize.") var windowSize: Int?
    @Option(help: "Override DedupeSettings.lshBands.") var lshBands: Int?
    @Option(help: "Override DedupeSettings.lshRows.") var lshRows: Int?
    @Option(help: "Also time a second night in which this share of records changed (e.g. 0.05): a full re-run plus identity assignment.")
    var changedNight: Double?

    public init() {}

    public func run() throws {
        var generatorSettings = SyntheticVacancies.Settings()
        generatorSettings.seed = seed
        generatorSettings.duplicateRate = duplicateRate
        let generated = SyntheticVacancies(settings: generatorSettings).records(count: records, threads: threads)
        let peakWhileGenerating = Self.memory("VmHWM")
        // Hand freed generator memory back and restart the high-water mark, so that the peak below is
        // the deduplication's (with its input records resident), not the generator's.
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let rssAfterGenerating = Self.memory("VmRSS")
        var settings = DedupeSettings()
        settings.threads = threads
        if let maxBlockSize { settings.maxBlockSize = maxBlockSize }
        if let windowSize { settings.windowSize = windowSize }
        if let lshBands { settings.lshBands = lshBands }
        if let lshRows { settings.lshRows = lshRows }
        var logger = Logger(label: "kaartenbak.bench")
        logger.logLevel = .debug // the deduplicator reports candidate counts and phase times
        let deduplicator = Deduplicator(settings: settings, logger: logger)

        let started = ContinuousClock.now
        let clusters = deduplicator.cluster(generated.records)
        let seconds = Self.seconds(ContinuousClock.now - started)
        print("records            \(generated.records.count)")
        print("clusters           \(clusters.count)")
        print("seconds            \(String(format: "%.2f", seconds))")
        print("records/s          \(Int(Double(generated.records.count) / max(seconds, 1e-9)))")
        print("peak RSS generating \(peakWhileGenerating / 1024) MiB")
        print("RSS with input     \(rssAfterGenerating / 1024) MiB (generated records resident)")
        print("peak RSS (VmHWM)   \(Self.memory("VmHWM") / 1024) MiB (during deduplication, input included)")
        if evaluate {
            var label: [String: Int] = [:]
            for (index, cluster) in clusters.enumerated() {
                for member in cluster.members { label[Deduplicator.memberKey(member)] = index }
            }
            let predicted = generated.records.map { label[Deduplicator.memberKey($0)] ?? -1 }
            print(DedupeEvaluation(predicted: predicted, truth: generated.truth).report)
        }
        if let changedNight { try secondNight(generated.records, clusters, share: changedNight, deduplicator) }
    }

    /// Tonight: every n-th record edited (title decoration, a sentence added, posted a day later),
    /// everything deduplicated again and the ids of last night carried over.
    private func secondNight(_ records: [Vacancy], _ clusters: [VacancyCluster], share: Double,
                             _ deduplicator: Deduplicator) throws {
        guard share > 0, share <= 1 else { throw ValidationError("--changed-night must be within (0, 1]") }
        var previous: [String: String] = [:]
        previous.reserveCapacity(records.count)
        for (index, cluster) in clusters.enumerated() {
            for member in cluster.members { previous[Deduplicator.memberKey(member)] = "v-\(index)" }
        }
        let step = max(1, Int((1 / share).rounded()))
        var tonight = records
        var changed = 0
        for index in stride(from: 0, to: tonight.count, by: step) {
            tonight[index].title += " (m/v)"
            tonight[index].description = (tonight[index].description ?? "") + " Solliciteer vandaag nog."
            changed += 1
        }
        let started = ContinuousClock.now
        let again = deduplicator.cluster(tonight)
        let clustered = Self.seconds(ContinuousClock.now - started)
        let assignment = IdentityResolver.assign(again, previous: previous)
        let total = Self.seconds(ContinuousClock.now - started)
        print("second night       \(changed) records changed, \(again.count) clusters, \(assignment.merges.count) merges, \(assignment.splits.count) splits")
        print("second night s     \(String(format: "%.2f", total)) (deduplication \(String(format: "%.2f", clustered)), full re-run: nothing reused)")
        print("peak RSS (VmHWM)   \(Self.memory("VmHWM") / 1024) MiB (after the second night)")
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// A "VmXxx:  1234 kB" line of /proc/self/status, in KiB (0 where unavailable).
    static func memory(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}

extension DedupeEvaluateCommand {
    /// Scores the catalogue's open vacancies against the truth, over the source records present in both;
    /// truth records missing from the catalogue (quarantined, or closed by their source) are counted apart.
    func evaluateCatalogue(_ truth: [String: String]) throws {
        guard let catalogue, FileManager.default.fileExists(atPath: catalogue) else {
            throw KaartenbakError(.notFound, "no catalogue at \(catalogue ?? "")", at: Location(file: catalogue))
        }
        let links = try CatalogueFile.read(catalogue) { db in
            try Row.fetchAll(db, sql: """
                SELECT s.source, s.source_record_id, s.vacancy_id FROM vacancy_sources s
                JOIN vacancies v ON v.id = s.vacancy_id WHERE v.status = 'open'
                """).map { ("\($0["source"] as String)\u{1F}\($0["source_record_id"] as String)", $0["vacancy_id"] as String) }
        }
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
