import Foundation
import Testing
@testable import Pipeline

/// The run report as an operator reads it: through the real binary, over nights in one data directory.
@Suite("Run report", .serialized)
struct RunReportTests {
    /// A data directory and a pipeline of two sources, `a` (XML) and `b` (CSV), reading files beside it.
    struct Nights {
        let folder: TemporaryDirectory
        var data: String { folder.path + "/data" }
        var pipeline: String { folder.path + "/pipeline.yaml" }

        init() throws {
            folder = try TemporaryDirectory()
            try """
            version: 1
            pipeline: report-test
            region: AM25
            sources:
              - name: a
                publisher: employer
                url: a.xml
                format: xml
                record: jobs/job
                fields: {id: id, title: title, place: place, employer: employer, description: description}
              - name: b
                publisher: municipality
                url: b.csv
                format: csv
                fields: {id: id, title: title, place: place, employer: employer, description: description}
            """.write(toFile: pipeline, atomically: true, encoding: .utf8)
        }

        static let jobs = [("Schoonmaker", "Breda"), ("Kok", "Tilburg"), ("Lasser", "Oosterhout"), ("Docent", "Dongen"),
                           ("Tuinman", "Zundert"), ("Elektricien", "Waalwijk"), ("Boekhouder", "Moerdijk"), ("Timmerman", "Rucphen")]

        static func employer(_ n: Int) -> String { "\(jobs[n].0)bedrijf \(jobs[n].1) BV" }
        static func description(_ n: Int) -> String { "\(jobs[n].0) gezocht in \(jobs[n].1), 24 uur per week, vast contract." }

        /// Source `a` lists jobs `range`, source `b` the first three (the same vacancies: they merge).
        func write(a range: Range<Int>, b: Bool = true) throws {
            let xml = range.map {
                "<job><id>A\($0)</id><title>\(Self.jobs[$0].0)</title><place>\(Self.jobs[$0].1)</place>"
                    + "<employer>\(Self.employer($0))</employer><description>\(Self.description($0))</description></job>"
            }
            try ("<jobs>" + xml.joined() + "</jobs>\n").write(toFile: folder.path + "/a.xml", atomically: true, encoding: .utf8)
            let path = folder.path + "/b.csv"
            if b {
                let rows = (0..<3).map { "B\($0);\(Self.jobs[$0].0);\(Self.jobs[$0].1);\(Self.employer($0));\(Self.description($0))" }
                try ("id;title;place;employer;description\n" + rows.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            } else {
                try? FileManager.default.removeItem(atPath: path)
            }
        }

        func run() throws -> CLIResult {
            try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data])
        }

        /// Night one: a lists jobs 0-2 (b the same three); night two: a lists 0-7. Returns the two run ids.
        func threeThenEight() throws -> [String] {
            try write(a: 0..<3)
            #expect(try run().status == 0)
            try write(a: 0..<8)
            #expect(try run().status == 0)
            return try runIds()
        }

