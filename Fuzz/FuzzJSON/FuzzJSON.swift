import FuzzSupport
import KaartenbakCore

// The JSON feed reader (schema.org JobPosting arrays, @graph objects, a `record` path, NDJSON), read
// with the JSON source of the tests (dotted paths through objects and arrays) and with one whose
// records sit at `data.jobs`, sniffing the encoding.

let variants: [FeedVariant] = [
    FeedVariant(SourceDefinition(
        name: "json", publisher: .employer, url: "x.json", format: .json,
        fields: [
            .id: ["identifier.value", "identifier"], .title: ["title"], .employer: ["hiringOrganization.name"],
            .place: ["jobLocation.address.addressLocality"], .contract: ["employmentType"],
            .description: ["description"], .salaryMin: ["baseSalary.value.minValue"],
            .datePosted: ["datePosted"],
        ])),
    FeedVariant(SourceDefinition(
        name: "wrapped", publisher: .jobBoard, url: "y.json", format: .json, encoding: "auto", record: "data.jobs",
        fields: [.id: ["id"], .title: ["title", "name"], .description: ["description"], .hours: ["hours"]]),
        limits: FeedVariant.smallLimits),
]

let input = FuzzInputFile(name: "feed.json")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzFeed(fuzzBytes(data, size), file: input, variants: variants)
    return 0
}

#if !FUZZING
@main enum Main {
    static func main() { FuzzReplay.run(fuzzJSON) }
}
#endif
