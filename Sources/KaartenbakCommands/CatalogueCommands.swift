import ArgumentParser
import Foundation
import GRDB
import KaartenbakCore
import Catalogue
import Logging
import Pipeline

/// `kaartenbak changes`: the delta downstream tools poll for.
struct ChangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "List vacancies that are new, updated, closed or reopened since a run.",
        discussion: "Reads the `changes` table of the published catalogue. Output as NDJSON (default) or a table.")

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
            let after = try since.map { try store.resolve($0) } ?? ""
            let rows = try CatalogueFile.read(store.cataloguePath) { db in
                try Row.fetchAll(db, sql: """
                    SELECT c.run_id, c.vacancy_id, c.change, c.at, v.title, v.isco, v.employer, v.place, v.status
                    FROM changes c JOIN vacancies v ON v.id = c.vacancy_id
                    WHERE c.run_id > ? ORDER BY c.run_id, c.vacancy_id
                    """, arguments: [after])
            }
            for row in rows {
                let fields: [String: String?] = [
                    "run_id": row["run_id"], "vacancy_id": row["vacancy_id"], "change": row["change"], "at": row["at"],
                    "title": row["title"], "isco": row["isco"], "employer": row["employer"], "place": row["place"],
                    "status": row["status"],
                ]
                switch format {
                case .ndjson:
                    let object = fields.compactMapValues { $0 }
                    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                    print(String(decoding: data, as: UTF8.self))
                case .table:
                    print([fields["run_id"], fields["change"], fields["vacancy_id"], fields["title"], fields["place"]]
                        .map { ($0 ?? nil) ?? "" }.joined(separator: "\t"))
                }
            }
        } catch {
            throw commandFailure(error)
        }
    }
}

/// `kaartenbak export`: the published catalogue as NDJSON, for tools that do not read SQLite.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the published catalogue as NDJSON: one vacancy per line with its sources, in id order.",
        discussion: """
            The night writes it itself only with `publish: export: true` in the pipeline. The file is \
            replaced when complete, so a reader never sees half of it.
            """)

    @OptionGroup var data: DataDirOptions

    @Option(help: "The file to write (default: catalogue.ndjson beside the catalogue); - for standard output.")
    var out: String?

    func run() throws {
        let store = RunStore(root: data.path)
        do {
            guard FileManager.default.fileExists(atPath: store.cataloguePath) else {
                throw KaartenbakError(.notFound, "no catalogue at \(store.cataloguePath): run the pipeline first")
            }
            let publisher = CataloguePublisher(catalogue: store.cataloguePath, logger: Logger(label: "kaartenbak"))
            if out == "-" {
                try publisher.export(toHandle: FileHandle.standardOutput)
            } else {
                let path = out ?? publisher.exportURL.path
                try publisher.export(to: path)
                FileHandle.standardError.write(Data("kaartenbak: wrote \(path)\n".utf8))
            }
        } catch {
            throw commandFailure(error)
        }
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
