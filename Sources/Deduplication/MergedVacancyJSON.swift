import KaartenbakCore

/// Writes a `MergedVacancy` as `JSONEncoder` does with `NDJSONWriter`'s settings (keys sorted by
/// their bytes, slashes not escaped, absent optionals left out), byte for byte: the entries file is
/// compared across nights and read by publish, so it must not change. Hand-written because the
/// encoder's generic machinery cost more than merging the cluster (a million merged records a night).
/// `MergedVacancyJSONTests` checks it against `JSONEncoder`, every field set.
enum MergedVacancyJSON {
    static func encode(_ m: MergedVacancy) -> [UInt8] {
        var out = JSONBytes()
        out.bytes.reserveCapacity(512 + (m.description?.utf8.count ?? 0))
        // Keys in sorted order, as the encoder's .sortedKeys writes them.
        out.open("{")
        out.field("closingDate", m.closingDate)
        out.key("conflicts")
        RecordJSON.conflicts(m.conflicts, into: &out)
        out.field("contract", m.contract)
        out.field("datePosted", m.datePosted)
        out.field("description", m.description)
        out.field("education", m.education)
        out.field("employer", m.employer)
        out.field("hoursMax", m.hoursMax)
        out.field("hoursMin", m.hoursMin)
        out.field("isco", m.isco)
        out.field("normalisedTitle", m.normalisedTitle)
        out.field("occupation", m.occupation)
        out.field("occupationLabel", m.occupationLabel)
        out.field("place", m.place)
        if let placement = m.placement {
            out.key("placement")
            RecordJSON.placement(placement, into: &out)
        }
        out.field("postcode", m.postcode)
        out.field("primarySource", m.primarySource)
        out.key("provenance")
        out.open("{")
        for field in m.provenance.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            out.field(field, m.provenance[field])
        }
        out.close("}")
        out.field("region", m.region)
        out.field("salaryMax", m.salaryMax)
        out.field("salaryMin", m.salaryMin)
        out.field("salaryPeriod", m.salaryPeriod)
        out.field("schedule", m.schedule)
        if let signals = m.signals {
            out.key("signals")
            RecordJSON.signals(signals, into: &out)
        }
        out.field("title", m.title)
        out.field("url", m.url)
        out.close("}")
        return out.bytes
    }
}
