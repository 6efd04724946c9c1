import FeedReading
import KaartenbakCore

/// One way of reading a feed: a source definition and the reader's limits.
public struct FeedVariant: Sendable {
    public var source: SourceDefinition
    public var limits: FeedReader.Limits

    public init(_ source: SourceDefinition, limits: FeedReader.Limits = FeedReader.Limits()) {
        var source = source
        // A gzip feed is decoded up to the fetch limit first: keep a decompression bomb small.
        source.limits.maxBytes = 4 * 1024 * 1024
        self.source = source
        self.limits = limits
    }

    /// Limits small enough that fuzz inputs (a few kB) reach the code that enforces them.
    public static var smallLimits: FeedReader.Limits {
        var limits = FeedReader.Limits()
        limits.maxRecordBytes = 2048
        limits.maxTitleBytes = 96
        limits.maxDescriptionBytes = 1024
        limits.maxFieldBytes = 256
        limits.maxTagBytes = 512
        limits.maxDepth = 24
        limits.maxQuotedCellBytes = 512
        return limits
    }
}

/// Reads `bytes` as a feed file once per variant, as the parse stage does, and checks what the
/// readers promise: a bad record is a reject, only a whole-feed problem throws (a `KaartenbakError`),
/// every record has the required fields and no empty values, and the summary counts what was handed out.
public func fuzzFeed(_ bytes: [UInt8], file: FuzzInputFile, variants: [FeedVariant]) {
    file.write(bytes)
    for variant in variants {
        var reader = FeedReader(source: variant.source, logger: silentLogger)
        reader.limits = variant.limits
        var records = 0, rejects = 0
        do {
            let summary = try reader.read(file: file.path, onRecord: { record in
                records += 1
                for field in VacancyField.required {
                    fuzzCheck(record.values.contains { $0.field == field && !$0.text.isEmpty },
                              "record without '\(field.rawValue)' at \(record.location)")
                }
                fuzzCheck(!record.values.contains { $0.text.isEmpty }, "empty value kept at \(record.location)")
            }, onReject: { _ in rejects += 1 })
            fuzzCheck(summary.records == records && summary.rejects == rejects,
                      "summary \(summary.records)/\(summary.rejects) but \(records)/\(rejects) handed out")
            replayNote("\(variant.source.name): \(records) records, \(rejects) rejects")
        } catch let error as KaartenbakError {
            // The feed as a whole was refused: an expected outcome for most random bytes.
            replayNote("\(variant.source.name): refused: \(error)")
        } catch {
            fuzzCheck(false, "read threw \(type(of: error)), not a KaartenbakError: \(error)")
        }
    }
}
