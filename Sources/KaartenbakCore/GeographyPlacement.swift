/// Placing a vacancy: its postcode first, then its place name, then the source's region.
///
/// The rules, in order (docs/geography.md):
/// 1. The postcode's four digits, when the table has them: its municipality. A postcode in several
///    municipalities (a few dozen are) is decided by the place name, else by the source's region.
/// 2. The place name: a name found in one municipality gives that one; a name found in several is decided by
///    the source's region when only one of them lies in it, else by being a municipality's own name ("Hoorn"
///    the town, not the village on Terschelling), else the municipality stays empty, with the reason.
///    A municipality's own name, a former municipality's name (merged since: the table's 8th column) and a
///    name people use for a place ("Den Haag", `place-aliases.tsv`) count as place names.
/// 3. Candidates left undecided that share a region (and province) still give those.
/// 4. Otherwise the source's region from its definition, named as the basis: the only place a source's
///    region is used as the vacancy's own.
extension Geography {
    /// The region number a source's definition names: the region's name ("West-Brabant", "Regio
    /// West-Brabant", "arbeidsmarktregio West-Brabant"), its number ("28") or that number written "AM28".
    public func regionNumber(of text: String) -> Int? {
        var key = Self.key(text)
        for prefix in ["arbeidsmarktregio ", "regio "] where key.hasPrefix(prefix) { key.removeFirst(prefix.count) }
        if let number = regionNamed[key] { return number }
        var digits = Substring(key)
        if digits.hasPrefix("am") { digits = digits.dropFirst(2).drop { $0 == " " } }
        if let number = Int(digits), regions[number] != nil { return number }
        return nil
    }

    /// The municipalities a place name can mean, and how the name was found when not as a place of the table.
    func municipalities(ofPlaceKey key: String) -> (codes: [String], via: String?) {
        if let codes = municipalitiesOfPlace[key] { return (codes, nil) }
        if let target = aliases[key] {
            if let codes = municipalitiesOfPlace[target] { return (codes, nil) }
            if let code = municipalityNamed[target] { return ([code], nil) }
        }
        if let code = municipalityNamed[key] { return ([code], nil) }
        if let code = formerMunicipalityNamed[key] {
            return ([code], "a former municipality, now part of \(municipalities[code]?.name ?? code)")
        }
        // "Breda e.o.", "Tilburg centrum", "Goes (NL)": the name before a qualifier ads add.
        let words = key.split(separator: " ")
        if words.count >= 2 {
            for drop in [2, 1] where words.count > drop {
                let tail = words.suffix(drop).joined(separator: " ")
                guard Self.qualifiers.contains(tail) else { continue }
                let head = words.dropLast(drop).joined(separator: " ")
                let found = municipalities(ofPlaceKey: head)
                if !found.codes.isEmpty { return found }
            }
        }
        return ([], nil)
    }

    /// Words ads put after a place name that do not change which place it is.
    static let qualifiers: Set<String> = [
        "e o", "eo", "en omgeving", "omgeving", "en omstreken", "centrum", "stad", "nl", "nederland", "the netherlands",
        "area", "regio", "nb", "nh", "zh", "gld", "ov", "ut", "fl", "fr", "gr", "dr", "ze", "lb", "li",
    ]

