import FuzzSupport
import KaartenbakCore

// The XML feed reader (libxml2's xmlTextReader with our record and field matching), read with the
// three XML sources of pipelines/west-brabant.yaml: a namespaced HR Open feed, an ISO-8859-1 agency
// feed and an Indeed-style feed, the last with small limits so depth and record-size limits are hit.

let variants: [FeedVariant] = [
    FeedVariant(SourceDefinition(
        name: "uwv-hropen", publisher: .publicEmploymentService, url: "uwv.xml", format: .xml, encoding: "auto",
        record: "hr:PositionOpenings/hr:PositionOpening",
        namespaces: ["hr": "http://www.hr-xml.org/3", "oa": "http://www.openapplications.org/oagis/9"],
        fields: [
            .id: ["hr:DocumentID"], .status: ["hr:PositionOpeningStatusCode"],
            .title: ["hr:PositionProfile/hr:PositionTitle"],
            .description: ["hr:PositionProfile/hr:PositionFormattedDescription/hr:Content"],
            .employer: ["hr:PositionProfile/hr:PositionOrganization/hr:OrganizationIdentifiers/hr:OrganizationName"],
            .place: ["hr:PositionProfile/hr:PositionLocation/hr:Address/oa:CityName"],
            .postcode: ["hr:PositionProfile/hr:PositionLocation/hr:Address/oa:PostalCode"],
            .isco: ["hr:PositionProfile/hr:JobCategoryCode", "hr:PositionProfile/hr:JobCategoryCode/@listName"],
            .hours: ["hr:PositionProfile/hr:WorkingHours"],
            .salary: ["hr:PositionProfile/hr:RemunerationRange"],
            .datePosted: ["hr:PositionProfile/hr:PublicationDate"],
        ])),
    FeedVariant(SourceDefinition(
        name: "flexpoint", publisher: .agency, url: "uitzend.xml", format: .xml, encoding: "iso-8859-1",
        record: "jobs/job",
        fields: [
            .id: ["jobId", "@id"], .title: ["jobTitle"], .description: ["jobDescription"],
            .employer: ["jobEmployerInfo"], .place: ["jobLocation/locationPlace"],
            .hours: ["jobOffer/offerContract/contractHours/hoursDescription"],
            .hoursMin: ["jobOffer/offerContract/contractHours/hoursMin"],
            .salary: ["jobOffer/offerContract/contractSalaryDescription"],
            .url: ["jobUrl"], .category: ["jobCategory", "jobCategory/@code"],
        ])),
    FeedVariant(SourceDefinition(
        name: "vacaturebank", publisher: .jobBoard, url: "indeed.xml", format: .xml, encoding: "auto",
        record: "source/job",
        fields: [
            .id: ["referencenumber"], .title: ["title"], .description: ["description"], .employer: ["company"],
            .place: ["city"], .datePosted: ["date"], .salary: ["salary"], .url: ["url"],
        ]), limits: FeedVariant.smallLimits),
]

let input = FuzzInputFile(name: "feed.xml")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzFeed(fuzzBytes(data, size), file: input, variants: variants)
    return 0
}

#if !FUZZING
@main enum Main {
    static func main() { FuzzReplay.run(fuzzXML) }
}
#endif
