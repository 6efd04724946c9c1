import ArgumentParser
import Foundation
import KaartenbakCore
import Catalogue
import Logging
import Pipeline

/// `kaartenbak changes`: the delta downstream tools poll for.
struct ChangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "List vacancies that are new, updated, closed or reopened since a run.",
        discussion: """
            Reads the `changes` table of the published catalogue. Output as NDJSON (default) or a table with a header. \
            An updated vacancy says which of its columns changed ("fields"), as the run that updated it recorded them \
            (runs before December 2026 did not).
            """)

    @OptionGroup var data: DataDirOptions

    @Option(help: "Changes made by runs after this one (a run id or a unique prefix); omitted: all.")
    var since: String?

    @Option(help: "ndjson or table.")
    var format: OutputFormat = .ndjson

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case ndjson, table }

    func run() throws {
        let store = RunStore(root: data.path)
        do {
            guard FileManager.default.fileExists(atPath: store.cataloguePath) else {
                throw KaartenbakError(.notFound, "no catalogue at \(store.cataloguePath): run the pipeline first")
            }
            let after = try since.map { try store.resolve($0) }
            let lines = try CatalogueFile.read(store.cataloguePath) { db in try CatalogueReads.changeLines(db, since: after) }
            // Which columns each run's updates changed, as the run recorded them after publishing.
            var changedFields: [String: [String: [String]]] = [:]
            for run in Set(lines.filter { $0.change == "updated" }.map(\.runId)) {
                changedFields[run] = try? RunChanges.load(from: store.changedFields(run))
            }
            var table = TextTable(["run", "change", "vacancy", "title", "place", "fields"])
            for line in lines {
                let fields = changedFields[line.runId]?[line.vacancyId]
                switch format {
                case .ndjson:
                    var object: [String: Any] = ["run_id": line.runId, "vacancy_id": line.vacancyId, "change": line.change, "at": line.at]
                    for (key, value) in [("title", line.title), ("isco", line.isco), ("employer", line.employer), ("place", line.place), ("status", line.status)] {
                        if let value { object[key] = value }
                    }
                    if let fields { object["fields"] = fields }
                    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                    print(String(decoding: data, as: UTF8.self))
                case .table:
                    table.append([line.runId, line.change, line.vacancyId, line.title ?? "", line.place ?? "", fields?.joined(separator: ",") ?? ""])
                }
            }
            if format == .table { table.lines.forEach { print($0) } }
        } catch {
            throw commandFailure(error)
        }
    }
}