    /// The vacancy's municipality, province and region from its postcode, place and source region (the rules above).
    public func placement(postcode: String?, place: String?, sourceRegion: String?) -> Placement {
        var notes: [String] = []
        var sourceNumber: Int??
        func regionOfSource() -> Int? {
            if let known = sourceNumber { return known }
            let number = sourceRegion.flatMap(regionNumber(of:))
            sourceNumber = .some(number)
            return number
        }
        let placeKey = place.map(Self.key).flatMap { $0.isEmpty ? nil : $0 }
        let placeCodes = placeKey.map(municipalities(ofPlaceKey:))
        var undecided: (codes: [String], basis: Placement.Basis)?

        if let postcode, let pc4 = Self.pc4(postcode) {
            if let codes = municipalitiesOfPC4[pc4] {
                if codes.count == 1 {
                    var found = full(codes[0], basis: .postcode)
                    if let place, let placeCodes, !placeCodes.codes.isEmpty, !placeCodes.codes.contains(codes[0]) {
                        found.note = "the place '\(place)' is in \(names(placeCodes.codes)); the postcode's municipality is taken"
                    }
                    return found
                }
                if let place, let placeCodes {
                    let both = codes.filter(placeCodes.codes.contains)
                    if both.count == 1 {
                        return full(both[0], basis: .postcode, note: "postcode \(pc4) is in \(names(codes)); the place '\(place)' decides")
                    }
                }
                if let number = regionOfSource() {
                    let inRegion = codes.filter { municipalities[$0]?.regionNumber == number }
                    if inRegion.count == 1 {
                        return full(inRegion[0], basis: .postcode,
                                    note: "postcode \(pc4) is in \(names(codes)); the source's region \(regions[number] ?? String(number)) decides")
                    }
                }
                notes.append("postcode \(pc4) is in \(names(codes))")
                undecided = (codes, .postcode)
            } else {
                notes.append("postcode \(pc4) is not in the table")
            }
        } else if let postcode {
            notes.append("postcode '\(postcode)' is not a Dutch postcode")
        }

        if let place, let placeKey, let placeCodes {
            let (codes, via) = placeCodes
            let prefix = notes.isEmpty ? "" : notes.joined(separator: "; ") + "; "
            if codes.count == 1 {
                let note = via.map { "the place '\(place)' is \($0)" }
                return full(codes[0], basis: .place, note: notes.isEmpty && note == nil ? nil : prefix + (note ?? "the place decides"))
            }
            if codes.count > 1 {
                let number = regionOfSource()
                if let number {
                    let inRegion = codes.filter { municipalities[$0]?.regionNumber == number }
                    if inRegion.count == 1 {
                        return full(inRegion[0], basis: .placeInSourceRegion,
                                    note: prefix + "the place '\(place)' is in \(names(codes)); the source's region \(regions[number] ?? String(number)) decides")
                    }
                }
                if let own = municipalityNamed[placeKey], codes.contains(own) {
                    return full(own, basis: .place,
                                note: prefix + "the place '\(place)' is in \(names(codes)); taken as the municipality of that name")
                }
                var why = "the place '\(place)' is in \(names(codes))"
                if let sourceRegion { why += number == nil ? " and the source's region '\(sourceRegion)' is not one of the 35" : " and the source's region does not decide" }
                notes.append(why)
                if undecided == nil { undecided = (codes, .place) }
            } else {
                notes.append("the place '\(place)' is not in the table")
            }
        }

        if let undecided {
            let candidates = undecided.codes.compactMap { municipalities[$0] }
            if let first = candidates.first, let number = first.regionNumber, candidates.allSatisfy({ $0.regionNumber == number }) {
                let province = candidates.allSatisfy({ $0.province == first.province }) ? first.province : nil
                return Placement(province: province, regionNumber: number, region: first.regionName, basis: undecided.basis,
                                 note: notes.joined(separator: "; ") + "; all in region \(first.regionName ?? String(number))")
            }
        }
        if let sourceRegion {
            let number = regionOfSource()
            if notes.isEmpty { notes.append("no postcode or place") }
            return Placement(regionNumber: number, region: number.flatMap { regions[$0] } ?? sourceRegion, basis: .sourceRegion,
                             note: notes.joined(separator: "; "))
        }
        if notes.isEmpty { notes.append("no postcode or place, and the source names no region") }
        return Placement(basis: .unresolved, note: notes.joined(separator: "; "))
    }

    private func full(_ code: String, basis: Placement.Basis, note: String? = nil) -> Placement {
        guard let m = municipalities[code] else { return Placement(basis: .unresolved, note: "municipality \(code) is not in the table") }
        return Placement(municipalityCode: m.code, municipality: m.name, province: m.province, regionNumber: m.regionNumber,
                         region: m.regionName, basis: basis, note: note)
    }

    /// "Hoorn (0405), Terschelling (0093)": the municipalities, by code, at most five.
    private func names(_ codes: [String]) -> String {
        let sorted = codes.sorted()
        let shown = sorted.prefix(5).map { "\(municipalities[$0]?.name ?? "?") (\($0))" }.joined(separator: ", ")
        return sorted.count > 5 ? "\(sorted.count) municipalities: \(shown), ..." : (sorted.count == 1 ? shown : "\(sorted.count) municipalities: \(shown)")
    }
}
