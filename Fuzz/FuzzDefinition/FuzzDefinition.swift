import FuzzSupport
import KaartenbakCore

// The pipeline definition loader: YAML (Yams) into a checked PipelineDefinition. Every input either
// loads, with the promises `parse` makes, or is refused with a KaartenbakError naming the file.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDefinition(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    // `load(file:)` reads the file as UTF-8 and refuses anything else before parsing.
    guard let text = String(validating: fuzzBytes(data, size), as: UTF8.self) else { return 0 }
    do {
        let definition = try DefinitionLoader.parse(yaml: text, file: "/fuzz/pipeline.yaml")
        fuzzCheck(definition.version == PipelineDefinition.formatVersion, "loaded version \(definition.version)")
        fuzzCheck(!definition.sources.isEmpty, "loaded without sources")
        fuzzCheck(Set(definition.sources.map(\.name)).count == definition.sources.count, "duplicate source names loaded")
        for source in definition.sources {
            for field in VacancyField.required {
                fuzzCheck(source.fields[field]?.isEmpty == false, "source '\(source.name)' loaded without '\(field.rawValue)'")
            }
            fuzzCheck(source.format != .xml || source.record != nil, "xml source '\(source.name)' loaded without 'record'")
        }
        replayNote("loaded: \(definition.sources.map(\.name).joined(separator: ", "))")
    } catch let error as KaartenbakError {
        fuzzCheck(error.code == .configuration, "refused with \(error.code), not .configuration: \(error)")
        replayNote("refused: \(error)")
    } catch {
        fuzzCheck(false, "parse threw \(type(of: error)), not a KaartenbakError: \(error)")
    }
    return 0
}

#if !FUZZING
@main enum Main {
    static func main() { FuzzReplay.run(fuzzDefinition) }
}
#endif
