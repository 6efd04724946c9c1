import KaartenbakCore

/// The catalogue's rows as JSON, written by hand, byte for byte as `JSONEncoder` with `.sortedKeys`
/// writes them (`RowJSONTests` checks every field against the encoder). Three uses share it: a
/// vacancy's content hash (the encoder's default, slashes escaped: the hashes of earlier nights must
/// stay comparable), the JSON columns (candidates, reasons, provenance, conflicts) and the NDJSON
/// export (slashes as they are). The encoder built a tree of boxed values for every row and was
/// most of publishing's CPU time.
enum RowJSON {
    /// The JSON columns of a row, already encoded (as stored in the catalogue).
    struct Columns {
        var candidates: [UInt8]
        var reasons: [UInt8]
        var provenance: [UInt8]
        var conflicts: [UInt8]
        var signals: [UInt8]
        var signalEvidence: [UInt8]

        init(candidates: [UInt8], reasons: [UInt8], provenance: [UInt8], conflicts: [UInt8], signals: [UInt8],
             signalEvidence: [UInt8]) {
            self.candidates = candidates
            self.reasons = reasons
            self.provenance = provenance
            self.conflicts = conflicts
            self.signals = signals
            self.signalEvidence = signalEvidence
        }

        /// `snakeCaseKeys`: as the catalogue stores and says them; without, as the content hash reads them.
        init(_ row: VacancyRow, escapeSlashes: Bool, snakeCaseKeys: Bool = false) {
            candidates = RowJSON.encode(escapeSlashes, snakeCaseKeys) { RecordJSON.candidates(row.candidates, into: &$0) }
            reasons = RowJSON.encode(escapeSlashes, snakeCaseKeys) { out in
                out.open("[")
                for reason in row.reasons { out.element(reason) }
                out.close("]")
            }
            provenance = RowJSON.encode(escapeSlashes, snakeCaseKeys) { RowJSON.provenance(row.provenance, &$0) }
            conflicts = RowJSON.encode(escapeSlashes, snakeCaseKeys) { RecordJSON.conflicts(row.conflicts, into: &$0) }
            signals = RowJSON.encode(escapeSlashes, snakeCaseKeys) { out in
                out.open("[")
                for signal in row.signals { out.element(signal) }
                out.close("]")
            }
            signalEvidence = RowJSON.encode(escapeSlashes, snakeCaseKeys) { RecordJSON.signals(row.signalEvidence, into: &$0) }
        }

        /// The columns as stored by a catalogue of any age, with snake-case names (stored before, they had camel case).
        var snakeCased: Columns {
            Columns(candidates: candidates, reasons: reasons, provenance: JSONBytes.snakeCasingKeys(in: provenance),
                    conflicts: JSONBytes.snakeCasingKeys(in: conflicts), signals: signals,
                    signalEvidence: JSONBytes.snakeCasingKeys(in: signalEvidence))
        }
    }

    static func encode(_ escapeSlashes: Bool, _ snakeCaseKeys: Bool = false, _ body: (inout JSONBytes) -> Void) -> [UInt8] {
        var out = JSONBytes(escapeSlashes: escapeSlashes, snakeCaseKeys: snakeCaseKeys)
        body(&out)
        return out.bytes
    }

    /// A vacancy row; `columns` are its JSON columns when they are at hand already encoded the same way. With
    /// `out.snakeCaseKeys` (the export, the API) every name is in snake case, as the columns are named; without,
    /// the names are those the content hash was first computed over (`CataloguePublisher.contentHash`).
    static func vacancy(_ row: VacancyRow, columns: Columns? = nil, into out: inout JSONBytes) {
        let columns = columns.map { out.snakeCaseKeys ? $0.snakeCased : $0 }
            ?? Columns(row, escapeSlashes: out.escapeSlashes, snakeCaseKeys: out.snakeCaseKeys)
        out.bytes.reserveCapacity(out.bytes.count + 1024 + (row.description?.utf8.count ?? 0))
        out.open("{")
        out.field("ambiguous", row.ambiguous)
        out.field("candidates", json: columns.candidates)
        out.field("closedAt", row.closedAt)
        out.field("closingDate", row.closingDate)
        out.field("confidence", row.confidence)
        out.field("conflicts", json: columns.conflicts)
        out.field("contentHash", row.contentHash)
        out.field("contract", row.contract)
        out.field("datePosted", row.datePosted)
        out.field("description", row.description)
        out.field("education", row.education)
        out.field("employer", row.employer)
        out.field("fingerprint", row.fingerprint)
        out.field("firstSeen", row.firstSeen)
        out.field("geoBasis", row.geoBasis)
        out.field("geoNote", row.geoNote)
        out.field("hoursMax", row.hoursMax)
        out.field("hoursMin", row.hoursMin)
        out.field("id", row.id)
        out.field("isco", row.isco)
        // Derived from the code, as the view derives it: said where the catalogue speaks, not part of the content hash.
        if out.snakeCaseKeys { out.field("isco_label", IscoGroups.bundled.label(of: row.isco)) }
        out.field("lastSeen", row.lastSeen)
        out.field("mergedInto", row.mergedInto)
        out.field("municipality", row.municipality)
        out.field("municipalityCode", row.municipalityCode)
        out.field("normalisedTitle", row.normalisedTitle)
        out.field("occupation", row.occupation)
        out.field("occupationLabel", row.occupationLabel)
        out.field("place", row.place)
        out.field("postcode", row.postcode)
        out.field("provenance", json: columns.provenance)
        out.field("province", row.province)
        out.field("reasons", json: columns.reasons)
        out.field("region", row.region)
        out.field("regionNumber", row.regionNumber)
        out.field("salaryMax", row.salaryMax)
        out.field("salaryMin", row.salaryMin)
        out.field("salaryPeriod", row.salaryPeriod)
        out.field("schedule", row.schedule)
        out.field("sector", row.sector)
        out.field("signalEvidence", json: columns.signalEvidence)
        out.field("signals", json: columns.signals)
        out.field("sourceCount", row.sourceCount)
        out.field("status", row.status)
        out.field("title", row.title)
        out.field("url", row.url)
        out.close("}")
    }

    static func source(_ row: VacancySourceRow, into out: inout JSONBytes) {
        out.open("{")
        out.field("firstSeen", row.firstSeen)
        out.field("lastRun", row.lastRun)
        out.field("lastSeen", row.lastSeen)
        out.field("publisher", row.publisher)
        out.field("source", row.source)
        out.field("sourceRecordId", row.sourceRecordId)
        out.field("title", row.title)
        out.field("url", row.url)
        out.field("vacancyId", row.vacancyId)
        out.close("}")
    }

    /// A line of the export: `{"sources":[...],"vacancy":{...}}`.
    static func exported(_ row: VacancyRow, columns: Columns, sources: [VacancySourceRow]) -> [UInt8] {
        var out = JSONBytes(snakeCaseKeys: true)
        out.open("{")
        out.key("sources")
        out.open("[")
        for source in sources { self.source(source, into: &out) }
        out.close("]")
        out.key("vacancy")
        vacancy(row, columns: columns, into: &out)
        out.close("}")
        return out.bytes
    }

    static func provenance(_ map: [String: String], _ out: inout JSONBytes) {
        out.open("{")
        for key in map.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            out.field(key, map[key])
        }
        out.close("}")
    }
}
