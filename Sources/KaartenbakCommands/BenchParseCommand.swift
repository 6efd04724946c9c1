import ArgumentParser
import FeedReading
import Foundation
import KaartenbakCore
import Logging

/// `kaartenbak bench parse`: throughput and peak memory of the XML and CSV readers on generated feeds,
/// beside `xmllint --stream --noout` on the same XML file.
///
/// Each parse runs in a child process of this same executable so that its peak RSS (VmHWM) is its own.
public struct BenchParseCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Benchmark the feed readers on a generated XML feed and CSV file (use a release build).",
        discussion: """
            Generates a job feed in the staffing-agency XML format and a Dutch-style CSV of about the given size \
            in a temporary folder (written as a stream), parses each with FeedReader in a child process counting \
            records, and reports MB/s and peak RSS (VmHWM). Then times `xmllint --stream --noout` on the XML file \
            and prints our throughput as a ratio of xmllint's, by wall time and by CPU time (user + system). \
            Both readers work on two threads (libxml2, or the CSV rows' scan, on one; Strings and HTML to text on \
            the calling one): the wall ratio is the throughput an operator waits for and needs a free second \
            core; the CPU ratio counts both threads' work and cannot gain from them. On a shared machine the CPU \
            figures are the steadier ones. With --runs N, each of the three is run N times, in turns, and the medians are reported.
            """)

    @Option(help: "Size of each generated file in MB (10^6 bytes).")
    var megabytes: Int = 500

    @Flag(help: "Keep the generated files and print their folder.")
    var keep = false

    @Option(help: "Runs of each reader and of xmllint; the medians are reported.")
    var runs: Int = 1

    @Option(help: .hidden) var childFormat: String?
    @Option(help: .hidden) var childFile: String?

    public init() {}

    public func run() throws {
        if let format = childFormat, let file = childFile {
            try runChild(format: format, file: file)
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kaartenbak-bench-parse-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(at: folder) } }
        let bytes = megabytes * 1_000_000
        let xml = folder.appendingPathComponent("feed.xml").path
        let csv = folder.appendingPathComponent("feed.csv").path

        print("generating \(megabytes) MB XML and CSV in \(folder.path) …")
        let xmlRecords = try BenchFeeds.writeXML(to: xml, bytes: bytes)
        let csvRecords = try BenchFeeds.writeCSV(to: csv, bytes: bytes)

        print("load (1 min) at start  \(ProcessStats.loadAverage())")
        var xmlResults: [BenchResult] = [], csvResults: [BenchResult] = [], lints: [(wall: Double, cpu: Double)] = []
        for _ in 0..<max(runs, 1) {
            xmlResults.append(try child(format: "xml", file: xml))
            csvResults.append(try child(format: "csv", file: csv))
            if let lint = try timeXmllint(xml) { lints.append(lint) }
        }
        let xmlResult = BenchResult.median(xmlResults), csvResult = BenchResult.median(csvResults)
        if runs > 1 { print("medians of \(runs) runs:") }
        report("XML", xmlResult, expected: xmlRecords)
        report("CSV", csvResult, expected: csvRecords)

        if !lints.isEmpty {
            let lint = medianValue(lints.map(\.wall)), lintCPU = medianValue(lints.map(\.cpu))
            let lintRate = Double(xmlResult.bytes) / 1e6 / lint
            let lintCPURate = Double(xmlResult.bytes) / 1e6 / lintCPU
            print(String(format: "xmllint --stream --noout: %.2f s, %.1f MB/s; CPU %.2f s, %.1f MB/s", lint, lintRate, lintCPU, lintCPURate))
            print(String(format: "XML throughput ratio (FeedReader / xmllint): %.2f× by wall time, %.2f× by CPU time",
                         xmlResult.megabytesPerSecond / lintRate, xmlResult.cpuMegabytesPerSecond / lintCPURate))
        } else {
            print("xmllint not found: no ratio")
        }
        print("load (1 min) at end    \(ProcessStats.loadAverage())")
        if keep { print("files kept in \(folder.path)") }
    }

    private func report(_ label: String, _ result: BenchResult, expected: Int) {
        print(String(format: "%@: %d records (%d rejects, %d expected), %.1f MB in %.2f s = %.1f MB/s (CPU %.2f s = %.1f MB/s), peak RSS %.1f MB",
                     label, result.records, result.rejects, expected, Double(result.bytes) / 1e6, result.seconds,
                     result.megabytesPerSecond, result.cpuSeconds, result.cpuMegabytesPerSecond, Double(result.peakRSSKiB) / 1024))
    }

    // MARK: child side

    private func runChild(format: String, file: String) throws {
        let source = format == "xml" ? BenchFeeds.xmlSource : BenchFeeds.csvSource
        let reader = FeedReader(source: source, logger: Logger(label: "kaartenbak.bench"))
        var records = 0, rejects = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = ProcessStats.cpuSeconds(RUSAGE_SELF)
        let summary = try reader.read(file: file, onRecord: { _ in records += 1 }, onReject: { _ in rejects += 1 })
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let result = BenchResult(records: records, rejects: rejects, bytes: summary.bytes, seconds: seconds,
                                 cpuSeconds: ProcessStats.cpuSeconds(RUSAGE_SELF) - cpuStart, peakRSSKiB: ProcessStats.memoryKiB())
        let data = try JSONEncoder().encode(result)
        FileHandle.standardOutput.write(data)
    }

    // MARK: parent side

    private func child(format: String, file: String) throws -> BenchResult {
        let arguments = CommandLine.arguments
        let prefix = arguments.firstIndex(of: "parse").map { Array(arguments[1...$0]) } ?? ["bench", "parse"]
        let child = try ChildProcess.run(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path,
                                         prefix + ["--child-format", format, "--child-file", file], captureErrors: false)
        guard child.status == 0, let result = try? JSONDecoder().decode(BenchResult.self, from: child.output) else {
            throw KaartenbakError(.io, "the \(format) benchmark child failed (status \(child.status))")
        }
        return result
    }

    /// Wall and CPU seconds of `xmllint --stream --noout file`, or nil without xmllint.
    private func timeXmllint(_ file: String) throws -> (wall: Double, cpu: Double)? {
        guard let path = ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        let start = DispatchTime.now().uptimeNanoseconds
        // The benchmark children have been waited for already, so the change in RUSAGE_CHILDREN is xmllint's.
        let cpuStart = ProcessStats.cpuSeconds(RUSAGE_CHILDREN)
        _ = try ChildProcess.run(path, ["--stream", "--noout", file], captureOutput: false, captureErrors: false)
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, ProcessStats.cpuSeconds(RUSAGE_CHILDREN) - cpuStart)
    }
}