        func runIds() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: data + "/runs").filter { !$0.hasPrefix(".") }.sorted()
        }

        func report(_ run: String) throws -> String {
            let out = folder.path + "/report-\(run).html"
            let result = try CLI.run(["report", run, "--output", out, "--data-dir", data])
            #expect(result.status == 0, "\(result.stderr)")
            return try String(contentsOfFile: out, encoding: .utf8)
        }
    }

    /// The text of the table row whose first cell is `name`, tags removed.
    static func row(_ html: String, _ name: String) -> String? {
        guard let start = html.range(of: "<tr><td>\(name)</td>") else { return nil }
        let end = html[start.upperBound...].range(of: "</tr>")?.lowerBound ?? html.endIndex
        return html[start.lowerBound..<end].replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
    }

    @Test func aPartialRunIsNotGreenAndTheFailedSourceSaysWhatWasKeptAndWhatToDoNext() throws {
        let nights = try Nights()
        try nights.write(a: 0..<5)
        #expect(try nights.run().status == 0)
        let first = try nights.runIds()[0]
        let good = try nights.report(first)
        #expect(good.contains("<b class=\"succeeded\">succeeded</b>"))

        // Night two: source b's file is gone, so its fetch fails; its three vacancies stay.
        try nights.write(a: 0..<5, b: false)
        let second = try nights.run()
        #expect(second.status == 3, "\(second.stderr)")
        let run = try nights.runIds()[1]
        let html = try nights.report(run)
        #expect(html.contains("<b class=\"partial\">partial</b>"), "a partial run is shown as partial")
        #expect(!html.contains("class=\"succeeded\">partial"))
        #expect(html.contains("1 source failed"))
        let row = try #require(Self.row(html, "b"))
        #expect(row.contains("failed at fetch"))
        #expect(row.contains("its 3 vacancies were kept from run \(first)"), "\(row)")
        #expect(html.contains("What to do next"))
        #expect(html.contains("<code>kaartenbak rerun \(run)</code>"), "the next step names the command")

        // `status RUN` says the same in text.
        let status = try CLI.run(["status", run, "--data-dir", nights.data])
        #expect(status.stdout.contains("next: check the source's url"), "\(status.stdout)")
        #expect(!status.stdout.split(separator: "\n").contains { $0.hasSuffix(" ") }, "no line ends in spaces")
        #expect(status.stdout.contains("b: kept the vacancies of run \(first)"))
    }

    @Test func anOldRunsReportShowsThatRunsCatalogueNotTodays() throws {
        let nights = try Nights()
        let runs = try nights.threeThenEight()

        // Night one: three vacancies, each carried by a and b; night two: five more from a.
        let old = try nights.report(runs[0])
        #expect(old.contains("<tr><th>vacancies (open / all)</th><td class=\"num\">3 / 3</td></tr>"), "\(old)")
        #expect(old.contains("The published catalogue is now from run \(runs[1])"))
        let now = try nights.report(runs[1])
        #expect(now.contains("<tr><th>vacancies (open / all)</th><td class=\"num\">8 / 8</td></tr>"))

        // Per source, new counts vacancies: night one made three, each carried by both sources; the total counts each once.
        let a = try #require(Self.row(old, "a")), b = try #require(Self.row(old, "b"))
        #expect(a.split(separator: " ").suffix(3) == ["3", "0", "0"], "\(a)")
        #expect(b.split(separator: " ").suffix(3) == ["3", "0", "0"], "\(b)")
        let total = try #require(old.range(of: "<tr class=\"total\"><td>all sources</td>").map { old[$0.lowerBound...] })
        let totalCells = String(total.prefix { $0 != "\n" }).replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        #expect(totalCells.split(separator: " ").suffix(3) == ["3", "0", "0"], "\(totalCells)")
        let newer = try #require(Self.row(now, "a"))
        #expect(newer.split(separator: " ").suffix(3) == ["5", "0", "0"], "\(newer)")

        // A run whose figures were not kept says so instead of showing today's.
        try FileManager.default.removeItem(atPath: RunStore(root: nights.data).catalogueFigures(runs[0]))
        let unkept = try nights.report(runs[0])
        #expect(unkept.contains("figures were not kept"))
        #expect(!unkept.contains("8 / 8"))
    }

    @Test func theTrendHasAxesAndTheTimingsSayWhatTheyMeasure() throws {
        let nights = try Nights()
        let runs = try nights.threeThenEight()
        let html = try nights.report(runs[1])
        #expect(html.components(separatedBy: "class=\"axis\"").count - 1 == 2, "a y and an x axis")
        let yTicks = html.matches(of: /class="ytick"[^>]*>(\d+)</).map { Int($0.output.1)! }
        #expect(yTicks.first == 0)
        #expect((yTicks.last ?? 0) >= 8, "the top tick is at or above the largest value: \(yTicks)")
        let xTicks = html.matches(of: /class="xtick"[^>]*>([^<]+)</).map { String($0.output.1) }
        #expect(xTicks == runs.map(RunReport.runLabel), "each run is labelled along the x axis")
        #expect(html.contains(">open vacancies</text>"))
        #expect(html.contains("wall seconds (first start to last end)"))
        #expect(html.contains("step seconds added up"))
        #expect(html.contains("Neither is CPU time"))
    }

    @Test(arguments: [(0, [0, 1]), (1, [0, 1]), (7, [0, 2, 4, 6, 8]), (68, [0, 20, 40, 60, 80]), (100, [0, 20, 40, 60, 80, 100]),
                      (12_345, [0, 5000, 10000, 15000])])
    func axisTicksAreRoundAndReachTheTop(maximum: Int, ticks: [Int]) {
        #expect(RunReport.axisTicks(upTo: maximum) == ticks)
    }
}
