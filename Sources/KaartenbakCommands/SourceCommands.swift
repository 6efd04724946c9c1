import ArgumentParser
import Foundation
import KaartenbakCore
import FeedReading
import Logging
import Pipeline
import Classification
import Normalisation

/// `kaartenbak sources`: onboarding tools for operators.
struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources", abstract: "Check and list source definitions.",
        subcommands: [SourcesCheckCommand.self, SourcesListCommand.self])
}

/// The pipeline files `sources check` and `sources list` read: those given, else the one pipeline the rule finds
/// (`PipelineLocation`).
func pipelineFiles(_ given: [String], option: PipelineOption, dataDirectory: String) throws -> [String] {
    if !given.isEmpty { return given }
    return [try option.locate(dataDirectory: dataDirectory).file]
}

struct SourcesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate pipeline definitions, and compare each source's mapping with its file's columns, elements or keys.",
        discussion: """
        A local source is compared with its file; a remote one with the payload the newest run in the data \
        directory landed for it (when there is none, the check says so). Exit status 0 when every file is \
        valid and every mapped name is in its file, 78 otherwise.
        """)

    @OptionGroup var data: DataDirOptions
    @OptionGroup var pipeline: PipelineOption

    @Argument(help: "Pipeline files (default: the pipeline, as --pipeline finds it).")
    var files: [String] = []

    func run() throws {
        let files: [String]
        do { files = try pipelineFiles(self.files, option: pipeline, dataDirectory: data.path) } catch { throw commandFailure(error) }
        let store = RunStore(root: data.path)
        var problems = 0, missing = 0
        for file in files {
            do {
                let definition = try DefinitionLoader.load(file: file)
                var errors: [String] = []
                var notes: [String] = []
                for source in definition.sources {
                    let sample: String
                    let described: String
                    if source.isRemote {
                        guard let landed = store.lastLandedPayload(of: source.name) else {
                            notes.append("\(file): source '\(source.name)' is remote and no run in \(store.runsDirectory) has landed its payload: nothing to compare its mapping with (check again after a run)")
                            continue
                        }
                        sample = landed.files[0]
                        described = "run \(landed.runId)'s payload \(sample)" + (landed.files.count > 1 ? " (page 1 of \(landed.files.count))" : "")
                    } else {
                        sample = definition.localPath(of: source)
                        guard FileManager.default.fileExists(atPath: sample) else {
                            errors.append("\(file): source '\(source.name)': local file \(sample) does not exist")
                            continue
                        }
                        described = sample
                    }
                    do {
                        let check = try FeedReader(source: source, logger: Logger(label: "kaartenbak.sources")).checkMapping(file: sample)
                        for unknown in check.unknown {
                            let nearest = unknown.nearest.isEmpty ? "no similar \(check.kind) names"
                                : "nearest: " + unknown.nearest.map { "'\($0)'" }.joined(separator: ", ")
                            errors.append("\(file): source '\(source.name)', key '\(unknown.key)': \(check.kind) '\(unknown.name)' is not in \(described) (\(nearest))")
                        }
                        if check.unknown.isEmpty {
                            let seen = check.kind == "column" ? "the header" : "\(check.records) record\(check.records == 1 ? "" : "s")"
                            notes.append("\(file): source '\(source.name)': every mapped \(check.kind) is in \(seen) of \(described)")
                        }
                    } catch {
                        errors.append("\(file): source '\(source.name)': cannot compare the mapping with \(described): \(error)")
                    }
                }
                notes.forEach { print("      \($0)") }
                if errors.isEmpty {
                    print("ok    \(file): pipeline '\(definition.name)', \(definition.sources.count) sources")
                } else {
                    problems += errors.count
                    errors.forEach { print("error \($0)") }
                }
            } catch {
                problems += 1
                if (error as? KaartenbakError)?.isMissingFile == true { missing += 1 }
                print("error \(error)")
            }
        }
        // Only files that are not there: the names were wrong (66), nothing was found invalid (78).
        if problems > 0 { throw ExitCode(missing == problems ? ExitStatus.notFound : ExitStatus.configuration) }
    }
}