struct BenchResult: Codable {
    var records: Int
    var rejects: Int
    var bytes: Int
    var seconds: Double
    /// User + system CPU time of the read: steadier than wall time on a machine shared with other work.
    var cpuSeconds: Double
    var peakRSSKiB: Int
    var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1e6 / seconds : 0 }
    var cpuMegabytesPerSecond: Double { cpuSeconds > 0 ? Double(bytes) / 1e6 / cpuSeconds : 0 }

    /// Median times and peak RSS of several runs over the same file (records and bytes are the same in each).
    static func median(_ results: [BenchResult]) -> BenchResult {
        var result = results[0]
        result.seconds = medianValue(results.map(\.seconds))
        result.cpuSeconds = medianValue(results.map(\.cpuSeconds))
        result.peakRSSKiB = Int(medianValue(results.map { Double($0.peakRSSKiB) }))
        return result
    }
}

/// Generated feeds shaped like the fixtures: realistic record sizes, CDATA, HTML, entities, quoted multi-line cells.
enum BenchFeeds {
    static let xmlSource = SourceDefinition(
        name: "bench-xml", publisher: .agency, url: "feed.xml", format: .xml, record: "jobs/job",
        fields: [.id: ["jobId"], .title: ["jobTitle"], .description: ["jobDescription"], .employer: ["jobEmployerInfo"],
                 .place: ["jobLocation/locationPlace"], .postcode: ["jobLocation/locationZipCode"],
                 .datePosted: ["jobAddedDate"], .hoursMin: ["jobOffer/offerContract/contractHours/hoursMin"],
                 .hoursMax: ["jobOffer/offerContract/contractHours/hoursMax"],
                 .salary: ["jobOffer/offerContract/contractSalaryDescription"], .url: ["jobUrl"], .category: ["@category"]])

