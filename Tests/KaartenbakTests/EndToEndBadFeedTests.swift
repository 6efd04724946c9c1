import Foundation
import GRDB
import Testing

/// What happens to a bad feed, through the real binary: two nights in one data dir, a clean feed and then the
/// bad one, and which vacancies are open after night two (docs/bad-feeds.md). A vacancy the bad night could not
/// read stays open; one the source no longer lists, in a feed read to its end, closes.
@Suite("End to end: bad feeds", .serialized)
struct EndToEndBadFeedTests {
    static let titles = ["Schoonmaker", "Kok", "Monteur", "Verpleegkundige", "Chauffeur", "Timmerman",
                         "Kassamedewerker", "Lasser", "Docent", "Boekhouder", "Elektricien", "Tuinman"]
    static let places = ["Breda", "Tilburg", "Roosendaal", "Bergen op Zoom", "Oosterhout", "Etten-Leur",
                         "Waalwijk", "Dongen", "Zundert", "Rucphen", "Moerdijk", "Halderberge"]

    enum Format: String { case xml, csv, json }

    /// One record of the feed: id V<n>, a title and a place of its own so that no two are one vacancy.
    struct Item {
        var id: String
        var title: String
        var place: String
        var description = "Een vaste baan met goede arbeidsvoorwaarden."
        init(_ n: Int) {
            id = "V\(n)"
            title = EndToEndBadFeedTests.titles[(n - 1) % 12]
            place = EndToEndBadFeedTests.places[(n - 1) % 12]
        }
    }

