import Foundation
import KaartenbakCore

/// One occupation of the built-in taxonomy: finer than ISCO, mapped to an ISCO-08 unit group.
public struct Occupation: Sendable, Hashable {
    /// Kaartenbak's occupation id, e.g. "vrachtwagenchauffeur-internationaal".
    public var id: String
    /// ISCO-08 unit group, four digits.
    public var isco: String
    public var label: String
    public var englishLabel: String
    /// Dutch and English synonyms, as written in the resource.
    public var synonyms: [String]
}

/// An ambiguous head noun ("chauffeur", "monteur") and the occupations it may stand for.
struct HeadRule: Sendable {
    var name: String
    var forms: [String]
    /// Index of the occupation taken when no evidence points elsewhere.
    var defaultOccupation: Int?
    var candidates: [Int]
}

/// One line of evidence for a head: these terms point to this occupation with this weight.
struct EvidenceRule: Sendable {
    var head: String
    var titleOnly: Bool
    /// Folded token sequences ("eigen wijk" → ["eigen", "wijk"]).
    var terms: [[String]]
    /// Licence classes in upper case ("CE").
    var licences: [String]
    var occupation: Int
    var weight: Double
}

/// An ESCO label imported into the data directory: one more way to recognise an ISCO unit group.
public struct ESCOLabel: Sendable, Hashable {
    public var label: String
    public var isco: String
    public var preferredLabel: String
}

/// The parsed built-in resource.
struct BuiltInData: Sendable {
    var occupations: [Occupation] = []
    var heads: [HeadRule] = []
    var evidence: [EvidenceRule] = []
    var places: [String] = []
    var text: String = ""

    static func resourceText() throws -> String {
        guard let url = Bundle.module.url(forResource: "taxonomy", withExtension: "tsv") else {
            throw KaartenbakError(.io, "the built-in taxonomy resource taxonomy.tsv is missing from the bundle")
        }
        do { return try String(contentsOf: url, encoding: .utf8) } catch {
            throw KaartenbakError(.io, "cannot read the built-in taxonomy", at: Location(file: url.path), cause: error)
        }
    }

    static func load() throws -> BuiltInData { try parse(try resourceText(), file: "taxonomy.tsv") }

    /// Parses the resource format described at the top of taxonomy.tsv.
    static func parse(_ text: String, file: String) throws -> BuiltInData {
        var data = BuiltInData()
        data.text = text
        var pendingHeads: [(line: Int, fields: [Substring])] = []
        var pendingEvidence: [(line: Int, fields: [Substring])] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let at = Location(file: file, line: offset + 1)
            switch fields[0] {
            case "occ":
                guard fields.count == 6 else { throw KaartenbakError(.configuration, "an occ row needs 6 fields, found \(fields.count)", at: at) }
                data.occupations.append(Occupation(
                    id: String(fields[1]), isco: String(fields[2]), label: String(fields[3]),
                    englishLabel: String(fields[4]),
                    synonyms: fields[5].split(separator: "|").map { String($0) }))
            case "head":
                guard fields.count == 4 else { throw KaartenbakError(.configuration, "a head row needs 4 fields", at: at) }
                pendingHeads.append((offset + 1, fields))
            case "ev":
                guard fields.count == 6 else { throw KaartenbakError(.configuration, "an ev row needs 6 fields", at: at) }
                pendingEvidence.append((offset + 1, fields))
            case "place":
                data.places += fields.dropFirst().flatMap { $0.split(separator: "|").map(String.init) }
            default:
                throw KaartenbakError(.configuration, "unknown row kind '\(fields[0])'", at: at)
            }
        }
        let index = Dictionary(data.occupations.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        func occupation(_ id: Substring, _ line: Int) throws -> Int {
            guard let i = index[String(id)] else {
                throw KaartenbakError(.configuration, "unknown occupation id '\(id)'", at: Location(file: file, line: line))
            }
            return i
        }
        for (line, f) in pendingHeads {
            let forms = f[1].split(separator: "|").map(String.init)
            data.heads.append(HeadRule(
                name: forms.first ?? "", forms: forms,
                defaultOccupation: f[2] == "-" ? nil : try occupation(f[2], line),
                candidates: try f[3].split(separator: ",").map { try occupation($0, line) }))
        }
        for (line, f) in pendingEvidence {
            guard let weight = Double(f[5]) else {
                throw KaartenbakError(.configuration, "weight '\(f[5])' is not a number", at: Location(file: file, line: line))
            }
            var terms: [[String]] = []
            var licences: [String] = []
            for term in f[3].split(separator: "|") {
                if term.hasPrefix("lic:") { licences.append(String(term.dropFirst(4)).uppercased()) }
                else { terms.append(TextTokens.tokens(String(term)).map(\.text)) }
            }
            // One row may serve several heads ("monteur|technicus"): a technician's ad names its trade as a fitter's does.
            for head in f[1].split(separator: "|") {
                data.evidence.append(EvidenceRule(head: String(head), titleOnly: f[2] == "title", terms: terms.filter { !$0.isEmpty },
                                                  licences: licences, occupation: try occupation(f[4], line), weight: weight))
            }
        }
        return data
    }
}

/// The occupation taxonomy the classifier works with: the built-in Dutch taxonomy,
/// plus ESCO labels when they have been imported into the data directory.
public struct Taxonomy: Sendable {
    public var occupations: [Occupation]
    var heads: [HeadRule]
    var evidence: [EvidenceRule]
    /// Imported ESCO labels (empty when none were imported).
    public var escoLabels: [ESCOLabel]
    /// Changes whenever the built-in data, the classifier's rules or the ESCO import change:
    /// the pipeline re-codes the catalogue when it differs from the stored one.
    public var version: String

    /// Bumped when matching rules change in code, so that a new build re-codes too.
    static let algorithmVersion = "3"

    /// The taxonomy shipped in the package.
    public static func builtIn() throws -> Taxonomy {
        let data = try BuiltInData.load()
        return Taxonomy(occupations: data.occupations, heads: data.heads, evidence: data.evidence, escoLabels: [],
                        version: "builtin-\(algorithmVersion)-\(hex(TextTokens.hash(data.text)))")
    }

    /// The built-in taxonomy plus the ESCO labels imported into `dataDirectory`, if any.
    public static func load(dataDirectory: String) throws -> Taxonomy {
        var taxonomy = try builtIn()
        let path = ESCOImport.labelsPath(dataDirectory: dataDirectory)
        guard FileManager.default.fileExists(atPath: path) else { return taxonomy }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw KaartenbakError(.io, "cannot read imported ESCO labels", at: Location(file: path), cause: error)
        }
        taxonomy.escoLabels = ESCOImport.parseLabels(text)
        taxonomy.version += "+esco-\(hex(TextTokens.hash(text)))"
        return taxonomy
    }

    /// The occupation with this id.
    public func occupation(id: String) -> Occupation? { occupations.first { $0.id == id } }

    static func hex(_ value: UInt64) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 16 - s.count)) + s
    }
}
