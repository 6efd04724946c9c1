import Foundation

/// The Netherlands' places, municipalities, provinces and labour-market regions: the bundled table
/// (Resources/places.tsv), or the one `kaartenbak geo import` wrote into the data directory, both built by
/// `GeographyImport` from GeoNames' postcodes (CC BY 4.0) and the UWV decree on work areas.
///
/// Names are looked up by `key`: lower case, diacritics and punctuation folded ("Súdwest-Fryslân" and
/// "sudwest fryslan" are one key). Every lookup is a dictionary hit: the normaliser places each of a
/// night's records (`placement`).
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
    /// Four-digit postcode → the codes of the municipalities it lies in (one for all but a few dozen).
    public let municipalitiesOfPC4: [Int: [String]]
    /// Place key → the municipality codes of the places with that name (usually one).
    public let municipalitiesOfPlace: [String: [String]]
    /// Place key → its four-digit postcodes, ascending (the generator's towns take theirs from here).
    public let postcodesOfPlace: [String: [Int]]
    /// Place key → the place's name as the table writes it.
    public let placeNames: [String: String]
    /// Municipality name key → code.
    public let municipalityNamed: [String: String]
    /// Former municipality name key → the code of the municipality it merged into (the table's 8th column).
    public let formerMunicipalityNamed: [String: String]
    /// Labour-market region number → name.
    public let regions: [Int: String]
    /// Region name key → number.
    public let regionNamed: [String: Int]
    /// Other names a place goes by → the key of its name in the table ("den haag" → "s gravenhage").
    public let aliases: [String: String]
    /// A digest of the table's text: part of the normaliser's identity, so a new table places every record again.
    public let version: String

    /// The bundled table, read once.
    public static let bundled: Geography = {
        guard let url = Bundle.module.url(forResource: "places", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            return Geography(tsv: "")
        }
        return Geography(tsv: text)
    }()

    /// Names people use for a place beside the table's (`Resources/place-aliases.tsv`: alias, table name).
    public static let bundledAliases: String = {
        guard let url = Bundle.module.url(forResource: "place-aliases", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }()

    /// `<data dir>/geo/places.tsv`: the table `kaartenbak geo import` wrote.
    public static func importedPath(dataDirectory: String) -> String { dataDirectory + "/geo/places.tsv" }

    /// The imported table of `dataDirectory` when there is one, else the bundled table.
    public static func load(dataDirectory: String) throws -> Geography {
        let path = importedPath(dataDirectory: dataDirectory)
        guard FileManager.default.fileExists(atPath: path) else { return bundled }
        do {
            return Geography(tsv: try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw KaartenbakError(.io, "cannot read the imported geography table", at: Location(file: path), cause: error)
        }
    }

    /// Reads a table: `pc4, place, municipality_code, municipality, province, region_number, region_name[,
    /// former_municipality]` per line, `#` comments.
    public init(tsv text: String, aliases aliasText: String = Geography.bundledAliases) {
        var municipalities: [String: Municipality] = [:]
        var pc4: [Int: [String]] = [:]
        var places: [String: [String]] = [:]
        var placePostcodes: [String: [Int]] = [:]
        var placeNames: [String: String] = [:]
        var named: [String: String] = [:]
        var former: [String: String] = [:]
        var regions: [Int: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 7, let code = Int(columns[0]) else { continue }
            let municipality = Municipality(code: columns[2], name: columns[3], province: columns[4],
                                            regionNumber: Int(columns[5]), regionName: columns[6].isEmpty ? nil : columns[6])
            municipalities[municipality.code] = municipality
            if !(pc4[code]?.contains(municipality.code) ?? false) { pc4[code, default: []].append(municipality.code) }
            let place = Self.key(columns[1])
            if !(places[place]?.contains(municipality.code) ?? false) { places[place, default: []].append(municipality.code) }
            placePostcodes[place, default: []].append(code)
            if placeNames[place] == nil { placeNames[place] = columns[1] }
            named[Self.key(municipality.name)] = municipality.code
            if columns.count >= 8, !columns[7].isEmpty { former[Self.key(columns[7])] = municipality.code }
            if let number = municipality.regionNumber, let name = municipality.regionName { regions[number] = name }
        }
        var aliases: [String: String] = [:]
        for line in aliasText.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t")
            guard columns.count >= 2 else { continue }
            let target = Self.key(String(columns[1]))
            if places[target] != nil || named[target] != nil { aliases[Self.key(String(columns[0]))] = target }
        }
        self.municipalities = municipalities
        self.municipalitiesOfPC4 = pc4
        self.municipalitiesOfPlace = places
        self.postcodesOfPlace = placePostcodes.mapValues { Array(Set($0)).sorted() }
        self.placeNames = placeNames
        self.municipalityNamed = named
        self.formerMunicipalityNamed = former
        self.regions = regions
        self.regionNamed = Dictionary(regions.map { (Self.key($0.value), $0.key) }, uniquingKeysWith: { min($0, $1) })
        self.aliases = aliases
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        for byte in aliasText.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        self.version = String(hash, radix: 16)
    }

    /// The lookup key of a name: lower case, diacritics folded, anything but letters and digits a single space.
    public static func key(_ name: String) -> String {
        // Nearly every name is ASCII: folded byte by byte, without Foundation (a million records a night).
        var ascii = true
        for byte in name.utf8 where byte >= 0x80 { ascii = false; break }
        guard ascii else {
            let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "nl_NL"))
            return folded.split { !($0.isLetter || $0.isNumber) }.joined(separator: " ")
        }
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        var pendingSpace = false
        for byte in name.utf8 {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                if pendingSpace, !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(lower)
            } else {
                pendingSpace = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The four digits of a Dutch postcode ("4811 AB", "4811AB", "4811"), nil for anything else.
    public static func pc4(_ postcode: String) -> Int? {
        var value = 0, digits = 0
        for byte in postcode.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                guard digits < 4 else { return nil }
                value = value * 10 + Int(byte - 0x30)
                digits += 1
            } else if digits == 4 {
                break
            } else if byte != 0x20 || digits > 0 {
                return nil
            }
        }
        return digits == 4 && value >= 1000 ? value : nil
    }
}