/// `kaartenbak export`: the published catalogue as NDJSON, CSV or schema.org JobPosting, whole or
/// filtered with the API's filters (the same `VacancyFilter` and query).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the published catalogue as NDJSON, CSV or JobPosting JSON-LD, whole or filtered.",
        discussion: """
            ndjson: one vacancy per line with its sources (the default; the night writes it itself with \
            `publish: export: true`). csv: one vacancy per row (RFC 4180, UTF-8, no description). jobposting: \
            one schema.org JobPosting per line, open vacancies by default. Filters are those of GET /vacancies \
            (docs/serve.md). The file is replaced when complete, so a reader never sees half of it.
            """)

    @OptionGroup var data: DataDirOptions

    @Option(help: "The file to write (default: catalogue.ndjson, catalogue.csv or catalogue.jobposting.ndjson beside the catalogue); - for standard output.")
    var out: String?

    @Option(help: "ndjson, csv or jobposting.")
    var format: Format = .ndjson

    enum Format: String, ExpressibleByArgument, CaseIterable { case ndjson, csv, jobposting }

    @Option(name: .customLong("q"), help: "Words over title, description and employer (full-text).")
    var text: String?
    @Option(help: "ISCO-08 code, 1 to 4 digits.") var isco: String?
    @Option(help: "Kaartenbak occupation code.") var occupation: String?
    @Option(help: "Labour-market region: its name (West-Brabant), number (28) or AM28.") var region: String?
    @Option(help: "Municipality: its name (any case) or four-digit CBS code.") var municipality: String?
    @Option(help: "Sector lane (docs/sectors.md), e.g. techniek_logistiek.") var sector: String?
    @Option(help: "Inclusive-work signals the vacancy must all have, comma-separated (docs/signals.md).") var signal: String?
    @Option(help: "Place (whole name, any case).") var place: String?
    @Option(help: "Employer (whole name, any case).") var employer: String?
    @Option(help: "A source that carries the vacancy.") var source: String?
    @Option(help: "open, closed, merged or any (default: any; jobposting: open).") var status: String?
    @Option(help: "Posted on or after this day (yyyy-mm-dd).") var postedSince: String?
    @Option(help: "Hours per week at least.") var hoursMin: Double?
    @Option(help: "Hours per week at most.") var hoursMax: Double?
    @Option(help: "Pay at least (per --salary-period).") var salaryMin: Double?
    @Option(help: "Pay at most (per --salary-period).") var salaryMax: Double?
    @Option(help: "hour, week, month (default) or year.") var salaryPeriod: String?

    /// A filter that cannot be right is a usage error (64), named as the API names it.
    func validate() throws {
        do { _ = try filter() } catch let error as KaartenbakError { throw ValidationError(error.message) }
    }

    func filter() throws -> VacancyFilter {
        var filter = VacancyFilter()
        filter.text = text
        filter.isco = isco
        filter.occupation = occupation
        filter.region = region
        filter.municipality = municipality
        filter.sector = sector
        filter.signals = signal.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        filter.place = place
        filter.employer = employer
        filter.source = source
        let value = status ?? (format == .jobposting ? VacancyStatusChoice.open : .any).rawValue
        guard let choice = VacancyStatusChoice(rawValue: value) else {
            throw KaartenbakError(.usage, "--status must be \(VacancyStatusChoice.spelled), not '\(value)'")
        }
        filter.status = choice.status
        filter.postedSince = postedSince
        filter.hoursMin = hoursMin
        filter.hoursMax = hoursMax
        filter.salaryMin = salaryMin
        filter.salaryMax = salaryMax
        filter.salaryPeriod = salaryPeriod
        try filter.validate()
        return filter
    }

    func run() throws {
        let store = RunStore(root: data.path)
        do {
            guard FileManager.default.fileExists(atPath: store.cataloguePath) else {
                throw KaartenbakError(.notFound, "no catalogue at \(store.cataloguePath): run the pipeline first")
            }
            let filter = try filter()
            let publisher = CataloguePublisher(catalogue: store.cataloguePath, logger: Logger(label: "kaartenbak"))
            if format == .ndjson, filter == VacancyFilter() {
                // The whole catalogue: the night's own export, byte for byte.
                if out == "-" {
                    try publisher.export(toHandle: FileHandle.standardOutput)
                } else {
                    let path = out ?? publisher.exportURL.path
                    try publisher.export(to: path)
                    FileHandle.standardError.write(Data("kaartenbak: wrote \(path)\n".utf8))
                }
                return
            }
            let beside = URL(fileURLWithPath: store.cataloguePath).deletingPathExtension()
            let path = out ?? beside.appendingPathExtension(format == .csv ? "csv" : format == .jobposting ? "jobposting.ndjson" : "ndjson").path
            let count = try write(filter: filter, catalogue: store.cataloguePath, to: path)
            if path != "-" { FileHandle.standardError.write(Data("kaartenbak: wrote \(count) vacancies to \(path)\n".utf8)) }
        } catch {
            throw commandFailure(error)
        }
    }

    /// Writes the selected vacancies in `format` to `path` (a temporary file renamed over it when
    /// complete) or standard output; returns how many.
    private func write(filter: VacancyFilter, catalogue: String, to path: String) throws -> Int {
        let temporary = path == "-" ? nil : DurableFiles.temporaryPath(for: path)
        let handle: FileHandle
        if let temporary {
            handle = FileHandle(fileDescriptor: try DurableFiles.create(temporary), closeOnDealloc: true)
        } else {
            handle = FileHandle.standardOutput
        }
        var buffer: [UInt8] = []
        func emit(_ bytes: [UInt8]) throws {
            buffer += bytes
            if buffer.count >= 1 << 20 { try handle.write(contentsOf: buffer); buffer.removeAll(keepingCapacity: true) }
        }
        var count = 0
        do {
            if format == .csv { try emit(VacancyCSV.header) }
            try CatalogueFile.read(catalogue) { db in
                if filter.text != nil, try !VacancyQuery.canSearch(db) {
                    throw KaartenbakError(.notFound, "search unavailable: \(catalogue) was published before the full-text index; the next publish adds it")
                }
                try VacancyQuery.each(db, filter: filter) { vacancy in
                    count += 1
                    switch format {
                    case .csv: try emit(VacancyCSV.row(vacancy.row))
                    case .ndjson: try emit(vacancy.exportLine(sources: try VacancyQuery.sources(db, of: vacancy.row.id)) + [0x0A])
                    case .jobposting:
                        var out = JSONBytes()
                        JobPosting.jsonLD(vacancy.row, into: &out)
                        try emit(out.bytes + [0x0A])
                    }
                }
            }
            try handle.write(contentsOf: buffer)
            if let temporary {
                try handle.close()
                try DurableFiles.commit(temporary, to: path)
            }
        } catch {
            if let temporary { try? handle.close(); try? FileManager.default.removeItem(atPath: temporary) }
            throw error
        }
        return count
    }
}

