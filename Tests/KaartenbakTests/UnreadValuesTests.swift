import Foundation
import KaartenbakCore
import Logging
import Testing
@testable import Normalisation

/// Values a record has that normalising cannot read: each named with its reason, never dropped without a word.
@Suite("Unread values")
struct UnreadValuesTests {
    let source = SourceDefinition(name: "gemeente", publisher: .municipality, region: "AM25", url: "x.csv",
                                  format: .csv, fields: [.id: ["id"], .title: ["titel"]])

    @Test(arguments: [
        ("31-11-2026", "no such date: November 2026 has 30 days, not day 31"),
        ("29-02-2025", "no such date: February 2025 has 28 days, not day 29"),
        ("2026-13-01", "no month 13"),
        ("01-01-1850", "year 1850 is outside 1990-2100"),
        ("gisteren", "not a date in a form it reads (2026-11-30, 30-11-2026, 30 november 2026)"),
    ])
    func whyADateIsNone(text: String, reason: String) {
        #expect(DateValue.parse(text) == nil)
        #expect(DateValue.problem(text) == reason)
    }

    @Test(arguments: ["30-11-2026", "2026-11-30", "30 november 2026"])
    func aDateHasNoProblem(text: String) {
        #expect(DateValue.problem(text) == nil)
    }

    /// Each field, read and unread: what is unread is named with the value as the feed had it.
    @Test(arguments: [
        (VacancyField.closingDate, "31-11-2026", true), (.closingDate, "30-11-2026", false),
        (.datePosted, "volgende week", true), (.postcode, "AB 1234", true), (.postcode, "4811 AB", false),
        (.hoursMin, "veel", true), (.hours, "32 uur", false), (.salary, "marktconform", true), (.salary, "€ 2.800 per maand", false),
        (.contract, "fulltime", true), (.contract, "vast", false), (.education, "geen", true), (.education, "MBO 4", false),
    ])
    func unreadValueIsNamed(field: VacancyField, text: String, unread: Bool) throws {
        let record = RawRecord(source: "gemeente", location: "line 2", fields: [.id: ["1"], .title: ["Kok"], field: [text]])
        let normaliser = Normaliser(coder: TableCoder(), logger: Logger(label: "test"))
        let vacancy = try #require(normaliser.normalise(record, source: source))
        let values = normaliser.unreadValues(in: record, normalised: vacancy)
        if unread {
            #expect(values.count == 1)
            #expect(values.first?.field == field && values.first?.text == text)
            let reason = values.first?.reason ?? ""
            #expect(reason.count > 10, "a reason in words")
        } else {
            #expect(values.isEmpty, "\(values)")
        }
    }
}

/// The night counts them per field and source, status and the report show them, preview names them.
@Suite("Unread values through the binary", .serialized)
struct UnreadValuesCLITests {
    /// The fixture feeds with one impossible closing date in the municipality's CSV (and `edit` applied to it).
    func feeds(in folder: TemporaryDirectory, edit: (String) -> String = { $0 }) throws -> String {
        let feeds = folder.path + "/feeds"
        try? FileManager.default.removeItem(atPath: feeds)
        try FileManager.default.copyItem(atPath: fixturesDirectory.appendingPathComponent("feeds").path, toPath: feeds)
        let csv = feeds + "/gemeente-breda.csv"
        let text = try String(contentsOfFile: csv, encoding: .windowsCP1252)
        #expect(text.contains(";18-11-2026;02-12-2026;4110;"))
        try edit(text.replacingOccurrences(of: ";18-11-2026;02-12-2026;4110;", with: ";18-11-2026;31-11-2026;4110;"))
            .write(toFile: csv, atomically: true, encoding: .windowsCP1252)
        return try writeBundledPipeline(into: folder, feeds: feeds)
    }

    func normaliseStep(_ data: TemporaryDirectory, _ source: String) throws -> (counts: [String: Int], notes: [String: String]) {
        let runs = try FileManager.default.contentsOfDirectory(atPath: data.path + "/data/runs").filter { !$0.hasPrefix(".") }.sorted()
        let json = try Data(contentsOf: URL(fileURLWithPath: data.path + "/data/runs/\(try #require(runs.last))/manifest.json"))
        let steps = try #require((try JSONSerialization.jsonObject(with: json) as? [String: Any])?["steps"] as? [[String: Any]])
        let step = try #require(steps.first { $0["stage"] as? String == "normalise" && $0["source"] as? String == source })
        return (step["counts"] as? [String: Int] ?? [:], step["notes"] as? [String: String] ?? [:])
    }

    @Test func aNightCountsUnreadValuesAndSaysWhy() throws {
        let folder = try TemporaryDirectory()
        let pipeline = try feeds(in: folder)
        let run = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", folder.path + "/data"])
        #expect(run.status == 0, "\(run.stderr)")
        let reason = "'31-11-2026': no such date: November 2026 has 30 days, not day 31"
        let step = try normaliseStep(folder, "gemeente-breda")
        #expect(step.counts["unread.closing_date"] == 1)
        #expect(step.notes["unread.closing_date"] == "e.g. closing_date \(reason)")
        let status = try CLI.run(["status", "last", "--data-dir", folder.path + "/data"])
        #expect(status.stdout.contains("unread closing_date: 1 value left empty, e.g. closing_date \(reason)"), "\(status.stdout)")
        let reportLine = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("report: ") })
        let report = try String(contentsOfFile: String(reportLine.dropFirst("report: ".count)), encoding: .utf8)
        #expect(report.contains("values not read"))
        #expect(report.contains("closing_date 1 <small>(e.g. closing_date \(reason))</small>"))

        // The next night changes another record only: the unchanged one with the bad date is taken from
        // last night's memory, and still counted.
        _ = try feeds(in: folder) { $0.replacingOccurrences(of: "Administratief medewerker", with: "Administratief medewerker parkeren") }
        let second = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", folder.path + "/data"])
        #expect(second.status == 0, "\(second.stderr)")
        let again = try normaliseStep(folder, "gemeente-breda")
        #expect((again.counts["reused_records"] ?? 0) > 0, "\(again.counts)")
        #expect(again.counts["unread.closing_date"] == 1)
    }

    @Test func previewShowsTheVacancyBesideTheRecordAndWhatItCouldNotRead() throws {
        let folder = try TemporaryDirectory()
        let pipeline = try feeds(in: folder)
        let result = try CLI.run(["preview", "gemeente-breda", "--pipeline", pipeline, "--limit", "1", "--data-dir", folder.path + "/data"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("  date_posted") && $0.contains("18-11-2026") && $0.hasSuffix("2026-11-18") }, "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("  closing_date") && $0.contains("31-11-2026") && $0.hasSuffix(" -") })
        #expect(lines.contains { $0.hasPrefix("  occupation") && $0.contains("ISCO ") })
        #expect(lines.contains("  ! closing_date '31-11-2026' not read: no such date: November 2026 has 30 days, not day 31"))

        let ndjson = try CLI.run(["preview", "gemeente-breda", "--pipeline", pipeline, "--limit", "1", "--format", "ndjson",
                                  "--data-dir", folder.path + "/data"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ndjson.stdout.utf8)) as? [String: Any])
        let unread = try #require(object["unread"] as? [[String: String]])
        #expect(unread == [["field": "closing_date", "text": "31-11-2026", "reason": "no such date: November 2026 has 30 days, not day 31"]])
        #expect((object["normalised"] as? [String: Any])?["date_posted"] as? String == "2026-11-18")
    }
}
