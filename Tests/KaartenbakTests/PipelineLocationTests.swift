import Foundation
import Testing
import KaartenbakCore
import Pipeline

/// One rule for where the pipeline (and the overrides beside it) is, whatever folder a command starts in.
@Suite("Where the pipeline is", .serialized)
struct PipelineLocationTests {
    /// A folder with pipelines a.yaml and b.yaml, and a data directory whose newest run was started from c.yaml.
    struct Places {
        let folder: TemporaryDirectory
        var store: RunStore { RunStore(root: folder.path + "/data") }
        func file(_ name: String) -> String { folder.path + "/" + name }

        init() throws {
            folder = try TemporaryDirectory()
            for name in ["a.yaml", "b.yaml", "c.yaml"] { try "version: 1\n".write(toFile: folder.path + "/" + name, atomically: true, encoding: .utf8) }
            let store = RunStore(root: folder.path + "/data")
            try DurableFiles.makeDirectory(store.directory(of: "20261201T000000Z-01"))
            try store.saveManifest(RunManifest(runId: "20261201T000000Z-01", pipelineName: "c", pipelineFile: folder.path + "/c.yaml",
                                               startedAt: "2026-12-01T00:00:00Z"))
        }
    }

    @Test func theFirstPlaceThatNamesAPipelineDecides() throws {
        let places = try Places()
        let key = PipelineLocation.environmentKey
        let option = try PipelineLocation.resolve(option: places.file("a.yaml"), store: places.store, environment: [key: places.file("b.yaml")])
        #expect(option.file == places.file("a.yaml") && option.origin == .option)
        let named = try PipelineLocation.resolve(option: nil, store: places.store, environment: [key: places.file("b.yaml")])
        #expect(named.file == places.file("b.yaml") && named.origin == .environment)
        let remembered = try PipelineLocation.resolve(option: nil, store: places.store, environment: [:])
        #expect(remembered.file == places.file("c.yaml") && remembered.origin == .dataDirectory(runId: "20261201T000000Z-01"))
        #expect(remembered.overrides == places.file("overrides.tsv"), "the overrides are beside the pipeline")

        // A data directory without runs, started in a checkout: the one file in ./pipelines.
        let checkout = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: checkout.path + "/pipelines", withIntermediateDirectories: true)
        try "version: 1\n".write(toFile: checkout.path + "/pipelines/only.yaml", atomically: true, encoding: .utf8)
        let empty = RunStore(root: checkout.path + "/var")
        let folder = try PipelineLocation.resolve(option: nil, store: empty, environment: [:], currentDirectory: checkout.path)
        #expect(folder.file == checkout.path + "/pipelines/only.yaml" && folder.origin == .pipelinesFolder)
        // Relative names are taken from the folder the command started in.
        let relative = try PipelineLocation.resolve(option: "pipelines/only.yaml", store: nil, environment: [:], currentDirectory: checkout.path)
        #expect(relative.file == checkout.path + "/pipelines/only.yaml")

