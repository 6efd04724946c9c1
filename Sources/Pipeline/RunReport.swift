import Foundation
import Fetching
import KaartenbakCore
import Catalogue

/// A self-contained HTML page about one run: no external assets, so it can be mailed or opened
/// from the run folder years later. Everything on it is that run's: its manifest, and the catalogue's
/// figures as it published them (kept in the run's folder), never the catalogue as it is today.
public struct RunReport: Sendable {
    public let store: RunStore

    /// The publish step's counts of open vacancies per sector ("open_sector.techniek_logistiek") and per signal.
    public static let sectorCount = "open_sector."
    public static let signalCount = "open_signal."

    public init(store: RunStore) {
        self.store = store
    }

    /// Writes `report.html` into the run's folder and returns its path.
    @discardableResult
    public func write(runId: String) throws -> String {
        let html = try render(runId: runId)
        let path = store.report(runId)
        try DurableFiles.write(Data(html.utf8), to: path)
        return path
    }

    /// The catalogue's figures as `runId` published them: kept in its folder since reports keep them; for an
    /// older run, read from the catalogue only while the catalogue is still that run's. Nil when the run did not
    /// publish, or its figures were not kept and the catalogue has moved on.
    func figures(runId: String, manifest: RunManifest, published: String?) throws -> CatalogueStatistics? {
        guard manifest.step(.publish, "*")?.status == .succeeded else { return nil }
        if let data = FileManager.default.contents(atPath: store.catalogueFigures(runId)),
           let figures = try? JSONDecoder().decode(CatalogueStatistics.self, from: data) {
            return figures
        }
        return published == runId ? try CatalogueStatistics.read(from: store.cataloguePath, runId: runId) : nil
    }

