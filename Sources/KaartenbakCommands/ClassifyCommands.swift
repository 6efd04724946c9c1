import ArgumentParser
import Catalogue
import Classification
import FeedReading
import Foundation
import KaartenbakCore
import Pipeline

/// `kaartenbak classify`: NDJSON in, one NDJSON verdict per line out; or `--evaluate FILE`.
public struct ClassifyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify vacancy titles to occupations and ISCO-08 (NDJSON on stdin → NDJSON on stdout).",
        discussion: """
        Each input line is a JSON object with "id", "title" and optional "description" and "employer".
        Each output line has "id", "isco" (4-digit string or null), "isco_label" (its Dutch ISCO-08 name),
        "occupation" ({"id","label"} or null), "confidence" (0..1), "ambiguous", "candidates" (each with "score", its
        share of the evidence: 0..1, together 1) and "reasons". A line that cannot be read gives an
        output line with "error". With --evaluate FILE, scores the classifier on a labelled TSV instead.
        """)

    @OptionGroup var data: DataDirOptions

    @Option(name: .customLong("evaluate"), help: "Labelled TSV (id, expect, title, description, employer) to evaluate on.")
    var evaluate: String?

    @OptionGroup var pipeline: PipelineOption

    @Option(help: "Overrides file from the review loop (default: overrides.tsv beside the pipeline, when there is a pipeline and the file exists).")
    var overrides: String?

    @Flag(help: "With --evaluate: list every case the classifier got wrong or should have abstained on.")
    var showFailures = false

    @Option(help: ArgumentHelp("With --evaluate: score only one half of the set, 'tune' or 'test' (split by a hash of the title; docs/quality.md).",
                               valueName: "half"))
    var half: Evaluation.Half?

    public init() {}

    public func validate() throws {
        if half != nil && evaluate == nil { throw ValidationError("--half needs --evaluate FILE") }
    }

    public func run() throws {
        let taxonomy = try Taxonomy.load(dataDirectory: data.path)
        if let named = self.overrides, !FileManager.default.fileExists(atPath: named) {
            // Beside the pipeline, a missing overrides file is no decisions yet; named, it is a wrong name.
            throw KaartenbakError(.notFound, "no such overrides file", at: Location(file: named))
        }
        let overrides = try self.overrides ?? pipeline.find(dataDirectory: data.path)?.overrides
        let classifier = OccupationClassifier(taxonomy: taxonomy, overrides: try overrides.map { try Override.load(path: $0, taxonomy: taxonomy) } ?? [])
        if let evaluate {
            let text: String
            do { text = try String(contentsOfFile: evaluate, encoding: .utf8) } catch {
                throw KaartenbakError(.io, "cannot read the labelled file", at: Location(file: evaluate), cause: error)
            }
            var cases = try Evaluation.parse(tsv: text, file: evaluate)
            if let half { cases = cases.filter { Evaluation.half(of: $0) == half } }
            let report = Evaluation.run(cases, classifier: classifier)
            let name = half.map { "\(evaluate), \($0.rawValue) half" } ?? evaluate
            print(Self.format(report, file: name, taxonomyVersion: taxonomy.version, showFailures: showFailures))
            return
        }
        let output = FileHandle.standardOutput
        var buffer = ""
        while let line = readLine(strippingNewline: true) {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            buffer += Self.classifyLine(line, classifier: classifier)
            buffer += "\n"
            if buffer.utf8.count > 1 << 16 { output.write(Data(buffer.utf8)); buffer = "" }
        }
        output.write(Data(buffer.utf8))

    }

    /// One input line to one output line (JSON without the newline). Never throws.
    public static func classifyLine(_ line: String, classifier: OccupationClassifier) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)),
              let record = object as? [String: Any] else {
            return encode(["error": "the line is not a JSON object"])
        }
        let id: Any = record["id"].flatMap { value -> Any? in
            if let s = value as? String { return s }
            if let n = value as? NSNumber { return n }
            return nil
        } ?? NSNull()
        guard let title = record["title"] as? String else {
            return encode(["id": id, "error": "\"title\" is missing or not a string"])
        }
        func text(_ key: String) -> String? { record[key] as? String }
        if let bad = ["description", "employer"].first(where: { record[$0] != nil && !(record[$0] is String) && !(record[$0] is NSNull) }) {
            return encode(["id": id, "error": "\"\(bad)\" is not a string"])
        }
        let coding = classifier.classify(title: title, description: text("description"), employer: text("employer"))
        let occupation: Any = coding.occupation.map { ["id": $0, "label": coding.occupationLabel ?? $0] } ?? NSNull()
        return encode([
            "id": id,
            "isco": coding.isco ?? NSNull(),
            "isco_label": IscoGroups.bundled.label(of: coding.isco) ?? NSNull(),
            "occupation": occupation,
            "confidence": coding.confidence,
            "ambiguous": coding.ambiguous,
            "candidates": coding.candidates.map { ["isco": $0.isco, "occupation": $0.occupation, "label": $0.label, "score": $0.score] },
            "reasons": coding.reasons,
        ])
    }

    private static func encode(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "{\"error\":\"could not encode the result\"}"
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The evaluation report as text.
    public static func format(_ report: EvaluationReport, file: String, taxonomyVersion: String, showFailures: Bool) -> String {
        func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
        func block(_ name: String, _ c: EvaluationReport.Counts) -> String {
            """
            \(name)
              n                         \(c.cases)
              coverage (decided)        \(pct(c.coverage))  (\(c.decided))
              accuracy of decided       \(pct(c.accuracy))  (\(c.correct) right)
              wrong answers (of all)    \(pct(c.wrongRate))  (\(c.wrong))
              abstention on must-abstain \(c.mustAbstain == 0 ? "n/a (no such cases)" : "\(pct(c.abstention))  (\(c.abstainedWhenRequired) of \(c.mustAbstain))")
            """
        }
        var out = "evaluation of \(file) (taxonomy \(taxonomyVersion))\n"
        out += block("all cases", report.all) + "\n"
        out += block("driver and delivery group (ISCO \(Evaluation.driverGroup.sorted().joined(separator: " ")))", report.drivers) + "\n"
        let rows = report.confusion.keys.sorted()
        let columns = Set(report.confusion.values.flatMap(\.keys)).sorted()
        if !rows.isEmpty {
            out += "confusion, driver and delivery group (rows: expected, columns: answer, '-' = abstained)\n"
            out += "expected".padding(toLength: 10, withPad: " ", startingAt: 0)
                + columns.map { $0.padding(toLength: 6, withPad: " ", startingAt: 0) }.joined() + "\n"
            for row in rows {
                out += row.padding(toLength: 10, withPad: " ", startingAt: 0)
                    + columns.map { String(report.confusion[row]?[$0] ?? 0).padding(toLength: 6, withPad: " ", startingAt: 0) }.joined() + "\n"
            }
        }
        if showFailures {
            out += "failures (\(report.failures.count))\n"
            for f in report.failures {
                out += "  \(f.id)\t\(f.title)\texpected \(f.expected)\tgot \(f.got)\t\(f.reasons.joined(separator: "; "))\n"
            }
        }
        return out
    }
}