    static let csvSource = SourceDefinition(
        name: "bench-csv", publisher: .municipality, url: "feed.csv", format: .csv, encoding: "utf-8", delimiter: ";",
        fields: [.id: ["Vacaturenummer"], .title: ["Functietitel"], .employer: ["Werkgever"], .postcode: ["Postcode"],
                 .place: ["Plaats"], .description: ["Omschrijving"], .hoursMin: ["Uren min"], .hoursMax: ["Uren max"],
                 .salaryMin: ["Salaris min"], .salaryMax: ["Salaris max"], .datePosted: ["Publicatiedatum"], .url: ["Link"]])

    static let titles = ["Internationaal vrachtwagenchauffeur CE", "Pakketbezorger rijbewijs B", "Heftruckchauffeur (m/v/x)",
                         "Verzorgende IG", "Schoonmaker kantoren (avond)", "Medewerker bediening", "Servicemonteur installatietechniek"]
    static let places = ["Breda", "Roosendaal", "Bergen op Zoom", "Etten-Leur", "Oosterhout", "Oudenbosch", "Zundert", "Moerdijk"]

    /// Streams records to `path` until it holds about `bytes`; returns the record count.
    static func writeXML(to path: String, bytes: Int) throws -> Int {
        try write(path: path, bytes: bytes, head: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<jobs version=\"1.0\">\n", tail: "</jobs>\n") { n in
            let title = titles[n % titles.count], place = places[n % places.count]
            return """
              <job category="logistiek">
                <jobId>FLX-\(n)</jobId>
                <jobAddedDate>2026-11-\(10 + n % 18)</jobAddedDate>
                <jobTitle><![CDATA[  \(title)  ]]></jobTitle>
                <jobDescription><![CDATA[<p>Voor onze opdrachtgever in \(place) zoeken wij een <strong>\(title)</strong>.</p>
            <ul><li>Rijbewijs CE met code 95</li><li>Ervaring is een pr&eacute;</li><li>Ritten naar Spanje en Itali&euml;</li></ul>
            <p>Wij bieden een goed salaris, reiskostenvergoeding &amp; 8% vakantiegeld. Solliciteer direct via de website of bel ons kantoor in Breda.</p>]]></jobDescription>
                <jobLocation><locationPlace>\(place)</locationPlace><locationZipCode>48\(10 + n % 89) AB</locationZipCode></jobLocation>
                <jobOffer><offerContract><contractType>Uitzenden</contractType><contractHours><hoursMin>32</hoursMin><hoursMax>40</hoursMax></contractHours>
                  <contractSalaryDescription>&#8364; 14,50 - &#8364; 16,20 per uur</contractSalaryDescription></offerContract></jobOffer>
                <jobEmployerInfo>Van der Heijden Transport B.V.</jobEmployerInfo>
                <jobUrl>https://www.flexpoint-uitzend.nl/vacatures/flx-\(n)?bron=feed&amp;utm=bench</jobUrl>
              </job>

            """
        }
    }

    static func writeCSV(to path: String, bytes: Int) throws -> Int {
        let header = "Vacaturenummer;Functietitel;Werkgever;Adres;Postcode;Plaats;Omschrijving;Uren min;Uren max;Salaris min;Salaris max;Publicatiedatum;Sluitingsdatum;Link\r\n"
        return try write(path: path, bytes: bytes, head: header, tail: "") { n in
            let title = titles[n % titles.count], place = places[n % places.count]
            return "GB-\(n);\(title);Streekbus West-Brabant B.V.;Stationsplein \(n % 90 + 1);48\(10 + n % 89) AB;\(place);"
                + "\"Rijd lijndiensten in en rond \(place) en Oosterhout.\r\n- Rijbewijs D en code 95; of je volgt bij ons de opleiding\r\n"
                + "- Onregelmatige diensten, \"\"ook\"\" in het weekend\r\nSalaris: € 2.600 tot € 3.150; reiskosten vergoed.\";"
                + "32;38,5;2.600;3.150;03-11-2026;15-01-2027;https://www.werkeninbreda.nl/vacature/gb-\(n)\r\n"
        }
    }

    private static func write(path: String, bytes: Int, head: String, tail: String, record: (Int) -> String) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw KaartenbakError(.io, "cannot create file", at: Location(file: path))
        }
        defer { try? handle.close() }
        var buffer = Array(head.utf8)
        var written = 0
        var n = 0
        while written + buffer.count < bytes {
            n += 1
            buffer.append(contentsOf: record(n).utf8)
            if buffer.count >= 4 << 20 {
                try handle.write(contentsOf: buffer)
                written += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        buffer.append(contentsOf: tail.utf8)
        try handle.write(contentsOf: buffer)
        return n
    }
}
