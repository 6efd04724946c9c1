import Foundation
import Testing
import Pipeline

/// The smaller things an operator reads: tables whose columns line up and have headers, what an update changed,
/// reject snippets in the feed's own characters; through the real binary.
@Suite("Operator output", .serialized)
struct OperatorOutputTests {
    /// Where each of a header's words starts in its line.
    static func starts(of words: [String], in line: String) -> [Int] {
        words.map { word in line.range(of: word).map { line.distance(from: line.startIndex, to: $0.lowerBound) } ?? -1 }
    }

    /// Where each column's cell starts, cells being separated by two or more spaces.
    static func cellStarts(_ line: String) -> [Int] {
        var starts: [Int] = [0]
        let characters = Array(line)
        var index = 0
        while index < characters.count {
            if characters[index] == " ", index + 1 < characters.count, characters[index + 1] == " " {
                var end = index
                while end < characters.count, characters[end] == " " { end += 1 }
                if end < characters.count { starts.append(end) }
                index = end
            } else {
                index += 1
            }
        }
        return starts
    }

    @Test func statusColumnsLineUp() throws {
        let data = try TemporaryDirectory()
        #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
        #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
        let list = try CLI.run(["status", "--data-dir", data.path]).stdout.split(separator: "\n").map(String.init)
        #expect(list.count == 3)
        let header = Self.starts(of: ["run", "status", "started", "pipeline"], in: list[0])
        for row in list.dropFirst() {
            #expect(Array(Self.cellStarts(row).prefix(4)) == header, "\(list.joined(separator: "\n"))")
        }
        let steps = try CLI.run(["status", "last", "--data-dir", data.path]).stdout.split(separator: "\n").map(String.init)
        let tableHeader = try #require(steps.first { $0.hasPrefix("stage ") })
        let columns = Self.starts(of: ["stage", "source", "status"], in: tableHeader)
        let rows = steps.filter { ["fetch ", "parse ", "normalise ", "dedupe ", "publish "].contains(where: $0.hasPrefix) }
        #expect(rows.count == 14)
        for row in rows { #expect(Array(Self.cellStarts(row).prefix(3)) == columns, "\(steps.joined(separator: "\n"))") }
        let sources = try CLI.run(["sources", "list"]).stdout.split(separator: "\n").map(String.init)
        let sourceColumns = Self.starts(of: ["pipeline", "source", "publisher", "format", "url"], in: sources[0])
        for row in sources.dropFirst() { #expect(Self.cellStarts(row) == sourceColumns, "\(sources.joined(separator: "\n"))") }
    }

    /// A pipeline of one CSV source reading feed.csv beside it; returns its path.
    static func csvPipeline(in folder: TemporaryDirectory, source: String, publisher: String, settings: String) throws -> String {
        let pipeline = folder.path + "/pipeline.yaml"
        try """
        version: 1
        pipeline: output-test
        region: AM25
        sources:
          - name: \(source)
            publisher: \(publisher)
            url: feed.csv
            format: csv
        \(settings)
        """.write(toFile: pipeline, atomically: true, encoding: .utf8)
        return pipeline
    }

    @Test func changesHaveAHeaderAndSayWhatAnUpdateChanged() throws {
        let folder = try TemporaryDirectory()
        let pipeline = try Self.csvPipeline(in: folder, source: "bron", publisher: "employer",
                                            settings: "    fields: {id: id, title: title, place: place, hours: hours, description: description}")
        func feed(hours: String) throws {
            try """
            id;title;place;hours;description
            1;Kok;Breda;\(hours);Kok gezocht voor ons restaurant in Breda.
            2;Lasser;Tilburg;40;Lasser gezocht voor de werkplaats in Tilburg.
            """.write(toFile: folder.path + "/feed.csv", atomically: true, encoding: .utf8)
        }
        let data = folder.path + "/data"
        try feed(hours: "40")
        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data]).status == 0)
        let first = try #require(RunStore(root: data).runIds().first)
        // Full-time both nights: a change to part-time would rightly change the flexible-hours signal's evidence too.
        try feed(hours: "38")
        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data]).status == 0)

        let table = try CLI.run(["changes", "--since", first, "--format", "table", "--data-dir", data])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["run", "change", "vacancy", "title", "place", "fields"])
        #expect(lines.count == 2 && lines[1].contains("updated") && lines[1].contains("Kok") && lines[1].hasSuffix("hours_min,hours_max"), "\(table.stdout)")
        let ndjson = try CLI.run(["changes", "--since", first, "--data-dir", data])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ndjson.stdout.utf8)) as? [String: Any])
        #expect(object["change"] as? String == "updated")
        #expect(object["fields"] as? [String] == ["hours_min", "hours_max"])
        // The first night's changes are new: they say no fields.
        let all = try CLI.run(["changes", "--data-dir", data]).stdout.split(separator: "\n")
        #expect(all.count == 3)
        #expect(all.filter { $0.contains("\"fields\"") }.count == 1)
    }

    /// A source whose feed did not change but whose mapping broke is one failed source, not also an unchanged one.
    @Test func theHeadlineCountsAFailedSourceOnceAsFailed() throws {
        let folder = try TemporaryDirectory()
        let feeds = fixturesDirectory.appendingPathComponent("feeds").path
        let pipeline = try writeBundledPipeline(into: folder, feeds: feeds)
        let data = folder.path + "/data"
        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data]).status == 0)
        try writeBundledPipeline(into: folder, feeds: feeds) { $0.replacingOccurrences(of: "      place: Plaats\n", with: "      place: Plaatsnaam\n") }
        let broken = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data])
        #expect(broken.status == 3, "\(broken.stdout)")
        #expect(broken.stdout.contains("sources: 3 ok (3 unchanged), 1 failed;"), "\(broken.stdout)")
    }

    @Test func aRejectSnippetIsInTheFeedsOwnCharacters() throws {
        let folder = try TemporaryDirectory()
        let pipeline = try Self.csvPipeline(in: folder, source: "gemeente", publisher: "municipality", settings: """
                encoding: windows-1252
                max_reject_rate: 0.9
                fields: {id: id, title: title, salary: salary}
            """)
        // Windows-1252: 0x80 is the euro sign, 0xE9 é. The second row has no title: a reject.
        var bytes = Data("id;title;salary\n1;Caf".utf8) + Data([0xE9]) + Data("medewerker;".utf8) + Data([0x80]) + Data(" 14,50\n".utf8)
        bytes += Data("2;;".utf8) + Data([0x80]) + Data(" 16,50\n".utf8)
        try bytes.write(to: URL(fileURLWithPath: folder.path + "/feed.csv"))
        let run = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", folder.path + "/data"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let store = RunStore(root: folder.path + "/data")
        let rejects = try String(contentsOfFile: store.rejects(try #require(store.runIds().first), "gemeente"), encoding: .utf8)
        #expect(rejects.contains("2;;€ 16,50"), "\(rejects)")
        #expect(!rejects.contains("\u{FFFD}"))
    }
}