extension Evaluation.Half: ExpressibleByArgument {}

/// `kaartenbak taxonomy`: manage the occupation taxonomy in the data directory.
public struct TaxonomyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "taxonomy",
        abstract: "Manage the occupation taxonomy (built-in, plus imported ESCO labels).",
        subcommands: [ImportESCOCommand.self, ShowTaxonomyCommand.self, SearchTaxonomyCommand.self])
    public init() {}
}

/// `kaartenbak taxonomy import-esco FILE`.
public struct ImportESCOCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "import-esco",
        abstract: "Import ESCO's occupations CSV (e.g. occupations_nl.csv) as further evidence for the classifier.",
        discussion: "Download the ESCO classification (CSV, Dutch) from the European Commission's ESCO portal. "
            + "The labels are written to <data dir>/taxonomy/esco.tsv; the taxonomy version changes, so the next run re-codes.")

    @OptionGroup var data: DataDirOptions
    @Argument(help: "ESCO occupations CSV file.") var file: String

    public init() {}

    public func run() throws {
        let rows = try CSVTable.rows(file: file, describedAs: "the ESCO file")
        let summary = try ESCOImport.importRows(rows, from: file, into: data.path)
        print("imported \(summary.labels) labels of \(summary.occupations) ESCO occupations (\(summary.skipped) rows skipped) into \(summary.path)")
        print("taxonomy version: \(try Taxonomy.load(dataDirectory: data.path).version)")
    }
}

/// `kaartenbak taxonomy show`: version and size.
public struct ShowTaxonomyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the taxonomy's version and size.")
    @OptionGroup var data: DataDirOptions
    public init() {}
    public func run() throws {
        let taxonomy = try Taxonomy.load(dataDirectory: data.path)
        print("version      \(taxonomy.version)")
        print("occupations  \(taxonomy.occupations.count) built-in, \(Set(taxonomy.occupations.map(\.isco)).count) ISCO unit groups")
        print("synonyms     \(taxonomy.occupations.reduce(0) { $0 + $1.synonyms.count })")
        print("ESCO labels  \(taxonomy.escoLabels.count)")
    }
}