    static func xml(_ items: [Item], record: (Item) -> String = xmlRecord) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<jobs>\n" + items.map(record).joined() + "</jobs>\n"
    }

    static func xmlRecord(_ item: Item) -> String {
        "<job>\n<id>\(item.id)</id>\n<title>\(item.title)</title>\n<place>\(item.place)</place>\n<description>\(item.description)</description>\n</job>\n"
    }

    static func csv(_ items: [Item]) -> String {
        "id;title;place;description\n" + items.map { "\($0.id);\($0.title);\($0.place);\"\($0.description)\"\n" }.joined()
    }

    static func json(_ items: [Item]) -> String {
        "[\n" + items.map { "{\"id\": \"\($0.id)\", \"title\": \"\($0.title)\", \"place\": \"\($0.place)\", \"description\": \"\($0.description)\"}" }
            .joined(separator: ",\n") + "\n]\n"
    }

    static func feed(_ format: Format, _ items: [Item]) -> String {
        switch format {
        case .xml: return xml(items)
        case .csv: return csv(items)
        case .json: return json(items)
        }
    }

    /// A data dir and a one-source pipeline reading `feed.<format>` beside it.
    struct Night {
        let data: TemporaryDirectory
        let format: Format
        let pipeline: String
        var feedPath: String { data.path + "/feed." + format.rawValue }

        init(_ format: Format, extra: String = "") throws {
            data = try TemporaryDirectory()
            self.format = format
            let mapping: String
            switch format {
            case .xml: mapping = "    record: jobs/job\n    fields: {id: id, title: title, place: place, description: description}\n"
            case .csv: mapping = "    fields: {id: id, title: title, place: place, description: description}\n"
            case .json: mapping = "    fields: {id: id, title: title, place: place, description: description}\n"
            }
            pipeline = data.path + "/pipeline.yaml"
            try """
            version: 1
            pipeline: bad-feeds
            region: AM25
            sources:
              - name: bron
                publisher: employer
                url: feed.\(format.rawValue)
                format: \(format.rawValue)

            """.appending(mapping).appending(extra).write(toFile: pipeline, atomically: true, encoding: .utf8)
        }

        @discardableResult
        func run(_ feed: String) throws -> CLIResult {
            try write(Data(feed.utf8))
            return try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path + "/data"])
        }

        func write(_ bytes: Data) throws {
            try bytes.write(to: URL(fileURLWithPath: feedPath))
        }

        func runBytes(_ bytes: Data) throws -> CLIResult {
            try write(bytes)
            return try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path + "/data"])
        }

        /// Source record ids by catalogue status.
        func statuses() throws -> [String: String] {
            try DatabaseQueue(path: data.path + "/data/catalogue.sqlite").read { db in
                var result: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT s.source_record_id, v.status FROM vacancy_sources s JOIN vacancies v ON v.id = s.vacancy_id
                    """) {
                    result[row["source_record_id"]] = row["status"]
                }
                return result
            }
        }

        func open() throws -> Set<String> { Set(try statuses().filter { $0.value == "open" }.keys) }

        /// The last run's parse step of the source, from its manifest.
        func parseStep() throws -> [String: Any] {
            let runs = try FileManager.default.contentsOfDirectory(atPath: data.path + "/data/runs").filter { !$0.hasPrefix(".") }.sorted()
            let manifestData = try Data(contentsOf: URL(fileURLWithPath: data.path + "/data/runs/\(runs.last!)/manifest.json"))
            let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
            let steps = try #require(manifest["steps"] as? [[String: Any]])
            return try #require(steps.first { $0["stage"] as? String == "parse" })
        }

        func rejects() throws -> [[String: Any]] {
            let runs = try FileManager.default.contentsOfDirectory(atPath: data.path + "/data/runs").filter { !$0.hasPrefix(".") }.sorted()
            let text = try String(contentsOfFile: data.path + "/data/runs/\(runs.last!)/rejects/bron.ndjson", encoding: .utf8)
            return try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        }
    }

    static func ids(_ range: ClosedRange<Int>) -> Set<String> { Set(range.map { "V\($0)" }) }

    /// A feed cut short: what was read is published, nothing of the source is closed, the run says so (exit 3).
    @Test(arguments: [Format.xml, .csv, .json])
    func truncatedFeedClosesNothing(_ format: Format) throws {
        let night = try Night(format)
        #expect(try night.run(Self.feed(format, (1...10).map(Item.init))).status == 0)
        let whole = Self.feed(format, (1...10).map(Item.init))
        // Cut in the middle of record 8.
        let cut = whole.index(whole.range(of: "V8")!.upperBound, offsetBy: 4)
        let second = try night.run(String(whole[..<cut]))
        #expect(second.status == 3, "\(second.stdout)\n\(second.stderr)")
        #expect(second.stdout.contains("read in part"), "\(second.stdout)")
        #expect(try night.open() == Self.ids(1...10))
        #expect(try night.parseStep()["incomplete"] as? String != nil, "the manifest says the source was read in part")
        let status = try CLI.run(["status", "last", "--data-dir", night.data.path + "/data"])
        #expect(status.stdout.contains("read in part"), "\(status.stdout)")
    }

    /// A bad record in the middle: it is a reject, the records after it are read, and nothing is closed.
    @Test(arguments: ["bad UTF-8", "too deep"])
    func brokenXMLRecordIsSkipped(_ fault: String) throws {
        let night = try Night(.xml)
        let items = (1...11).map(Item.init)
        #expect(try night.run(Self.xml(items)).status == 0)
        var bytes = Data()
        for item in items {
            var record = Self.xmlRecord(item)
            if item.id == "V6" {
                record = fault == "bad UTF-8"
                    ? record.replacingOccurrences(of: "Timmerman", with: "Timmer\u{1}man")
                    : record.replacingOccurrences(of: "<description>", with: String(repeating: "<d>", count: 300) + String(repeating: "</d>", count: 300) + "<description>")
            }
            bytes.append(Data(record.utf8))
        }
        if fault == "bad UTF-8" {
            // Raw bytes that are no UTF-8 in record 6's title.
            let marker = Data("Timmer\u{1}man".utf8)
            let range = try #require(bytes.range(of: marker))
            bytes.replaceSubrange(range, with: Data("Timmer".utf8) + Data([0xC3, 0x28, 0xFF]) + Data("man".utf8))
        }
        let feed = Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<jobs>\n".utf8) + bytes + Data("</jobs>\n".utf8)
        let second = try night.runBytes(feed)
        #expect(second.status == 3, "\(second.stdout)\n\(second.stderr)")
        #expect(try night.open() == Self.ids(1...11))
        let counts = try #require(try night.parseStep()["counts"] as? [String: Int])
        #expect(counts["records"] == 10, "records 7-11 are read after the bad one: \(counts)")
    }

    /// 100,000 attributes on one element (libxml2 took 244 s): that record is cut short at max_tag_bytes, the rest
    /// is read, nothing closes.
    @Test func manyAttributesCostOneRecord() throws {
        let night = try Night(.xml)
        let items = (1...6).map(Item.init)
        #expect(try night.run(Self.xml(items)).status == 0)
        let attributes = (0..<100_000).map { "a\($0)=\"x\"" }.joined(separator: " ")
        let second = try night.run(Self.xml(items) { item in
            item.id == "V3" ? Self.xmlRecord(item).replacingOccurrences(of: "<place>", with: "<place \(attributes)>") : Self.xmlRecord(item)
        })
        #expect(second.status == 3, "\(second.stdout)\n\(second.stderr)")
        #expect(try night.open() == Self.ids(1...6))
        let counts = try #require(try night.parseStep()["counts"] as? [String: Int])
        #expect(counts["records"] == 5, "\(counts)")
        let reason = try night.rejects().first?["reason"] as? String
        #expect(reason?.contains("max_tag_bytes") == true, "\(reason ?? "no reject")")
    }

    /// An unbalanced quote in row 6: that row is one reject naming its lines, row 7 and on are read, nothing closes.
    @Test func unbalancedCSVQuoteSwallowsNothing() throws {
        let night = try Night(.csv)
        let items = (1...11).map(Item.init)
        #expect(try night.run(Self.csv(items)).status == 0)
        var lines = Self.csv(items).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[6] = "V6;\"Timmerman;Etten-Leur;Een vaste baan."  // header is line 1: row 6 is index 6; its quote never closes
        let second = try night.run(lines.joined(separator: "\n"))
        #expect(second.status == 3, "\(second.stdout)\n\(second.stderr)")
        #expect(try night.open() == Self.ids(1...11))
        let counts = try #require(try night.parseStep()["counts"] as? [String: Int])
        #expect(counts["records"] == 10, "\(counts)")
        let reasons = try night.rejects().compactMap { $0["reason"] as? String }
        #expect(reasons.count == 1 && reasons[0].contains("unbalanced quote") && reasons[0].contains("line 7"), "\(reasons)")
    }

    /// A quoted cell longer than the limit: that row is a reject with its id, so its vacancy stays open; the rest
    /// is read, and a vacancy the feed no longer lists closes, because the read was complete.
    @Test func overlongCSVCellKeepsItsVacancy() throws {
        let night = try Night(.csv, extra: "    limits: {max_quoted_cell_bytes: 2000}\n")
        #expect(try night.run(Self.csv((1...11).map(Item.init))).status == 0)
        var items = (1...10).map(Item.init)  // V11 is gone from the feed
        items[5].description = String(repeating: "lang ", count: 2000)
        let second = try night.run(Self.csv(items))
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(try night.open() == Self.ids(1...10))
        #expect(try night.statuses()["V11"] == "closed")
        let rejects = try night.rejects()
        #expect(rejects.count == 1)
        #expect(rejects.first?["recordId"] as? String == "V6")
        #expect((rejects.first?["reason"] as? String)?.contains("longer than the limit of 2000 bytes") == true, "\(rejects)")
    }

    /// Oversized values are rejects with their id (the vacancy stays open); control characters are removed, not cut at.
    @Test(arguments: [Format.csv, .json])
    func oversizedAndControlCharacters(_ format: Format) throws {
        let night = try Night(format)
        #expect(try night.run(Self.feed(format, (1...11).map(Item.init))).status == 0)
        var items = (1...11).map(Item.init)
        items[2].title = String(repeating: "Monteur ", count: 12_800)  // 100 KB
        items[0].title = format == .json ? "Schoon\\u0000maker" : "Schoon\u{0}maker"
        let second = try night.run(Self.feed(format, items))
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(try night.open() == Self.ids(1...11))
        let rejects = try night.rejects()
        #expect(rejects.count == 1 && rejects.first?["recordId"] as? String == "V3")
        #expect((rejects.first?["reason"] as? String)?.contains("max_title_bytes") == true, "\(rejects)")
        let title = try DatabaseQueue(path: night.data.path + "/data/catalogue.sqlite").read { db in
            try String.fetchOne(db, sql: "SELECT title FROM vacancy_sources WHERE source_record_id = 'V1'")
        }
        #expect(title == "Schoonmaker")
        let counts = try #require(try night.parseStep()["counts"] as? [String: Int])
        #expect(counts["control_characters_removed"] == 1, "\(counts)")
    }

    /// Every repeat of an id is a reject naming the first; the vacancy is read once and stays open.
    @Test func repeatedIdsAreRejects() throws {
        let night = try Night(.xml)
        #expect(try night.run(Self.xml((1...5).map(Item.init))).status == 0)
        let items = (1...5).map(Item.init) + Array(repeating: Item(2), count: 1000)
        let second = try night.run(Self.xml(items))
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(try night.open() == Self.ids(1...5))
        let rejects = try night.rejects()
        #expect(rejects.count == 1000)
        #expect(rejects.allSatisfy { ($0["reason"] as? String)?.hasPrefix("duplicate id 'V2'") == true && $0["recordId"] as? String == "V2" })
    }

    /// An empty feed on a source's first night fails it (exit 4: nothing published) unless it may be empty.
    @Test func emptyFirstNightFails() throws {
        let night = try Night(.csv)
        let first = try night.run("id;title;place;description\n")
        #expect(first.status == 4, "\(first.stdout)\n\(first.stderr)")
        #expect(first.stdout.contains("may_be_empty"), "\(first.stdout)")
        let allowed = try Night(.csv, extra: "    may_be_empty: true\n")
        #expect(try allowed.run("id;title;place;description\n").status == 0)
        let minimum = try Night(.csv, extra: "    min_records: 20\n")
        let short = try minimum.run(Self.csv((1...11).map(Item.init)))
        #expect(short.status == 4 && short.stdout.contains("min_records"), "\(short.stdout)\n\(short.stderr)")
        // Parse read the 11 records and normalised them in the same pass before it refused the feed: nothing of that
        // pass is left in the run's folder, not even its unfinished file.
        let runs = minimum.data.path + "/data/runs"
        for run in try FileManager.default.contentsOfDirectory(atPath: runs) {
            let normalised = runs + "/" + run + "/normalised"
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: normalised)) ?? []).isEmpty, "\(normalised)")
        }
    }

    /// `file://` URLs and paths outside `local_root` are refused by `sources check` and `run` (exit 78).
    @Test(arguments: ["url: file:///etc/passwd", "url: /etc/passwd\nlocal_root: feeds"])
    func refusedLocations(_ setting: String) throws {
        let data = try TemporaryDirectory()
        let parts = setting.split(separator: "\n").map(String.init)
        let root = parts.count > 1 ? parts[1] + "\n" : ""
        let pipeline = data.path + "/pipeline.yaml"
        try """
        version: 1
        \(root)sources:
          - name: bron
            publisher: employer
            \(parts[0])
            format: csv
            fields: {id: id, title: title}

        """.write(toFile: pipeline, atomically: true, encoding: .utf8)
        let check = try CLI.run(["sources", "check", pipeline])
        #expect(check.status == 78, "\(check.stdout)\n\(check.stderr)")
        let run = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path + "/data"])
        #expect(run.status == 78, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stderr.contains("file://") || run.stderr.contains("local_root"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data.path + "/data/runs"))
    }
    /// A file that is no feed at all fails its source with an error saying what it is; the catalogue keeps the
    /// source's vacancies (here the only source, so nothing is published: exit 4). On a first night nothing is published.
    @Test(arguments: [("html", "HTML page (\"Storing\")"), ("empty", "the file is empty"), ("zip", "zip archive"),
                      ("json error", "error response"), ("pdf", "PDF")])
    func notAFeedSaysWhatItIs(_ kind: String, _ words: String) throws {
        let format: Format = kind == "json error" ? .json : .xml
        let bytes: Data
        switch kind {
        case "html": bytes = Data("<!DOCTYPE html>\n<html><head><title>Storing</title></head><body>Probeer het later</body></html>".utf8)
        case "empty": bytes = Data()
        case "zip": bytes = Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]) + Data(repeating: 7, count: 100)
        case "pdf": bytes = Data("%PDF-1.7\n".utf8)
        default: bytes = Data("{\"error\": \"invalid api key\", \"status\": 401}".utf8)
        }
        let fresh = try Night(format)
        let first = try fresh.runBytes(bytes)
        #expect(first.status == 4, "\(first.stdout)\n\(first.stderr)")
        #expect(first.stdout.contains(words), "\(first.stdout)")
        #expect(!FileManager.default.fileExists(atPath: fresh.data.path + "/data/catalogue.sqlite"))

        let night = try Night(format)
        #expect(try night.run(Self.feed(format, (1...5).map(Item.init))).status == 0)
        let second = try night.runBytes(bytes)
        #expect(second.status == 4, "\(second.stdout)\n\(second.stderr)")
        #expect(second.stdout.contains(words), "\(second.stdout)")
        #expect(try night.open() == Self.ids(1...5))
    }

    /// A gzip file where a plain feed was expected is decoded and read.
    @Test func gzipFeedIsDecoded() throws {
        let night = try Night(.xml)
        #expect(try night.run(Self.xml((1...5).map(Item.init))).status == 0)
        try night.write(Data(Self.xml((1...4).map(Item.init)).utf8))
        let gzip = try CLI.run(["-c", "gzip -9 < \"$0\" > \"$0.gz\" && mv \"$0.gz\" \"$0\"", night.feedPath], executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(gzip.status == 0)
        let second = try CLI.run(["run", "--pipeline", night.pipeline, "--data-dir", night.data.path + "/data"])
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(try night.open() == Self.ids(1...4))
        #expect(try night.statuses()["V5"] == "closed")
    }
}
