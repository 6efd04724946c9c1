import FuzzSupport
import KaartenbakCore

// The CSV feed reader (sep= line, delimiter sniffing, header matching, quoted cells, encodings), read
// with the gemeente-breda source of pipelines/west-brabant.yaml (windows-1252, ';') and with a source
// that sniffs its delimiter and encoding, under small limits so an overlong quoted cell is reached.

let variants: [FeedVariant] = [
    FeedVariant(SourceDefinition(
        name: "gemeente-breda", publisher: .municipality, url: "breda.csv", format: .csv,
        encoding: "windows-1252", delimiter: ";",
        fields: [
            .id: ["Vacaturenummer"], .title: ["Functietitel"], .employer: ["Werkgever"], .street: ["Adres"],
            .postcode: ["Postcode"], .place: ["Plaats"], .description: ["Omschrijving"],
            .hoursMin: ["Uren per week min"], .hoursMax: ["Uren per week max"],
            .salaryMin: ["Salaris min"], .salaryMax: ["Salaris max"], .salaryPeriod: ["Salaris per"],
            .contract: ["Dienstverband"], .datePosted: ["Publicatiedatum"], .closingDate: ["Sluitingsdatum"],
            .isco: ["Beroepscode ISCO"], .url: ["Link"],
        ])),
    FeedVariant(SourceDefinition(
        name: "sniffed", publisher: .employer, url: "sniffed.csv", format: .csv, encoding: "auto",
        fields: [
            .id: ["id"], .title: ["title"], .description: ["description"], .place: ["place"],
            .hours: ["hours"], .salary: ["salary"],
        ]), limits: FeedVariant.smallLimits),
]

let input = FuzzInputFile(name: "feed.csv")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzFeed(fuzzBytes(data, size), file: input, variants: variants)
    return 0
}

#if !FUZZING
@main enum Main {
    static func main() { FuzzReplay.run(fuzzCSV) }
}
#endif