        try "version: 1\n".write(toFile: checkout.path + "/pipelines/other.yaml", atomically: true, encoding: .utf8)
        let two = #expect(throws: KaartenbakError.self) {
            try PipelineLocation.resolve(option: nil, store: empty, environment: [:], currentDirectory: checkout.path)
        }
        #expect(two?.code == .usage)
        #expect(two?.message.contains("only.yaml, other.yaml") == true)
    }

    @Test func aNamedFileThatIsNotThereIsAnErrorNotTheNextPlace() throws {
        let places = try Places()
        let missing = #expect(throws: KaartenbakError.self) {
            try PipelineLocation.resolve(option: nil, store: places.store, environment: [PipelineLocation.environmentKey: places.file("gone.yaml")])
        }
        #expect(missing?.code == .notFound)
        #expect(missing?.message.contains("named by KAARTENBAK_PIPELINE") == true, "\(String(describing: missing))")

        try FileManager.default.removeItem(atPath: places.file("c.yaml"))
        let forgotten = #expect(throws: KaartenbakError.self) {
            try PipelineLocation.resolve(option: nil, store: places.store, environment: [:])
        }
        #expect(forgotten?.message.contains("newest run (20261201T000000Z-01)") == true)

        let nowhere = try TemporaryDirectory()
        let none = #expect(throws: KaartenbakError.self) {
            try PipelineLocation.resolve(option: nil, store: RunStore(root: nowhere.path + "/var"), environment: [:], currentDirectory: nowhere.path)
        }
        #expect(none?.code == .notFound)
        #expect(try PipelineLocation.find(option: nil, store: nil, environment: [:], currentDirectory: nowhere.path) == nil)
    }

    /// An operator in their home folder, not in the checkout: every command finds the same pipeline and overrides.
    @Test func everyCommandFindsThePipelineFromAnotherFolder() throws {
        let setup = try TemporaryDirectory()
        let pipeline = try writeBundledPipeline(into: setup, feeds: fixturesDirectory.appendingPathComponent("feeds").path)
        let data = setup.path + "/data"
        let elsewhere = try TemporaryDirectory()
        let named = ["KAARTENBAK_PIPELINE": pipeline]

        let check = try CLI.run(["sources", "check", "--data-dir", data], environment: named, currentDirectory: elsewhere.url)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("ok    \(pipeline)"))
        #expect(check.stderr.contains("named by KAARTENBAK_PIPELINE"), "says where the pipeline came from")
        let preview = try CLI.run(["preview", "gemeente-breda", "--limit", "1"], environment: named, currentDirectory: elsewhere.url)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(try CLI.run(["run", "--data-dir", data], environment: named, currentDirectory: elsewhere.url).status == 0)

        // Without the variable, the data directory remembers the pipeline its runs were started from.
        let remembered = try CLI.run(["sources", "list", "--data-dir", data], currentDirectory: elsewhere.url)
        #expect(remembered.status == 0, "\(remembered.stderr)")
        #expect(remembered.stdout.contains("gemeente-breda"))
        #expect(remembered.stderr.contains("newest run"))
        let decided = try CLI.run(["review", "decide", "maaltijdbezorger", "maaltijdbezorger-scooter", "--data-dir", data],
                                  currentDirectory: elsewhere.url)
        #expect(decided.status == 0, "\(decided.stderr)")
        #expect(FileManager.default.fileExists(atPath: setup.path + "/overrides.tsv"), "the decision is beside the pipeline")
        #expect(!FileManager.default.fileExists(atPath: elsewhere.path + "/pipelines"), "and not in the folder the command ran in")
        let again = try CLI.run(["run", "--data-dir", data], currentDirectory: elsewhere.url)
        #expect(again.status == 0, "\(again.stderr)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: data + "/runs").filter { !$0.hasPrefix(".") }.sorted()
        #expect(FileManager.default.fileExists(atPath: data + "/runs/\(runs.last!)/overrides.tsv"), "the next run applies it")

        // Nothing names a pipeline: one line saying how to name one, exit 66.
        let lost = try CLI.run(["preview", "gemeente-breda"], currentDirectory: elsewhere.url)
        #expect(lost.status == 66)
        #expect(lost.stderr.contains("no pipeline given: name one with --pipeline FILE or KAARTENBAK_PIPELINE=FILE"), "\(lost.stderr)")
        let gone = try CLI.run(["run", "--data-dir", elsewhere.path + "/var"], environment: ["KAARTENBAK_PIPELINE": elsewhere.path + "/nope.yaml"],
                               currentDirectory: elsewhere.url)
        #expect(gone.status == 66)
        #expect(gone.stderr.split(separator: "\n").contains { $0.contains("nope.yaml: cannot read pipeline file: No such file or directory (named by KAARTENBAK_PIPELINE)") }, "\(gone.stderr)")
    }
}