/// `kaartenbak taxonomy search WORDS`: which occupations match, with the ids `review decide` takes.
public struct SearchTaxonomyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find occupations by words: built-in ids (for `review decide`), ISCO-08 codes and labels, best first.",
        discussion: """
        Matches each word against the occupations' labels, synonyms, English labels and ids, and the imported ESCO \
        labels: a word begun ("vracht"), part of a compound ("chauffeur"), a typing error ("chaufeur") and other \
        word orders count. Columns: score (0 to 1), kind (occupation: built-in, its id an override target; esco: \
        an imported ESCO occupation, evidence only), id, ISCO code, label, the name that matched.
        """)
    @OptionGroup var data: DataDirOptions
    @Argument(help: "The words to look for, e.g. 'heftruck chauffeur'.") var words: [String]
    @Option(help: "Show at most this many matches.") var limit = 10
    public init() {}

    public func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        guard !words.joined().trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("give one or more words to look for") }
    }

    public func run() throws {
        do {
            let taxonomy = try Taxonomy.load(dataDirectory: data.path)
            let query = words.joined(separator: " ")
            let matches = TaxonomySearch.search(query, in: taxonomy, limit: limit)
            guard !matches.isEmpty else {
                print("no occupation matches '\(query)'\(taxonomy.escoLabels.isEmpty ? " (no ESCO labels imported: `kaartenbak taxonomy import-esco FILE`)" : "")")
                return
            }
            var table = TextTable(["score", "kind", "id", "isco", "label", "matched"], rightAligned: [0])
            for match in matches {
                table.append([String(format: "%.2f", match.score), match.kind.rawValue, match.id ?? "-", match.isco, match.label,
                              match.matched == match.label || match.matched == match.id ? "" : match.matched])
            }
            table.lines.forEach { print($0) }
        } catch {
            throw commandFailure(error)
        }
    }
}

/// `kaartenbak review`: the vacancies the classifier was unsure about, and the operator's decisions.
public struct ReviewCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "List ambiguous and low-confidence vacancies by title, or record a decision (review decide).",
        discussion: """
        Reads vacancy records as NDJSON (each with "title" and the classifier's "coding", as in the catalogue's
        NDJSON export), re-classifies those without a coding, and lists the unsure ones grouped by cleaned title
        with counts and candidates. `kaartenbak review decide PATTERN OCCUPATION [--evidence WORD]` writes a
        decision to the overrides file that `run` and `classify` apply.
        """,
        subcommands: [ListReviewCommand.self, DecideReviewCommand.self],
        defaultSubcommand: ListReviewCommand.self)
    public init() {}
}

public struct ListReviewCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the catalogue's unsure vacancies grouped by title.")
    @OptionGroup var data: DataDirOptions
    @Option(help: "Confidence below which a decided vacancy is listed too.") var threshold = 0.7
    @Option(help: "Show at most this many groups.") var limit = 50
    public init() {}

    public func run() throws {
        do {
            let items = try CatalogueCodings.open(in: RunStore(root: data.path).cataloguePath)
            let groups = ReviewQueue.groups(items, threshold: threshold)
            print("\(groups.reduce(0) { $0 + $1.count }) unsure of \(items.count) open vacancies, \(groups.count) titles")
            for group in groups.prefix(limit) {
                let candidates = group.candidates.map { "\($0.occupation) (\($0.isco), \(String(format: "%.0f%%", $0.score * 100)))" }.joined(separator: ", ")
                print("\(String(group.count).padding(toLength: 5, withPad: " ", startingAt: 0)) \(group.title)  [\(group.ambiguous) ambiguous]  e.g. \"\(group.example)\"")
                if !group.reason.isEmpty { print("      why: \(group.reason)") }
                if !candidates.isEmpty { print("      candidates: \(candidates)") }
            }
            if !groups.isEmpty {
                print("decide with: kaartenbak review decide PATTERN OCCUPATION [--evidence WORD]")
            }
        } catch {
            throw commandFailure(error)
        }
    }
}

/// The codings of the published catalogue's open vacancies, for the review loop.
enum CatalogueCodings {
    static func open(in path: String) throws -> [(title: String, coding: OccupationCoding)] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw KaartenbakError(.notFound, "no catalogue to review: run the pipeline first", at: Location(file: path))
        }
        return try CatalogueFile.read(path) { db in try VacancyQuery.openCodings(db) }
    }
}

public struct DecideReviewCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "decide", abstract: "Record an operator's decision as an override.")
    @OptionGroup var data: DataDirOptions
    @Argument(help: "Cleaned title to match, e.g. 'chauffeur'; end with * to match longer titles.") var pattern: String
    @Argument(help: "Occupation id, e.g. vrachtwagenchauffeur.") var occupation: String
    @Option(help: "A word that must occur in the title or description.") var evidence: String?
    @OptionGroup var pipeline: PipelineOption
    @Option(help: "Overrides file (default: overrides.tsv beside the pipeline, which the next run applies).") var overrides: String?
    public init() {}

    public func run() throws {
        let taxonomy = try Taxonomy.load(dataDirectory: data.path)
        let overrides = try self.overrides ?? pipeline.locate(dataDirectory: data.path).overrides
        try ReviewQueue.appendOverride(Override(titlePattern: pattern, evidence: evidence, occupationId: occupation),
                                       to: overrides, taxonomy: taxonomy)
        print("override written to \(overrides): '\(pattern)'\(evidence.map { " with '\($0)'" } ?? "") → \(occupation)")
    }
}