struct SourcesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the sources of pipeline definitions.")

    @OptionGroup var data: DataDirOptions
    @OptionGroup var pipeline: PipelineOption

    @Argument(help: "Pipeline files (default: the pipeline, as --pipeline finds it).")
    var files: [String] = []

    func run() throws {
        do {
            var table = TextTable(["pipeline", "source", "publisher", "format", "url"])
            for file in try pipelineFiles(files, option: pipeline, dataDirectory: data.path) {
                let definition = try DefinitionLoader.load(file: file)
                for source in definition.sources {
                    table.append([definition.name, source.name, source.publisher.rawValue, source.format.rawValue, source.url])
                }
            }
            table.lines.forEach { print($0) }
        } catch {
            throw commandFailure(error)
        }
    }
}

/// `kaartenbak preview`: what a source definition makes of a sample file, before it goes live.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show the first records a source definition reads from a file, each beside the vacancy it normalises to, with every value it could not read and why.")

    @OptionGroup var data: DataDirOptions

    @Argument(help: "Source name.")
    var source: String

    @OptionGroup var pipeline: PipelineOption

    @Option(help: "Read this file instead of the source's own (local) url.")
    var file: String?

    @Option(help: "How many records to show.")
    var limit: Int = 10

    @Option(help: "table or ndjson.")
    var format: PreviewFormat = .table

    enum PreviewFormat: String, ExpressibleByArgument, CaseIterable { case table, ndjson }

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        do {
            let location = try pipeline.locate(dataDirectory: data.path)
            let definition = try DefinitionLoader.load(file: location.file)
            guard let source = definition.source(named: source) else {
                throw KaartenbakError(.notFound, "no source '\(self.source)' in \(location.file) (known: \(definition.sources.map(\.name).joined(separator: ", ")))")
            }
            guard let path = file ?? (source.isRemote ? nil : definition.localPath(of: source)) else {
                throw KaartenbakError(.usage, "source '\(source.name)' is remote: give a sample with --file")
            }
            let logger = Logger(label: "kaartenbak.preview")
            // Stops reading once `limit` records are in: a sample may be a whole night's feed.
            let (records, rejects) = try FeedReader(source: source, logger: logger).preview(file: path, limit: limit)
            let normaliser = try previewNormaliser(overrides: location.overrides, logger: logger)
            switch format {
            case .ndjson:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                // Named as the catalogue names them (normalised.date_posted, its column).
                encoder.keyEncodingStrategy = .convertToSnakeCase
                for record in records {
                    let vacancy = normaliser.normalise(record, source: source)
                    let unread = vacancy.map { normaliser.unreadValues(in: record, normalised: $0) } ?? []
                    print(String(decoding: try encoder.encode(PreviewLine(record: record, normalised: vacancy, unread: unread)), as: UTF8.self))
                }
                for reject in rejects { print(String(decoding: try encoder.encode(["reject": reject]), as: UTF8.self)) }
            case .table:
                for record in records { print(table(record, normaliser: normaliser, source: source)) }
                for reject in rejects { print("REJECT \(reject.location): \(reject.reason)") }
            }
            FileHandle.standardError.write(Data("first \(records.count) records and \(rejects.count) rejects of \(path)\n".utf8))
        } catch {
            throw commandFailure(error)
        }
    }

    /// The normaliser a run would use: the data directory's taxonomy and geography, and the overrides beside the pipeline file.
    private func previewNormaliser(overrides: String, logger: Logger) throws -> Normaliser {
        let taxonomy = try Taxonomy.load(dataDirectory: data.path)
        let decisions = FileManager.default.fileExists(atPath: overrides) ? try Override.load(path: overrides, taxonomy: taxonomy) : []
        return Normaliser(coder: ClassifierCoder(classifier: OccupationClassifier(taxonomy: taxonomy, overrides: decisions)),
                          geography: try Geography.load(dataDirectory: data.path), logger: logger)
    }

    struct PreviewLine: Encodable {
        var record: RawRecord
        var normalised: Vacancy?
        var unread: [UnreadValue]
    }

    /// One record: each mapped field's raw value beside what the vacancy holds of it, then the occupation, then
    /// every value that could not be read.
    func table(_ record: RawRecord, normaliser: Normaliser, source: SourceDefinition) -> String {
        func cut(_ text: String, _ width: Int) -> String {
            let flat = text.replacingOccurrences(of: "\n", with: "⏎")
            return flat.count > width ? String(flat.prefix(width - 1)) + "…" : flat
        }
        var lines = ["── \(record.location)"]
        guard let vacancy = normaliser.normalise(record, source: source) else {
            lines.append("  (no vacancy: the record lacks an id or title)")
            return lines.joined(separator: "\n")
        }
        lines.append("  \("field".padding(14)) \("raw".padding(48)) normalised")
        for (field, texts) in record.fields.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(field.rawValue.padding(14)) \(cut(texts.joined(separator: " | "), 48).padding(48)) \(cut(Self.normalised(field, of: vacancy), 60))")
        }
        let coding = vacancy.coding
        var occupation = coding.isco.map { "ISCO \($0) \(coding.occupationLabel ?? "")" } ?? "not coded"
        occupation += String(format: ", confidence %.2f", coding.confidence) + (coding.ambiguous ? ", ambiguous" : "")
        lines.append("  \("occupation".padding(14)) \(occupation)")
        if !coding.reasons.isEmpty { lines.append("  \("".padding(14)) because: \(cut(coding.reasons.joined(separator: "; "), 110))") }
        let sector = Sectors.bundled.sector(isco: coding.isco, candidates: coding.candidates.map(\.isco))
        lines.append("  \("sector".padding(14)) \(sector.map(Sectors.bundled.label(of:)) ?? "-")")
        if let placement = vacancy.placement {
            let municipality = placement.municipality.map { "\($0) (\(placement.municipalityCode ?? "?")), " } ?? ""
            let region = placement.region.map { "region \(placement.regionNumber.map { "\($0) " } ?? "")\($0)" } ?? "no region"
            lines.append("  \("placement".padding(14)) \(municipality)\(placement.province.map { "\($0), " } ?? "")\(region) [from \(placement.basis.rawValue)]")
            if let note = placement.note { lines.append("  \("".padding(14)) because: \(cut(note, 110))") }
        }
        for signal in vacancy.signals ?? [] {
            lines.append("  \("signal".padding(14)) \(signal.signal.rawValue): \(cut(signal.evidence, 100))")
        }
        for unread in normaliser.unreadValues(in: record, normalised: vacancy) {
            lines.append("  ! \(unread.field.rawValue) '\(cut(unread.text, 60))' not read: \(unread.reason)")
        }
        return lines.joined(separator: "\n")
    }

    /// What the vacancy holds of a raw field ("-" for nothing; blank for a field that is not normalised on its own).
    static func normalised(_ field: VacancyField, of vacancy: Vacancy) -> String {
        func number(_ value: Double?) -> String? { value.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } }
        func range(_ low: Double?, _ high: Double?) -> String? {
            guard let low = number(low) ?? number(high) else { return nil }
            let top = number(high) ?? low
            return top == low ? low : "\(low)-\(top)"
        }
        let value: String?
        switch field {
        case .id: value = vacancy.sourceRecordId
        case .title: value = vacancy.normalisedTitle
        case .description: value = vacancy.description.map { "\($0.count) characters" }
        case .employer: value = vacancy.employer
        case .place: value = vacancy.place
        case .postcode: value = vacancy.postcode
        case .province: value = vacancy.province
        case .datePosted: value = vacancy.datePosted
        case .closingDate: value = vacancy.closingDate
        case .hours, .hoursMin, .hoursMax: value = range(vacancy.hoursMin, vacancy.hoursMax).map { "\($0) hours a week" }
        case .salary, .salaryMin, .salaryMax, .salaryPeriod:
            value = range(vacancy.salaryMin, vacancy.salaryMax).map { "\($0) a \(vacancy.salaryPeriod ?? "?")" }
        case .contract: value = vacancy.contract
        case .schedule: value = vacancy.schedule
        case .education: value = vacancy.education
        case .url: value = vacancy.url
        case .isco: value = vacancy.coding.isco
        case .repost: value = vacancy.repost.map { $0 ? "repost" : "not a repost" }
        default: return ""
        }
        return value ?? "-"
    }
}