    public func render(runId: String) throws -> String {
        let manifest = try store.loadCurrentManifest(runId)
        let published = try CatalogueInfo.read(from: store.cataloguePath)["run_id"]
        let figures = try figures(runId: runId, manifest: manifest, published: published)
        let sources = manifest.steps.filter { $0.stage == .fetch }.map(\.source)
        let outcome = Outcome(manifest)
        var html = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kaartenbak run \(escape(runId))</title>
        <style>
        body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:1150px}
        table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f0f0f0}.failed{color:#b00020;font-weight:bold}.succeeded{color:#1b5e20}.partial{color:#8a4b00;font-weight:bold}
        .skipped{color:#777}.num{text-align:right}small{color:#555}.total td{font-weight:bold;background:#fafafa}
        .next{border-left:4px solid #8a4b00;padding:.3em 1em;background:#fff8ee}code{background:#f3f3f3;padding:0 3px}
        </style></head><body>
        <h1>Kaartenbak run \(escape(runId))</h1>
        <p>Pipeline <b>\(escape(manifest.pipelineName))</b> (\(escape(manifest.pipelineFile))), started \(escape(manifest.startedAt)),
        finished \(escape(manifest.finishedAt ?? "not yet"))\(wallTime(manifest).map { " (\(String(format: "%.1f", $0)) s)" } ?? ""):
        <b class="\(outcome.cssClass)">\(escape(manifest.status.rawValue))</b>: \(escape(outcome.meaning))</p>
        <p>\(published == runId ? "This run's result is the published catalogue."
             : "The published catalogue is now from run \(escape(published ?? "none")).")</p>

        """
        html += nextSteps(manifest)

        html += """
        <h2>Sources</h2>
        <table><tr><th>source</th><th>status</th><th>fetch</th><th class="num">bytes</th><th class="num">records</th>
        <th class="num">rejects</th><th>top reject reasons</th><th>values not read</th>
        <th class="num">new</th><th class="num">updated</th><th class="num">closed</th></tr>

        """
        for source in sources {
            html += sourceRow(source, manifest: manifest, changes: figures.map { $0.changesBySource[source] ?? [:] })
        }
        html += totalsRow(sources, manifest: manifest, published: figures != nil)
        html += "</table>\n<p><small>new, updated and closed count vacancies, not source records. A vacancy that several "
            + "sources carry counts in the row of each, so a column can add up to more than its total; the total counts each "
            + "vacancy once.</small></p>\n"
        html += barChart(sources.map { ($0, manifest.step(.parse, $0)?.counts["records"] ?? 0) }, title: "Records per source")

        html += catalogueSection(figures, runId: runId, manifest: manifest, published: published)
        html += timings(manifest)

        let history = store.runIds().filter { $0 <= runId }.prefix(30).reversed().compactMap { id -> (String, Int)? in
            guard let old = try? store.loadManifest(id), let open = old.step(.publish, "*")?.counts["open"] else { return nil }
            return (id, open)
        }
        html += trendChart(Array(history), title: "Open vacancies after each run that published (up to 30, until this one)")
        html += "<p><small>Written by kaartenbak report from \(escape(store.manifestPath(of: runId))).</small></p></body></html>\n"
        return html
    }

    /// How the run ended, in the words and colour the page shows at its top.
    struct Outcome {
        var cssClass: String
        var meaning: String

        init(_ manifest: RunManifest) {
            let failedSources = Set(manifest.failedSteps.filter { $0.stage.isPerSource }.map(\.source))
            let partly = Set(manifest.incompleteSources.keys).subtracting(failedSources)
            switch manifest.status {
            case .succeeded:
                cssClass = "succeeded"
                meaning = "every source was read and the catalogue published (exit 0)."
            case .partial where manifest.failedSteps.contains(where: \.isPublishTarget):
                cssClass = "partial"
                meaning = "the SQLite catalogue was published, but a further publish target failed; it still holds the night before (exit 5)."
            case .partial:
                cssClass = "partial"
                var parts: [String] = []
                if !failedSources.isEmpty { parts.append("\(failedSources.count) source\(failedSources.count == 1 ? "" : "s") failed") }
                if !partly.isEmpty { parts.append("\(partly.count) \(partly.count == 1 ? "was" : "were") read in part") }
                meaning = "published, but " + parts.joined(separator: " and ")
                    + "; their vacancies were kept from earlier runs, none of them closed (exit 3)."
            case .failed:
                cssClass = "failed"
                meaning = "nothing was published; the catalogue is as the run before left it (exit 4)."
            case .interrupted:
                cssClass = "failed"
                meaning = "the process ended before the run did (killed, machine down); its steps stand as recorded. `kaartenbak rerun \(manifest.runId)` finishes it."
            case .running:
                cssClass = "skipped"
                meaning = "still running."
            }
        }
    }

    /// Every failed step with what to do about it, at the top of the page.
    func nextSteps(_ manifest: RunManifest) -> String {
        let failed = manifest.failedSteps
        guard !failed.isEmpty else { return "" }
        var html = "<div class=\"next\"><h2>What to do next</h2><ul>\n"
        for step in failed {
            let what = step.source == "*" ? step.stage.rawValue : "\(step.stage.rawValue) of \(step.source)"
            html += "<li><b>\(escape(what))</b> failed: \(escape(step.error ?? "no error recorded"))"
            if let advice = RunAdvice.nextStep(for: step, in: manifest, store: store) {
                html += "<br>Next: \(code(advice))"
            }
            html += "</li>\n"
        }
        return html + "</ul></div>\n"
    }

    func sourceRow(_ source: String, manifest: RunManifest, changes: [String: Int]?) -> String {
        let steps = manifest.steps.filter { $0.source == source }
        let failed = steps.first { $0.status == .failed }
        let partly = manifest.incompleteSources[source]
        let status: String, cssClass: String
        if let failed {
            (status, cssClass) = ("failed at \(failed.stage.rawValue)", "failed")
        } else if partly != nil {
            (status, cssClass) = ("read in part", "partial")
        } else if steps.allSatisfy({ $0.status == .succeeded }) {
            (status, cssClass) = (manifest.step(.fetch, source)?.outcome == .unchanged ? "ok (unchanged)" : "ok", "succeeded")
        } else {
            (status, cssClass) = ("not finished", "skipped")
        }
        var html = "<tr><td>\(escape(source))</td><td class=\"\(cssClass)\">\(escape(status))"
        if let failed {
            if let error = failed.error { html += "<br><small>\(escape(error))</small>" }
            html += "<br><small>\(escape(kept(source, manifest: manifest)))</small>"
        }
        if let partly { html += "<br><small>\(escape(partly)); none of its vacancies was closed</small>" }
        if failed == nil, let fields = manifest.emptyFieldWarnings[source] {
            html += "<br><small>warning: empty in every record (allow_empty): \(escape(fields))</small>"
        }
        html += "</td><td>\(escape(manifest.step(.fetch, source)?.outcome?.rawValue ?? "-"))</td>"
        html += "<td class=\"num\">\(manifest.step(.fetch, source)?.counts["bytes"] ?? 0)</td>"
        html += "<td class=\"num\">\(manifest.step(.parse, source)?.counts["records"] ?? 0)</td>"
        html += "<td class=\"num\">\(manifest.step(.parse, source)?.counts["rejects"] ?? 0)</td>"
        html += "<td>\(topRejectReasons(runId: manifest.runId, source: source).map { "\(escape($0.reason)) (\($0.count))" }.joined(separator: "<br>"))</td>"
        let normalise = manifest.step(.normalise, source)
        let unread = (normalise?.unreadCounts ?? [:]).sorted { $0.key < $1.key }.map { field, count -> String in
            let example = normalise?.notes[StepRecord.unreadPrefix + field].map { " <small>(\(escape($0)))</small>" } ?? ""
            return "\(escape(field)) \(count)" + example
        }
        html += "<td>\(unread.joined(separator: "<br>"))</td>"
        for change in ["new", "updated", "closed"] {
            html += "<td class=\"num\">\(changes.map { String($0[change] ?? 0) } ?? "-")</td>"
        }
        return html + "</tr>\n"
    }

    /// What became of a failed source's vacancies.
    func kept(_ source: String, manifest: RunManifest) -> String {
        guard manifest.step(.publish, "*")?.status == .succeeded else {
            return "this run published nothing: the catalogue kept every vacancy as it was"
        }
        guard let earlier = manifest.keptFrom(source) else {
            return "no earlier run read it well: none of its vacancies are in the catalogue"
        }
        let count = (try? store.loadManifest(earlier))?.step(.normalise, source)?.counts["vacancies"]
        return "its \(count.map { "\($0) " } ?? "")vacancies were kept from run \(earlier), its last good read; none of them was closed"
    }

    func totalsRow(_ sources: [String], manifest: RunManifest, published: Bool) -> String {
        func sum(_ stage: Stage, _ key: String) -> Int {
            sources.reduce(0) { $0 + (manifest.step(stage, $1)?.counts[key] ?? 0) }
        }
        let publish = manifest.step(.publish, "*")?.counts ?? [:]
        var html = "<tr class=\"total\"><td>all sources</td><td></td><td></td><td class=\"num\">\(sum(.fetch, "bytes"))</td>"
        html += "<td class=\"num\">\(sum(.parse, "records"))</td><td class=\"num\">\(sum(.parse, "rejects"))</td><td></td><td></td>"
        for change in ["new", "updated", "closed"] {
            html += "<td class=\"num\">\(published ? String(publish[change] ?? 0) : "-")</td>"
        }
        return html + "</tr>\n"
    }

    func catalogueSection(_ figures: CatalogueStatistics?, runId: String, manifest: RunManifest, published: String?) -> String {
        var html = "<h2>Catalogue as this run published it</h2>"
        guard let stats = figures else {
            if manifest.step(.publish, "*")?.status != .succeeded {
                return html + "<p>This run published nothing.</p>\n"
            }
            let publish = manifest.step(.publish, "*")?.counts ?? [:]
            return html + "<p>This run's catalogue figures were not kept (it ran before reports kept them) and the catalogue has "
                + "moved on to run \(escape(published ?? "none")). Its publish step counted \(publish["open"] ?? 0) open of "
                + "\(publish["vacancies"] ?? 0) vacancies.</p>\n"
        }
        html += "<table>"
        html += "<tr><th>vacancies (open / all)</th><td class=\"num\">\(stats.open) / \(stats.vacancies)</td></tr>"
        html += "<tr><th>source records</th><td class=\"num\">\(stats.sourceRecords)</td></tr>"
        html += "<tr><th>duplicate rate</th><td class=\"num\">\(percent(stats.duplicateRate))</td></tr>"
        html += "<tr><th>classified (ISCO) among open</th><td class=\"num\">\(percent(stats.open == 0 ? 0 : Double(stats.coded) / Double(stats.open)))</td></tr>"
        html += "<tr><th>ambiguous among open</th><td class=\"num\">\(stats.ambiguous)</td></tr></table>\n"
        if !stats.ambiguousTitles.isEmpty {
            html += "<h3>Most frequent ambiguous titles</h3><table><tr><th>normalised title</th><th class=\"num\">vacancies</th></tr>"
            for item in stats.ambiguousTitles { html += "<tr><td>\(escape(item.title))</td><td class=\"num\">\(item.count)</td></tr>" }
            html += "</table><p><small>Resolve them with <code>kaartenbak review</code>.</small></p>\n"
        }
        html += whereAndForWhom(stats.regionSectors, runId: runId)
        return html
    }

    /// Per stage, the wall time it took (its first step's start to its last step's end) beside its steps' times
    /// added up: the sources' steps run side by side, so the sum can be larger than the wall time. Neither is CPU time.
    func timings(_ manifest: RunManifest) -> String {
        var html = "<h2>Stage timings</h2><table><tr><th>stage</th><th class=\"num\">steps</th>"
            + "<th class=\"num\">wall seconds (first start to last end)</th><th class=\"num\">step seconds added up</th></tr>"
        for stage in Stage.allCases {
            let steps = manifest.steps.filter { $0.stage == stage && $0.seconds != nil }
            let summed = steps.compactMap(\.seconds).reduce(0, +)
            let spans = steps.compactMap { step -> (Date, Date)? in
                guard let start = step.startedAt.flatMap(Self.parseTimestamp), let seconds = step.seconds else { return nil }
                return (start, start.addingTimeInterval(seconds))
            }
            let wall = spans.isEmpty ? nil : spans.map(\.1).max()!.timeIntervalSince(spans.map(\.0).min()!)
            html += "<tr><td>\(stage.rawValue)</td><td class=\"num\">\(steps.count)</td>"
            html += "<td class=\"num\">\(wall.map { String(format: "%.2f", $0) } ?? "-")</td>"
            html += "<td class=\"num\">\(String(format: "%.2f", summed))</td></tr>"
        }
        html += "<tr class=\"total\"><td>run</td><td></td><td class=\"num\">\(wallTime(manifest).map { String(format: "%.2f", $0) } ?? "-")</td><td></td></tr>"
        let onePass = manifest.steps.contains { $0.stage == .normalise && $0.notes[StepRecord.onePassNote] != nil }
        return html + "</table><p><small>Wall time is what the clock on the wall showed; the sources' steps run side by side, "
            + "so their seconds added up can exceed it. Neither is CPU time."
            + (onePass ? " Parse and normalise ran in one pass: the parse steps' seconds include normalising." : "")
            + "</small></p>\n"
    }

    func wallTime(_ manifest: RunManifest) -> Double? {
        guard let start = Self.parseTimestamp(manifest.startedAt), let end = manifest.finishedAt.flatMap(Self.parseTimestamp) else { return nil }
        return end.timeIntervalSince(start)
    }

    static func parseTimestamp(_ text: String) -> Date? {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return parser.date(from: text)
    }

    /// Open vacancies per labour-market region and sector lane, the inclusive-work signals among them, and
    /// each lane's open vacancies over the last nights.
    func whereAndForWhom(_ cells: [RegionSectorCount], runId: String) -> String {
        guard !cells.isEmpty else { return "" }
        let sectors = Sectors.bundled
        let laneIds = sectors.all.map(\.id).filter { id in cells.contains { $0.sector == id } }
            + (cells.contains { $0.sector == nil } ? [""] : [])
        func regionName(_ cell: RegionSectorCount) -> String {
            cell.region.map { name in cell.regionNumber.map { "\($0) \(name)" } ?? name } ?? "(no region)"
        }
        var regions: [String] = []
        for cell in cells where !regions.contains(regionName(cell)) { regions.append(regionName(cell)) }
        var html = "<h2>Where and for whom</h2><h3>Open vacancies per labour-market region and sector</h3><table><tr><th>region</th>"
        for id in laneIds { html += "<th class=\"num\">\(escape(id.isEmpty ? "no sector" : sectors.label(of: id)))</th>" }
        html += "<th class=\"num\">all</th></tr>"
        for region in regions {
            let row = cells.filter { regionName($0) == region }
            html += "<tr><td>\(escape(region))</td>"
            for id in laneIds { html += "<td class=\"num\">\(row.first { ($0.sector ?? "") == id }?.open ?? 0)</td>" }
            html += "<td class=\"num\">\(row.reduce(0) { $0 + $1.open })</td></tr>"
        }
        html += "</table>\n<h3>Inclusive-work signals among them</h3><table><tr><th>region</th><th class=\"num\">open</th>"
        for kind in SignalKind.allCases { html += "<th class=\"num\">\(escape(kind.label))</th>" }
        html += "</tr>"
        for region in regions {
            let row = cells.filter { regionName($0) == region }
            html += "<tr><td>\(escape(region))</td><td class=\"num\">\(row.reduce(0) { $0 + $1.open })</td>"
            for kind in SignalKind.allCases { html += "<td class=\"num\">\(row.reduce(0) { $0 + ($1.signals[kind] ?? 0) })</td>" }
            html += "</tr>"
        }
        html += "</table><p><small>Evidence per vacancy: <code>signal_evidence</code> in the catalogue (docs/signals.md).</small></p>\n"

        // Each lane's open vacancies over the last nights, from the publish step of each run.
        let history = store.runIds().filter { $0 <= runId }.prefix(30).reversed().compactMap { id -> [String: Int]? in
            (try? store.loadManifest(id))?.step(.publish, "*")?.counts
        }
        guard history.count > 1 else { return html }
        html += "<h3>Open vacancies per sector over the last \(history.count) runs</h3><table><tr><th>sector</th><th>trend</th>"
        html += "<th class=\"num\">now</th><th class=\"num\">since the run before</th></tr>"
        for id in laneIds where !id.isEmpty {
            let series = history.map { $0[Self.sectorCount + id] ?? 0 }
            let change = series[series.count - 1] - series[series.count - 2]
            html += "<tr><td>\(escape(sectors.label(of: id)))</td><td>\(sparkline(series))</td><td class=\"num\">\(series.last ?? 0)</td>"
            html += "<td class=\"num\">\(change > 0 ? "+" : "")\(change)</td></tr>"
        }
        return html + "</table>\n"
    }

    /// A small line of a series, for a table cell.
    func sparkline(_ values: [Int]) -> String {
        let width = 120, height = 24
        let top = max(values.max() ?? 1, 1), step = values.count > 1 ? Double(width - 4) / Double(values.count - 1) : 0
        let points = values.enumerated().map { index, value in
            String(format: "%.0f,%.0f", 2 + Double(index) * step, Double(height - 2) - Double(value) / Double(top) * Double(height - 4))
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\"><title>\(values.map(String.init).joined(separator: ", "))</title>"
            + "<polyline fill=\"none\" stroke=\"#3f72af\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/></svg>"
    }

    func topRejectReasons(runId: String, source: String) -> [(reason: String, count: Int)] {
        var counts: [String: Int] = [:]
        try? NDJSON.forEach(Reject.self, in: store.rejects(runId, source)) { counts[$0.reason, default: 0] += 1 }
        return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3).map { ($0.key, $0.value) }
    }

    func barChart(_ bars: [(String, Int)], title: String) -> String {
        let width = 600, rowHeight = 22, labelWidth = 200
        let top = max(bars.map(\.1).max() ?? 1, 1)
        var svg = "<h3>\(escape(title))</h3><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width + labelWidth + 60)\" height=\"\(bars.count * rowHeight + 10)\" role=\"img\">"
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 5
            let length = bar.1 * width / top
            svg += "<text x=\"0\" y=\"\(y + 15)\" font-size=\"12\">\(escape(bar.0))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(length)\" height=\"\(rowHeight - 6)\" fill=\"#3f72af\"/>"
            svg += "<text x=\"\(labelWidth + length + 5)\" y=\"\(y + 14)\" font-size=\"12\">\(bar.1)</text>"
        }
        return svg + "</svg>\n"
    }

    /// A line over the runs with both axes drawn: open vacancies up (ticks from 0 at round numbers), runs along
    /// (ticks labelled with the run's UTC date and time).
    func trendChart(_ points: [(run: String, value: Int)], title: String) -> String {
        guard points.count > 1 else { return "<h3>\(escape(title))</h3><p><small>A trend needs two runs that published.</small></p>\n" }
        let width = 760.0, height = 240.0, left = 70.0, right = 20.0, top = 20.0, bottom = 50.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let ticks = Self.axisTicks(upTo: points.map(\.value).max() ?? 0)
        let yMax = Double(ticks.last ?? 1)
        func x(_ index: Int) -> Double { left + Double(index) * plotWidth / Double(points.count - 1) }
        func y(_ value: Int) -> Double { top + plotHeight - Double(value) / yMax * plotHeight }
        func number(_ value: Double) -> String { String(format: "%.1f", value) }
        var svg = "<h3>\(escape(title))</h3><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" font-size=\"11\">"
        // Axes.
        svg += "<line class=\"axis\" x1=\"\(number(left))\" y1=\"\(number(top))\" x2=\"\(number(left))\" y2=\"\(number(top + plotHeight))\" stroke=\"#444\"/>"
        svg += "<line class=\"axis\" x1=\"\(number(left))\" y1=\"\(number(top + plotHeight))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(top + plotHeight))\" stroke=\"#444\"/>"
        for tick in ticks {
            let ty = y(tick)
            svg += "<line x1=\"\(number(left - 4))\" y1=\"\(number(ty))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(ty))\" stroke=\"#e4e4e4\"/>"
            svg += "<text class=\"ytick\" x=\"\(number(left - 7))\" y=\"\(number(ty + 4))\" text-anchor=\"end\">\(tick)</text>"
        }
        let labelled = Self.labelledIndexes(count: points.count, at: 6)
        for index in labelled {
            // The first and last labels end at the axis's ends, so that neither is cut off by the picture's edge.
            let anchor = index == 0 ? "start" : index == points.count - 1 ? "end" : "middle"
            svg += "<line x1=\"\(number(x(index)))\" y1=\"\(number(top + plotHeight))\" x2=\"\(number(x(index)))\" y2=\"\(number(top + plotHeight + 4))\" stroke=\"#444\"/>"
            svg += "<text class=\"xtick\" x=\"\(number(x(index)))\" y=\"\(number(top + plotHeight + 17))\" text-anchor=\"\(anchor)\">\(escape(Self.runLabel(points[index].run)))</text>"
        }
        svg += "<text x=\"14\" y=\"\(number(top + plotHeight / 2))\" transform=\"rotate(-90 14 \(number(top + plotHeight / 2)))\" text-anchor=\"middle\">open vacancies</text>"
        svg += "<text x=\"\(number(left + plotWidth / 2))\" y=\"\(number(height - 6))\" text-anchor=\"middle\">run (UTC date and time it started)</text>"
        let line = points.indices.map { "\(number(x($0))),\(number(y(points[$0].value)))" }.joined(separator: " ")
        svg += "<polyline fill=\"none\" stroke=\"#3f72af\" stroke-width=\"2\" points=\"\(line)\"/>"
        for (index, point) in points.enumerated() {
            svg += "<circle cx=\"\(number(x(index)))\" cy=\"\(number(y(point.value)))\" r=\"3\" fill=\"#3f72af\"><title>\(escape(point.run)): \(point.value)</title></circle>"
        }
        return svg + "</svg>\n"
    }

    /// 0 and round steps (1, 2 or 5 times a power of ten) up to the first at or above `maximum`: at most 6 ticks.
    static func axisTicks(upTo maximum: Int) -> [Int] {
        guard maximum > 0 else { return [0, 1] }
        var step = 1
        while true {
            for factor in [1, 2, 5] where (maximum + step * factor - 1) / (step * factor) <= 5 {
                let count = (maximum + step * factor - 1) / (step * factor)
                return (0...count).map { $0 * step * factor }
            }
            step *= 10
        }
    }

    /// Which of `count` points get a label along the axis: the first, the last and evenly between, at most `limit`.
    static func labelledIndexes(count: Int, at limit: Int) -> [Int] {
        guard count > limit else { return Array(0..<count) }
        return (0..<limit).map { Int((Double($0) * Double(count - 1) / Double(limit - 1)).rounded()) }
    }

    /// "20261206T031500Z-01" → "12-06 03:15".
    static func runLabel(_ runId: String) -> String {
        let characters = Array(runId)
        guard characters.count >= 13, characters[8] == "T" else { return runId }
        return String(characters[4..<6]) + "-" + String(characters[6..<8]) + " " + String(characters[9..<11]) + ":" + String(characters[11..<13])
    }

    /// Advice with its commands set as code.
    func code(_ text: String) -> String {
        escape(text).split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset % 2 == 1 ? "<code>\($0.element)</code>" : String($0.element) }.joined()
    }

    func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    func escape(_ text: String) -> String { Markup.escape(text) }
}
