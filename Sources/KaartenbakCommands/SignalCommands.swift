import ArgumentParser
import Foundation
import InclusiveWork
import KaartenbakCore

/// `kaartenbak signals`: who a job is open to, from its text; or `--evaluate FILE` on a labelled set.
public struct SignalsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "signals",
        abstract: "Find inclusive-work signals in ads (NDJSON on stdin → NDJSON on stdout), or score them on a labelled set.",
        discussion: """
            Each input line is a JSON object with "id", "title" and/or "description"; each output line has "id" and \
            "signals" ([{"signal", "evidence"}]). With --evaluate FILE (a TSV: id, text and a 0/1 column per signal, as \
            fixtures/eval/signals/half-a.tsv), prints precision and recall per signal instead, and the set's deliberate hard \
            negatives scored on their own (--hard-negatives FILE, or hard-negatives-X.tsv beside half-X.tsv when it exists). \
            docs/signals.md has the rules.
            """)

    @Option(name: .customLong("evaluate"), help: "Labelled TSV (id, text, one 0/1 column per signal) to score the rules on.")
    var evaluate: String?

    @Flag(help: "With --evaluate: list every signal found without a label and every label not found.")
    var showFailures = false

    @Option(name: .customLong("hard-negatives"),
            help: "With --evaluate: the set's hard negatives (id<TAB>letters, p l d e f n); by default hard-negatives-X.tsv beside half-X.tsv.")
    var hardNegatives: String?

    public init() {}

    public func run() throws {
        let scanner = SignalScanner()
        if let evaluate {
            do {
                let text: String
                do { text = try String(contentsOfFile: evaluate, encoding: .utf8) } catch {
                    throw KaartenbakError(.io, "cannot read the labelled file", at: Location(file: evaluate), cause: error)
                }
                let cases = try SignalEvaluation.parse(tsv: text, file: evaluate)
                var report = SignalEvaluation.run(cases, scanner: scanner)
                // The labelled set's README: the hard-negatives file is there "to score the hard negatives separately".
                let hardFile = hardNegatives ?? Self.siblingHardNegatives(of: evaluate)
                if let hardFile {
                    let tags: String
                    do { tags = try String(contentsOfFile: hardFile, encoding: .utf8) } catch {
                        throw KaartenbakError(.io, "cannot read the hard-negatives file", at: Location(file: hardFile), cause: error)
                    }
                    report.hardNegatives = try SignalEvaluation.scoreHardNegatives(
                        try SignalEvaluation.parseHardNegatives(tsv: tags, file: hardFile), cases: cases, report: report, file: hardFile)
                }
                print(Self.format(report, file: evaluate, showFailures: showFailures, hardNegativesFile: hardFile), terminator: "")
            } catch {
                throw commandFailure(error)
            }
            return
        }
        var out = ""
        while let line = readLine(strippingNewline: true) {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            out += Self.scanLine(line, scanner: scanner) + "\n"
            if out.utf8.count > 1 << 16 { FileHandle.standardOutput.write(Data(out.utf8)); out = "" }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    /// "hard-negatives-f.tsv" beside "half-f.tsv", when it is there.
    static func siblingHardNegatives(of path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        guard name.hasPrefix("half-"), name.hasSuffix(".tsv") else { return nil }
        let sibling = url.deletingLastPathComponent().appendingPathComponent("hard-negatives-" + name.dropFirst("half-".count)).path
        return FileManager.default.fileExists(atPath: sibling) ? sibling : nil
    }

    /// One input line to one output line. Never throws: a bad line gives an "error".
    static func scanLine(_ line: String, scanner: SignalScanner) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            return encode(["error": "the line is not a JSON object"])
        }
        let id: Any = object["id"].flatMap { ($0 as? String) ?? ($0 as? NSNumber).map { $0 as Any } } ?? NSNull()
        let title = object["title"] as? String, description = object["description"] as? String
        guard title != nil || description != nil else { return encode(["id": id, "error": "\"title\" or \"description\" is needed"]) }
        let signals = scanner.scan(title: title, description: description)
        return encode(["id": id, "signals": signals.map { ["signal": $0.signal.rawValue, "evidence": $0.evidence] }])
    }

    private static func encode(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "{\"error\":\"could not encode the result\"}"
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The report: a line per signal, then the failures when asked.
    public static func format(_ report: SignalEvaluation.Report, file: String, showFailures: Bool, hardNegativesFile: String? = nil) -> String {
        func share(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "  -  " }
        var out = "signals evaluation of \(file): \(report.cases) texts\n"
        out += "signal                positives  found  right  precision  recall\n"
        for kind in SignalKind.allCases {
            let c = report.counts[kind] ?? SignalEvaluation.Counts()
            out += kind.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)
                + String(c.positives).leftPadded(9) + String(c.truePositives + c.falsePositives).leftPadded(7)
                + String(c.truePositives).leftPadded(7) + share(c.precision).leftPadded(11) + share(c.recall).leftPadded(8) + "\n"
        }
        if let hard = report.hardNegatives {
            out += "hard negatives\(hardNegativesFile.map { " (\($0))" } ?? ""): tagged, found wrongly\n"
            for kind in SignalKind.allCases {
                let h = hard[kind] ?? SignalEvaluation.HardNegatives()
                out += kind.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0) + String(h.tagged).leftPadded(9)
                    + String(h.foundWrongly).leftPadded(7) + "\n"
            }
        }
        if showFailures {
            out += "failures (\(report.failures.count))\n"
            for failure in report.failures {
                let text = failure.text.count > 160 ? String(failure.text.prefix(159)) + "…" : failure.text
                out += "  \(failure.id)\t\(failure.signal.rawValue)\t\(failure.falsePositive ? "found, not labelled" : "labelled, not found")\t"
                out += (failure.evidence.map { "because \($0)\t" } ?? "") + text + "\n"
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? " " + self : String(repeating: " ", count: width - count) + self }
}
