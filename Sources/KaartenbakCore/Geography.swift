import Foundation

/// The Netherlands' places, municipalities, provinces and labour-market regions, from the bundled table
/// (Resources/places.tsv, derived from GeoNames (CC BY 4.0) and the UWV decree on work areas by
/// scripts/geo-table.py).
///
/// Names are looked up by `key`: lower case, diacritics and punctuation folded ("Súdwest-Fryslân" and
/// "sudwest fryslan" are one key).
public struct Geography: Sendable {
    public struct Municipality: Sendable, Equatable {
        public var code: String
        public var name: String
        public var province: String
        public var regionNumber: Int?
        public var regionName: String?
    }

    /// Municipality code → municipality.
    public let municipalities: [String: Municipality]
    /// Four-digit postcode → municipality code.
    public let municipalityOfPC4: [Int: String]
    /// Place key → the municipality codes of the places with that name (usually one).
    public let municipalitiesOfPlace: [String: [String]]
    /// Municipality name key → code.
    public let municipalityNamed: [String: String]

    /// The bundled table, read once.
    public static let bundled: Geography = {
        guard let url = Bundle.module.url(forResource: "places", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            return Geography(tsv: "")
        }
        return Geography(tsv: text)
    }()

    public init(tsv text: String) {
        var municipalities: [String: Municipality] = [:]
        var pc4: [Int: String] = [:]
        var places: [String: [String]] = [:]
        var named: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 7, let code = Int(columns[0]) else { continue }
            let municipality = Municipality(code: columns[2], name: columns[3], province: columns[4],
                                            regionNumber: Int(columns[5]), regionName: columns[6].isEmpty ? nil : columns[6])
            municipalities[municipality.code] = municipality
            pc4[code] = municipality.code
            let place = Self.key(columns[1])
            if !(places[place]?.contains(municipality.code) ?? false) { places[place, default: []].append(municipality.code) }
            named[Self.key(municipality.name)] = municipality.code
        }
        self.municipalities = municipalities
        self.municipalityOfPC4 = pc4
        self.municipalitiesOfPlace = places
        self.municipalityNamed = named
    }

    /// The lookup key of a name: lower case, diacritics folded, anything but letters and digits a single space.
    public static func key(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "nl_NL"))
        return folded.split { !($0.isLetter || $0.isNumber) }.joined(separator: " ")
    }
}