/// `kaartenbak prune`: housekeeping of run folders.
struct PruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove old run folders, keeping the newest N and every input the published catalogue still rests on.")

    @OptionGroup var data: DataDirOptions

    @Option(help: "How many of the newest runs to keep.")
    var keep: Int = 14

    @Flag(help: "Only say what would be removed.")
    var dryRun = false

    func validate() throws {
        guard keep >= 1 else { throw ValidationError("--keep must be at least 1") }
    }

    func run() throws {
        let store = RunStore(root: data.path)
        do {
            let lock = try RunLock(path: store.lockPath)
            let plan = try RunPruner(store: store).plan(keep: keep)
            for runId in plan.remove {
                print("\(dryRun ? "would remove" : "remove") \(store.directory(of: runId))")
                if !dryRun { try FileManager.default.removeItem(atPath: store.directory(of: runId)) }
            }
            for (runId, reason) in plan.protected.sorted(by: { $0.key < $1.key }) {
                print("keep   \(runId): \(reason)")
            }
            withExtendedLifetime(lock) {}
        } catch {
            throw commandFailure(error)
        }
    }
}

/// `kaartenbak report`: the morning page for operators.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report of a run (sources, rejects, changes, classification, timings, trend).")

    @OptionGroup var data: DataDirOptions

    @Argument(help: "Run id, a unique prefix of one, or 'last'.")
    var runId: String = "last"

    @Option(name: .shortAndLong, help: "Write here instead of <run folder>/report.html.")
    var output: String?

    func run() throws {
        let store = RunStore(root: data.path)
        do {
            let id = try store.resolve(runId)
            let report = RunReport(store: store)
            if let output {
                try DurableFiles.write(Data(try report.render(runId: id).utf8), to: output)
                print(output)
            } else {
                print(try report.write(runId: id))
            }
        } catch {
            throw commandFailure(error)
        }
    }
}

