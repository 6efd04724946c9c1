import Foundation
import KaartenbakCore
import Catalogue

/// A self-contained HTML page about one run: no external assets, so it can be mailed or opened
/// from the run folder years later.
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
        let path = store.directory(of: runId) + "/report.html"
        try DurableFiles.write(Data(html.utf8), to: path)
        return path
    }

    public func render(runId: String) throws -> String {
        let manifest = try store.loadManifest(runId)
        let published = try CatalogueInfo.read(from: store.cataloguePath)["run_id"]
        let stats = try CatalogueStatistics.read(from: store.cataloguePath, runId: runId)
        let sources = manifest.steps.filter { $0.stage == .fetch }.map(\.source)
        var html = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kaartenbak run \(escape(runId))</title>
        <style>
        body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}
        table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f0f0f0}.failed{color:#b00020;font-weight:bold}.succeeded{color:#1b5e20}.skipped{color:#777}
        .num{text-align:right}small{color:#666}
        </style></head><body>
        <h1>Kaartenbak run \(escape(runId))</h1>
        <p>Pipeline <b>\(escape(manifest.pipelineName))</b>, started \(escape(manifest.startedAt)),
        finished \(escape(manifest.finishedAt ?? "not yet")): <b class="\(manifest.status == .failed ? "failed" : "succeeded")">\(manifest.status.rawValue)</b>.
        \(published == runId ? "This run's result is the published catalogue." : "The published catalogue is from run \(escape(published ?? "none")).")</p>
        <h2>Sources</h2>
        <table><tr><th>source</th><th>status</th><th>fetch</th><th class="num">bytes</th><th class="num">records</th>
        <th class="num">rejects</th><th>top reject reasons</th><th>values not read</th><th class="num">new</th><th class="num">updated</th><th class="num">closed</th></tr>
        """
        for source in sources {
            let steps = manifest.steps.filter { $0.source == source }
            let failed = steps.first { $0.status == .failed }
            let status = failed.map { "failed at \($0.stage.rawValue)" } ?? (steps.allSatisfy { $0.status == .succeeded } ? "ok" : "incomplete")
            let changes = stats.changesBySource[source] ?? [:]
            html += "<tr><td>\(escape(source))</td><td class=\"\(failed == nil ? "succeeded" : "failed")\">\(escape(status))"
            if let failed, let error = failed.error { html += "<br><small>\(escape(error))</small>" }
            if failed == nil, let fields = manifest.emptyFieldWarnings[source] {
                html += "<br><small>warning: empty in every record (allow_empty): \(escape(fields))</small>"
            }
            html += "</td><td>\(escape(manifest.step(.fetch, source)?.notes["outcome"] ?? "-"))</td>"
            html += "<td class=\"num\">\(manifest.step(.fetch, source)?.counts["bytes"] ?? 0)</td>"
            html += "<td class=\"num\">\(manifest.step(.parse, source)?.counts["records"] ?? 0)</td>"
            html += "<td class=\"num\">\(manifest.step(.parse, source)?.counts["rejects"] ?? 0)</td>"
            html += "<td>\(topRejectReasons(runId: runId, source: source).map { "\(escape($0.reason)) (\($0.count))" }.joined(separator: "<br>"))</td>"
            let normalise = manifest.step(.normalise, source)
            let unread = (normalise?.unreadCounts ?? [:]).sorted { $0.key < $1.key }.map { field, count -> String in
                let example = normalise?.notes[StepRecord.unreadPrefix + field].map { " <small>(\(escape($0)))</small>" } ?? ""
                return "\(escape(field)) \(count)" + example
            }
            html += "<td>\(unread.joined(separator: "<br>"))</td>"
            html += "<td class=\"num\">\(changes["new"] ?? 0)</td><td class=\"num\">\(changes["updated"] ?? 0)</td><td class=\"num\">\(changes["closed"] ?? 0)</td></tr>\n"
        }
        html += "</table>\n"
        html += barChart(sources.map { ($0, manifest.step(.parse, $0)?.counts["records"] ?? 0) }, title: "Records per source")

        html += "<h2>Catalogue</h2><table>"
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

        html += "<h2>Stage timings</h2><table><tr><th>stage</th><th class=\"num\">seconds (sum over sources)</th></tr>"
        for stage in Stage.allCases {
            let seconds = manifest.steps.filter { $0.stage == stage }.compactMap(\.seconds).reduce(0, +)
            html += "<tr><td>\(stage.rawValue)</td><td class=\"num\">\(String(format: "%.2f", seconds))</td></tr>"
        }
        html += "</table>\n"

        let history = store.runIds().filter { $0 <= runId }.prefix(30).reversed().compactMap { id -> (String, Int)? in
            guard let old = try? store.loadManifest(id), let open = old.step(.publish, "*")?.counts["open"] else { return nil }
            return (id, open)
        }
        html += trendChart(Array(history), title: "Open vacancies over the last runs")
        html += "<p><small>Written by kaartenbak report from \(escape(store.manifestPath(of: runId))).</small></p></body></html>\n"
        return html
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

    func trendChart(_ points: [(String, Int)], title: String) -> String {
        guard points.count > 1 else { return "" }
        let width = 700, height = 160, pad = 30
        let top = max(points.map(\.1).max() ?? 1, 1)
        let step = Double(width - 2 * pad) / Double(points.count - 1)
        let coordinates = points.enumerated().map { index, point in
            (Double(pad) + Double(index) * step, Double(height - pad) - Double(point.1) / Double(top) * Double(height - 2 * pad))
        }
        var svg = "<h3>\(escape(title))</h3><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\">"
        svg += "<polyline fill=\"none\" stroke=\"#3f72af\" stroke-width=\"2\" points=\"\(coordinates.map { String(format: "%.0f,%.0f", $0.0, $0.1) }.joined(separator: " "))\"/>"
        for (index, point) in coordinates.enumerated() {
            svg += "<circle cx=\"\(Int(point.0))\" cy=\"\(Int(point.1))\" r=\"3\" fill=\"#3f72af\"><title>\(escape(points[index].0)): \(points[index].1)</title></circle>"
        }
        svg += "<text x=\"\(pad)\" y=\"\(height - 8)\" font-size=\"11\">\(escape(points.first!.0))</text>"
        svg += "<text x=\"\(width - pad)\" y=\"\(height - 8)\" font-size=\"11\" text-anchor=\"end\">\(escape(points.last!.0))</text>"
        svg += "<text x=\"\(pad)\" y=\"14\" font-size=\"11\">max \(top)</text>"
        return svg + "</svg>\n"
    }

    func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    func escape(_ text: String) -> String { Markup.escape(text) }
}