/// `kaartenbak stats`: where the open vacancies are and for whom: placement coverage, open vacancies per
/// labour-market region and sector lane, and the inclusive-work signals among them.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Open vacancies per region and sector with their inclusive-work signals, and how well they were placed.",
        discussion: "Reads the published catalogue. --format tsv prints the region × sector table alone, for a spreadsheet.")

    @OptionGroup var data: DataDirOptions

    @Option(help: "table (default) or tsv.")
    var format: Format = .table

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, tsv }

    func run() throws {
        let store = RunStore(root: data.path)
        do {
            guard FileManager.default.fileExists(atPath: store.cataloguePath) else {
                throw KaartenbakError(.notFound, "no catalogue at \(store.cataloguePath): run the pipeline first")
            }
            let (cells, coverage, info, counts, placed) = try CatalogueFile.read(store.cataloguePath) { db in
                (try RegionSectorCount.read(db), try PlacementCoverage.read(db), try CatalogueReads.info(db), try CatalogueReads.stats(db),
                 try CatalogueSchema.hasPlacement(db))
            }
            guard placed else {
                throw KaartenbakError(.notFound, "the catalogue at \(store.cataloguePath) is of schema \(info["schema_version"] ?? "?"), before geography, sectors and signals: the next night adds them")
            }
            print(Self.render(cells: cells, coverage: coverage, info: info, open: counts.open, all: counts.all,
                              path: store.cataloguePath, format: format), terminator: "")
        } catch {
            throw commandFailure(error)
        }
    }

    static func render(cells: [RegionSectorCount], coverage: PlacementCoverage, info: [String: String], open: Int, all: Int,
                       path: String, format: Format) -> String {
        let kinds = SignalKind.allCases
        func region(_ cell: RegionSectorCount) -> String {
            cell.region.map { name in cell.regionNumber.map { "\($0) \(name)" } ?? name } ?? "(no region)"
        }
        if format == .tsv {
            var out = (["region_number", "region", "sector", "open"] + kinds.map(\.rawValue)).joined(separator: "\t") + "\n"
            for cell in cells {
                out += ([cell.regionNumber.map(String.init) ?? "", cell.region ?? "", cell.sector ?? "", String(cell.open)]
                        + kinds.map { String(cell.signals[$0] ?? 0) }).joined(separator: "\t") + "\n"
            }
            return out
        }
        func pct(_ part: Int, _ whole: Int) -> String { whole == 0 ? "-" : String(format: "%.1f%%", Double(part) * 100 / Double(whole)) }
        var out = "catalogue \(path) (run \(info["run_id"] ?? "?")): \(open) open of \(all) vacancies\n\n"
        out += "placement of the open vacancies\n"
        let p = coverage.withPostcode, q = coverage.placeOnly
        out += "  with a postcode  \(String(p.vacancies).leftAligned(8)) municipality \(p.municipality) (\(pct(p.municipality, p.vacancies))), region \(p.region) (\(pct(p.region, p.vacancies)))\n"
        out += "  place only       \(String(q.vacancies).leftAligned(8)) municipality \(q.municipality) (\(pct(q.municipality, q.vacancies))), region \(q.region) (\(pct(q.region, q.vacancies)))"
        out += "; not placed: in several municipalities \(coverage.placeOnlyAmbiguous), not in the table \(coverage.placeOnlyUnknown)\n"
        out += "  by basis         " + coverage.byBasis.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n\n"

        out += "open vacancies per region and sector, with their signals\n"
        let regionWidth = max(24, (cells.map { region($0).count }.max() ?? 0) + 2)
        let sectorWidth = 28
        out += "region".padding(toLength: regionWidth, withPad: " ", startingAt: 0) + "sector".padding(toLength: sectorWidth, withPad: " ", startingAt: 0)
            + "open".leftPadded(6) + kinds.map { $0.rawValue.leftPadded($0.rawValue.count + 2) }.joined() + "\n"
        var totals: [SignalKind: Int] = [:], total = 0
        for cell in cells {
            out += region(cell).padding(toLength: regionWidth, withPad: " ", startingAt: 0)
                + (cell.sector ?? "(no sector)").padding(toLength: sectorWidth, withPad: " ", startingAt: 0)
                + String(cell.open).leftPadded(6) + kinds.map { String(cell.signals[$0] ?? 0).leftPadded($0.rawValue.count + 2) }.joined() + "\n"
            total += cell.open
            for kind in kinds { totals[kind, default: 0] += cell.signals[kind] ?? 0 }
        }
        out += "all".padding(toLength: regionWidth + sectorWidth, withPad: " ", startingAt: 0) + String(total).leftPadded(6)
            + kinds.map { String(totals[$0] ?? 0).leftPadded($0.rawValue.count + 2) }.joined() + "\n"
        return out
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? " " + self : String(repeating: " ", count: width - count) + self }
    func leftAligned(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
